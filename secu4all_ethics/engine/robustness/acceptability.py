"""Rank acceptability: how often each option takes each rank when the weights
and the scores are varied within what the assessment allows.

Weights are drawn from a Dirichlet distribution centred on the chosen weights
(alpha = concentration x weight; a larger concentration keeps draws closer).
Each score with a low-high range is drawn from a triangular distribution on
that range with its mode at the given value (inverse-CDF sampling at 16-bit
resolution); scores without a range stay fixed. Seeded, so the same inputs
give the same figures.

Ties share: when options score exactly the same in a sample, they split the
ranks they occupy equally (two options tied for first each count half a first
and half a second place), so no option wins a tie for being listed first.
Options whose scores on the weighted criteria are the same and fixed are tied
in every sample; their sampled scores are made identical to the last bit, so
floating-point noise cannot break the tie.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

DEFAULT_SAMPLES = 10_000
DEFAULT_CONCENTRATION = 100.0
DEFAULT_SEED = 20_231
_CHUNK = 2_500


@dataclass(frozen=True)
class AcceptabilityOutcome:
    rank_probabilities: np.ndarray  # (options, ranks)
    samples: int
    concentration: float
    seed: int


_LEVELS = 1 << 16  # uniforms at 16-bit resolution: 65,536 quantiles per score shape


def _offset_table(low: float, mode: float, high: float) -> np.ndarray:
    """Triangular(low, mode, high) minus the mode, at the midpoints of 65,536 equal
    probability bins: sampling a bin uniformly is inverse-CDF sampling with a
    quantisation far below the Monte Carlo error (1 / sqrt(samples))."""
    u = (np.arange(_LEVELS) + 0.5) / _LEVELS
    width = high - low
    split = (mode - low) / width
    left = low + np.sqrt(u * width * (mode - low))
    right = high - np.sqrt((1.0 - u) * width * (high - mode))
    return (np.where(u < split, left, right) - mode).astype(np.float32)


def _uniform_levels(rng: np.random.Generator, shape: tuple[int, int]) -> np.ndarray:
    """Independent uniform integers in [0, 65536), four from each 64-bit draw."""
    count = shape[0] * shape[1]
    raw = rng.bit_generator.random_raw((count + 3) // 4)
    return raw.view(np.uint16)[:count].reshape(shape)


def rank_acceptability(
    values: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    weights: np.ndarray,
    samples: int = DEFAULT_SAMPLES,
    concentration: float = DEFAULT_CONCENTRATION,
    seed: int = DEFAULT_SEED,
) -> AcceptabilityOutcome:
    values = np.asarray(values, dtype=float)
    low = np.asarray(low, dtype=float)
    high = np.asarray(high, dtype=float)
    weights = np.asarray(weights, dtype=float)
    if samples < 1:
        raise ValueError("the number of samples must be positive")
    if not concentration > 0:
        raise ValueError("the concentration must be positive")
    m, n = values.shape
    rng = np.random.default_rng(seed)
    positive = np.flatnonzero(weights > 0)
    alpha = (concentration * weights[positive]).astype(np.float32)
    values_t = values[:, positive].T.astype(np.float32)  # (positive criteria, options)

    # Only scores with a range are sampled (zero-weight criteria cannot move a
    # score). Cells are grouped by the shape of their range, so each group reads
    # one small inverse-CDF table.
    ranged = np.argwhere((high > low) & (weights > 0)[None, :])
    shapes = np.stack([low[ranged[:, 0], ranged[:, 1]], values[ranged[:, 0], ranged[:, 1]], high[ranged[:, 0], ranged[:, 1]]], axis=1)
    shapes = shapes - shapes[:, 1:2]  # (low, mode, high) relative to the mode
    unique_shapes, shape_of = np.unique(shapes, axis=0, return_inverse=True) if len(ranged) else (np.empty((0, 3)), np.empty(0, int))
    order = np.argsort(shape_of, kind="stable")
    ranged, shape_of = ranged[order], np.asarray(shape_of).reshape(-1)[order]
    tables = [_offset_table(*shape) for shape in unique_shapes]
    bounds = np.searchsorted(shape_of, np.arange(len(unique_shapes) + 1))

    column_of = np.full(n, -1)
    column_of[positive] = np.arange(len(positive))
    # One-hot matrices turn "the weight of each cell's criterion" and "add each
    # cell to its option" into matrix products, far cheaper than fancy indexing.
    weight_of_cell = np.zeros((len(positive), len(ranged)), dtype=np.float32)
    weight_of_cell[column_of[ranged[:, 1]], np.arange(len(ranged))] = 1.0
    option_of_cell = np.zeros((len(ranged), m), dtype=np.float32)
    option_of_cell[np.arange(len(ranged)), ranged[:, 0]] = 1.0
    flat_rank = np.arange(m)
    twin_of = _fixed_twins(values[:, positive], np.isin(np.arange(m), ranged[:, 0]))

    counts = np.zeros(m * m, dtype=np.int64)
    shared = np.zeros((m, m))
    done = 0
    while done < samples:
        size = min(_CHUNK, samples - done)
        drawn = rng.standard_gamma(alpha, size=(size, len(positive)), dtype=np.float32)
        drawn /= drawn.sum(axis=1, keepdims=True)
        scores = drawn @ values_t
        if len(ranged):
            levels = _uniform_levels(rng, (size, len(ranged)))
            offsets = np.empty((size, len(ranged)), dtype=np.float32)
            for table, start, stop in zip(tables, bounds[:-1], bounds[1:]):
                offsets[:, start:stop] = table[levels[:, start:stop]]
            offsets *= drawn @ weight_of_cell
            scores += offsets @ option_of_cell
        if twin_of is not None:
            scores = scores[:, twin_of]
        ranking = np.argsort(-scores, axis=1)  # ranking[s, r] = the option in rank r
        ordered = np.take_along_axis(scores, ranking, axis=1)
        tied = np.any(ordered[:, 1:] == ordered[:, :-1], axis=1)
        counts += np.bincount((ranking[~tied] * m + flat_rank).ravel(), minlength=m * m)
        if tied.any():
            shared += _shared_ranks(scores[tied])
        done += size
    return AcceptabilityOutcome((counts.reshape(m, m) + shared) / samples, samples, concentration, seed)


def _fixed_twins(values: np.ndarray, ranged: np.ndarray) -> np.ndarray | None:
    """For each option, the first option with the same fixed scores (itself if none); None when all differ."""
    twin_of = np.arange(len(values))
    for i in range(len(values)):
        if ranged[i]:
            continue
        for j in range(i):
            if not ranged[j] and twin_of[j] == j and np.array_equal(values[i], values[j]):
                twin_of[i] = j
                break
    return None if np.array_equal(twin_of, np.arange(len(values))) else twin_of


def _shared_ranks(scores: np.ndarray) -> np.ndarray:
    """(options, ranks) totals over samples, each group of equal scores sharing its ranks equally."""
    m = scores.shape[1]
    better = (scores[:, None, :] > scores[:, :, None]).sum(axis=2)  # [s, i] = options ahead of i
    equal = (scores[:, None, :] == scores[:, :, None]).sum(axis=2)  # [s, i] = options level with i, i included
    rank = np.arange(m)
    occupies = (rank >= better[..., None]) & (rank < (better + equal)[..., None])
    return (occupies / equal[..., None]).sum(axis=0)
