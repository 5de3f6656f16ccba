"""From an assessed option to the values the methods work on: configured
scores, gate outcomes, obligations and cost, each with its provenance.

This is the one place that decides where a score comes from: the assessor's
score beats the catalogue's reference, and the score's rationale, evidence
grade and sources come with its value from the same source. Everything after
(the report, the screens) reads them from the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..content.bundle import ContentBundle
from ..domain.assessment import AssessedOption, GateAnswer
from ..domain.content import Configuration, DataProcessed, EvidenceGrade, GateHint, Technology
from ..domain.jurisdiction import Jurisdiction
from ..domain.localized import LocalizedText
from ..domain.scoring import score_in_force
from .cost import cost_band_score, yearly_cost
from .regime import applicable_regime, regimes_in_force, stated_regimes
from .results import CostInfo, CriterionValue, EngineWarning, GateOutcome, ObligationOutcome


def _clip(value: float) -> float:
    return float(min(5, max(1, value)))


def configured_facts(technology: Technology, chosen: list[Configuration]) -> DataProcessed:
    """The data the option processes once its chosen configurations apply."""
    facts = technology.data_processed
    for configuration in chosen:
        facts = facts.changed_by(configuration.data_change)
    return facts


@dataclass
class PreparedOption:
    option: AssessedOption
    technology: Technology | None
    name: LocalizedText | str
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
    option: AssessedOption,
    bundle: ContentBundle,
    warnings: list[EngineWarning] | None = None,
    jurisdiction: Jurisdiction | None = None,
) -> PreparedOption:
    """The option's values, gates, obligations and cost; the warnings found on the way are added to warnings."""
    warnings = [] if warnings is None else warnings
    technology = bundle.technologies_by_id.get(option.catalogue_id) if option.catalogue_id else None
    if option.catalogue_id and technology is None:
        raise KeyError(f"unknown catalogue option {option.catalogue_id!r}")
    custom = option.custom
    name: LocalizedText | str
    if technology is not None:
        name, kind, personal = technology.name, technology.kind, technology.data_processed.personal
    elif custom is not None:
        name, kind, personal = custom.name, custom.kind, custom.data_processed.personal
    else:  # AssessedOption's validator requires one of the two
        raise ValueError(f"option {option.key!r} names neither a catalogue option nor a custom one")
    configurations = {c.id: c for c in technology.configurations} if technology else {}
    chosen = [configurations[c] for c in option.configurations if c in configurations]
    configured_data = configured_facts(technology, chosen) if technology else None

    criteria: dict[str, CriterionValue] = {}
    for criterion in bundle.framework.criteria:
        changes = {c.id: c.score_changes[criterion.id] for c in chosen if criterion.id in c.score_changes}
        if criterion.score_source == "yearly_cost_bands":
            continue  # filled from the cost model below
        assessed = option.scores.get(criterion.id)
        reference = technology.scores.get(criterion.id) if technology else None
        # The assessor's score beats the reference, and brings its own rationale and sources.
        given, source = score_in_force(assessed, reference)
        if given is not None:
            base, low, high, grade = given.value, given.low, given.high, given.evidence_grade
        else:
            criteria[criterion.id] = CriterionValue(base=None, configured=None, low=None, high=None, source="missing", evidence_grade=None)
            continue
        delta = sum(changes.values())
        low = base if low is None else low
        high = base if high is None else high
        effect = technology.expected_effect if technology is not None else None
        # The assessors may take the catalogue's expected effect as the range the robustness samples from (issue #17).
        range_from_effect = False
        if option.effect_range_accepted and effect is not None and criterion.effect_levels:
            low, high = criterion.effect_range(effect, base)
            range_from_effect = True
        # A configuration cannot lift a score to a level whose anchor does not describe the configured option.
        ceiling = criterion.highest_level_for(configured_data) if configured_data is not None and delta > 0 else 5
        configured, configured_low, configured_high = (_clip(min(value + delta, max(value, ceiling))) for value in (base, low, high))
        capped = configured < _clip(base + delta)
        if capped:
            warnings.append(
                EngineWarning(
                    code="configuration_capped_by_anchor",
                    option=option.key,
                    criterion=criterion.id,
                    params={"raised": int(_clip(base + delta)), "kept": int(configured)},
                )
            )
        criteria[criterion.id] = CriterionValue(
            base=float(base),
            configured=configured,
            low=configured_low,
            high=configured_high,
            anchor_ceiling=ceiling if capped else None,
            source=source,
            evidence_grade=grade,
            vendor_claim_only=grade == EvidenceGrade.vendor_claim,
            departs_from_reference=bool(reference is not None and assessed is not None and assessed.value != reference.value),
            configuration_changes=changes,
            rationale=given.rationale,
            sources=list(given.sources),
            range_from_expected_effect=range_from_effect,
        )

    cost_model = option.cost_model or (technology.cost_model if technology else None)
    cost_info = None
    # Without a cost model the cost criteria are missing; with one, they take its band score and provenance.
    cost_value = CriterionValue(base=None, configured=None, low=None, high=None, source="missing", evidence_grade=None)
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
        value = float(band)
        cost_value = CriterionValue(
            base=value,
            configured=value,
            low=value,
            high=value,
            source="cost_model",
            evidence_grade=cost_model.evidence_grade,
            vendor_claim_only=cost_model.evidence_grade == EvidenceGrade.vendor_claim,
            rationale=cost_model.rationale,
            sources=list(cost_model.sources),
        )
    for criterion in bundle.framework.criteria:
        if criterion.score_source == "yearly_cost_bands":
            criteria[criterion.id] = cost_value.model_copy()
    criteria = {criterion_id: criteria[criterion_id] for criterion_id in bundle.criterion_ids}

    stated = jurisdiction or Jurisdiction()
    calendar = LegalCalendar.of(bundle, stated)
    gates = _gate_outcomes(option, technology, bundle, warnings, stated_regimes(stated), stated.member_state, calendar)
    dpia = list(option.dpia_criteria) if option.dpia_criteria is not None else list(technology.dpia_criteria if technology else [])
    category = option.ai_act_category or (technology.ai_act.category if technology else None)
    # An option a gate excludes is not deployed: its obligations are nobody's to-do (issue #14).
    excluded = any(gate.answer == "fails" for gate in gates)
    obligations = [] if excluded else _obligations(option, technology, bundle, dpia, category, personal, stated, calendar)
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


@dataclass(frozen=True)
class LegalCalendar:
    """The legal dates and the planned start of use they are read against."""

    dates: dict[str, dt.date]
    start: dt.date

    @classmethod
    def of(cls, bundle: ContentBundle, jurisdiction: Jurisdiction) -> LegalCalendar:
        return cls({date.id: date.applies_from for date in bundle.legal.legal_dates}, jurisdiction.planned_start or dt.date.today())

    def dated(self, date_id: str | None) -> dict:
        """applies_from (the date, or None: always) and applies_at_start, as gate and obligation outcomes carry them."""
        if date_id is None:
            return {"applies_from": None, "applies_at_start": True}
        return {"applies_from": self.dates[date_id], "applies_at_start": self.dates[date_id] <= self.start}


def _gate_outcomes(option, technology, bundle, warnings, regimes: set[str], member_state: str | None, calendar: LegalCalendar) -> list[GateOutcome]:
    hints = {hint.gate: hint for hint in technology.gate_hints} if technology else {}
    outcomes = []
    for gate in bundle.legal.gates:
        answer = option.gate_answers.get(gate.id)
        hint = hints.get(gate.id)
        overrides = overrides_hint(answer, hint)
        # why: the assessors' justification; reason: the catalogue's, when its hint stands for the answer.
        why, reason = "", None
        if overrides and not answer.justification.strip():
            # Setting aside the catalogue's "fails" takes written reasons: until they are given, the gate is not answered.
            chosen, by = "unanswered", "assessor"
            warnings.append(_gate_warning("gate_override_unjustified", option, gate))
        elif answer is not None:
            chosen, by, why = answer.answer, "assessor", answer.justification
            if overrides:
                warnings.append(_gate_warning("gate_hint_overridden", option, gate, answer=answer.answer))
        elif hint is not None and hint.answer != "depends":
            chosen, by, reason = hint.answer, "catalogue_hint", hint.reason
            warnings.append(_gate_warning("gate_from_catalogue_hint", option, gate, answer=hint.answer))
        else:
            chosen, by, reason = "unanswered", "nobody", hint.reason if hint else None
        variant = gate.variant_for(regimes)
        _, gate_basis = gate.under(variant)
        # A hint's national sources are law only in their own member state: another country's statute is no legal basis here.
        hinted = [r for r in hint.references if r not in gate_basis and bundle.references_by_id[r].concerns(member_state)] if hint else []
        legal_basis = gate_basis + hinted
        outcomes.append(
            GateOutcome(
                gate=gate.id,
                answer=chosen,
                answered_by=by,
                justification=why,
                legal_basis=legal_basis,
                **calendar.dated(gate.applies_from),
                regime_wording=variant,
                overrides_hint=overrides,
                hint_reason=reason,
            )
        )
    return outcomes


def overrides_hint(answer: GateAnswer | None, hint: GateHint | None) -> bool:
    """Whether the assessors' answer lets an option through a gate the catalogue says it fails."""
    return answer is not None and hint is not None and hint.answer == "fails" and answer.answer != "fails"


def _gate_warning(code: str, option, gate, **params) -> EngineWarning:
    return EngineWarning(code=code, option=option.key, params={"gate": gate.id, **params})


def _obligations(option, technology, bundle, dpia, category, personal, jurisdiction: Jurisdiction, calendar: LegalCalendar) -> list[ObligationOutcome]:
    """The obligations that apply under the regime in force, each with what triggered it (params: what its
    detail names) and the date it applies from, against the planned start of use."""
    hinted = {hint.obligation: hint for hint in technology.obligation_hints} if technology else {}
    regimes = {regime.value for regime in regimes_in_force(applicable_regime(jurisdiction).regime)}
    outcomes = []
    for obligation in bundle.legal.obligations:
        if not regimes & set(obligation.regimes):
            continue
        triggers = obligation.trigger.triggers if obligation.trigger.kind == "any_of" else [obligation.trigger]
        fired = next((found for trigger in triggers if (found := _fired(trigger, obligation.id, option, hinted, dpia, category, personal))), None)
        if fired is None and obligation.id in option.obligations:
            fired = ("assessor", {})
        if fired is not None:
            triggered_by, params = fired
            outcomes.append(
                ObligationOutcome(
                    obligation=obligation.id,
                    triggered_by=triggered_by,
                    legal_basis=list(obligation.legal_basis),
                    **calendar.dated(obligation.applies_from),
                    params=params,
                )
            )
    return outcomes


def _fired(trigger, obligation_id, option, hinted, dpia, category, personal) -> tuple[str, dict] | None:
    """(what triggered the obligation, what its detail names), or None when this trigger does not fire."""
    if trigger.kind == "dpia_screening" and len(dpia) >= trigger.min_criteria:
        return trigger.kind, {"criteria": list(dpia), "threshold": trigger.min_criteria}
    if trigger.kind == "ai_act_category" and category is not None and category in trigger.categories:
        return trigger.kind, {"category": category}
    if trigger.kind == "personal_data" and personal:
        return trigger.kind, {}
    if trigger.kind == "catalogue_hint" and obligation_id in hinted:
        return trigger.kind, {"reason": hinted[obligation_id].reason}
    if trigger.kind == "residual_risk":
        # The DPIA's recorded finding decides; until there is one, the catalogue's hint stands in for it.
        if option.residual_risk is not None:
            return (trigger.kind, {"level": option.residual_risk}) if option.residual_risk in trigger.levels else None
        if obligation_id in hinted:
            return "catalogue_hint", {"reason": hinted[obligation_id].reason}
    return None


def obligations_if_deployed(option: AssessedOption, bundle: ContentBundle, jurisdiction: Jurisdiction) -> list[ObligationOutcome]:
    """The obligations a catalogue option would carry under the assessment's regime were no gate to exclude it:
    what a step up a capability ladder would bring (engine/creep.py), even to a level the law rules out."""
    technology = bundle.technologies_by_id[option.catalogue_id] if option.catalogue_id else None
    if technology is None:
        raise ValueError(f"option {option.key!r} names no catalogue option")
    dpia = list(option.dpia_criteria) if option.dpia_criteria is not None else list(technology.dpia_criteria)
    category = option.ai_act_category or technology.ai_act.category
    calendar = LegalCalendar.of(bundle, jurisdiction)
    return _obligations(option, technology, bundle, dpia, category, technology.data_processed.personal, jurisdiction, calendar)
