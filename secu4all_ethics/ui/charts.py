"""Charts on the screens: every chart shown with its data as a table beside it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..charts.style import PALETTE, SEQUENTIAL, styled  # noqa: F401 - the pages' import point


def show_chart(figure: go.Figure, table: pd.DataFrame, key: str, table_caption: str | None = None, height: int | None = None) -> None:
    """The chart (at the figure's own height unless given), and beside it (below on narrow screens) the data it draws, all rows visible."""
    chart_column, table_column = st.columns([3, 2])
    with chart_column:
        st.plotly_chart(styled(figure, height), key=key, width="stretch", config={"displaylogo": False})
    with table_column:
        if table_caption:
            st.caption(table_caption)
        rows_height = 38 + 35 * len(table)
        st.dataframe(table, key=f"{key}-table", width="stretch", hide_index=True, height=min(max(rows_height, 80), 700))
