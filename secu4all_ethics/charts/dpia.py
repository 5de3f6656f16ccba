"""The DPIA's risk map: each feared event of an option placed by its severity and likelihood,
before the option's safeguards and after them, on the four levels of criteria/dpia.yaml (the
CNIL's PIA tool draws the same map). With it, the same ratings as a table. No streamlit here."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..content.bundle import ContentBundle
from ..domain.assessment import FearedEventRating
from ..domain.content import RiskScale
from ..i18n import t
from .style import PALETTE, plotly_text, styled

PHASES = ("before", "after")
PHASE_STYLE = {"before": dict(color=PALETTE[1], symbol="circle-open"), "after": dict(color=PALETTE[0], symbol="circle")}
# Every (event, phase) has its own row inside a cell, so no two labels can meet, whatever the ratings.
CELL_ROW_PX = 19
MARKER_X = -0.42  # markers at the left of their cell, labels to their right
CHROME = 130  # the legend, the axis titles and their labels


def _slot_offsets(events: int) -> list[float]:
    """The vertical place (in cell heights) of each of events x 2 rows inside a cell, top row first."""
    rows = 2 * events
    step = 0.84 / rows
    return [0.42 - step / 2 - index * step for index in range(rows)]


def risk_map_height(events: int) -> int:
    return CHROME + 4 * CELL_ROW_PX * (2 * events + 1)


def risk_map(ratings: dict[str, FearedEventRating], bundle: ContentBundle, language: str) -> tuple[go.Figure, pd.DataFrame]:
    """Severity (up) by likelihood (right); hollow markers before the safeguards, filled after. No line joins
    the two: drawn across the cells it would run through the labels of the rows it crosses."""
    dpia = bundle.dpia
    if dpia is None:
        raise ValueError("the content holds no DPIA (criteria/dpia.yaml)")
    events = dpia.feared_events
    offsets = _slot_offsets(len(events))
    figure = go.Figure()
    for phase_index, phase in enumerate(PHASES):
        xs, ys, texts, hovers = [], [], [], []
        for event_index, event in enumerate(events):
            rating = ratings.get(event.id)
            severity = getattr(rating, f"severity_{phase}") if rating else None
            likelihood = getattr(rating, f"likelihood_{phase}") if rating else None
            if severity is None or likelihood is None:
                continue
            xs.append(likelihood + MARKER_X)
            ys.append(severity + offsets[2 * event_index + phase_index])
            texts.append(plotly_text(event.short_label.get(language)))
            hovers.append(plotly_text(event.name.get(language)))
        figure.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers+text",
                name=t(f"dpia.map.{phase}", language),
                text=texts,
                customdata=hovers,
                textposition="middle right",
                marker=dict(size=11, line=dict(width=2), **PHASE_STYLE[phase]),
                textfont=dict(size=12),
                hovertemplate="%{customdata}<extra></extra>",
                cliponaxis=False,
            )
        )
    # Cell borders, not gridlines through the ticks: a level is a cell, not a line.
    figure.update_layout(
        shapes=[dict(type="line", xref="x", yref="y", x0=edge, x1=edge, y0=0.5, y1=4.5, line=dict(color="#bbbbbb", width=1)) for edge in (1.5, 2.5, 3.5)]
        + [dict(type="line", xref="x", yref="y", x0=0.5, x1=4.5, y0=edge, y1=edge, line=dict(color="#bbbbbb", width=1)) for edge in (1.5, 2.5, 3.5)],
        xaxis=_level_axis(dpia.likelihood, language),
        yaxis=_level_axis(dpia.severity, language),
    )
    styled(figure, height=risk_map_height(len(events)))
    table = risk_table(ratings, bundle, language)
    return figure, table


def _level_axis(scale: RiskScale, language: str) -> dict:
    """An axis of the scale's four levels, one cell each, named by the scale."""
    return dict(
        title=scale.name.get(language),
        range=[0.5, 4.5],
        tickvals=[level.value for level in scale.levels],
        ticktext=[plotly_text(level.label.get(language)) for level in scale.levels],
        showgrid=False,
        zeroline=False,
        showline=True,
        mirror=True,
        linecolor="#bbbbbb",
        # On a phone the likelihood labels turn and the last reaches past the figure: plotly would hide it
        # ("hide past div", the default of a linear axis); the margins grow to hold it instead.
        ticklabeloverflow="allow",
    )


def risk_table(ratings: dict[str, FearedEventRating], bundle: ContentBundle, language: str) -> pd.DataFrame:
    """The map's data: each event's four ratings by their level names ('—' where not rated)."""
    dpia = bundle.dpia
    assert dpia is not None  # risk_map checks
    names: dict[str, dict[int | None, str]] = {
        quantity: {level.value: level.label.get(language) for level in scale.levels}
        for quantity, scale in (("severity", dpia.severity), ("likelihood", dpia.likelihood))
    }
    columns = {
        t(f"dpia.table.{quantity}_{phase}", language): [
            names[quantity].get(getattr(ratings.get(event.id), f"{quantity}_{phase}", None), "—") for event in dpia.feared_events
        ]
        for phase in PHASES
        for quantity in ("severity", "likelihood")
    }
    return pd.DataFrame(columns, index=pd.Index([event.name.get(language) for event in dpia.feared_events], name=t("dpia.table.event", language)))
