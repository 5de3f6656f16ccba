"""evaluate(): gates first, then the weighted sum of the options still
standing, cross-checked by other methods, with its robustness and every
intermediate table.

It takes no language: the result holds ids, codes and numbers, and
secu4all_ethics.wording puts them into sentences for each reader."""

from __future__ import annotations

import numpy as np

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..domain.content import AiActCategory
from . import methods
from .crosscheck import cross_check
from .effectiveness import effectiveness_estimates
from .explain import table
from .inputs import PreparedOption, prepare_option
from .methods.ranks import competition_ranks
from .methods.weighted_sum import weighted_sum
from .national import national_provisions
from .regime import jurisdiction_info
from .results import (
    AhpInfo,
    AssessmentInfo,
    EngineWarning,
    EvaluationResult,
    ExplainTable,
    FrameworkInfo,
    InconsistentPairInfo,
    OptionResult,
    WeightingInfo,
)
from .robustness.acceptability import DEFAULT_SAMPLES
from .robustness.report import robustness
from .tender import vendor_answer_warnings
from .weighting import AhpOutcome, WeightingOutcome, derive_weights


def evaluate(assessment: Assessment, bundle: ContentBundle, *, with_acceptability: bool = True) -> EvaluationResult:
    """Evaluate an assessment. with_acceptability=False skips the Monte Carlo
    simulation (for interactive what-if questions); everything else is computed."""
    criterion_ids = list(bundle.criterion_ids)
    warnings: list[EngineWarning] = []

    weighting = derive_weights(assessment.weights, bundle)
    weights = weighting.weights
    weight_vector = np.array([weights[c] for c in criterion_ids])
    if weighting.ahp is not None and not weighting.ahp.acceptable:
        pairs = [(p.a, p.b) for p in weighting.ahp.inconsistent_pairs]  # criterion or pillar ids
        warnings.append(EngineWarning(code="ahp_inconsistent", params={"ratio": weighting.ahp.consistency_ratio, "pairs": pairs}))
    warnings.extend(_content_warnings(assessment, bundle))

    prepared = [prepare_option(option, bundle, warnings, assessment.jurisdiction) for option in assessment.options]
    statuses = [_status(p) for p in prepared]
    rankable = [i for i, status in enumerate(statuses) if status == "ranked"]
    keys = [prepared[i].option.key for i in rankable]

    scores: dict[int, float] = {}
    contributions: dict[int, np.ndarray] = {}
    ranks: dict[int, int] = {}
    cross = None
    robust = None
    explanation: list[ExplainTable] = [table("weights", "weighted_sum", ["weight"], criterion_ids, [weight_vector])]
    if weighting.ahp is not None:
        explanation += _ahp_tables(weighting.ahp)
    if rankable:
        values = _matrix(prepared, rankable, criterion_ids, "configured")
        low = _matrix(prepared, rankable, criterion_ids, "low")
        high = _matrix(prepared, rankable, criterion_ids, "high")
        option_scores, option_contributions = weighted_sum(values, weight_vector)
        for position, index in enumerate(rankable):
            scores[index] = float(option_scores[position])
            contributions[index] = option_contributions[position]
        for position, rank in enumerate(competition_ranks(option_scores)):
            ranks[rankable[position]] = int(rank)
        explanation += _weighted_sum_tables(bundle, keys, criterion_ids, values, option_contributions, option_scores)
        if len(rankable) >= 2:
            cross, outcomes = cross_check(keys, values, weight_vector, option_scores)
            explanation += _cross_check_tables(keys, criterion_ids, outcomes)
            robust = robustness(keys, criterion_ids, values, low, high, weight_vector, option_scores, assessment.robustness, with_acceptability)

    pillar_of = {c.id: c.pillar for c in bundle.framework.criteria}
    pillar_ids = [pillar.id for pillar in bundle.framework.pillars]
    pillar_weights = {p: sum(w for c, w in weights.items() if pillar_of[c] == p) for p in pillar_ids}

    results = []
    for index, item in enumerate(prepared):
        status = statuses[index]
        per_criterion = None
        subtotals = None
        if index in contributions:
            per_criterion = {c: float(v) for c, v in zip(criterion_ids, contributions[index])}
            subtotals = {p: sum(v for c, v in per_criterion.items() if pillar_of[c] == p) for p in pillar_ids}
        if status == "incomplete":
            warnings.append(_not_placed_warning(item))
        results.append(
            OptionResult(
                key=item.option.key,
                name_text=item.name,
                kind=item.kind,
                catalogue_id=item.option.catalogue_id,
                less_intrusive_alternative=item.kind in ("alternative", "status_quo"),
                configurations=list(item.option.configurations),
                status=status,
                rank=ranks.get(index),
                score=scores.get(index),
                contributions=per_criterion,
                pillar_subtotals=subtotals,
                criteria=item.criteria,
                missing_criteria=item.missing_criteria,
                gates=item.gates,
                exclusion_reasons=item.exclusion_reasons,
                unanswered_gates=item.unanswered_gates,
                ai_act_category=item.ai_act_category,
                dpia_criteria=item.dpia_criteria,
                obligations=item.obligations,
                cost=item.cost,
                necessity_note=item.option.necessity_note,
            )
        )

    baseline = _status_quo(results)
    if baseline is not None:
        results = [
            r.model_copy(update={"beats_status_quo": r.ranked_score() > baseline.ranked_score() + 1e-9})
            if r.status == "ranked" and r.key != baseline.key
            else r
            for r in results
        ]
    warnings.extend(_necessity_warnings(assessment, results))
    warnings.extend(_prohibited_category_warnings(results))
    warnings.extend(vendor_answer_warnings(assessment, bundle))
    # Tied options keep the assessment's order, as in the robustness figures (placing_order).
    ranking = sorted(ranks, key=lambda i: (ranks[i], i))
    return EvaluationResult(
        framework=FrameworkInfo(
            id=bundle.framework.id,
            version=bundle.framework.version,
            content_hash=bundle.content_hash,
            valid_as_of=bundle.framework.valid_as_of.isoformat(),
        ),
        assessment=AssessmentInfo(
            id=assessment.id,
            title=assessment.title,
            recorded_content_hash=assessment.framework.content_hash,
            content_matches=assessment.framework.content_hash == bundle.content_hash,
        ),
        jurisdiction=jurisdiction_info(
            assessment.jurisdiction,
            national_pack=assessment.jurisdiction.member_state in bundle.jurisdictions_by_state,
            national_provisions=national_provisions(assessment, bundle, {r.catalogue_id for r in results if r.catalogue_id and r.status != "excluded"}),
        ),
        weights_source=weighting.source,
        weighting=_weighting_info(weighting, assessment),
        weights=weights,
        pillar_weights=pillar_weights,
        options=results,
        ranking=[results[i].key for i in ranking],
        not_placed=[r.key for r in results if r.status == "incomplete"],
        excluded=[r.key for r in results if r.status == "excluded"],
        status_quo=baseline.key if baseline is not None else None,
        less_intrusive_alternative_compared=any(r.less_intrusive_alternative for r in results),
        complete=all(r.status != "incomplete" for r in results),
        cross_check=cross,
        robustness=robust,
        explanation=explanation,
        warnings=warnings,
        effectiveness=effectiveness_estimates(assessment, bundle.technologies_by_id, results),
    )


def screen(assessment: Assessment, bundle: ContentBundle) -> dict[str, PreparedOption]:
    """Per option key, what does not depend on the weights: its values, gates, exclusions and obligations.
    For a screen that shows the legal screening when the weights cannot be used."""
    return {option.key: prepare_option(option, bundle, jurisdiction=assessment.jurisdiction) for option in assessment.options}


def _status(item: PreparedOption) -> str:
    # A failed gate excludes whatever else is missing: no score can buy it back.
    if item.exclusion_reasons:
        return "excluded"
    if item.missing_criteria or item.unanswered_gates:
        return "incomplete"
    return "ranked"


def _matrix(prepared: list[PreparedOption], rows: list[int], criterion_ids: list[str], field: str) -> np.ndarray:
    return np.array([[getattr(prepared[i].criteria[c], field) for c in criterion_ids] for i in rows], dtype=float)


def _content_warnings(assessment: Assessment, bundle: ContentBundle) -> list[EngineWarning]:
    warnings = []
    if assessment.framework.version != bundle.framework.version:
        warnings.append(
            EngineWarning(
                code="framework_version_differs",
                params={"recorded": assessment.framework.version, "current": bundle.framework.version},
            )
        )
    recorded = assessment.framework.content_hash
    if recorded is not None and recorded != bundle.content_hash:
        warnings.append(EngineWarning(code="content_changed"))
    return warnings


def _not_placed_warning(item: PreparedOption) -> EngineWarning:
    return EngineWarning(
        code="option_not_placed",
        option=item.option.key,
        params={"criteria": item.missing_criteria, "gates": item.unanswered_gates},
    )


def _necessity_warnings(assessment: Assessment, results: list[OptionResult]) -> list[EngineWarning]:
    warnings = []
    if not any(r.less_intrusive_alternative for r in results):
        # Reasons given for comparing no alternative change what the warning says, not whether it is given.
        warnings.append(
            EngineWarning(
                code="no_less_intrusive_alternative",
                params={"reason_given": bool(assessment.alternatives_justification.strip())},
            )
        )
    baseline = _status_quo(results)
    if baseline is not None:
        for result in results:
            if result.kind == "technology" and result.beats_status_quo is False:
                warnings.append(EngineWarning(code="below_status_quo", option=result.key, params={"status_quo": baseline.key}))
    return warnings


def _status_quo(results: list[OptionResult]) -> OptionResult | None:
    """The necessity baseline: the ranked status quo (the best scored, if an assessment has several)."""
    baselines = [r for r in results if r.kind == "status_quo" and r.status == "ranked"]
    return max(baselines, key=lambda r: r.ranked_score()) if baselines else None


def _prohibited_category_warnings(results: list[OptionResult]) -> list[EngineWarning]:
    # Ranked means every gate was passed: with the AI Act category still "prohibited", one of the two answers is wrong.
    return [
        EngineWarning(code="prohibited_category_ranked", option=result.key, params={"category": AiActCategory.prohibited.value})
        for result in results
        if result.status == "ranked" and result.ai_act_category == AiActCategory.prohibited
    ]


def _weighting_info(weighting: WeightingOutcome, assessment: Assessment) -> WeightingInfo:
    ahp = None
    if weighting.ahp is not None:
        outcome = weighting.ahp
        from .weighting.ahp import RANDOM_INDEX_TABLE_NAME

        ahp = AhpInfo(
            scope=getattr(assessment.weights, "scope", "criteria"),
            items=list(outcome.items),
            priorities=outcome.priorities,
            lambda_max=outcome.lambda_max,
            consistency_index=outcome.consistency_index,
            random_index=outcome.random_index,
            random_index_table=RANDOM_INDEX_TABLE_NAME,
            consistency_ratio=outcome.consistency_ratio,
            acceptable=outcome.acceptable,
            most_inconsistent_pairs=[
                InconsistentPairInfo(a=p.a, b=p.b, given=p.given, implied=p.implied, suggested=p.suggested) for p in outcome.inconsistent_pairs
            ],
        )
    return WeightingInfo(method=weighting.method, source=weighting.source, preset=weighting.preset, set_by=weighting.set_by, ahp=ahp)


def _ahp_tables(outcome: AhpOutcome) -> list[ExplainTable]:
    items = list(outcome.items)
    return [
        table("ahp.matrix", "ahp", items, items, outcome.matrix),
        table("ahp.priorities", "ahp", ["priority"], items, [[outcome.priorities[i] for i in items]]),
    ]


def _weighted_sum_tables(bundle, keys, criterion_ids, values, contributions, scores) -> list[ExplainTable]:
    pillar_ids = [pillar.id for pillar in bundle.framework.pillars]
    pillar_of = {c.id: c.pillar for c in bundle.framework.criteria}
    subtotals = np.array([[sum(row[j] for j, c in enumerate(criterion_ids) if pillar_of[c] == p) for p in pillar_ids] for row in contributions])
    return [
        table("weighted_sum.values", "weighted_sum", keys, criterion_ids, values),
        table(
            "weighted_sum.contributions",
            "weighted_sum",
            keys,
            criterion_ids + ["score"],
            np.column_stack([contributions, scores]),
        ),
        table("weighted_sum.pillars", "weighted_sum", keys, pillar_ids + ["score"], np.column_stack([subtotals, scores])),
    ]


def _cross_check_tables(keys, criterion_ids, outcomes) -> list[ExplainTable]:
    """Each cross-checking method's steps, as methods.CROSS_CHECKS declares them."""
    return [
        table(step.table_id, method.id, step.rows, step.columns, step.values)
        for method in methods.CROSS_CHECKS
        for step in method.explain(outcomes[method.id], keys, criterion_ids)
    ]


__all__ = ["DEFAULT_SAMPLES", "PreparedOption", "evaluate", "screen"]
