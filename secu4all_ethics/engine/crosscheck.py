"""Does the method change the answer? The same options under every method of
methods.CROSS_CHECKS (TOPSIS, PROMETHEE II) beside the weighted sum, with where they disagree."""

from __future__ import annotations

from typing import Any

import numpy as np

from . import methods
from .methods.ranks import competition_ranks, kendall_tau_b
from .results import CrossCheck, MethodRanking

DEFAULT_LINEAR_THRESHOLD = 2.0


def cross_check(
    keys: list[str],
    values: np.ndarray,
    weights: np.ndarray,
    weighted_sum_scores: np.ndarray,
    threshold: float = DEFAULT_LINEAR_THRESHOLD,
) -> tuple[CrossCheck, dict[str, Any]]:
    """The cross-check, and each method's outcome by method id (for its explanation tables)."""
    outcomes = {method.id: method.run(values, weights, threshold) for method in methods.CROSS_CHECKS}
    reference_ranks = competition_ranks(weighted_sum_scores)
    rankings = []
    for method, scores in (
        (methods.REFERENCE_METHOD, weighted_sum_scores),
        *((method.id, method.scores(outcomes[method.id])) for method in methods.CROSS_CHECKS),
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
        outcomes,
    )
