"""The reveal's charts, drawn by charts/workshop.py in the workshop's words and shown each with
the table of its numbers (ui/charts.show_chart)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from ..charts.workshop import first_choice_chart, rank_spread_chart, round_change_chart, weight_spread_chart
from ..content.bundle import ContentBundle
from ..domain.workshop import WeightingMode
from ..engine.group.results import RoundChange, RoundOutcome
from ..i18n import t
from ..wording.names import ResultNames
from ..wording.workshop_charts import chart_words
from .charts import show_chart
from .workshops import item_names


def chart_names(outcome: RoundOutcome, bundle: ContentBundle, language: str) -> dict[str, str]:
    """The names the charts give the items (pillars, criteria) and the card's options."""
    return item_names(bundle, language) | ResultNames.of(outcome.evaluation.options, bundle, language).options


def round_charts(
    outcome: RoundOutcome, bundle: ContentBundle, mode: WeightingMode, language: str, key: str, *, large: bool = False, compact: bool = False
) -> None:
    """The spread of the weights and who put which option first; the ranks' spread too, unless compact (a phone)."""
    words, names = chart_words(language, mode), chart_names(outcome, bundle, language)
    charts = {"spread": weight_spread_chart, "first_choices": first_choice_chart, "ranks": rank_spread_chart}
    for name, builder in charts.items():
        if compact and name == "ranks":
            continue
        st.subheader(t(f"workshop.reveal.{name}", language))
        figure, table = builder(outcome, names, words, large)
        show_chart(figure, table, key=f"{key}-{name}", own_type_size=large, numbers_folded=t("workshop.reveal.numbers", language) if compact else None)


def change_chart(
    before: RoundOutcome, after: RoundOutcome, change: RoundChange, bundle: ContentBundle, mode: WeightingMode, language: str, key: str, *, large: bool = False
) -> None:
    names: Mapping[str, str] = chart_names(after, bundle, language)
    figure, table = round_change_chart(before, after, change, names, chart_words(language, mode), large)
    show_chart(figure, table, key=f"{key}-change", own_type_size=large)
