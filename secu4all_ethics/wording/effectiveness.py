"""The effectiveness estimate in words (issue #17): one row per option for the Results page and the report,
the plain-words caveat on carrying results over from other places, and the evaluation plan."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..engine.effectiveness import EvaluationPlan
from ..engine.results import EffectivenessEstimate, EvaluationResult
from ..i18n import format_date, format_money, format_number, format_percent, t
from .names import ResultNames


@dataclass(frozen=True)
class EffectivenessRow:
    option: str
    effect: str  # the reduction range, or "no estimate"
    prevented: str
    yearly_cost: str
    cost_per_prevented: str
    evidence: str  # study design, outcome and setting; or why there is none
    caveat: str  # why the range may not hold here; empty without an effect
    references: tuple[str, ...]  # reference ids


def _count(value: float, language: str) -> str:
    # Whole incidents where there are many; one decimal where a handful would round to nothing.
    return format_number(value, language, 0 if abs(value) >= 10 else 1)


def _span(low: str, high: str, language: str) -> str:
    return low if low == high else t("effectiveness.span", language, low=low, high=high)


def reduction_range(estimate: EffectivenessEstimate, language: str) -> str:
    low, high = estimate.reduction_low, estimate.reduction_high
    if low is None or high is None:
        return t("effectiveness.no_estimate", language)
    return _span(format_percent(low, language), format_percent(high, language), language)


def _cost_per_prevented(estimate: EffectivenessEstimate, language: str) -> str:
    kind = estimate.cost_per_prevented
    if kind == "bounded" and estimate.cost_per_prevented_low_eur is not None and estimate.cost_per_prevented_high_eur is not None:
        return _span(format_money(estimate.cost_per_prevented_low_eur, language), format_money(estimate.cost_per_prevented_high_eur, language), language)
    if kind == "unbounded" and estimate.cost_per_prevented_low_eur is not None:
        return t("effectiveness.cost_per_prevented.unbounded", language, low=format_money(estimate.cost_per_prevented_low_eur, language))
    if kind in ("prevents_none", "no_cost"):
        return t(f"effectiveness.cost_per_prevented.{kind}", language)
    return t("effectiveness.no_estimate", language)


def _evidence(estimate: EffectivenessEstimate, language: str) -> str:
    effect = estimate.effect
    if effect is None:
        reason = estimate.no_estimate_reason_text
        return reason.get(language) if reason is not None else t("effectiveness.reason.no_evidence", language)
    return t(
        "effectiveness.evidence",
        language,
        design=t(f"effectiveness.design.{effect.design}", language),
        outcome=effect.outcome.get(language),
        setting=effect.setting.get(language),
    )


def effectiveness_rows(result: EvaluationResult, names: ResultNames, language: str) -> list[EffectivenessRow]:
    """Every option's row, in the assessment's order: "no estimate" and its reason where there is none, never a zero."""
    rows = []
    for estimate in result.effectiveness:
        no_estimate = t("effectiveness.no_estimate", language)
        prevented = no_estimate
        if estimate.status == "estimated" and estimate.prevented_low is not None and estimate.prevented_high is not None:
            prevented = _span(_count(estimate.prevented_low, language), _count(estimate.prevented_high, language), language)
        elif estimate.reason == "no_baseline":
            prevented = t("effectiveness.reason.no_baseline", language)
        effect = estimate.effect
        rows.append(
            EffectivenessRow(
                option=names.options.get(estimate.option, estimate.option),
                effect=reduction_range(estimate, language),
                prevented=prevented,
                yearly_cost=format_money(estimate.yearly_cost_eur, language) if estimate.yearly_cost_eur is not None else "",
                cost_per_prevented=_cost_per_prevented(estimate, language) if estimate.status == "estimated" else no_estimate,
                evidence=_evidence(estimate, language),
                caveat=effect.transferability.get(language) if effect is not None else "",
                references=tuple(estimate.references),
            )
        )
    return rows


def columns(language: str) -> list[str]:
    """The headings of the table's columns, in the order of EffectivenessRow's fields up to the evidence."""
    return [t(f"effectiveness.column.{name}", language) for name in ("option", "effect", "prevented", "yearly_cost", "cost_per_prevented", "evidence")]


def transfer_caveat(language: str) -> str:
    """Why a range measured elsewhere is a guide, not a promise, in plain words."""
    return t("effectiveness.caveat", language)


def baseline_line(result: EvaluationResult, language: str) -> str:
    baseline = next((e.baseline_incidents_per_year for e in result.effectiveness if e.baseline_incidents_per_year is not None), None)
    if baseline is None:
        return t("effectiveness.baseline.missing", language)
    return t("effectiveness.baseline.given", language, count=baseline, shown=_count(baseline, language))


def evaluation_plan_lines(plan: EvaluationPlan, names: ResultNames, language: str) -> list[str]:
    """The evaluation plan, one sentence a line: what to count, from when, the review, the stop threshold."""
    lines = []
    if plan.baseline_incidents_per_year is None:
        lines.append(t("effectiveness.plan.no_baseline", language))
    else:
        measure = plan.outcome_measure.strip() or t("effectiveness.plan.measure_unnamed", language)
        lines.append(
            t(
                "effectiveness.plan.count",
                language,
                measure=measure,
                count=plan.baseline_incidents_per_year,
                shown=_count(plan.baseline_incidents_per_year, language),
                period=plan.baseline_period.strip() or "-",
                source=plan.baseline_source.strip() or "-",
            )
        )
    if plan.counting_from is not None:
        lines.append(t("effectiveness.plan.from", language, date=format_date(plan.counting_from, language)))
    else:
        lines.append(t("effectiveness.plan.from_unplanned", language))
    if plan.review_date is not None:
        lines.append(t("effectiveness.plan.review", language, date=format_date(plan.review_date, language)))
        if plan.counting_from is not None and plan.review_date <= plan.counting_from:
            lines.append(t("effectiveness.plan.review_before_start", language))
    else:
        lines.append(t("effectiveness.plan.no_review", language))
    option = names.options.get(plan.option, plan.option) if plan.option else None
    if plan.stop_above_incidents_per_year is not None and plan.reduction_low is not None and option is not None:
        # "More than N": the count the low end of the expected effect allows, rounded down to whole incidents.
        stop_above = math.floor(plan.stop_above_incidents_per_year + 1e-9)
        lines.append(
            t(
                "effectiveness.plan.stop",
                language,
                option=option,
                count=stop_above,
                shown=format_number(stop_above, language, 0),
                reduction=format_percent(plan.reduction_low, language),
            )
        )
    elif option is not None:
        lines.append(t("effectiveness.plan.no_threshold", language, option=option))
    return lines
