"""The effectiveness estimate (issue #17): per option, how many incidents of the stated problem it may prevent
a year, what it costs a year, and what one prevented incident costs, each as a range.

Ranges multiply the need's baseline (incidents a year) by the catalogue's expected effect (a reduction range
from outcome evaluations). An option without such evidence, or an assessment without a baseline, gets no
estimate and the reason as a code: never a zero, which would read as "prevents nothing". A range whose low
end prevents nothing leaves the cost per prevented incident without an upper bound, said as a code too."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..domain.assessment import Assessment
from ..domain.content import Technology
from .results import EffectivenessEstimate, EvaluationResult, OptionResult


def effectiveness_estimates(assessment: Assessment, technologies: dict[str, Technology], options: list[OptionResult]) -> list[EffectivenessEstimate]:
    """One estimate per option, in the assessment's order."""
    baseline = assessment.need.baseline
    estimates = []
    for option in options:
        technology = technologies.get(option.catalogue_id) if option.catalogue_id else None
        effect = technology.expected_effect if technology is not None else None
        yearly_cost = option.cost.yearly_total_eur if option.cost is not None else None
        common = {
            "option": option.key,
            "yearly_cost_eur": yearly_cost,
            "baseline_incidents_per_year": baseline.incidents_per_year if baseline is not None else None,
            "no_estimate_reason_text": technology.no_estimate_reason if technology is not None else None,
        }
        if effect is None:
            estimates.append(EffectivenessEstimate(status="no_estimate", reason="no_evidence", **common))
            continue
        evidence = {
            "reduction_low": effect.reduction_low,
            "reduction_high": effect.reduction_high,
            "design": effect.design,
            "references": list(effect.references),
            "effect": effect,
        }
        if baseline is None:
            estimates.append(EffectivenessEstimate(status="no_estimate", reason="no_baseline", **common, **evidence))
            continue
        prevented_low = baseline.incidents_per_year * effect.reduction_low
        prevented_high = baseline.incidents_per_year * effect.reduction_high
        estimates.append(
            EffectivenessEstimate(
                status="estimated",
                prevented_low=prevented_low,
                prevented_high=prevented_high,
                **_cost_per_prevented(yearly_cost, prevented_low, prevented_high),
                **common,
                **evidence,
            )
        )
    return estimates


def _cost_per_prevented(yearly_cost: float | None, prevented_low: float, prevented_high: float) -> dict:
    """The cheapest cost per prevented incident comes with the most prevented; the dearest with the fewest,
    and has no bound when the fewest is none (or an increase)."""
    if yearly_cost is None:
        return {"cost_per_prevented": "no_cost"}
    if prevented_high <= 0:
        return {"cost_per_prevented": "prevents_none"}
    low = yearly_cost / prevented_high
    if prevented_low <= 0:
        return {"cost_per_prevented": "unbounded", "cost_per_prevented_low_eur": low}
    return {"cost_per_prevented": "bounded", "cost_per_prevented_low_eur": low, "cost_per_prevented_high_eur": yearly_cost / prevented_low}


@dataclass(frozen=True)
class EvaluationPlan:
    """The need's success measures restated as the plan to evaluate the chosen option (issue #17): what to
    count, from when, until which review, and the count above which the measure has fallen short of even
    the low end of its expected effect and should be stopped at its review date."""

    option: str | None = None  # the recommended option, else the best ranked one
    outcome_measure: str = ""
    baseline_incidents_per_year: float | None = None
    baseline_source: str = ""
    baseline_period: str = ""
    counting_from: dt.date | None = None
    review_date: dt.date | None = None
    reduction_low: float | None = None
    stop_above_incidents_per_year: float | None = None  # baseline x (1 - reduction_low)
    success_measures: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (objective, its measure)


def evaluation_plan(assessment: Assessment, result: EvaluationResult) -> EvaluationPlan:
    baseline = assessment.need.baseline
    option = assessment.decision.recommended_option or (result.ranking[0] if result.ranking else None)
    estimate = next((e for e in result.effectiveness if e.option == option and e.status == "estimated"), None)
    reduction_low = estimate.reduction_low if estimate is not None else None
    stop_above = baseline.incidents_per_year * (1 - reduction_low) if baseline is not None and reduction_low is not None else None
    return EvaluationPlan(
        option=option,
        outcome_measure=baseline.outcome_measure if baseline is not None else "",
        baseline_incidents_per_year=baseline.incidents_per_year if baseline is not None else None,
        baseline_source=baseline.source if baseline is not None else "",
        baseline_period=baseline.period if baseline is not None else "",
        counting_from=assessment.jurisdiction.planned_start,
        review_date=assessment.proportionality.review_date,
        reduction_low=reduction_low,
        stop_above_incidents_per_year=stop_above,
        success_measures=tuple((o.description, o.success_measure) for o in assessment.need.objectives if o.success_measure.strip()),
    )
