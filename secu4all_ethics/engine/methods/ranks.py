"""Ranks from scores, and how far two rankings agree."""

from __future__ import annotations

import numpy as np


def competition_ranks(scores: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """1-based ranks, best first; equal scores (within tolerance) share a rank ("1224")."""
    scores = np.asarray(scores, dtype=float)
    return 1 + (scores[None, :] > scores[:, None] + tolerance).sum(axis=1)


def placing_order(scores: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """Option indices best first. Options sharing a rank keep the order in which
    the assessment lists them: one rule for the ranking and the robustness figures,
    so float noise in tied scores never decides which of them is named first."""
    ranks = competition_ranks(scores, tolerance)
    return np.lexsort((np.arange(len(ranks)), ranks))


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's tau-b between two rankings (1 = same order, -1 = reversed); ties allowed."""
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    dx = np.sign(x[:, None] - x[None, :])
    dy = np.sign(y[:, None] - y[None, :])
    upper = np.triu_indices(len(x), k=1)
    dx, dy = dx[upper], dy[upper]
    concordance = float(np.sum(dx * dy))
    denominator = float(np.sqrt(np.sum(dx != 0) * np.sum(dy != 0)))
    return concordance / denominator if denominator > 0 else 1.0
