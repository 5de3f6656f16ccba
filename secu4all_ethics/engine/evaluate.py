"""evaluate(): gates first, then the weighted sum of the options still standing."""

from __future__ import annotations

import numpy as np

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from .inputs import PreparedOption, prepare_option
from .results import AssessmentInfo, EngineWarning, EvaluationResult, FrameworkInfo, OptionResult
from .weighted_sum import competition_ranks, weighted_sum
from .weights import normalise_weights


def resolve_raw_weights(assessment: Assessment, bundle: ContentBundle) -> tuple[dict[str, float], str]:
    settings = assessment.weights
    if settings.values:
        return dict(settings.values), "assessment"
    if settings.preset is not None:
        preset = bundle.presets_by_id.get(settings.preset)
        if preset is None:
            raise KeyError(f"unknown preset {settings.preset!r}")
        return dict(preset.weights), f"preset:{preset.id}"
    return dict(bundle.default_weights), "framework_defaults"


def evaluate(assessment: Assessment, bundle: ContentBundle, language: str | None = None) -> EvaluationResult:
    language = language or assessment.language
    warnings: list[EngineWarning] = []
    raw_weights, weights_source = resolve_raw_weights(assessment, bundle)
    weights = normalise_weights(raw_weights, bundle.criterion_ids)
    weight_vector = np.array([weights[c] for c in bundle.criterion_ids])

    recorded = assessment.framework.content_hash
    if assessment.framework.version != bundle.framework.version:
        warnings.append(
            EngineWarning(
                code="framework_version_differs",
                message=f"The assessment was made with framework version {assessment.framework.version}; "
                f"it is evaluated with version {bundle.framework.version}.",
            )
        )
    if recorded is not None and recorded != bundle.content_hash:
        warnings.append(
            EngineWarning(
                code="content_changed",
                message="The content (criteria, legal screening or catalogue) has changed since this assessment "
                "was recorded; results may differ from the recorded ones.",
            )
        )

    prepared = [prepare_option(option, bundle, language, warnings) for option in assessment.options]
    statuses = [_status(p) for p in prepared]
    rankable = [i for i, status in enumerate(statuses) if status == "ranked"]
    scores: dict[int, float] = {}
    contributions: dict[int, np.ndarray] = {}
    ranks: dict[int, int] = {}
    if rankable:
        matrix = np.array([[prepared[i].criteria[c].configured for c in bundle.criterion_ids] for i in rankable])
        option_scores, option_contributions = weighted_sum(matrix, weight_vector)
        for position, index in enumerate(rankable):
            scores[index] = float(option_scores[position])
            contributions[index] = option_contributions[position]
        for position, rank in enumerate(competition_ranks(option_scores)):
            ranks[rankable[position]] = int(rank)

    pillar_of = {c.id: c.pillar for c in bundle.framework.criteria}
    pillar_ids = [pillar.id for pillar in bundle.framework.pillars]
    pillar_weights = {p: sum(w for c, w in weights.items() if pillar_of[c] == p) for p in pillar_ids}

    results = []
    for index, item in enumerate(prepared):
        status = statuses[index]
        per_criterion = None
        subtotals = None
        if index in contributions:
            per_criterion = {c: float(v) for c, v in zip(bundle.criterion_ids, contributions[index])}
            subtotals = {p: sum(v for c, v in per_criterion.items() if pillar_of[c] == p) for p in pillar_ids}
        if status == "incomplete":
            what = []
            if item.missing_criteria:
                what.append("no score for " + ", ".join(item.missing_criteria))
            if item.unanswered_gates:
                what.append("unanswered legal gates: " + ", ".join(item.unanswered_gates))
            warnings.append(
                EngineWarning(
                    code="option_not_placed",
                    option=item.option.key,
                    message=f"{item.name} could not be placed in the ranking: {'; '.join(what)}.",
                )
            )
        results.append(
            OptionResult(
                key=item.option.key,
                name=item.name,
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

    alternatives = any(r.less_intrusive_alternative for r in results)
    if not alternatives:
        if assessment.alternatives_justification.strip():
            message = "No less intrusive alternative is compared; the assessor's reason is recorded."
        else:
            message = "No less intrusive alternative is compared and no reason is given: the necessity test cannot be shown."
        warnings.append(EngineWarning(code="no_less_intrusive_alternative", message=message))

    ranking = sorted(ranks, key=lambda i: (ranks[i], -scores[i], results[i].key))
    return EvaluationResult(
        language=language,
        framework=FrameworkInfo(
            id=bundle.framework.id,
            version=bundle.framework.version,
            content_hash=bundle.content_hash,
            valid_as_of=bundle.framework.valid_as_of.isoformat(),
        ),
        assessment=AssessmentInfo(
            id=assessment.id,
            title=assessment.title,
            recorded_content_hash=recorded,
            content_matches=recorded == bundle.content_hash,
        ),
        weights_source=weights_source,
        weights=weights,
        pillar_weights=pillar_weights,
        options=results,
        ranking=[results[i].key for i in ranking],
        not_placed=[r.key for r in results if r.status == "incomplete"],
        excluded=[r.key for r in results if r.status == "excluded"],
        less_intrusive_alternative_compared=alternatives,
        complete=all(r.status != "incomplete" for r in results),
        warnings=warnings,
    )


def _status(item: PreparedOption) -> str:
    # A failed gate excludes whatever else is missing: no score can buy it back.
    if item.exclusion_reasons:
        return "excluded"
    if item.missing_criteria or item.unanswered_gates:
        return "incomplete"
    return "ranked"
