"""Figures and tables for a workshop's reveal and its debrief, built from the engine's RoundOutcome
and RoundChange. Nothing here computes a weight, a quartile or a rank: every number is read from
the outcome and only arranged and formatted.

The charts speak no language: the names of the items and options and every word a chart shows
come in, already in the workshop's language (WorkshopChartWords, filled by
wording.workshop_charts.chart_words). The language itself only sets how numbers are written.

Every builder returns the plotly figure and the table of the numbers it draws, as charts.results
does, so that a screen shows the table under the chart and the debrief gives it to screen readers.
large=True draws for a projector: larger type, marks and rows. Labels are wrapped short enough
for a phone's 390 px. Participants appear by pseudonym only. Nothing here imports streamlit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from ..engine.group.results import OptionSpread, RoundChange, RoundOutcome
from ..i18n import format_number
from .results import DASH, localised, percent_suffix
from .style import FONT_SIZE, PALETTE, label_lines, plotly_text, wrap

# A projector at the back of a training room: type and marks about 1.6 times the screen's.
PROJECTOR_FONT_SIZE = 21

# Each row (an item or an option) gets at least this many px, by size; around the rows, the legend and the axis.
ROW = {False: 44, True: 70}
CHROME = {False: 120, True: 170}
# Names wrap to this many characters: at 390 px a chart keeps about half its width for the plot.
LABEL_WRAP = {False: 24, True: 20}
# A mark's words start at the axis' zero: on a phone the plot is about 180 px wide ("Rechtlich
# ausgeschlossen" on one line ran past it).
MARK_WRAP = {False: 14, True: 20}
AXIS_WRAP = {False: 26, True: 26}
AXIS_TICKS = {False: 4, True: 6}
# The names keep clear of the bars and marks that start at the axis.
LABEL_STANDOFF = {False: 8, True: 12}
MARKER = {False: 9, True: 15}
POINT = {False: 9, True: 13}

# Percentage points either side of the round change's weights.
DUMBBELL_MARGIN = 4.0

# The colours' roles, the same in every workshop chart.
BOX_COLOUR = PALETTE[4]
CONTESTED_COLOUR = PALETTE[1]
POINT_COLOUR = PALETTE[0]
GROUP_COLOUR = PALETTE[7]
EXCLUDED_COLOUR = "#6e7781"
ROUND_1_COLOUR = PALETTE[0]
ROUND_2_COLOUR = PALETTE[5]
HIGHLIGHT_COLOUR = PALETTE[5]


@dataclass(frozen=True)
class WorkshopChartWords:
    """Every word the workshop charts show, in the workshop's language (language: for the numbers only)."""

    language: str
    item: str  # column head: "Pillar" or "Criterion", as the participants weighted
    option: str
    participant: str
    participants_weights: str  # legend: each participant's weight
    group_weight: str
    spread: str  # legend: the box, middle half and range
    contested: str  # legend: the box of a most contested item
    weight_axis: str
    median: str
    quartiles: str
    weight_range: str
    interquartile_range: str
    weight_deviation: str
    first_share_axis: str
    first_share: str
    excluded: str
    not_ranked: str
    rank_axis: str
    rank_mean: str
    best_rank: str
    worst_rank: str
    standard_deviation: str
    varies_most: str
    round_1: str
    round_2: str
    change: str
    mean_individual_change: str
    kendalls_w: str
    top_option: str


# --- numbers ------------------------------------------------------------------------------------


def weight_text(weight: float | None, language: str) -> str:
    """A normalised weight (0.083) in percent with one decimal: 8.3 %, 8,3 %."""
    return DASH if weight is None else format_number(100 * weight, language, 1) + percent_suffix(language)


def points_text(change: float, language: str) -> str:
    """A change of weight in percentage points, signed: +2.5 / −1.0."""
    sign = "+" if change > 0.0005 else "−" if change < -0.0005 else "±"
    return sign + format_number(abs(100 * change), language, 1)


def _number(value: float | None, language: str, decimals: int = 2) -> str:
    return DASH if value is None else format_number(value, language, decimals)


def _sized(figure: go.Figure, large: bool, labels: list[str], axis_title: str) -> go.Figure:
    """Rows, type and axis for the screen or the projector. The axis title wraps and the numbers stay level:
    at 390 px plotly would cut the one and turn the other upright."""
    figure.update_layout(
        height=_height(labels, large) + (label_lines(wrap(axis_title, AXIS_WRAP[large])) - 1) * _line_height(large),
        xaxis=dict(title=wrap(axis_title, AXIS_WRAP[large]), tickangle=0, nticks=AXIS_TICKS[large]),
        font=dict(size=PROJECTOR_FONT_SIZE if large else FONT_SIZE),
        yaxis=dict(categoryorder="array", categoryarray=list(reversed(labels)), ticklabelstandoff=LABEL_STANDOFF[large]),  # the first row on top
        hoverlabel=dict(font_size=PROJECTOR_FONT_SIZE if large else FONT_SIZE),
    )
    return figure


def _line_height(large: bool) -> int:
    # plotly sets the lines of a label 1.3 em apart.
    return round(1.3 * (PROJECTOR_FONT_SIZE if large else FONT_SIZE))


def _height(labels: list[str], large: bool) -> int:
    """Each row at least ROW px and room for every line of its label, in the type of the screen or the projector."""
    lines = max((label_lines(label) for label in labels), default=1)
    return CHROME[large] + len(labels) * max(ROW[large], _line_height(large) * lines + 10)


def _labels(ids: Sequence[str], names: Mapping[str, str], large: bool) -> list[str]:
    return [wrap(names.get(key, key), LABEL_WRAP[large]) for key in ids]


def _table(rows: dict[str, list[str]], index: list[str], index_name: str) -> pd.DataFrame:
    return pd.DataFrame(rows, index=pd.Index(index, name=index_name))


# --- (a) the spread of the weights per item -----------------------------------------------------------


def weight_spread_chart(outcome: RoundOutcome, names: Mapping[str, str], words: WorkshopChartWords, large: bool = False) -> tuple[go.Figure, pd.DataFrame]:
    """Per item, a box from the engine's quartiles and range, each participant's weight as a point over it
    (hover: their pseudonym), and the group's weight as a diamond. The most contested items' boxes stand out."""
    language = words.language
    items = list(outcome.items)
    labels = dict(zip(items, _labels(items, names, large)))
    spreads = {spread.item: spread for spread in outcome.spreads}
    figure = go.Figure()
    contested = [item for item in items if item in outcome.contested_items]
    for members, colour, legend in (
        (([item for item in items if item not in contested]), BOX_COLOUR, words.spread),
        (contested, CONTESTED_COLOUR, words.contested),
    ):
        if not members:
            continue
        figure.add_box(
            y=[labels[item] for item in members],
            q1=[100 * spreads[item].quartile_1 for item in members],
            median=[100 * spreads[item].median for item in members],
            q3=[100 * spreads[item].quartile_3 for item in members],
            lowerfence=[100 * spreads[item].minimum for item in members],
            upperfence=[100 * spreads[item].maximum for item in members],
            orientation="h",
            name=legend,
            boxpoints=False,
            fillcolor=_translucent(colour),
            line=dict(color=colour, width=3 if large else 2),
            hoverinfo="skip",
        )
    points = [(participant.pseudonym, item, participant.weights[item]) for participant in outcome.participants for item in items if item in participant.weights]
    # An invisible box carries the points: plotly spreads a box's points across its row (jitter), a scatter's not.
    figure.add_box(
        y=[labels[item] for _, item, _ in points],
        x=[100 * weight for _, _, weight in points],
        orientation="h",
        name=words.participants_weights,
        boxpoints="all",
        jitter=0.6,
        pointpos=0,
        fillcolor="rgba(0,0,0,0)",
        line=dict(color="rgba(0,0,0,0)", width=0),
        marker=dict(color=POINT_COLOUR, size=POINT[large], opacity=0.8, line=dict(color="white", width=1)),
        hoveron="points",
        text=[plotly_text(pseudonym) for pseudonym, _, _ in points],
        customdata=[weight_text(weight, language) for _, _, weight in points],
        hovertemplate="%{text}<br>%{y}: %{customdata}<extra></extra>",
    )
    group = [outcome.group_item_weights.get(item) for item in items]
    figure.add_scatter(
        y=[labels[item] for item in items],
        x=[None if weight is None else 100 * weight for weight in group],
        mode="markers",
        name=words.group_weight,
        marker=dict(color=GROUP_COLOUR, symbol="diamond", size=MARKER[large] + 3, line=dict(color="white", width=1.5)),
        customdata=[weight_text(weight, language) for weight in group],
        hovertemplate="%{y}<br>" + plotly_text(words.group_weight) + ": %{customdata}<extra></extra>",
    )
    figure.update_layout(
        boxmode="overlay",
        xaxis=dict(rangemode="tozero", ticksuffix=percent_suffix(language)),
        legend=dict(traceorder="normal"),
    )
    _sized(figure, large, list(labels.values()), words.weight_axis)
    table = _table(
        {
            words.group_weight: [weight_text(weight, language) for weight in group],
            words.median: [weight_text(spreads[item].median, language) if item in spreads else DASH for item in items],
            words.quartiles: [_range(spreads[item].quartile_1, spreads[item].quartile_3, language) if item in spreads else DASH for item in items],
            words.weight_range: [_range(spreads[item].minimum, spreads[item].maximum, language) if item in spreads else DASH for item in items],
            words.interquartile_range: [_points_or_dash(spreads[item].interquartile_range, language) if item in spreads else DASH for item in items],
            words.weight_deviation: [_points_or_dash(spreads[item].standard_deviation, language) if item in spreads else DASH for item in items],
        },
        [names.get(item, item) for item in items],
        words.item,
    )
    return localised(figure, language), table


def _translucent(colour: str) -> str:
    red, green, blue = (int(colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgba({red},{green},{blue},0.35)"


def _range(low: float, high: float, language: str) -> str:
    return f"{weight_text(low, language)} – {weight_text(high, language)}"


def participant_weights_table(outcome: RoundOutcome, names: Mapping[str, str], words: WorkshopChartWords) -> pd.DataFrame:
    """Each participant (by pseudonym) with their weight on every item and their first option: the points of the spread chart."""
    language = words.language
    rows: dict[str, list[str]] = {
        names.get(item, item): [weight_text(participant.weights.get(item), language) for participant in outcome.participants] for item in outcome.items
    }
    rows[words.top_option] = [
        DASH if participant.top_option is None else names.get(participant.top_option, participant.top_option) for participant in outcome.participants
    ]
    return _table(rows, [participant.pseudonym for participant in outcome.participants], words.participant)


# --- (b) who puts which option first ------------------------------------------------------------------


def _option_keys(outcome: RoundOutcome) -> list[str]:
    """The card's options in the card's order (the evaluation keeps the assessment's order)."""
    return [option.key for option in outcome.evaluation.options]


def _option_rows(
    outcome: RoundOutcome, names: Mapping[str, str], large: bool
) -> tuple[list[str], dict[str, str], dict[str, OptionSpread], list[str], list[str]]:
    """The card's options, their rows' labels, their rank spreads, and which of them are ranked and which not."""
    keys = _option_keys(outcome)
    spreads = {spread.option: spread for spread in outcome.options}
    ranked = [key for key in keys if key in spreads]
    return keys, dict(zip(keys, _labels(keys, names, large))), spreads, ranked, [key for key in keys if key not in spreads]


def _unranked_text(key: str, outcome: RoundOutcome, words: WorkshopChartWords) -> str:
    return words.excluded if key in outcome.excluded_options else words.not_ranked


def _unranked_marks(figure: go.Figure, labels: list[str], x: float, words: WorkshopChartWords, texts: list[str], large: bool) -> None:
    """The options no weight ranks, marked as such in their rows: never drawn as a zero."""
    if not labels:
        return
    figure.add_scatter(
        y=labels,
        x=[x] * len(labels),
        mode="markers+text",
        name=words.excluded,
        marker=dict(color=EXCLUDED_COLOUR, symbol="x-thin", size=MARKER[large], line=dict(color=EXCLUDED_COLOUR, width=2)),
        text=[wrap(text, MARK_WRAP[large]) for text in texts],  # on a phone, one line ran past the chart's right edge
        textposition="middle right",
        textfont=dict(color=EXCLUDED_COLOUR),
        hovertemplate="%{y}<br>%{text}<extra></extra>",
        cliponaxis=False,
        showlegend=False,
    )


def first_choice_chart(outcome: RoundOutcome, names: Mapping[str, str], words: WorkshopChartWords, large: bool = False) -> tuple[go.Figure, pd.DataFrame]:
    """Per option (card order), the share of participants for whom it comes first; excluded options marked as excluded."""
    language = words.language
    keys, labels, spreads, ranked, unranked = _option_rows(outcome, names, large)
    figure = go.Figure()
    figure.add_bar(
        y=[labels[key] for key in ranked],
        x=[100 * spreads[key].first_share for key in ranked],
        orientation="h",
        name=words.first_share,
        marker_color=PALETTE[0],
        text=[weight_text(spreads[key].first_share, language) for key in ranked],
        # Inside a bar at least half the axis long: outside a full bar, "100,0 %" ran past a phone's
        # edge; plotly's "auto" turned a short bar's figure on its side and dropped the zeros'.
        textposition=["inside" if spreads[key].first_share >= 0.5 else "outside" for key in ranked],
        textangle=0,
        cliponaxis=False,
        hovertemplate="%{y}<br>%{text}<extra></extra>",
        showlegend=False,
    )
    _unranked_marks(figure, [labels[key] for key in unranked], 0, words, [_unranked_text(key, outcome, words) for key in unranked], large)
    shares = [0, 50, 100]  # each bar carries its own figure; three ticks stay apart on a phone
    # plotly adds a ticksuffix to the numbers it chooses only: these carry their sign themselves.
    figure.update_layout(xaxis=dict(range=[0, 118], tickvals=shares, ticktext=[f"{share}{percent_suffix(language)}" for share in shares]), showlegend=False)
    _sized(figure, large, list(labels.values()), words.first_share_axis)
    table = _table(
        {words.first_share: [weight_text(spreads[key].first_share, language) if key in spreads else _unranked_text(key, outcome, words) for key in keys]},
        [names.get(key, key) for key in keys],
        words.option,
    )
    return localised(figure, language), table


# --- (c) how far each option's rank varies ---------------------------------------------------------------


def rank_spread_chart(outcome: RoundOutcome, names: Mapping[str, str], words: WorkshopChartWords, large: bool = False) -> tuple[go.Figure, pd.DataFrame]:
    """Per option, the range of the ranks the participants' weights give it (best to worst) and their mean;
    the options whose rank varies most stand out, the excluded ones are marked as excluded."""
    language = words.language
    keys, labels, spreads, ranked, unranked = _option_rows(outcome, names, large)
    figure = go.Figure()
    steady = [key for key in ranked if key not in outcome.most_variable_options]
    variable = [key for key in ranked if key in outcome.most_variable_options]
    for members, colour, legend in ((steady, PALETTE[0], words.rank_mean), (variable, HIGHLIGHT_COLOUR, words.varies_most)):
        if not members:
            continue
        chosen = [spreads[key] for key in members]
        figure.add_scatter(
            y=[labels[key] for key in members],
            x=[spread.rank_mean for spread in chosen],
            mode="markers",
            name=legend,
            marker=dict(color=colour, symbol="diamond", size=MARKER[large] + 3),
            error_x=dict(
                type="data",
                symmetric=False,
                array=[spread.rank_max - spread.rank_mean for spread in chosen],
                arrayminus=[spread.rank_mean - spread.rank_min for spread in chosen],
                color=colour,
                thickness=4 if large else 3,
                width=10 if large else 7,
            ),
            customdata=[[_number(spread.rank_mean, language, 1), _rank_range(spread)] for spread in chosen],
            hovertemplate="%{y}<br>" + plotly_text(words.rank_mean) + ": %{customdata[0]} (%{customdata[1]})<extra></extra>",
        )
    count = max((spread.rank_max for spread in spreads.values()), default=1)
    _unranked_marks(figure, [labels[key] for key in unranked], 0.6, words, [_unranked_text(key, outcome, words) for key in unranked], large)
    figure.update_layout(
        xaxis=dict(range=[0.5, count + 0.5], tickvals=list(range(1, count + 1)), zeroline=False),
        legend=dict(traceorder="normal"),
    )
    _sized(figure, large, list(labels.values()), words.rank_axis)

    def column(value, says_why: bool = False) -> list[str]:
        return [value(spreads[key]) if key in spreads else _unranked_text(key, outcome, words) if says_why else DASH for key in keys]

    table = _table(
        {
            words.rank_mean: column(lambda spread: _number(spread.rank_mean, language, 1), says_why=True),
            words.best_rank: column(lambda spread: str(spread.rank_min)),
            words.worst_rank: column(lambda spread: str(spread.rank_max)),
            words.standard_deviation: column(lambda spread: _number(spread.rank_standard_deviation, language)),
        },
        [names.get(key, key) for key in keys],
        words.option,
    )
    return localised(figure, language), table


def _rank_range(spread: OptionSpread) -> str:
    return f"{spread.rank_min}–{spread.rank_max}"


# --- (d) what moved between the rounds ------------------------------------------------------------------


def round_change_chart(
    before: RoundOutcome, after: RoundOutcome, change: RoundChange, names: Mapping[str, str], words: WorkshopChartWords, large: bool = False
) -> tuple[go.Figure, pd.DataFrame]:
    """Per item, the group's weight in round 1 and in round 2 joined by a line (a dumbbell); the legend
    gives Kendall's W of each round, the table the same and each item's mean individual change."""
    language = words.language
    items = list(after.items)
    labels = dict(zip(items, _labels(items, names, large)))
    first = [before.group_item_weights.get(item) for item in items]
    second = [after.group_item_weights.get(item) for item in items]
    figure = go.Figure()
    line_x: list[float | None] = []
    line_y: list[str | None] = []
    for item, old, new in zip(items, first, second):
        if old is not None and new is not None:
            line_x += [100 * old, 100 * new, None]
            line_y += [labels[item], labels[item], None]
    figure.add_scatter(x=line_x, y=line_y, mode="lines", line=dict(color="#8c959f", width=4 if large else 3), hoverinfo="skip", showlegend=False)
    # Round 1 is a ring wider than round 2's mark: an item that did not move shows both.
    for weights, colour, symbol, size, round_name, w in (
        (first, ROUND_1_COLOUR, "circle-open", MARKER[large] + 10, words.round_1, change.kendalls_w_before),
        (second, ROUND_2_COLOUR, "diamond", MARKER[large] + 2, words.round_2, change.kendalls_w_after),
    ):
        figure.add_scatter(
            y=[labels[item] for item in items],
            x=[None if weight is None else 100 * weight for weight in weights],
            mode="markers",
            name=f"{round_name} · {words.kendalls_w} {_number(w, language)}",
            marker=dict(color=colour, symbol=symbol, size=size, line=dict(color=colour, width=3 if large else 2)),
            customdata=[weight_text(weight, language) for weight in weights],
            hovertemplate="%{y}<br>" + plotly_text(round_name) + ": %{customdata}<extra></extra>",
        )
    # A dumbbell shows a change: the axis spans the weights (and a margin), not 0 to the highest.
    drawn = [100 * weight for weight in first + second if weight is not None]
    span = [max(0.0, min(drawn, default=0.0) - DUMBBELL_MARGIN), max(drawn, default=100.0) + DUMBBELL_MARGIN]
    figure.update_layout(xaxis=dict(range=span, ticksuffix=percent_suffix(language)), legend=dict(traceorder="normal"))
    _sized(figure, large, list(labels.values()), words.weight_axis)
    moved = [points_text(new - old, language) if old is not None and new is not None else DASH for old, new in zip(first, second)]
    table = _table(
        {
            words.round_1: [weight_text(weight, language) for weight in first] + [_number(change.kendalls_w_before, language)],
            words.round_2: [weight_text(weight, language) for weight in second] + [_number(change.kendalls_w_after, language)],
            words.change: moved + [_w_change(change, language)],
            words.mean_individual_change: [_points_or_dash(change.mean_absolute_change.get(item), language) for item in items] + [DASH],
        },
        [names.get(item, item) for item in items] + [words.kendalls_w],
        words.item,
    )
    return localised(figure, language), table


def _points_or_dash(value: float | None, language: str) -> str:
    return DASH if value is None else format_number(100 * value, language, 1)


def _w_change(change: RoundChange, language: str) -> str:
    if change.kendalls_w_before is None or change.kendalls_w_after is None:
        return DASH
    difference = change.kendalls_w_after - change.kendalls_w_before
    return ("+" if difference > 0.005 else "−" if difference < -0.005 else "±") + format_number(abs(difference), language)
