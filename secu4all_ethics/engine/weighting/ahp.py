"""Analytic Hierarchy Process: weights from pairwise comparisons.

Saaty's principal-eigenvector method. The consistency ratio compares the
consistency index (lambda_max - n) / (n - 1) with the mean index of random
matrices (Saaty's Random Index table); above 0.10 the judgements should be
revised, and the pairs that disagree most with the derived weights are named.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import WeightError

# Saaty, T. L. (1980). The Analytic Hierarchy Process. McGraw-Hill: random
# consistency index by matrix size n = 1..15.
RANDOM_INDEX_TABLE_NAME = "Saaty (1980) random index, n = 1-15"
RANDOM_INDEX = (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59)
CONSISTENCY_THRESHOLD = 0.10
SAATY_SCALE = tuple([1 / v for v in range(9, 1, -1)] + list(range(1, 10)))


@dataclass(frozen=True)
class InconsistentPair:
    a: str
    b: str
    given: float
    implied: float
    suggested: float
    deviation: float


@dataclass(frozen=True)
class AhpOutcome:
    items: tuple[str, ...]
    matrix: np.ndarray
    priorities: dict[str, float]
    lambda_max: float
    consistency_index: float
    random_index: float
    consistency_ratio: float
    inconsistent_pairs: tuple[InconsistentPair, ...]

    @property
    def acceptable(self) -> bool:
        return self.consistency_ratio <= CONSISTENCY_THRESHOLD


def comparison_matrix(items: list[str], judgements: list[tuple[str, str, float]]) -> np.ndarray:
    """Build the reciprocal matrix from judgements (a, b, v): a is v times as important as b."""
    index = {item: position for position, item in enumerate(items)}
    n = len(items)
    matrix = np.ones((n, n))
    given: set[frozenset[str]] = set()
    for a, b, value in judgements:
        for item in (a, b):
            if item not in index:
                raise WeightError(f"pairwise comparison names unknown item {item!r}", "ahp_unknown_item", item=item)
        if a == b:
            raise WeightError(f"{a} is compared with itself", "ahp_self", a=a)
        pair = frozenset((a, b))
        if pair in given:
            raise WeightError(f"{a} and {b} are compared more than once", "ahp_duplicate", a=a, b=b)
        if not np.isfinite(value) or not (1 / 9 - 1e-9 <= value <= 9 + 1e-9):
            raise WeightError(f"the comparison of {a} with {b} must lie between 1/9 and 9 (got {value})", "ahp_out_of_range", a=a, b=b, value=value)
        given.add(pair)
        matrix[index[a], index[b]] = value
        matrix[index[b], index[a]] = 1.0 / value
    missing = [(items[i], items[j]) for i in range(n) for j in range(i + 1, n) if frozenset((items[i], items[j])) not in given]
    if missing:
        listed = ", ".join(f"{a}/{b}" for a, b in missing)
        raise WeightError(f"pairwise comparisons missing for: {listed}", "ahp_missing", pairs=missing)
    return matrix


def ahp_weights(items: list[str], judgements: list[tuple[str, str, float]], top_pairs: int = 3) -> AhpOutcome:
    n = len(items)
    if n < 2:
        raise WeightError("pairwise comparison needs at least two items", "ahp_too_few")
    if n > len(RANDOM_INDEX):
        raise WeightError(f"pairwise comparison supports at most {len(RANDOM_INDEX)} items (got {n})", "ahp_too_many", limit=len(RANDOM_INDEX), count=n)
    matrix = comparison_matrix(items, judgements)
    eigenvalues, eigenvectors = np.linalg.eig(matrix)
    principal = int(np.argmax(eigenvalues.real))
    lambda_max = float(eigenvalues[principal].real)
    vector = np.abs(eigenvectors[:, principal].real)
    priorities = vector / vector.sum()
    consistency_index = max(0.0, (lambda_max - n) / (n - 1))
    random_index = RANDOM_INDEX[n - 1]
    consistency_ratio = consistency_index / random_index if random_index > 0 else 0.0

    implied = priorities[:, None] / priorities[None, :]
    deviation = np.abs(np.log(matrix / implied))
    pairs = []
    for i in range(n):
        for j in range(i + 1, n):
            suggested = min(SAATY_SCALE, key=lambda v: abs(np.log(v) - np.log(implied[i, j])))
            pairs.append(InconsistentPair(items[i], items[j], float(matrix[i, j]), float(implied[i, j]), float(suggested), float(deviation[i, j])))
    pairs.sort(key=lambda pair: -pair.deviation)
    return AhpOutcome(
        items=tuple(items),
        matrix=matrix,
        priorities={item: float(p) for item, p in zip(items, priorities)},
        lambda_max=lambda_max,
        consistency_index=consistency_index,
        random_index=random_index,
        consistency_ratio=consistency_ratio,
        inconsistent_pairs=tuple(pairs[:top_pairs]),
    )
