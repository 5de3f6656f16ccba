"""From what each participant entered to their weights and the group's.

A participant weights items: the four pillars (modes "pillars" and "pairwise") or the criteria
("criteria", "points"). Their item weights are normalised to sum 1; in mode "pairwise" they are
the AHP priorities of their own six judgements. The criterion weights follow as in an
assessment: a pillar's weight times the framework's default weights within the pillar.

The group's item weights are the mean of the participants' normalised weights, except in mode
"pairwise", where AHP group practice aggregates the judgements, not the priorities: each pair's
value is the geometric mean of the participants' values for it (which keeps the group matrix
reciprocal), and the group's priorities are that matrix's AHP priorities."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

from ...content.bundle import ContentBundle
from ...domain.workshop import PairwiseAnswer, ParticipantInput, WeightingMode
from ..weighting import AhpOutcome, WeightError, ahp_weights, hierarchical_weights, normalise_weights, points_weights

Judgement = tuple[str, str, float]


def item_ids(bundle: ContentBundle, mode: WeightingMode) -> list[str]:
    """What participants weight in this mode, in the framework's order: pillar ids or criterion ids."""
    if mode in ("pillars", "pairwise"):
        return [pillar.id for pillar in bundle.framework.pillars]
    return list(bundle.criterion_ids)


def participant_judgements(answers: Sequence[PairwiseAnswer]) -> list[Judgement]:
    return [(answer.a, answer.b, answer.value) for answer in answers]


def participant_ahp(bundle: ContentBundle, participant: ParticipantInput) -> AhpOutcome:
    """A participant's own AHP outcome on the pillars; WeightError if a comparison is missing or repeated."""
    return ahp_weights(item_ids(bundle, "pairwise"), participant_judgements(participant.judgements))


def item_weights(bundle: ContentBundle, mode: WeightingMode, participant: ParticipantInput) -> dict[str, float]:
    """A participant's normalised item weights (sum 1), in the framework's order.

    Raises WeightError (with its code, as for an assessment) for input the mode cannot use:
    a missing or unknown item, all zero, points that do not add up to 100, missing comparisons.
    The service calls it on submission, so that a stored answer always aggregates."""
    items = item_ids(bundle, mode)
    if mode == "pairwise":
        return participant_ahp(bundle, participant).priorities
    if mode == "points":
        return points_weights(participant.weights, items)
    return normalise_weights(participant.weights, items)


def criterion_weights(bundle: ContentBundle, mode: WeightingMode, weights: Mapping[str, float]) -> dict[str, float]:
    """The criterion weights that item weights give (sum 1): pillar weights spread over each
    pillar's criteria by the framework's default weights, or the criterion weights themselves."""
    criterion_ids = list(bundle.criterion_ids)
    if mode in ("pillars", "pairwise"):
        pillar_of = {criterion.id: criterion.pillar for criterion in bundle.framework.criteria}
        return hierarchical_weights(weights, bundle.default_weights, pillar_of, criterion_ids)
    return normalise_weights(weights, criterion_ids)


def weight_matrix(weights: Sequence[Mapping[str, float]], items: Sequence[str]) -> np.ndarray:
    """Participants (rows) by items (columns)."""
    return np.array([[row[item] for item in items] for row in weights], dtype=float).reshape(len(weights), len(items))


def mean_weights(weights: Sequence[Mapping[str, float]], items: Sequence[str]) -> dict[str, float]:
    """The mean of normalised weights, renormalised against rounding so it sums to 1."""
    if not weights:
        raise WeightError("no participant's weights to aggregate", "no_participants")
    means = weight_matrix(weights, items).mean(axis=0)
    return normalise_weights(dict(zip(items, (float(v) for v in means))), items)


def median_weights(weights: Sequence[Mapping[str, float]], items: Sequence[str]) -> dict[str, float]:
    """Each item's median weight; the medians do not in general sum to 1."""
    if not weights:
        raise WeightError("no participant's weights to aggregate", "no_participants")
    medians = np.median(weight_matrix(weights, items), axis=0)
    return {item: float(value) for item, value in zip(items, medians)}


def geometric_mean_judgements(items: Sequence[str], judgements: Sequence[Sequence[Judgement]]) -> list[Judgement]:
    """One judgement per pair (items[i], items[j]), i < j: the geometric mean of every participant's
    value for that pair, whichever way round each participant put it (b over a by v is a over b by 1/v).

    The element-wise geometric mean of reciprocal matrices is reciprocal, and it stays on the
    Saaty range 1/9-9. Every participant must have compared every pair once."""
    if not judgements:
        raise WeightError("no participant's judgements to aggregate", "no_participants")
    position = {item: index for index, item in enumerate(items)}
    logs = np.zeros((len(items), len(items)))
    for given in judgements:
        seen = np.zeros((len(items), len(items)), dtype=bool)
        for a, b, value in given:
            if a not in position or b not in position:
                raise WeightError(f"pairwise comparison names unknown item {a if a not in position else b!r}", "ahp_unknown_item")
            i, j = position[a], position[b]
            if i == j or seen[i, j]:
                raise WeightError(f"{a} and {b} are compared more than once, or with themselves", "ahp_duplicate", a=a, b=b)
            seen[i, j] = seen[j, i] = True
            logs[i, j] += math.log(value)
            logs[j, i] -= math.log(value)
        missing = [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items)) if not seen[i, j]]
        if missing:
            raise WeightError("pairwise comparisons missing for: " + ", ".join(f"{a}/{b}" for a, b in missing), "ahp_missing", pairs=missing)
    means = np.exp(logs / len(judgements))
    return [(items[i], items[j], float(means[i, j])) for i in range(len(items)) for j in range(i + 1, len(items))]


def group_item_weights(
    bundle: ContentBundle,
    mode: WeightingMode,
    participants: Sequence[ParticipantInput],
    normalised: Sequence[Mapping[str, float]],
) -> tuple[dict[str, float], list[Judgement]]:
    """The group's item weights (sum 1) and, in mode "pairwise", the group's judgements they come from."""
    items = item_ids(bundle, mode)
    if mode != "pairwise":
        return mean_weights(normalised, items), []
    group = geometric_mean_judgements(items, [participant_judgements(p.judgements) for p in participants])
    return ahp_weights(items, group).priorities, group
