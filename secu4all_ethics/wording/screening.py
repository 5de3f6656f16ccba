"""An option's legal screening in words: its name, each gate's name, exclusion
message and justification, each obligation's name and what triggered it."""

from __future__ import annotations

import dataclasses

from ..content.bundle import ContentBundle
from ..engine.inputs import PreparedOption
from ..engine.results import GateOutcome, ObligationOutcome
from ..i18n import format_date, t
from .text import in_language


def word_gates(gates: list[GateOutcome], bundle: ContentBundle, language: str) -> list[GateOutcome]:
    worded = []
    for outcome in gates:
        gate = bundle.gates[outcome.gate]
        # The catalogue's reason stands in for the assessors' justification when its hint gives the answer.
        justification = in_language(outcome.hint_reason, language) if outcome.hint_reason is not None else outcome.justification
        worded.append(
            outcome.model_copy(
                update={
                    "gate_name": gate.name.get(language),
                    "message": gate.exclusion_message.get(language) if outcome.answer == "fails" else "",
                    "justification": justification,
                }
            )
        )
    return worded


def gate_date_note(outcome: GateOutcome, language: str) -> str:
    """When the rule a gate tests applies, against the planned start of use; empty for a rule that always has."""
    if outcome.applies_from is None:
        return ""
    key = "wording.gate.in_force_since" if outcome.applies_at_start else "wording.gate.applies_from"
    return t(key, language, date=format_date(outcome.applies_from, language))


def word_obligations(obligations: list[ObligationOutcome], bundle: ContentBundle, language: str) -> list[ObligationOutcome]:
    return [
        outcome.model_copy(
            update={"name": bundle.obligations[outcome.obligation].name.get(language), "detail": _dated(outcome, _detail(outcome, bundle, language), language)}
        )
        for outcome in obligations
    ]


def _dated(outcome: ObligationOutcome, detail: str, language: str) -> str:
    """The detail, followed by when the obligation applies where that is after the planned start."""
    if outcome.applies_at_start or outcome.applies_from is None:
        return detail
    return t("wording.obligation.applies_from", language, detail=detail, date=format_date(outcome.applies_from, language))


def _detail(outcome: ObligationOutcome, bundle: ContentBundle, language: str) -> str:
    params = outcome.params
    if outcome.triggered_by == "dpia_screening":
        names = {c.id: c.name.get(language) for c in bundle.legal.dpia_screening_criteria}
        criteria = params["criteria"]
        return t(
            "wording.obligation.dpia_screening",
            language,
            count=len(criteria),
            criteria=", ".join(names.get(c, c) for c in criteria),
            threshold=params["threshold"],
        )
    if outcome.triggered_by == "ai_act_category":
        category = params["category"]
        names = {info.category: info.name.get(language) for info in bundle.legal.ai_act_categories}
        return t("wording.obligation.ai_act_category", language, category=names.get(category, getattr(category, "value", category)))
    if outcome.triggered_by == "catalogue_hint":
        return in_language(params["reason"], language)
    if outcome.triggered_by == "residual_risk":
        return t("wording.obligation.residual_risk", language, level=t(f"wording.residual_risk.{params['level']}", language))
    return t(f"wording.obligation.{outcome.triggered_by}", language)  # personal_data, assessor


def word_prepared(prepared: PreparedOption, bundle: ContentBundle, language: str) -> PreparedOption:
    """The engine's per-option reading (engine.inputs.prepare_option) with its name, gates and obligations in words,
    for a screen that shows the screening when the weights cannot be used (it does not depend on them)."""
    return dataclasses.replace(
        prepared,
        name=in_language(prepared.name, language),
        gates=word_gates(prepared.gates, bundle, language),
        obligations=word_obligations(prepared.obligations, bundle, language),
    )
