"""Workshop round outcomes built by hand for the chart and debrief tests, until the engine's
round_outcome (wt-16-engine) gives them: the participants' weights and ranks are chosen here, the
spreads follow from them (numpy's linear quartiles, population standard deviation)."""

from __future__ import annotations

import statistics

import numpy as np

from secu4all_ethics import evaluate, load_assessment
from secu4all_ethics.engine.group.results import ItemSpread, OptionSpread, ParticipantOutcome, RoundChange, RoundOutcome
from tests.conftest import EXAMPLES_DIR

PILLARS = ("effectiveness", "privacy", "legality", "cost")
# The Christmas market's options a card would keep: four ranked, live facial recognition excluded by its gates.
CARD_OPTIONS = ("hvm_street_furniture", "crowd_counting_edge", "guardians_stewards", "live_facial_recognition", "do_nothing")

ROUND_1_WEIGHTS = {
    "Alix": {"effectiveness": 0.40, "privacy": 0.30, "legality": 0.20, "cost": 0.10},
    "Bea": {"effectiveness": 0.10, "privacy": 0.50, "legality": 0.20, "cost": 0.20},
    "Chen": {"effectiveness": 0.25, "privacy": 0.25, "legality": 0.25, "cost": 0.25},
}
# Each participant's ranks of the four ranked options.
ROUND_1_RANKS = {
    "Alix": {"hvm_street_furniture": 1, "crowd_counting_edge": 2, "guardians_stewards": 3, "do_nothing": 4},
    "Bea": {"guardians_stewards": 1, "hvm_street_furniture": 2, "crowd_counting_edge": 3, "do_nothing": 4},
    "Chen": {"hvm_street_furniture": 1, "guardians_stewards": 2, "crowd_counting_edge": 3, "do_nothing": 4},
}
ROUND_2_WEIGHTS = {
    "Alix": {"effectiveness": 0.30, "privacy": 0.35, "legality": 0.20, "cost": 0.15},
    "Bea": {"effectiveness": 0.20, "privacy": 0.40, "legality": 0.20, "cost": 0.20},
    "Chen": {"effectiveness": 0.25, "privacy": 0.35, "legality": 0.25, "cost": 0.15},
}
ROUND_2_RANKS = {
    "Alix": {"hvm_street_furniture": 1, "guardians_stewards": 2, "crowd_counting_edge": 3, "do_nothing": 4},
    "Bea": {"guardians_stewards": 1, "hvm_street_furniture": 2, "crowd_counting_edge": 3, "do_nothing": 4},
    "Chen": {"hvm_street_furniture": 1, "guardians_stewards": 2, "crowd_counting_edge": 3, "do_nothing": 4},
}


def card_evaluation(bundle):
    assessment = load_assessment(EXAMPLES_DIR / "christmas_market.yaml")
    assessment.options = [option for option in assessment.options if option.key in CARD_OPTIONS]
    return evaluate(assessment, bundle)


def hand_outcome(bundle, weights: dict[str, dict[str, float]], ranks: dict[str, dict[str, int]], round_number: int = 1, **overrides) -> RoundOutcome:
    evaluation = card_evaluation(bundle)
    pseudonyms = sorted(weights)
    participants = [
        ParticipantOutcome(
            pseudonym=name,
            weights=weights[name],
            criterion_weights={},
            top_option=min(ranks[name], key=ranks[name].__getitem__),
            ranks=ranks[name],
        )
        for name in pseudonyms
    ]
    spreads = []
    for item in PILLARS:
        values = [weights[name][item] for name in pseudonyms]
        q1, q3 = np.percentile(values, [25, 75])
        spreads.append(
            ItemSpread(
                item=item,
                mean=statistics.fmean(values),
                median=statistics.median(values),
                minimum=min(values),
                maximum=max(values),
                quartile_1=q1,
                quartile_3=q3,
                interquartile_range=q3 - q1,
                standard_deviation=statistics.pstdev(values),
            )
        )
    ranked = list(ranks[pseudonyms[0]])
    options = [
        OptionSpread(
            option=option,
            first_share=sum(ranks[name][option] == 1 for name in pseudonyms) / len(pseudonyms),
            rank_mean=statistics.fmean(ranks[name][option] for name in pseudonyms),
            rank_min=min(ranks[name][option] for name in pseudonyms),
            rank_max=max(ranks[name][option] for name in pseudonyms),
            rank_standard_deviation=statistics.pstdev([ranks[name][option] for name in pseudonyms]),
        )
        for option in ranked
    ]
    by_spread = sorted(spreads, key=lambda spread: -spread.interquartile_range)
    data = dict(
        round=round_number,
        items=list(PILLARS),
        participants=participants,
        group_item_weights={item: statistics.fmean(weights[name][item] for name in pseudonyms) for item in PILLARS},
        group_criterion_weights=evaluation.weights,
        evaluation=evaluation,
        spreads=spreads,
        kendalls_w=0.42,
        contested_items=[spread.item for spread in by_spread[:2]],
        options=options,
        most_variable_options=[spread.option for spread in sorted(options, key=lambda spread: -spread.rank_standard_deviation)[:1]],
        excluded_options=list(evaluation.excluded),
        prompts=[],
    )
    data.update(overrides)
    return RoundOutcome(**data)


def hand_change(before: RoundOutcome, after: RoundOutcome, kendalls_w_after: float = 0.61) -> RoundChange:
    both = {p.pseudonym: p for p in before.participants}
    mean_change = {
        item: statistics.fmean(abs(p.weights[item] - both[p.pseudonym].weights[item]) for p in after.participants if p.pseudonym in both)
        for item in after.items
    }
    return RoundChange(
        moves=[],
        mean_absolute_change=mean_change,
        kendalls_w_before=before.kendalls_w,
        kendalls_w_after=kendalls_w_after,
        consensus="grew" if kendalls_w_after > (before.kendalls_w or 0) else "fell",
        group_first_before=before.evaluation.ranking[0],
        group_first_after=after.evaluation.ranking[0],
    )
