"""The names of the ids a result uses (options, criteria, pillars, gates), in one language.

One table for the sentences, the charts and the report, so that all three call an option the same:
two options with the same name are told apart by their key everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..engine.results import OptionResult
from ..i18n import t
from .text import in_language


@dataclass(frozen=True)
class ResultNames:
    language: str
    options: dict[str, str]
    criteria: dict[str, str]
    pillars: dict[str, str]
    gates: dict[str, str]
    pillar_of: dict[str, str]
    criterion_order: tuple[str, ...]
    pillar_order: tuple[str, ...]

    @classmethod
    def of(cls, options: list[OptionResult], bundle: ContentBundle, language: str) -> ResultNames:
        return cls(
            language=language,
            options=_unique_names({option.key: in_language(option.name_text, language) for option in options}),
            criteria={c.id: c.name.get(language) for c in bundle.framework.criteria},
            pillars={p.id: p.name.get(language) for p in bundle.framework.pillars},
            gates={g.id: g.name.get(language) for g in bundle.legal.gates},
            pillar_of={c.id: c.pillar for c in bundle.framework.criteria},
            criterion_order=tuple(bundle.criterion_ids),
            pillar_order=tuple(p.id for p in bundle.framework.pillars),
        )

    def gate(self, gate_id: str) -> str:
        return self.gates.get(gate_id, gate_id)

    def label(self, identifier: str) -> str:
        """An option, criterion or pillar id, or one of the engine's column ids, as a readable label."""
        for names in (self.options, self.criteria, self.pillars):
            if identifier in names:
                return names[identifier]
        try:
            return t(f"results.label.{identifier}", self.language)
        except KeyError:
            return identifier


def _unique_names(names: dict[str, str]) -> dict[str, str]:
    """Option names by key; two options with the same name are told apart by their key."""
    counts: dict[str, int] = {}
    for name in names.values():
        counts[name] = counts.get(name, 0) + 1
    return {key: name if counts[name] == 1 else f"{name} ({key})" for key, name in names.items()}
