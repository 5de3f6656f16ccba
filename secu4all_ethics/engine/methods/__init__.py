"""The decision methods, declared once.

The weighted sum on the fixed 1-5 scale ranks the options (engine/evaluate.py
computes it, with each criterion's contribution). The methods declared in
CROSS_CHECKS rank the same options again, to show whether the method changes
the answer: engine/crosscheck.py runs each, engine/evaluate.py adds each one's
explanation tables to the result, and the results page and the report show
whatever methods the result holds.

To add a method: its module here (values and weights in, an outcome out), one
CrossCheckMethod below, and its texts in the four catalogs: wording.method.<id>
(its name in the result; {threshold} is the PROMETHEE linear threshold),
results.method.<id> (its short name on the charts), and wording.table.<table id>
for each explanation table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from .promethee import PrometheeOutcome, promethee_ii
from .topsis import TopsisOutcome, topsis

# The method that ranks; every other method's agreement is measured against it.
REFERENCE_METHOD = "weighted_sum"


@dataclass(frozen=True)
class ExplainStep:
    """One explanation table of a method: its id (wording.table.<id>), its row and column ids, its numbers."""

    table_id: str
    rows: list[str]
    columns: list[str]
    values: Any


@dataclass(frozen=True)
class CrossCheckMethod:
    id: str  # MethodRanking.method in the result
    run: Callable[[np.ndarray, np.ndarray, float], Any]  # values (options x criteria), weights, linear threshold -> outcome
    scores: Callable[[Any], np.ndarray]  # the outcome's score per option, higher ranks first
    explain: Callable[[Any, list[str], list[str]], list[ExplainStep]]  # outcome, option keys, criterion ids
    # Tables with a row and a column per option: the report shows them for the best-ranked options only.
    pairwise_tables: tuple[str, ...] = ()


def _topsis_steps(outcome: TopsisOutcome, keys: list[str], criterion_ids: list[str]) -> list[ExplainStep]:
    return [
        ExplainStep("topsis.normalised", keys, criterion_ids, outcome.normalised),
        ExplainStep("topsis.weighted", keys, criterion_ids, outcome.weighted),
        ExplainStep("topsis.ideal", ["ideal", "anti_ideal"], criterion_ids, [outcome.ideal, outcome.anti_ideal]),
        ExplainStep(
            "topsis.closeness",
            keys,
            ["d_plus", "d_minus", "closeness"],
            np.column_stack([outcome.distance_to_ideal, outcome.distance_to_anti_ideal, outcome.closeness]),
        ),
    ]


def _promethee_steps(prefix: str) -> Callable[[PrometheeOutcome, list[str], list[str]], list[ExplainStep]]:
    def steps(outcome: PrometheeOutcome, keys: list[str], criterion_ids: list[str]) -> list[ExplainStep]:
        return [
            ExplainStep(f"{prefix}.preference", keys, keys, outcome.preference_index),
            ExplainStep(
                f"{prefix}.flows",
                keys,
                ["phi_plus", "phi_minus", "phi"],
                np.column_stack([outcome.positive_flow, outcome.negative_flow, outcome.net_flow]),
            ),
        ]

    return steps


CROSS_CHECKS: tuple[CrossCheckMethod, ...] = (
    CrossCheckMethod(
        "topsis",
        run=lambda values, weights, threshold: topsis(values, weights),
        scores=lambda outcome: outcome.closeness,
        explain=_topsis_steps,
    ),
    CrossCheckMethod(
        "promethee_ii_usual",
        run=lambda values, weights, threshold: promethee_ii(values, weights, "usual"),
        scores=lambda outcome: outcome.net_flow,
        explain=_promethee_steps("promethee_usual"),
        pairwise_tables=("promethee_usual.preference",),
    ),
    CrossCheckMethod(
        "promethee_ii_linear",
        run=lambda values, weights, threshold: promethee_ii(values, weights, "linear", threshold),
        scores=lambda outcome: outcome.net_flow,
        explain=_promethee_steps("promethee_linear"),
        pairwise_tables=("promethee_linear.preference",),
    ),
)

METHOD_IDS: tuple[str, ...] = (REFERENCE_METHOD, *(method.id for method in CROSS_CHECKS))
PAIRWISE_TABLES: tuple[str, ...] = tuple(table for method in CROSS_CHECKS for table in method.pairwise_tables)

if TYPE_CHECKING:
    MethodId = str  # one of METHOD_IDS
else:
    MethodId = Literal[METHOD_IDS]  # a ranking's method in the result (and its JSON Schema)
