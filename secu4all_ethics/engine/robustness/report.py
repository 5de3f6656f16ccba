"""Robustness figures for the result, with their plain-language statements."""

from __future__ import annotations

import numpy as np

from ...i18n import format_percent, format_number, t
from ..methods.ranks import competition_ranks, placing_order
from ..results import AcceptabilityInfo, CriticalChangeInfo, Robustness, StabilityInfo, TornadoBar
from .acceptability import rank_acceptability
from .stability import critical_change, stability_intervals, tornado


def robustness(
    keys: list[str],
    names: dict[str, str],
    criterion_ids: list[str],
    criterion_names: dict[str, str],
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    weights: np.ndarray,
    scores: np.ndarray,
    settings,
    language: str,
    with_acceptability: bool = True,
) -> Robustness:
    order = placing_order(scores)
    first, second = int(order[0]), int(order[1])
    ranks = competition_ranks(scores)
    tied = [keys[i] for i in order if ranks[i] == 1]

    intervals = stability_intervals(values, weights, first)
    change = None if len(tied) > 1 else critical_change(values, weights, first)
    if len(tied) > 1:
        statement = t("engine.robustness.tie", language, first=names[keys[first]], second=names[keys[second]])
    elif change is None:
        statement = t("engine.robustness.holds_always", language, first=names[keys[first]])
    elif change.at_limit:
        # Drawing level at a weight of 0 % or 100 % is no overtaking: no threshold to report.
        statement = t(
            "engine.robustness.holds_except_limit",
            language,
            first=names[keys[first]],
            second=names[keys[change.challenger]],
            criterion=criterion_names[criterion_ids[change.criterion_index]],
            limit=format_percent(change.threshold, language),
        )
        change = None
    else:
        statement = t(
            "engine.robustness.holds_unless",
            language,
            first=names[keys[first]],
            second=names[keys[change.challenger]],
            criterion=criterion_names[criterion_ids[change.criterion_index]],
            direction=t(f"engine.robustness.direction.{change.direction}", language),
            threshold=format_percent(change.threshold, language),
            current=format_percent(change.weight, language),
        )

    acceptability = _acceptability(keys, names, values, low, high, weights, first, settings, language) if with_acceptability else None
    bars = sorted(tornado(values, weights, first), key=lambda bar: -abs(bar[4] - bar[3]))
    return Robustness(
        top_option=keys[first],
        tied_for_first=tied if len(tied) > 1 else [],
        stability=[
            StabilityInfo(criterion=criterion_ids[i.criterion_index], weight=i.weight, lower=i.lower, upper=i.upper)
            for i in intervals
        ],
        critical_change=None
        if change is None
        else CriticalChangeInfo(
            criterion=criterion_ids[change.criterion_index],
            current_weight=change.weight,
            threshold_weight=change.threshold,
            direction=change.direction,
            first=keys[first],
            runner_up=keys[change.challenger],
        ),
        statement=statement,
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


def _acceptability(keys, names, values, low, high, weights, first, settings, language) -> AcceptabilityInfo:
    outcome = rank_acceptability(
        values, low, high, weights, samples=settings.samples, concentration=settings.concentration, seed=settings.seed
    )
    confidence = float(outcome.rank_probabilities[first, 0])
    return AcceptabilityInfo(
        samples=outcome.samples,
        seed=outcome.seed,
        concentration=outcome.concentration,
        score_sampling=t("engine.robustness.score_sampling", language),
        rank_probabilities={k: [float(p) for p in outcome.rank_probabilities[i]] for i, k in enumerate(keys)},
        first_choice=keys[first],
        first_choice_confidence=confidence,
        statement=t(
            "engine.robustness.acceptability",
            language,
            samples=format_number(outcome.samples, language, decimals=0),
            first=names[keys[first]],
            share=format_percent(confidence, language),
        ),
    )
