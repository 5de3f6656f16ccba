"""Does the method change the answer? The same options under TOPSIS and
PROMETHEE II beside the weighted sum, with where they disagree."""

from __future__ import annotations

import numpy as np

from .methods.promethee import PrometheeOutcome, promethee_ii
from .methods.ranks import competition_ranks, kendall_tau_b
from .methods.topsis import TopsisOutcome, topsis
from .results import CrossCheck, MethodRanking

DEFAULT_LINEAR_THRESHOLD = 2.0


def cross_check(
    keys: list[str],
    values: np.ndarray,
    weights: np.ndarray,
    weighted_sum_scores: np.ndarray,
    threshold: float = DEFAULT_LINEAR_THRESHOLD,
) -> tuple[CrossCheck, TopsisOutcome, PrometheeOutcome, PrometheeOutcome]:
    topsis_outcome = topsis(values, weights)
    usual = promethee_ii(values, weights, "usual")
    linear = promethee_ii(values, weights, "linear", threshold)
    reference_ranks = competition_ranks(weighted_sum_scores)
    rankings = []
    for method, scores in (
        ("weighted_sum", weighted_sum_scores),
        ("topsis", topsis_outcome.closeness),
        ("promethee_ii_usual", usual.net_flow),
        ("promethee_ii_linear", linear.net_flow),
    ):
        ranks = competition_ranks(scores)
        rankings.append(
            MethodRanking(
                method=method,
                scores={k: float(v) for k, v in zip(keys, scores)},
                ranks={k: int(r) for k, r in zip(keys, ranks)},
                first=[k for k, r in zip(keys, ranks) if r == 1],
                agreement_with_weighted_sum=kendall_tau_b(reference_ranks, ranks),
            )
        )
    first_sets = [tuple(sorted(r.first)) for r in rankings]
    same_first = len(set(first_sets)) == 1
    differently = [k for k in keys if len({r.ranks[k] for r in rankings}) > 1]
    return (
        CrossCheck(
            methods=rankings,
            same_first_choice=same_first,
            options_ranked_differently=differently,
            promethee_linear_threshold=threshold,
        ),
        topsis_outcome,
        usual,
        linear,
    )
