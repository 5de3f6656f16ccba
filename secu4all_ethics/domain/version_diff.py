"""What changed between two versions of an assessment, field by field, and which report sections
that touches. Pure: it reads two stored documents (the JSON form of the model) and speaks no
language; wording/changes.py names each field for a reader.

A path names options by their key, not their position, so removing the second of three options
does not read as the third one changing: options[cctv].scores.privacy.value. Dictionaries are
compared by key (scores, gate answers, weights), other lists item by item."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from .review import REVIEWABLE_SECTIONS

ChangeKind = Literal["changed", "added", "removed"]

# What every save rewrites, or the review workflow sets: no one edited it.
NOT_EDITED = ("updated_at", "created_at", "status", "format", "format_version", "id", "authors")

# The report section that prints a field, by the field's general path (no keys, no positions),
# matched on the longest prefix. None: a field no reviewable section shows.
SECTION_OF: dict[str, str | None] = {
    "title": "summary",
    "organisation": "summary",
    "language": None,
    "framework": "legal",
    "jurisdiction": "legal",
    "need": "need",
    "options": "options",
    "options.gate_answers": "legal",
    "options.ai_act_category": "legal",
    "options.dpia_criteria": "legal",
    "options.residual_risk": "legal",
    "options.obligations": "legal",
    "options.obligation_progress": "legal",
    "options.scores": "scores",
    "options.cost_model": "scores",
    "alternatives_justification": "options",
    "weights": "weights",
    "robustness": "results",
    "decision": "summary",
    "action_plan": "actions",
    "residual_risks": "actions",
    "proportionality": "proportionality",
    "public_summary": None,
}
# Fields that only explain: changing them leaves every number of the ranking as it was.
PROSE = frozenset({"justification", "rationale", "sources", "necessity_note", "note", "description", "evidence_grade"})
# The sections that print the ranking (the results and the summary's top option and exclusions):
# a change that moves a number of the ranking touches them too.
RANKING_SECTIONS = ("results", "summary")
RANKED_INPUTS = frozenset({"options", "legal", "weights", "scores"})


# Fields holding one entry per id (criterion, gate, obligation, necessity step, pillar).
KEYED_BY_ID = frozenset(
    {
        "options.scores",
        "options.gate_answers",
        "options.obligation_progress",
        "need.necessity_answers",
        "weights.values",
        "weights.points",
        "weights.swings",
        "weights.pillars",
        "weights.within_pillar",
    }
)


def _parts(path: str) -> list[tuple[str, str | None]]:
    """The path's field names, each with the id that follows it when it is keyed by ids."""
    names = [re.sub(r"\[[^\]]*\]", "", part) for part in path.split(".")]
    parts: list[tuple[str, str | None]] = []
    index = 0
    while index < len(names):
        general = ".".join(name for name, _ in parts + [(names[index], None)])
        if general in KEYED_BY_ID and index + 1 < len(names):
            parts.append((names[index], names[index + 1]))
            index += 2
        else:
            parts.append((names[index], None))
            index += 1
    return parts


@dataclass(frozen=True)
class FieldChange:
    path: str  # options[cctv].scores.privacy.value; need.evidence[1].source
    kind: ChangeKind
    before: Any
    after: Any

    @property
    def general_path(self) -> str:
        """The path without option keys, positions and ids: options.scores.value."""
        return ".".join(part for part, _ in _parts(self.path))

    @property
    def option(self) -> str | None:
        """The key of the option the field belongs to, if any."""
        found = re.match(r"options\[([^\]]+)\]", self.path)
        return found.group(1) if found else None

    @property
    def item(self) -> str | None:
        """The id inside a field keyed by ids: the criterion of a score or weight, the gate of an answer."""
        return next((identifier for _, identifier in _parts(self.path) if identifier), None)

    @property
    def position(self) -> int | None:
        """The item's place in a list of records (need.evidence[1] -> 1)."""
        found = re.search(r"\[(\d+)\]", self.path)
        return int(found.group(1)) if found and not self.path.startswith("options[") else None

    @property
    def section(self) -> str | None:
        parts = self.general_path.split(".")
        for end in range(len(parts), 0, -1):
            prefix = ".".join(parts[:end])
            if prefix in SECTION_OF:
                return SECTION_OF[prefix]
        return None

    @property
    def moves_ranking(self) -> bool:
        """Whether the change can move a number of the ranking (an option added or removed, a score, a
        weight, a gate answer), as opposed to a text that explains one."""
        if self.section not in RANKED_INPUTS:
            return False
        leaf = self.general_path.rsplit(".", 1)[-1]
        return leaf not in PROSE and self.general_path != "alternatives_justification"


@dataclass(frozen=True)
class VersionDiff:
    before_version: int
    after_version: int
    changes: tuple[FieldChange, ...]

    @property
    def sections(self) -> tuple[str, ...]:
        """The reviewable sections whose content changed, in report order: those that print a changed
        field, and the ranking's sections when a change moves the ranking."""
        touched = {change.section for change in self.changes}
        if any(change.moves_ranking for change in self.changes):
            touched.update(RANKING_SECTIONS)
        return tuple(section for section in REVIEWABLE_SECTIONS if section in touched)

    def in_section(self, section: str) -> tuple[FieldChange, ...]:
        return tuple(change for change in self.changes if change.section == section)


def compare_documents(before: dict, after: dict, before_version: int = 0, after_version: int = 0) -> VersionDiff:
    """Every edited field between two stored documents, in document order."""
    changes: list[FieldChange] = []
    _walk(_edited(before), _edited(after), "", changes)
    return VersionDiff(before_version, after_version, tuple(changes))


def _edited(document: dict) -> dict:
    return {key: value for key, value in document.items() if key not in NOT_EDITED}


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(before: Any, after: Any, path: str, changes: list[FieldChange]) -> None:
    if before == after:
        return
    if isinstance(before, dict) and isinstance(after, dict) and not _replaced_variant(before, after):
        for key in list(before) + [k for k in after if k not in before]:
            if key not in after:
                changes.append(FieldChange(_join(path, key), "removed", before[key], None))
            elif key not in before:
                changes.append(FieldChange(_join(path, key), "added", None, after[key]))
            else:
                _walk(before[key], after[key], _join(path, key), changes)
    elif path == "options" and isinstance(before, list) and isinstance(after, list):
        _walk_keyed(before, after, path, changes)
    elif isinstance(before, list) and isinstance(after, list) and _all_records(before + after):
        for index in range(max(len(before), len(after))):
            where = f"{path}[{index}]"
            if index >= len(after):
                changes.append(FieldChange(where, "removed", before[index], None))
            elif index >= len(before):
                changes.append(FieldChange(where, "added", None, after[index]))
            else:
                _walk(before[index], after[index], where, changes)
    else:
        changes.append(FieldChange(path, "changed", before, after))


def _replaced_variant(before: dict, after: dict) -> bool:
    """Weights by another method are another thing, not the same thing with other fields."""
    return "method" in before and "method" in after and before["method"] != after["method"]


def _all_records(items: list) -> bool:
    return bool(items) and all(isinstance(item, dict) for item in items)


def _walk_keyed(before: list, after: list, path: str, changes: list[FieldChange]) -> None:
    old = {item["key"]: item for item in before}
    new = {item["key"]: item for item in after}
    for key, item in old.items():
        if key not in new:
            changes.append(FieldChange(f"{path}[{key}]", "removed", item, None))
        else:
            _walk(item, new[key], f"{path}[{key}]", changes)
    for key, item in new.items():
        if key not in old:
            changes.append(FieldChange(f"{path}[{key}]", "added", None, item))
