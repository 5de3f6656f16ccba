"""What changed between two versions, in the reader's language: each changed field named as the
screens and the report name it (the option, the field, the criterion or gate), with its value before
and after. The facts come from domain/version_diff.py; this module only names them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..content.bundle import ContentBundle
from ..domain.version_diff import FieldChange, VersionDiff
from ..i18n import format_date, format_number, t

# The label of a field, by its general path: the report's own words where it has them, else history.field.*.
FIELD_KEYS: dict[str, str] = {
    "title": "need.assessment_title",
    "jurisdiction.member_state": "report.jurisdiction.member_state",
    "jurisdiction.region": "report.jurisdiction.region",
    "jurisdiction.controller": "report.jurisdiction.controller",
    "jurisdiction.purpose": "report.jurisdiction.purpose",
    "jurisdiction.planned_start": "report.jurisdiction.planned_start",
    "need.problem_statement": "report.need.problem",
    "need.place_type": "report.need.place",
    "need.evidence": "report.need.evidence",
    "need.evidence.description": "report.need.evidence_description",
    "need.evidence.source": "report.need.evidence_source",
    "need.evidence.period": "report.need.evidence_period",
    "need.objectives": "report.need.objectives",
    "need.objectives.description": "report.need.objective",
    "need.objectives.success_measure": "report.need.success_measure",
    "need.affected_groups": "report.need.affected",
    "need.vulnerable_groups": "report.need.vulnerable",
    "need.legitimate_aim": "need.legitimate_aim",
    "need.necessity_answers": "report.need.necessity",
    "options.custom.name": "options.custom.name",
    "options.custom.kind": "options.custom.kind",
    "options.custom.description": "options.custom.description",
    "options.custom.intrusiveness": "options.custom.intrusiveness",
    "options.configurations": "report.options.column.configurations",
    "options.necessity_note": "report.options.column.necessity",
    "options.scores.value": "scores.field.value",
    "options.scores.low": "scores.field.low",
    "options.scores.high": "scores.field.high",
    "options.scores.evidence_grade": "scores.field.grade",
    "options.scores.rationale": "scores.field.rationale",
    "weights.set_by": "report.weights.set_by",
    "weights.preset": "report.weights.preset",
    "weights.method": "report.weights.method",
    "decision.question": "report.summary.question",
    "decision.conclusion": "report.summary.conclusion",
    "decision.recommended_option": "decision.recommended_option",
    "decision.conditions": "report.summary.conditions",
    "action_plan.description": "report.actions.column.commitment",
    "action_plan.owner": "report.actions.column.owner",
    "action_plan.due": "report.actions.column.due",
    "action_plan.status": "report.actions.column.status",
    "proportionality.statement": "report.proportionality.statement",
    "proportionality.review_date": "report.proportionality.review_date",
    "proportionality.sunset_date": "report.proportionality.sunset_date",
    "proportionality.reassessment_triggers": "report.proportionality.triggers",
    "need.baseline": "effectiveness.need.heading",
    "need.baseline.incidents_per_year": "effectiveness.need.incidents",
    "need.baseline.outcome_measure": "effectiveness.need.outcome_measure",
    "need.baseline.source": "effectiveness.need.source",
    "need.baseline.period": "effectiveness.need.period",
    "options.effect_range_accepted": "effectiveness.accept.label",
}
# The fields named by history.field.<path> (every language has them; see the history catalogs).
OWN_LABELS = (
    "organisation",
    "language",
    "framework",
    "jurisdiction",
    "jurisdiction.regime_override",
    "jurisdiction.regime_justification",
    "need",
    "options",
    "options.custom",
    "options.gate_answers",
    "options.gate_answers.answer",
    "options.gate_answers.justification",
    "options.ai_act_category",
    "options.dpia_criteria",
    "options.residual_risk",
    "options.obligations",
    "options.obligation_progress",
    "options.scores",
    "options.scores.sources",
    "options.cost_model",
    "alternatives_justification",
    "weights",
    "robustness",
    "decision",
    "action_plan",
    "residual_risks",
    "proportionality",
    "public_summary",
)
MAX_VALUE_LENGTH = 240


@dataclass(frozen=True)
class ChangeNames:
    """The names of the ids a change can mention, in one language."""

    language: str
    options: Mapping[str, str]
    criteria: Mapping[str, str]
    gates: Mapping[str, str]

    @classmethod
    def of(cls, documents: Iterable[dict], bundle: ContentBundle, language: str) -> ChangeNames:
        technologies = bundle.technologies_by_id
        options: dict[str, str] = {}
        for document in documents:
            for option in document.get("options", []):
                if option.get("custom"):
                    options[option["key"]] = option["custom"]["name"]
                elif option.get("catalogue_id") in technologies:
                    options[option["key"]] = technologies[option["catalogue_id"]].name.get(language)
        criteria = {c.id: c.name.get(language) for c in bundle.framework.criteria}
        gates = {g.id: g.name.get(language) for g in bundle.legal.gates}
        return cls(language, options, criteria, gates)


@dataclass(frozen=True)
class ChangeLine:
    section: str  # the report section's title, or "" for a field no section prints
    field: str  # with "(added)" or "(removed)" when it is not a value that changed
    kind: str  # changed, added, removed, in the reader's words
    before: str
    after: str


def _label(general_path: str, language: str) -> str:
    """The label of the field or of its nearest labelled parent."""
    parts = general_path.split(".")
    for end in range(len(parts), 0, -1):
        general = ".".join(parts[:end])
        if general in FIELD_KEYS:
            return t(FIELD_KEYS[general], language)
        if general in OWN_LABELS:
            return t(f"history.field.{general}", language)
    return general_path


def field_text(change: FieldChange, names: ChangeNames) -> str:
    """The field as a reader knows it: "Fixed CCTV · Privacy protection · Score (1 = worst, 5 = best)",
    "Evidence of the problem · item 2 · Source"."""
    language = names.language
    pieces = []
    if change.option is not None:
        pieces.append(names.options.get(change.option, change.option))
    item = change.item
    if item is not None:
        pieces.append(names.criteria.get(item) or names.gates.get(item) or item)
    if change.position is not None:
        in_list = change.path.split("[", 1)[0]
        pieces += [_label(in_list, language), t("history.item", language, number=change.position + 1)]
        if change.general_path != in_list:
            pieces.append(_label(change.general_path, language))
    elif change.general_path != "options":
        pieces.append(_label(change.general_path, language))
    return " · ".join(pieces)


def value_text(value: Any, change: FieldChange, names: ChangeNames) -> str:
    language = names.language
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if change.general_path == "options.gate_answers.answer" and isinstance(value, str):
        return t(f"gate.answer.{value}", language)
    if change.general_path == "options" and isinstance(value, dict):
        return names.options.get(value.get("key", ""), value.get("key", ""))
    if isinstance(value, bool):
        return t("history.yes" if value else "history.no", language)
    if isinstance(value, int):
        return format_number(value, language, 0)
    if isinstance(value, float):
        return format_number(value, language, 0 if value.is_integer() else 2)
    if isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value), language) if len(value) == 10 and value[4] == "-" else _shortened(value)
        except ValueError:
            return _shortened(value)
    if isinstance(value, list):
        return _shortened("; ".join(value_text(item, change, names) for item in value))
    if isinstance(value, dict):
        # A record added or removed whole: its plain values, each worded as its own field would be.
        parts = (value_text(item, FieldChange(f"{change.path}.{key}", change.kind, item, item), names) for key, item in value.items())
        return _shortened("; ".join(part for part, item in zip(parts, value.values()) if not isinstance(item, (dict, list)) and part != "—"))
    return _shortened(str(value))


def _shortened(text: str) -> str:
    return text if len(text) <= MAX_VALUE_LENGTH else text[: MAX_VALUE_LENGTH - 1] + "…"


def change_lines(diff: VersionDiff, names: ChangeNames) -> list[ChangeLine]:
    language = names.language
    return [
        ChangeLine(
            section=t(f"report.section.{change.section}", language) if change.section else "",
            field=field_text(change, names) if change.kind == "changed" else f"{field_text(change, names)} ({t(f'history.kind.{change.kind}', language)})",
            kind=t(f"history.kind.{change.kind}", language),
            before=value_text(change.before, change, names),
            after=value_text(change.after, change, names),
        )
        for change in diff.changes
    ]


def sections_text(diff: VersionDiff, language: str) -> str:
    """The reviewable sections the changes touch, as a list: "Need, Proportionality"."""
    return t("wording.list_separator", language).join(t(f"report.section.{section}", language) for section in diff.sections)


def summary_text(diff: VersionDiff, language: str) -> str:
    """One line for the list of versions: how many fields changed and in which sections."""
    if not diff.changes:
        return t("history.summary.none", language)
    if not diff.sections:
        return t("history.summary.fields", language, count=len(diff.changes))
    return t("history.summary.fields_in", language, count=len(diff.changes), sections=sections_text(diff, language))
