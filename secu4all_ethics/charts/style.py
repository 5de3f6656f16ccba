"""The look every chart shares, on screen and in reports."""

from __future__ import annotations

import html
import re
import textwrap

import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every
# common form of colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe

FONT_SIZE = 13
# plotly sets the lines of a label 1.3 em apart.
LINE_HEIGHT = round(1.3 * FONT_SIZE)
DEFAULT_HEIGHT = 380
# About the width (px) of a chart beside its table on a page (3/5 of Streamlit's centred layout).
SCREEN_WIDTH = 550


def plotly_text(text: str) -> str:
    """User text as plotly shows it literally: plotly reads <b>, <a href> and the like in labels as markup."""
    return html.escape(text, quote=False)


def wrap(text: str, width: int = 22) -> str:
    """A long label on several lines (plotly breaks lines at <br>), broken between words only, user markup shown as text."""
    lines = textwrap.wrap(_french_spaces_kept(text), width, break_long_words=False, break_on_hyphens=False)
    return "<br>".join(plotly_text(line) for line in lines) or plotly_text(text)


def _french_spaces_kept(text: str) -> str:
    """French puts a space before : ; ! ? » and after «: a line must not start or end with the sign alone."""
    return re.sub(r"« ", "«\u00a0", re.sub(r" ([:;!?»])", "\u00a0\\1", text))


def label_lines(label: str) -> int:
    return label.count("<br>") + 1


def height_of_rows(labels: list[str], row: int, chrome: int) -> int:
    """A figure height (px) that gives each row of a bar chart or heat map at least `row` px and room for
    all lines of the longest label (plotly gives every row the same height); `chrome` is the room for
    the legend, the axis and its title."""
    lines = max((label_lines(label) for label in labels), default=1)
    return chrome + len(labels) * max(row, LINE_HEIGHT * lines + 8)


def styled(figure: go.Figure, height: int | None = None) -> go.Figure:
    """The shared look, at the given height, else the figure's own, else DEFAULT_HEIGHT; in the figure's own
    type size if it set one (a projector's charts), else FONT_SIZE.

    Margins grow to fit the labels (automargin): kaleido draws the report's images without
    Streamlit's theme, which on screen widens the margins by itself."""
    figure.update_layout(
        colorway=PALETTE,
        height=height or figure.layout.height or DEFAULT_HEIGHT,
        margin=dict(l=10, r=10, t=40, b=10),
        font=dict(family="DejaVu Sans, Arial, sans-serif", size=figure.layout.font.size or FONT_SIZE),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
    )
    if any(hasattr(trace, "xaxis") for trace in figure.data):  # cartesian charts (a radar has no x axis)
        figure.update_xaxes(automargin=True, title_standoff=12)
        figure.update_yaxes(automargin=True, title_standoff=12)
    return figure
