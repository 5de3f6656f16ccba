"""Switching weighting method keeps the weights: new settings for a method, made
from the weights in use now.

The assessor who has weighed the criteria with one method and picks another
should find the same weights there, as nearly as the new method can say them:
points that add up to exactly 100, a ranking in the order of the weights, swings
against the heaviest criterion, pairwise judgements on the Saaty scale, pillar
shares. The weights in use come from the engine's evaluation; nothing here
normalises or derives weights (that is engine.weighting's job)."""

from __future__ import annotations

import itertools
import math

from ..content.bundle import ContentBundle
from ..domain.assessment import (
    AhpWeights,
    DirectWeights,
    HierarchicalWeights,
    PairwiseJudgement,
    PointsWeights,
    RankingWeights,
    SwingWeights,
)
from ..engine.weighting.ahp import CONSISTENCY_THRESHOLD, SAATY_SCALE

METHODS = ("direct", "points", "roc", "swing", "ahp", "hierarchical")

__all__ = [
    "CONSISTENCY_THRESHOLD",
    "METHODS",
    "ahp_settings",
    "judgement_position",
    "judgement_value",
    "ranking_from_positions",
    "ranking_positions",
    "settings_for",
    "shares_of_100",
    "snap",
    "within_pillar_shares",
]


def shares_of_100(weights: dict[str, float]) -> dict[str, float]:
    """Whole numbers in proportion to weights that add up to exactly 100 (largest remainder)."""
    total = sum(weights.values())
    if total <= 0:
        return {item: 0 for item in weights}
    exact = {item: 100 * value / total for item, value in weights.items()}
    shares: dict[str, float] = {item: math.floor(value) for item, value in exact.items()}
    left = 100 - int(sum(shares.values()))
    for item in sorted(exact, key=lambda item: shares[item] - exact[item])[:left]:
        shares[item] += 1
    return shares


def _members(bundle: ContentBundle) -> dict[str, list[str]]:
    return {pillar.id: [c.id for c in bundle.framework.criteria if c.pillar == pillar.id] for pillar in bundle.framework.pillars}


def within_pillar_shares(weights: dict[str, float], pillar_weights: dict[str, float], bundle: ContentBundle) -> dict[str, float]:
    """Each criterion's share of its pillar, the criteria of a pillar adding up to 100.
    A pillar weighed at zero says nothing about its criteria: the framework's defaults stand in."""
    shares: dict[str, float] = {}
    for pillar, members in _members(bundle).items():
        source = weights if pillar_weights.get(pillar, 0) > 0 else bundle.default_weights
        shares.update(shares_of_100({c: source[c] for c in members}))
    return shares


def snap(ratio: float) -> float:
    """The Saaty-scale value (1/9 .. 9) nearest to a ratio."""
    if not ratio > 0:
        return SAATY_SCALE[0]
    if math.isinf(ratio):
        return SAATY_SCALE[-1]
    return min(SAATY_SCALE, key=lambda value: abs(math.log(value) - math.log(ratio)))


def judgement_position(value: float) -> int:
    """A judgement as a position on a pairwise slider: 8 .. 1 means "the first item is 9 .. 2
    times as important", 0 "equally important", -1 .. -8 "the second item is 2 .. 9 times"."""
    value = snap(value)
    return int(round(value)) - 1 if value >= 1 else 1 - int(round(1 / value))


def judgement_value(position: int) -> float:
    """The Saaty-scale value of a slider position (the inverse of judgement_position)."""
    return float(position + 1) if position >= 0 else 1.0 / (1 - position)


def judgements_from(weights: dict[str, float], items: list[str]) -> list[PairwiseJudgement]:
    """Every pair's judgement as the ratio of their weights, on the Saaty scale."""

    def ratio(a: str, b: str) -> float:
        if weights[b] > 0:
            return weights[a] / weights[b]
        return 1.0 if weights[a] == 0 else math.inf

    return [PairwiseJudgement(a=a, b=b, value=snap(ratio(a, b))) for a, b in itertools.combinations(items, 2)]


def ahp_settings(scope: str, weights: dict[str, float], pillar_weights: dict[str, float], bundle: ContentBundle, set_by: str) -> AhpWeights:
    """Pairwise comparisons of the criteria or of the pillars; for pillars, the shares within
    each pillar are kept only where they differ from the framework's defaults."""
    if scope == "criteria":
        return AhpWeights(method="ahp", scope="criteria", judgements=judgements_from(weights, list(bundle.criterion_ids)), set_by=set_by)
    pillars = [pillar.id for pillar in bundle.framework.pillars]
    within = within_pillar_shares(weights, pillar_weights, bundle)
    defaults = within_pillar_shares(bundle.default_weights, {p: 1.0 for p in pillars}, bundle)
    return AhpWeights(
        method="ahp",
        scope="pillars",
        judgements=judgements_from(pillar_weights, pillars),
        within_pillar={} if within == defaults else within,
        set_by=set_by,
    )


def settings_for(method: str, weights: dict[str, float], pillar_weights: dict[str, float], bundle: ContentBundle, set_by: str):
    """New settings of method, starting from the normalised criterion and pillar weights in use now."""
    criteria = list(bundle.criterion_ids)
    if method == "direct":
        return DirectWeights(values={c: round(weights[c] * 100, 2) for c in criteria}, set_by=set_by)
    if method == "points":
        return PointsWeights(method="points", points=shares_of_100(weights), set_by=set_by)
    if method == "roc":
        order = sorted(criteria, key=lambda c: -weights[c])
        return RankingWeights(method="roc", ranking=[[c] for c in order], set_by=set_by)
    if method == "swing":
        largest = max(weights.values())
        return SwingWeights(method="swing", swings={c: int(round(100 * weights[c] / largest)) for c in criteria}, set_by=set_by)
    if method == "ahp":
        return ahp_settings("pillars", weights, pillar_weights, bundle, set_by)
    return HierarchicalWeights(
        method="hierarchical",
        pillars=shares_of_100(pillar_weights),
        within_pillar=within_pillar_shares(weights, pillar_weights, bundle),
        set_by=set_by,
    )


def ranking_positions(ranking: list[list[str]]) -> dict[str, int]:
    """Each ranked criterion's place, 1 first; tied criteria share a place and the next
    place skips past them (1, 1, 3), as in a sports table."""
    places: dict[str, int] = {}
    place = 1
    for group in ranking:
        for criterion in group:
            places[criterion] = place
        place += len(group)
    return places


def ranking_from_positions(positions: dict[str, int], criteria: list[str]) -> list[list[str]]:
    """The ranking the assessor typed as one number per criterion: equal numbers are ties."""
    return [[c for c in criteria if positions[c] == number] for number in sorted(set(positions.values()))]
