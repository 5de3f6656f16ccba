"""Weights stated directly: numbers, a 100-point allocation, swings, a ranking."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .errors import WeightError


def normalise_weights(raw: Mapping[str, float], criterion_ids: Sequence[str]) -> dict[str, float]:
    """Weights by criterion, summing to 1, in the framework's criterion order.

    Every criterion needs a weight (zero is allowed); unknown criteria,
    negative, NaN or infinite weights, and an all-zero set are refused.
    """
    known = set(criterion_ids)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise WeightError(f"weights name unknown criteria: {', '.join(unknown)}", "unknown_criteria", items=unknown)
    missing = [criterion_id for criterion_id in criterion_ids if criterion_id not in raw]
    if missing:
        raise WeightError(f"no weight given for: {', '.join(missing)}", "missing_weights", items=missing)
    for criterion_id in criterion_ids:
        value = raw[criterion_id]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise WeightError(f"the weight of {criterion_id} is not a number ({value!r})", "not_a_number", item=criterion_id, value=repr(value))
        if math.isnan(value) or math.isinf(value):
            raise WeightError(f"the weight of {criterion_id} is not a finite number ({value})", "not_finite", item=criterion_id, value=str(value))
        if value < 0:
            raise WeightError(f"the weight of {criterion_id} is negative ({value})", "negative", item=criterion_id, value=value)
    total = math.fsum(float(raw[criterion_id]) for criterion_id in criterion_ids)
    if total <= 0:
        raise WeightError("all weights are zero: give at least one criterion a positive weight", "all_zero")
    return {criterion_id: float(raw[criterion_id]) / total for criterion_id in criterion_ids}


def points_weights(points: Mapping[str, float], criterion_ids: Sequence[str], budget: float = 100.0) -> dict[str, float]:
    """A fixed budget of points shared out between the criteria."""
    weights = normalise_weights(points, criterion_ids)
    total = math.fsum(float(points[c]) for c in criterion_ids)
    if abs(total - budget) > 1e-6:
        raise WeightError(f"the points add up to {total:g}; share out exactly {budget:g}", "points_total", total=total, budget=budget)
    return weights


def swing_weights(swings: Mapping[str, float], criterion_ids: Sequence[str]) -> dict[str, float]:
    """Swing weighting: the swing from worst to best that matters most is rated
    100, every other swing is rated 0-100 relative to it."""
    for criterion_id, value in swings.items():
        if isinstance(value, (int, float)) and value > 100:
            raise WeightError(
                f"the swing of {criterion_id} is rated {value}; ratings run from 0 to 100",
                "swing_over_100",
                criterion=criterion_id,
                value=value,
            )
    weights = normalise_weights(swings, criterion_ids)
    if max(swings[c] for c in criterion_ids) != 100:
        raise WeightError("rate the most important swing 100 and the others relative to it", "swing_top")
    return weights


def rank_order_centroid(ranking: Sequence[Sequence[str]], criterion_ids: Sequence[str]) -> dict[str, float]:
    """Rank-order centroid weights (Barron & Barrett 1996): w_k = (1/n) sum_{i=k..n} 1/i.

    The ranking is a list of groups, most important first; criteria in one
    group are tied and share the mean of the positions they occupy.
    """
    flat = [criterion_id for group in ranking for criterion_id in group]
    unknown = sorted(set(flat) - set(criterion_ids))
    if unknown:
        raise WeightError(f"the ranking names unknown criteria: {', '.join(unknown)}", "ranking_unknown", criteria=unknown)
    duplicated = sorted({c for c in flat if flat.count(c) > 1})
    if duplicated:
        raise WeightError(f"the ranking lists these criteria more than once: {', '.join(duplicated)}", "ranking_duplicate", criteria=duplicated)
    missing = [c for c in criterion_ids if c not in flat]
    if missing:
        raise WeightError(f"the ranking leaves out: {', '.join(missing)}", "ranking_missing", criteria=missing)
    n = len(flat)
    centroid = [sum(1 / i for i in range(k, n + 1)) / n for k in range(1, n + 1)]
    weights: dict[str, float] = {}
    position = 0
    for group in ranking:
        if not group:
            raise WeightError("the ranking contains an empty group", "ranking_empty_group")
        share = sum(centroid[position : position + len(group)]) / len(group)
        for criterion_id in group:
            weights[criterion_id] = share
        position += len(group)
    return {criterion_id: weights[criterion_id] for criterion_id in criterion_ids}


def hierarchical_weights(
    pillar_weights: Mapping[str, float],
    within_pillar: Mapping[str, float],
    pillar_of: Mapping[str, str],
    criterion_ids: Sequence[str],
) -> dict[str, float]:
    """Pillar weight x the criterion's share within its pillar."""
    pillars = list(dict.fromkeys(pillar_of[c] for c in criterion_ids))
    pillar_share = normalise_weights(pillar_weights, pillars)
    within = normalise_weights(within_pillar, criterion_ids)  # validates every value
    weights = {}
    for pillar in pillars:
        members = [c for c in criterion_ids if pillar_of[c] == pillar]
        total = math.fsum(within[c] for c in members)
        if total <= 0 and pillar_share[pillar] > 0:
            raise WeightError(f"pillar {pillar} has weight but all its criteria have zero weight within it", "pillar_without_criteria", pillar=pillar)
        for c in members:
            weights[c] = pillar_share[pillar] * (within[c] / total if total > 0 else 0.0)
    return {c: weights[c] for c in criterion_ids}
