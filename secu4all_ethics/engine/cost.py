"""Yearly total cost of ownership and the cost criterion derived from it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..domain.content import CostBand, CostChange, CostModel


@dataclass(frozen=True)
class YearlyCost:
    capital_share_eur: float
    operating_eur: float
    staff_eur: float

    @property
    def total_eur(self) -> float:
        return self.capital_share_eur + self.operating_eur + self.staff_eur


def yearly_cost(model: CostModel, staff_yearly_cost_eur: float, changes: Sequence[CostChange] = ()) -> YearlyCost:
    """capital / lifetime + yearly operating + FTE x staff cost, after the
    configurations' cost changes; a change never drives a component below zero."""
    capital = max(0.0, model.capital_cost_eur + sum(c.capital_cost_eur for c in changes))
    operating = max(0.0, model.yearly_operating_cost_eur + sum(c.yearly_operating_cost_eur for c in changes))
    staff_fte = max(0.0, model.staff_fte + sum(c.staff_fte for c in changes))
    return YearlyCost(
        capital_share_eur=capital / model.lifetime_years,
        operating_eur=operating,
        staff_eur=staff_fte * staff_yearly_cost_eur,
    )


def cost_band_score(total_eur: float, bands: list[CostBand]) -> int:
    for band in bands:
        if band.up_to_eur is None or total_eur <= band.up_to_eur:
            return band.score
    raise ValueError("the last cost band must be open-ended")  # guarded by CostSettings validation
