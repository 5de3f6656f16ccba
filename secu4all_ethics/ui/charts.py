"""Charts on the screens: every chart shown with its data as a table under it."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..charts.style import PALETTE, SEQUENTIAL, styled  # noqa: F401 - the pages' import point


def show_chart(
    figure: go.Figure,
    table: pd.DataFrame,
    key: str,
    table_caption: str | None = None,
    height: int | None = None,
    *,
    own_type_size: bool = False,
    numbers_folded: str | None = None,
) -> None:
    """The chart (at the figure's own height unless given), then the data it draws as a table.

    The table runs the page's whole width under the chart: beside it, in two fifths of the page,
    long option and criterion names and the figures after them were cut (issue #15 point 11).
    A named index (criterion or option names) is shown as the first column.
    own_type_size: drawn without Streamlit's chart theme, which sets its own type size over the
    figure's (a projector's charts ask for larger type), and the table as an HTML table in the page's type.
    numbers_folded: the table goes in an expander with this label (a phone: a table of seven columns
    cannot fit 390 px, and scrolling it sideways under every chart made the page hard to follow)."""
    _chart(figure, key, height, own_type_size)
    if numbers_folded:
        with st.expander(numbers_folded):
            _numbers(table, key, table_caption, own_type_size)
    else:
        _numbers(table, key, table_caption, own_type_size)


def _chart(figure: go.Figure, key: str, height: int | None, own_type_size: bool) -> None:
    if own_type_size:
        st.plotly_chart(styled(figure, height), key=key, width="stretch", config={"displaylogo": False}, theme=None)
    else:
        st.plotly_chart(styled(figure, height), key=key, width="stretch", config={"displaylogo": False})


def _numbers(table: pd.DataFrame, key: str, table_caption: str | None, own_type_size: bool) -> None:
    if table_caption:
        st.caption(table_caption)
    hide_index = isinstance(table.index, pd.RangeIndex)
    if own_type_size:
        # An HTML table takes the page's (larger) type; st.dataframe draws on a canvas at its own size.
        st.table(table, hide_index=hide_index)
        return
    rows_height = 38 + 35 * len(table)
    st.dataframe(table, key=f"{key}-table", width="stretch", hide_index=hide_index, height=min(max(rows_height, 80), 700))
