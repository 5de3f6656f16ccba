"""Charts for the screens: a colour-blind-safe palette, and every chart shown
with its data as a table beside it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common form of colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe


def styled(figure: go.Figure, height: int = 380) -> go.Figure:
    figure.update_layout(
        colorway=PALETTE,
        height=height,
        margin=dict(l=10, r=10, t=40, b=10),
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=13),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    return figure


def show_chart(
    figure: go.Figure, table: pd.DataFrame, key: str, table_caption: str | None = None, height: int = 380
) -> None:
    """The chart, and beside it (below on narrow screens) the data it draws, all rows visible."""
    chart_column, table_column = st.columns([3, 2])
    with chart_column:
        st.plotly_chart(styled(figure, height), key=key, width="stretch", config={"displaylogo": False})
    with table_column:
        if table_caption:
            st.caption(table_caption)
        rows_height = 38 + 35 * len(table)
        st.dataframe(table, key=f"{key}-table", width="stretch", hide_index=True, height=min(max(rows_height, 80), 700))
