"""A workshop's group results: each participant's weights and ranking, the group's aggregated
weights through the engine and legal gates, consensus and dispersion, and debate prompts.
Facts only (ids, codes, numbers); secu4all_ethics.wording.workshop says them."""

from __future__ import annotations

from .aggregate import criterion_weights, geometric_mean_judgements, item_ids, item_weights
from .change import round_change
from .consensus import kendalls_w
from .levels import starting_levels
from .outcome import median_item_weights, round_outcome

__all__ = [
    "criterion_weights",
    "geometric_mean_judgements",
    "item_ids",
    "item_weights",
    "kendalls_w",
    "median_item_weights",
    "round_change",
    "round_outcome",
    "starting_levels",
]
