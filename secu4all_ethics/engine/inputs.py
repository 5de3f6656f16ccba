"""From an assessed option to the values the methods work on: configured
scores, gate outcomes, obligations and cost, each with its provenance."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..domain.assessment import AssessedOption, GateAnswer
from ..domain.content import EvidenceGrade, GateHint, Technology
from ..domain.scoring import score_in_force
from ..i18n import t
from .cost import cost_band_score, yearly_cost
from .results import CostInfo, CriterionValue, EngineWarning, GateOutcome, ObligationOutcome


def _clip(value: float) -> float:
    return float(min(5, max(1, value)))


@dataclass
class PreparedOption:
    option: AssessedOption
    technology: Technology | None
    name: str
    kind: str
    criteria: dict[str, CriterionValue]
    gates: list[GateOutcome]
    obligations: list[ObligationOutcome]
    dpia_criteria: list[str]
    ai_act_category: str | None
    cost: CostInfo | None

    @property
    def missing_criteria(self) -> list[str]:
        return [criterion_id for criterion_id, value in self.criteria.items() if value.configured is None]

    @property
    def exclusion_reasons(self) -> list[GateOutcome]:
        return [gate for gate in self.gates if gate.answer == "fails"]

    @property
    def unanswered_gates(self) -> list[str]:
        return [gate.gate for gate in self.gates if gate.answer == "unanswered"]


def prepare_option(
    option: AssessedOption, bundle: ContentBundle, language: str, warnings: list[EngineWarning]
) -> PreparedOption:
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    if option.catalogue_id and technology is None:
        raise KeyError(f"unknown catalogue option {option.catalogue_id!r}")
    name = technology.name.get(language) if technology else option.custom.name
    kind = technology.kind if technology else option.custom.kind
    configurations = {c.id: c for c in technology.configurations} if technology else {}
    chosen = [configurations[c] for c in option.configurations if c in configurations]

    criteria: dict[str, CriterionValue] = {}
    for criterion in bundle.framework.criteria:
        changes = {c.id: c.score_changes[criterion.id] for c in chosen if criterion.id in c.score_changes}
        if criterion.score_source == "yearly_cost_bands":
            continue  # filled from the cost model below
        assessed = option.scores.get(criterion.id)
        reference = technology.scores.get(criterion.id) if technology else None
        score, source = score_in_force(assessed, reference)
        if score is not None:
            base, low, high, grade = score.value, score.low, score.high, score.evidence_grade
        else:
            criteria[criterion.id] = CriterionValue(
                base=None, configured=None, low=None, high=None, source="missing", evidence_grade=None
            )
            continue
        delta = sum(changes.values())
        low = base if low is None else low
        high = base if high is None else high
        criteria[criterion.id] = CriterionValue(
            base=float(base),
            configured=_clip(base + delta),
            low=_clip(low + delta),
            high=_clip(high + delta),
            source=source,
            evidence_grade=grade,
            vendor_claim_only=grade == EvidenceGrade.vendor_claim,
            departs_from_reference=bool(reference is not None and assessed is not None and assessed.value != reference.value),
            configuration_changes=changes,
        )

    cost_model = option.cost_model or (technology.cost_model if technology else None)
    cost_info = None
    if cost_model is not None:
        yearly = yearly_cost(
            cost_model,
            bundle.framework.cost.staff_yearly_cost_eur,
            [c.cost_change for c in chosen if c.cost_change is not None],
        )
        band = cost_band_score(yearly.total_eur, bundle.framework.cost.bands)
        cost_info = CostInfo(
            capital_share_eur=round(yearly.capital_share_eur, 2),
            operating_eur=round(yearly.operating_eur, 2),
            staff_eur=round(yearly.staff_eur, 2),
            yearly_total_eur=round(yearly.total_eur, 2),
            band_score=band,
        )
    for criterion in bundle.framework.criteria:
        if criterion.score_source != "yearly_cost_bands":
            continue
        if cost_info is None:
            criteria[criterion.id] = CriterionValue(
                base=None, configured=None, low=None, high=None, source="missing", evidence_grade=None
            )
        else:
            value = float(cost_info.band_score)
            criteria[criterion.id] = CriterionValue(
                base=value,
                configured=value,
                low=value,
                high=value,
                source="cost_model",
                evidence_grade=cost_model.evidence_grade,
                vendor_claim_only=cost_model.evidence_grade == EvidenceGrade.vendor_claim,
            )
    criteria = {criterion_id: criteria[criterion_id] for criterion_id in bundle.criterion_ids}

    gates = _gate_outcomes(option, technology, bundle, language, warnings, name)
    dpia = list(option.dpia_criteria) if option.dpia_criteria is not None else list(technology.dpia_criteria if technology else [])
    category = option.ai_act_category or (technology.ai_act.category if technology else None)
    personal = technology.data_processed.personal if technology else option.custom.data_processed.personal
    obligations = _obligations(option, technology, bundle, language, dpia, category, personal)
    return PreparedOption(
        option=option,
        technology=technology,
        name=name,
        kind=kind,
        criteria=criteria,
        gates=gates,
        obligations=obligations,
        dpia_criteria=dpia,
        ai_act_category=category.value if category is not None else None,
        cost=cost_info,
    )


def _gate_outcomes(option, technology, bundle, language, warnings, name) -> list[GateOutcome]:
    hints = {hint.gate: hint for hint in technology.gate_hints} if technology else {}
    outcomes = []
    for gate in bundle.legal.gates:
        answer = option.gate_answers.get(gate.id)
        hint = hints.get(gate.id)
        overrides = overrides_hint(answer, hint)
        if overrides and not answer.justification.strip():
            # Setting aside the catalogue's "fails" takes written reasons: until they are given, the gate is not answered.
            chosen, by, why = "unanswered", "assessor", ""
            warnings.append(_override_warning("gate_override_unjustified", option, name, gate, language))
        elif answer is not None:
            chosen, by, why = answer.answer, "assessor", answer.justification
            if overrides:
                warnings.append(_override_warning("gate_hint_overridden", option, name, gate, language, answer=answer.answer))
        elif hint is not None and hint.answer != "depends":
            chosen, by, why = hint.answer, "catalogue_hint", hint.reason.get(language)
            warnings.append(
                EngineWarning(
                    code="gate_from_catalogue_hint",
                    option=option.key,
                    message=t(
                        "engine.warning.gate_from_catalogue_hint",
                        language,
                        option=name,
                        gate=gate.name.get(language),
                        answer=t(f"gate.answer.{hint.answer}", language),
                    ),
                )
            )
        else:
            chosen, by, why = "unanswered", "nobody", hint.reason.get(language) if hint else ""
        legal_basis = list(gate.legal_basis) + ([r for r in hint.references if r not in gate.legal_basis] if hint else [])
        outcomes.append(
            GateOutcome(
                gate=gate.id,
                gate_name=gate.name.get(language),
                answer=chosen,
                answered_by=by,
                justification=why,
                legal_basis=legal_basis,
                message=gate.exclusion_message.get(language) if chosen == "fails" else "",
                overrides_hint=overrides,
            )
        )
    return outcomes


def overrides_hint(answer: GateAnswer | None, hint: GateHint | None) -> bool:
    """Whether the assessors' answer lets an option through a gate the catalogue says it fails."""
    return answer is not None and hint is not None and hint.answer == "fails" and answer.answer != "fails"


def _override_warning(code: str, option, name: str, gate, language: str, **values) -> EngineWarning:
    if "answer" in values:
        values["answer"] = t(f"gate.answer.{values['answer']}", language)
    return EngineWarning(
        code=code, option=option.key, message=t(f"engine.warning.{code}", language, option=name, gate=gate.name.get(language), **values)
    )


def _obligations(option, technology, bundle, language, dpia, category, personal) -> list[ObligationOutcome]:
    hinted = {hint.obligation: hint for hint in technology.obligation_hints} if technology else {}
    outcomes = []
    for obligation in bundle.legal.obligations:
        trigger = obligation.trigger
        detail = None
        triggered_by = trigger.kind
        if trigger.kind == "dpia_screening" and len(dpia) >= trigger.min_criteria:
            names = {c.id: c.name.get(language) for c in bundle.legal.dpia_screening_criteria}
            detail = t(
                "engine.obligation.dpia_screening",
                language,
                count=len(dpia),
                criteria=", ".join(names.get(c, c) for c in dpia),
                threshold=trigger.min_criteria,
            )
        elif trigger.kind == "ai_act_category" and category is not None and category in trigger.categories:
            names = {info.category: info.name.get(language) for info in bundle.legal.ai_act_categories}
            detail = t("engine.obligation.ai_act_category", language, category=names.get(category, category.value))
        elif trigger.kind == "personal_data" and personal:
            detail = t("engine.obligation.personal_data", language)
        elif trigger.kind == "catalogue_hint" and obligation.id in hinted:
            detail = hinted[obligation.id].reason.get(language)
        if detail is None and obligation.id in option.obligations:
            triggered_by, detail = "assessor", t("engine.obligation.assessor", language)
        if detail is not None:
            outcomes.append(
                ObligationOutcome(
                    obligation=obligation.id,
                    name=obligation.name.get(language),
                    triggered_by=triggered_by,
                    detail=detail,
                    legal_basis=list(obligation.legal_basis),
                )
            )
    return outcomes
