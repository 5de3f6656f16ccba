"""The reveal's charts, drawn by charts/workshop.py and shown with their data (ui/charts.show_chart)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ..content.bundle import ContentBundle
from ..i18n import format_percent, t
from .workshops import item_names


def spread_table(outcome: Any, bundle: ContentBundle, language: str) -> pd.DataFrame:
    names = item_names(bundle, language)
    return pd.DataFrame(
        {
            t("workshop.reveal.item", language): [names.get(s.item, s.item) for s in outcome.spreads],
            t("workshop.reveal.median", language): [format_percent(s.median, language) for s in outcome.spreads],
            t("workshop.reveal.quartiles", language): [
                f"{format_percent(s.quartile_1, language)} – {format_percent(s.quartile_3, language)}" for s in outcome.spreads
            ],
            t("workshop.reveal.range", language): [f"{format_percent(s.minimum, language)} – {format_percent(s.maximum, language)}" for s in outcome.spreads],
        }
    )


def round_charts(outcome: Any, bundle: ContentBundle, language: str, key: str, *, compact: bool = False) -> None:
    st.subheader(t("workshop.reveal.spread", language))
    st.dataframe(spread_table(outcome, bundle, language), key=f"{key}-spread", hide_index=True, width="stretch")
