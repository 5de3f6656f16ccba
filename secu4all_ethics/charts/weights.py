"""The Weights page's chart: each criterion's normalised weight as the engine derived
it, grouped and coloured by pillar, with the same numbers as a table beside it.
Nothing here computes a weight; nothing here imports streamlit."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ..content.bundle import ContentBundle
from ..engine.results import EvaluationResult
from ..i18n import format_number, format_percent, t
from .style import PALETTE, height_of_rows, wrap

# Each criterion's bar gets at least this many px; around them, room for the legend and the axis.
BAR_ROW = 24
CHROME = 110


def weights_chart(result: EvaluationResult, bundle: ContentBundle, language: str) -> tuple[go.Figure, pd.DataFrame]:
    """Horizontal bars per criterion, one trace per pillar, in the framework's order from the top."""
    criteria = list(bundle.criterion_ids)
    names = {c.id: c.name.get(language) for c in bundle.framework.criteria}
    labels = {c: wrap(name, 30) for c, name in names.items()}
    figure = go.Figure()
    for index, pillar in enumerate(bundle.framework.pillars):
        members = [c.id for c in reversed(bundle.framework.criteria) if c.pillar == pillar.id]
        figure.add_trace(
            go.Bar(
                x=[100 * result.weights[c] for c in members],
                y=[labels[c] for c in members],
                orientation="h",
                name=pillar.name.get(language),
                marker_color=PALETTE[index % len(PALETTE)],
                text=[format_percent(result.weights[c], language) for c in members],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{y}: %{text}<extra></extra>",
            )
        )
    figure.update_layout(
        height=height_of_rows(list(labels.values()), BAR_ROW, CHROME),
        xaxis=dict(title=t("weights.chart.axis", language), range=[0, 118 * max(result.weights.values())]),  # room for the labels
        yaxis=dict(categoryorder="array", categoryarray=[labels[c] for c in reversed(criteria)]),
    )
    table = pd.DataFrame(
        {t("weights.table.weight", language): [format_number(100 * result.weights[c], language, 1) for c in criteria]},
        index=pd.Index([names[c] for c in criteria], name=t("weights.table.criterion", language)),
    )
    return figure, table
