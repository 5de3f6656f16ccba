"""The words of a workshop's charts (charts/workshop.py), in the workshop's language.

Shared by the reveal on screen and the debrief, so that both call a figure the same."""

from __future__ import annotations

from dataclasses import fields

from ..charts.workshop import WorkshopChartWords
from ..domain.workshop import WeightingMode
from ..i18n import t


def chart_words(language: str, mode: WeightingMode) -> WorkshopChartWords:
    """The charts' words; the items are pillars or criteria, as the participants weighted them (mode)."""
    item = "pillar" if mode in ("pillars", "pairwise") else "criterion"
    words = {field.name: t(f"debrief.chart.{field.name}", language) for field in fields(WorkshopChartWords) if field.name not in ("language", "item")}
    return WorkshopChartWords(language=language, item=t(f"debrief.chart.item.{item}", language), **words)
