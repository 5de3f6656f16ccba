"""Robustness figures for the result; secu4all_ethics.wording says them in plain language."""

from __future__ import annotations

import numpy as np

from ..methods.ranks import competition_ranks, placing_order
from ..results import AcceptabilityInfo, CriticalChangeInfo, Robustness, StabilityInfo, TornadoBar
from .acceptability import rank_acceptability
from .stability import critical_change, stability_intervals, tornado


def robustness(
    keys: list[str],
    criterion_ids: list[str],
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    weights: np.ndarray,
    scores: np.ndarray,
    settings,
    with_acceptability: bool = True,
) -> Robustness:
    order = placing_order(scores)
    first = int(order[0])
    ranks = competition_ranks(scores)
    tied = [keys[i] for i in order if ranks[i] == 1]

    intervals = stability_intervals(values, weights, first)
    change = None if len(tied) > 1 else critical_change(values, weights, first)
    at_limit = None
    if change is not None and change.at_limit:
        # Drawing level at a weight of 0 % or 100 % is no overtaking: no threshold to report, only the limit.
        change, at_limit = None, _change_info(change, keys, criterion_ids, first)

    acceptability = _acceptability(keys, values, low, high, weights, first, settings) if with_acceptability else None
    bars = sorted(tornado(values, weights, first), key=lambda bar: -abs(bar[4] - bar[3]))
    return Robustness(
        top_option=keys[first],
        tied_for_first=tied if len(tied) > 1 else [],
        stability=[StabilityInfo(criterion=criterion_ids[i.criterion_index], weight=i.weight, lower=i.lower, upper=i.upper) for i in intervals],
        critical_change=None if change is None else _change_info(change, keys, criterion_ids, first),
        change_at_limit=at_limit,
        acceptability=acceptability,
        tornado_option=keys[first],
        tornado=[
            TornadoBar(
                criterion=criterion_ids[k],
                weight=float(weights[k]),
                weight_low=w_low,
                weight_high=w_high,
                score_low=s_low,
                score_high=s_high,
            )
            for k, w_low, w_high, s_low, s_high in bars
        ],
    )


def _change_info(change, keys, criterion_ids, first) -> CriticalChangeInfo:
    return CriticalChangeInfo(
        criterion=criterion_ids[change.criterion_index],
        current_weight=change.weight,
        threshold_weight=change.threshold,
        direction=change.direction,
        first=keys[first],
        runner_up=keys[change.challenger],
    )


def _acceptability(keys, values, low, high, weights, first, settings) -> AcceptabilityInfo:
    outcome = rank_acceptability(values, low, high, weights, samples=settings.samples, concentration=settings.concentration, seed=settings.seed)
    confidence = float(outcome.rank_probabilities[first, 0])
    return AcceptabilityInfo(
        samples=outcome.samples,
        seed=outcome.seed,
        concentration=outcome.concentration,
        rank_probabilities={k: [float(p) for p in outcome.rank_probabilities[i]] for i, k in enumerate(keys)},
        first_choice=keys[first],
        first_choice_confidence=confidence,
    )
