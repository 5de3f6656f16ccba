"""The names of the ids a result uses (options, criteria, pillars, gates), in one language."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..engine.results import OptionResult
from .text import in_language


@dataclass(frozen=True)
class ResultNames:
    options: dict[str, str]
    criteria: dict[str, str]
    pillars: dict[str, str]
    gates: dict[str, str]

    @classmethod
    def of(cls, options: list[OptionResult], bundle: ContentBundle, language: str) -> ResultNames:
        return cls(
            options={option.key: in_language(option.name_text, language) for option in options},
            criteria={c.id: c.name.get(language) for c in bundle.framework.criteria},
            pillars={p.id: p.name.get(language) for p in bundle.framework.pillars},
            gates={g.id: g.name.get(language) for g in bundle.legal.gates},
        )

    def gate(self, gate_id: str) -> str:
        return self.gates.get(gate_id, gate_id)
