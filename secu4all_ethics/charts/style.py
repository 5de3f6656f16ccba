"""The look every chart shares, on screen and in reports."""

from __future__ import annotations

import plotly.graph_objects as go

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
