"""Figures and tables for the results page and the report, built from the engine's
EvaluationResult. Nothing here computes a score or a weight: every number is
read from the result and only arranged, labelled and formatted.

Every chart builder returns a plotly figure and the table of the data it
draws, for the page to show side by side with the palette of charts.style; tests
can read them without a browser. Nothing here imports streamlit.
"""

from __future__ import annotations

from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go

from ..engine.methods import REFERENCE_METHOD
from ..engine.results import AcceptabilityInfo, CrossCheck, EvaluationResult, OptionResult, Robustness
from ..i18n import format_money, format_number, format_percent, t
from ..wording.names import ResultNames
from .style import FONT_SIZE, PALETTE, SCREEN_WIDTH, SEQUENTIAL, height_of_rows, label_lines, plotly_text, wrap

RADAR_OPTIONS = 5
DASH = "—"


# Each bar or heat-map row gets at least this many px, and room for every line of its label.
BAR_ROW = 50
CRITERION_ROW = 32
HEATMAP_ROW = 34
RADAR_HEIGHT = 560
# The room around the rows: legend, axis, axis title.
BAR_CHROME = 130
CRITERION_CHROME = 120
# Wrapping widths (characters) of option and criterion names.
OPTION_WRAP = 30
CRITERION_WRAP = 30
# A legend entry stays within a screen's chart column.
LEGEND_WRAP = 45


# The rank-acceptability chart and table show this many ranks, then the rest as one share.
ACCEPTABILITY_RANKS_SHOWN = 10


# --- names -----------------------------------------------------------------------------


def localised(figure: go.Figure, language: str) -> go.Figure:
    """Plotly's axis numbers in the language's style: decimal comma, grouping, percent sign."""
    symbols = _locale_symbols(language)
    figure.update_layout(separators=symbols[0] + symbols[1])
    return figure


def percent_suffix(language: str) -> str:
    """What follows the number in a percentage: '%' in English, ' %' (no-break space) in French."""
    return format_percent(0, language)[1:]


def _locale_symbols(language: str) -> tuple[str, str]:
    sample = format_number(1234.5, language, 1)  # e.g. 1,234.5 / 1 234,5 / 1.234,5
    return sample[-2], sample[1]


def ranked_options(result: EvaluationResult) -> list[OptionResult]:
    by_key = {option.key: option for option in result.options}
    return [by_key[key] for key in result.ranking]


T = TypeVar("T")


def _drawn_from(part: T | None, what: str) -> T:
    """The part of a result a chart is drawn from. Callers draw a chart only when the result has
    its part (two ranked options for robustness and the cross-check), so None here is a caller's bug."""
    if part is None:
        raise ValueError(f"this result has no {what} to draw")
    return part


def _robustness(result: EvaluationResult) -> Robustness:
    return _drawn_from(result.robustness, "robustness")


def _acceptability(result: EvaluationResult) -> AcceptabilityInfo:
    return _drawn_from(_robustness(result).acceptability, "acceptability simulation")


def _cross_check(result: EvaluationResult) -> CrossCheck:
    return _drawn_from(result.cross_check, "cross-check")


def _number(value: float | None, language: str, decimals: int = 2) -> str:
    return DASH if value is None else format_number(value, language, decimals)


def _percent(value: float | None, language: str) -> str:
    return DASH if value is None else format_percent(value, language)


# --- the ranking table ------------------------------------------------------------------


def status_text(option: OptionResult, names: ResultNames) -> str:
    language = names.language
    if option.status == "ranked":
        # The status quo is the necessity baseline: the line a measure must beat to be worth its intrusion (issue #14).
        if option.beats_status_quo is False:
            return t("results.status.not_better_than_status_quo", language)
        if option.kind == "status_quo" and option.beats_status_quo is None:
            return t("results.status.status_quo_reference", language)
        return t("results.status.ranked", language)
    if option.status == "excluded":
        gates = ", ".join(reason.gate_name for reason in option.exclusion_reasons)
        return t("results.status.excluded", language, gates=gates)
    return t("results.status.incomplete", language)


def ranking_table(result: EvaluationResult, names: ResultNames) -> pd.DataFrame:
    """Ranked options best first, then those not placed, then the excluded ones."""
    language = names.language
    by_key = {option.key: option for option in result.options}
    order = list(result.ranking) + list(result.not_placed) + list(result.excluded)
    rows = []
    for key in order:
        option = by_key[key]
        rows.append(
            {
                t("results.column.rank", language): DASH if option.rank is None else str(option.rank),
                t("results.column.option", language): names.options[option.key],
                t("results.column.kind", language): t(f"kind.{option.kind}", language),
                t("results.column.score", language): _number(option.score, language),
                t("results.column.yearly_cost", language): DASH if option.cost is None else format_money(option.cost.yearly_total_eur, language),
                t("results.column.status", language): status_text(option, names),
            }
        )
    return pd.DataFrame(rows)


# --- how the scores are made up -----------------------------------------------------------


def contributions_chart(result: EvaluationResult, names: ResultNames) -> tuple[go.Figure, pd.DataFrame]:
    """Stacked horizontal bars: each ranked option's score split by pillar."""
    language = names.language
    options = ranked_options(result)
    labels = [wrap(names.options[option.key], OPTION_WRAP) for option in options]
    subtotals = [_drawn_from(option.pillar_subtotals, "pillar subtotals") for option in options]
    figure = go.Figure()
    for index, pillar in enumerate(names.pillar_order):
        values = [subtotal[pillar] for subtotal in subtotals]
        figure.add_bar(
            y=labels,
            x=values,
            name=names.pillars[pillar],
            orientation="h",
            marker_color=PALETTE[index % len(PALETTE)],
            text=[format_number(v, language) for v in values],
            textposition="inside",
            insidetextanchor="middle",
            textangle=0,
            hovertemplate="%{y}<br>" + names.pillars[pillar] + ": %{text}<extra></extra>",
        )
    baseline = next((option for option in options if option.key == result.status_quo), None)
    if baseline is not None:
        figure.add_vline(
            x=baseline.ranked_score(),
            line_dash="dash",
            line_color="#333333",
            annotation_text=plotly_text(t("results.chart.status_quo_line", language, score=format_number(baseline.ranked_score(), language))),
            # The label runs away from the nearer edge of the 0-5 axis, so a narrow chart (a phone) never cuts it.
            annotation_position="top left" if baseline.ranked_score() > 2.5 else "top right",
        )
    figure.update_layout(
        height=height_of_rows(labels, BAR_ROW, BAR_CHROME),
        barmode="stack",
        xaxis=dict(title=t("results.axis.score", language), range=[0, 5]),
        yaxis=dict(autorange="reversed"),
        legend=dict(traceorder="normal"),
        uniformtext=dict(minsize=10, mode="hide"),
    )
    table = pd.DataFrame(
        {
            **{names.pillars[p]: [format_number(subtotal[p], language) for subtotal in subtotals] for p in names.pillar_order},
            t("results.column.score", language): [_number(option.score, language) for option in options],
        },
        index=pd.Index([names.options[option.key] for option in options], name=t("results.column.option", language)),
    )
    return localised(figure, language), table


def radar_chart(result: EvaluationResult, names: ResultNames) -> tuple[go.Figure, pd.DataFrame]:
    """The configured value of each criterion, for the first RADAR_OPTIONS ranked options."""
    language = names.language
    options = ranked_options(result)[:RADAR_OPTIONS]
    criteria = list(names.criterion_order)
    theta = [wrap(names.criteria[c], 18) for c in criteria]
    figure = go.Figure()
    for index, option in enumerate(options):
        values = [option.criteria[c].configured for c in criteria]
        figure.add_scatterpolar(
            r=values + values[:1],
            theta=theta + theta[:1],
            name=wrap(names.options[option.key], LEGEND_WRAP),
            mode="lines+markers",
            line=dict(color=PALETTE[index % len(PALETTE)], width=2),
            hovertemplate="%{theta}: %{r}<extra>" + plotly_text(names.options[option.key]) + "</extra>",
        )
    figure.update_layout(
        height=RADAR_HEIGHT,
        # Room around the circle for the criterion names, and above it for the legend.
        polar=dict(
            domain=dict(x=[0.25, 0.75], y=[0.07, 0.72]),
            radialaxis=dict(range=[0, 5], tickvals=[1, 2, 3, 4, 5]),
            angularaxis=dict(tickfont=dict(size=11)),
        ),
    )
    table = pd.DataFrame(
        {names.options[option.key]: [_number(option.criteria[c].configured, language, 0) for c in criteria] for option in options},
        index=pd.Index([names.criteria[c] for c in criteria], name=t("results.column.criterion", language)),
    )
    return localised(figure, language), table


def heatmap_chart(result: EvaluationResult, names: ResultNames, width: int = SCREEN_WIDTH) -> tuple[go.Figure, pd.DataFrame]:
    """Criteria (rows) x options (columns, best first): the configured values on the 1-5 scale.

    The options head the columns, as in a decision matrix, so their names read horizontally:
    criteria names are too long and too many (twelve, and German compounds) to stand
    side by side. Only when the options are too many for their longest words do the heads
    turn upright. width: the px the chart is drawn in (a report's image is wider than the screen's column)."""
    language = names.language
    options = ranked_options(result)
    criteria = list(names.criterion_order)
    z = [[option.criteria[c].configured for option in options] for c in criteria]
    rows = [wrap(names.criteria[c], HEATMAP_ROW_WRAP) for c in criteria]
    heads = [names.options[option.key] for option in options]
    columns_px = width - HEATMAP_ROW_NAMES_PX
    upright = not _heads_fit(heads, columns_px)
    columns = [wrap(head, OPTION_WRAP if upright else _head_wrap(len(heads), columns_px)) for head in heads]
    if upright:
        header = max(_estimated_px(line, FONT_SIZE) for column in columns for line in column.split("<br>"))
    else:
        header = max(label_lines(column) for column in columns) * HEATMAP_HEAD_LINE
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=columns,
            y=rows,
            zmin=1,
            zmax=5,
            colorscale=SEQUENTIAL,
            # Below the matrix, so that its columns have the image's whole width.
            colorbar=dict(
                title=dict(text=t("results.axis.value", language), side="right"),
                tickvals=[1, 2, 3, 4, 5],
                orientation="h",
                thickness=12,
                len=0.4,
                x=1,
                xanchor="right",
                y=-0.02,
                yanchor="top",
            ),
            text=[[_number(v, language, 0) for v in row] for row in z],
            texttemplate="%{text}",
            hovertemplate="%{x}<br>%{y}: %{z}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    figure.update_layout(
        height=height_of_rows(rows, HEATMAP_ROW, 110 + int(header)),
        yaxis=dict(autorange="reversed"),
        xaxis=dict(side="top", tickangle=-90 if upright else 0, tickfont=dict(size=FONT_SIZE if upright else HEATMAP_HEAD_FONT)),
    )
    table = pd.DataFrame(
        {names.criteria[c]: [_number(option.criteria[c].configured, language, 0) for option in options] for c in criteria},
        index=pd.Index([names.options[option.key] for option in options], name=t("results.column.option", language)),
    )
    return localised(figure, language), table


# The heat map's column heads share out the chart's width but this much (the criteria's names and
# the margins), in a smaller type when they stand side by side; upright, they have the length of the
# head row and the usual type.
HEATMAP_ROW_NAMES_PX = 220
HEATMAP_HEAD_FONT = 11
HEATMAP_HEAD_LINE = round(1.3 * HEATMAP_HEAD_FONT)
HEATMAP_ROW_WRAP = 24
# DejaVu Sans averages about 0.56 em a lower-case letter (measured in the drawn heads); a little
# more, so that an estimate errs wide.
CHARACTER_EM = 0.6
HEAD_GAP_PX = 6


def _estimated_px(text: str, font_size: int = HEATMAP_HEAD_FONT) -> float:
    return len(text) * CHARACTER_EM * font_size


def _longest_word_px(text: str) -> float:
    return max((_estimated_px(word) for word in text.split()), default=0.0)


def _heads_fit(heads: list[str], columns_px: int) -> bool:
    """Whether each head, wrapped between words, stays clear of its neighbours' longest words."""
    column = columns_px / max(len(heads), 1)
    widths = [_longest_word_px(head) for head in heads]
    return all((left + right) / 2 + HEAD_GAP_PX <= column for left, right in zip(widths, widths[1:]))


def _head_wrap(columns: int, columns_px: int) -> int:
    """Characters on a line of a column head: as many as fit its column."""
    return max(6, int(columns_px / max(columns, 1) / (CHARACTER_EM * HEATMAP_HEAD_FONT)))


# --- robustness ----------------------------------------------------------------------------


def stability_chart(result: EvaluationResult, names: ResultNames) -> tuple[go.Figure, pd.DataFrame]:
    """For each criterion, the range of its weight within which the first choice stays first."""
    language = names.language
    stability = _robustness(result).stability
    criteria = [names.criteria[s.criterion] for s in stability]
    labels = [wrap(name, CRITERION_WRAP) for name in criteria]
    figure = go.Figure()
    figure.add_bar(
        y=labels,
        x=[(s.upper - s.lower) * 100 for s in stability],
        base=[s.lower * 100 for s in stability],
        orientation="h",
        name=t("results.stability.range", language),
        marker_color=PALETTE[4],
        customdata=[[format_percent(s.lower, language), format_percent(s.upper, language)] for s in stability],
        hovertemplate="%{y}<br>%{customdata[0]} – %{customdata[1]}<extra></extra>",
    )
    figure.add_scatter(
        y=labels,
        x=[s.weight * 100 for s in stability],
        mode="markers",
        name=t("results.stability.current", language),
        marker=dict(color=PALETTE[7], symbol="diamond", size=11),
        customdata=[format_percent(s.weight, language) for s in stability],
        hovertemplate="%{y}<br>%{customdata}<extra></extra>",
    )
    figure.update_layout(
        height=height_of_rows(labels, CRITERION_ROW, CRITERION_CHROME),
        xaxis=dict(title=t("results.axis.weight", language), range=[0, 105], dtick=25, ticksuffix=percent_suffix(language)),
        yaxis=dict(autorange="reversed"),
        barmode="overlay",
    )
    table = _by_criterion(
        criteria,
        language,
        {
            "results.column.current_weight": [format_percent(s.weight, language) for s in stability],
            "results.column.lowest_weight": [format_percent(s.lower, language) for s in stability],
            "results.column.highest_weight": [format_percent(s.upper, language) for s in stability],
        },
    )
    return localised(figure, language), table


def _by_criterion(labels: list[str], language: str, columns: dict[str, list[str]]) -> pd.DataFrame:
    """A chart's data table with a row per criterion; columns by catalogue key."""
    return pd.DataFrame(
        {t(key, language): values for key, values in columns.items()},
        index=pd.Index(labels, name=t("results.column.criterion", language)),
    )


def acceptability_chart(result: EvaluationResult, names: ResultNames) -> tuple[go.Figure, pd.DataFrame]:
    """Stacked bars: for each option, the share of simulations that put it 1st, 2nd...

    Ranks after ACCEPTABILITY_RANKS_SHOWN are one share ("rank 11 or lower"): a column
    and a bar segment for every rank grow with the square of the options (60 options
    made a 60 x 61 table of seven pages), and the low ranks of a long list say little.
    """
    language = names.language
    probabilities = _acceptability(result).rank_probabilities
    keys = [key for key in result.ranking if key in probabilities]
    count = len(next(iter(probabilities.values())))
    shown = count if count <= ACCEPTABILITY_RANKS_SHOWN + 1 else ACCEPTABILITY_RANKS_SHOWN
    columns = [(t("results.acceptability.rank", language, rank=rank + 1), {key: probabilities[key][rank] for key in keys}) for rank in range(shown)]
    if shown < count:
        columns.append((t("results.acceptability.rank_lower", language, rank=shown + 1), {key: sum(probabilities[key][shown:]) for key in keys}))
    labels = [wrap(names.options[key], OPTION_WRAP) for key in keys]
    figure = go.Figure()
    for index, (name, share_of) in enumerate(columns):
        shares = [share_of[key] for key in keys]
        figure.add_bar(
            y=labels,
            x=[share * 100 for share in shares],
            name=name,
            orientation="h",
            marker_color=PALETTE[index % len(PALETTE)],
            customdata=[format_percent(share, language) for share in shares],
            hovertemplate="%{y}<br>" + name + ": %{customdata}<extra></extra>",
        )
    figure.update_layout(
        height=height_of_rows(labels, BAR_ROW, BAR_CHROME),
        barmode="stack",
        xaxis=dict(title=t("results.axis.share", language), range=[0, 105], dtick=25, ticksuffix=percent_suffix(language)),
        yaxis=dict(autorange="reversed"),
        legend=dict(traceorder="normal"),
    )
    table = pd.DataFrame(
        {name: [_percent(share_of[key], language) for key in keys] for name, share_of in columns},
        index=pd.Index([names.options[key] for key in keys], name=t("results.column.option", language)),
    )
    return localised(figure, language), table


def tornado_chart(result: EvaluationResult, names: ResultNames) -> tuple[go.Figure, pd.DataFrame]:
    """The first choice's score when each weight moves by -50 % and +50 %, widest effect on top."""
    language = names.language
    robustness = _robustness(result)
    base = _drawn_from(next(option.score for option in result.options if option.key == robustness.tornado_option), "score of the first choice")
    bars = robustness.tornado
    criteria = [names.criteria[bar.criterion] for bar in bars]
    labels = [wrap(name, CRITERION_WRAP) for name in criteria]
    figure = go.Figure()
    for name_key, scores, weights, colour in (
        ("results.tornado.lower", [bar.score_low for bar in bars], [bar.weight_low for bar in bars], PALETTE[5]),
        ("results.tornado.higher", [bar.score_high for bar in bars], [bar.weight_high for bar in bars], PALETTE[0]),
    ):
        name = t(name_key, language)
        figure.add_bar(
            y=labels,
            x=[score - base for score in scores],
            base=base,
            orientation="h",
            name=name,
            marker_color=colour,
            customdata=[[format_number(s, language), format_percent(w, language)] for s, w in zip(scores, weights)],
            hovertemplate="%{y}<br>" + name + " (%{customdata[1]}): %{customdata[0]}<extra></extra>",
        )
    figure.add_vline(x=base, line=dict(color=PALETTE[7], width=1, dash="dot"))
    figure.update_layout(
        height=height_of_rows(labels, CRITERION_ROW, CRITERION_CHROME),
        barmode="overlay",
        xaxis=dict(title=t("results.axis.score", language)),
        yaxis=dict(autorange="reversed"),
    )
    table = _by_criterion(
        criteria,
        language,
        {
            "results.column.current_weight": [format_percent(bar.weight, language) for bar in bars],
            "results.column.score_lower": [format_number(bar.score_low, language) for bar in bars],
            "results.column.score_higher": [format_number(bar.score_high, language) for bar in bars],
        },
    )
    return localised(figure, language), table


# --- the method cross-check -------------------------------------------------------------------


def cross_check_table(result: EvaluationResult, names: ResultNames) -> pd.DataFrame:
    """Option x method: the rank each method gives (options in the weighted-sum order)."""
    methods = _cross_check(result).methods
    return pd.DataFrame(
        {t(f"results.method.{method.method}", names.language): [method.ranks[key] for key in result.ranking] for method in methods},
        index=pd.Index([names.options[key] for key in result.ranking], name=t("results.column.option", names.language)),
    )


def cross_check_differences(result: EvaluationResult) -> list[list[bool]]:
    """Which cells of cross_check_table differ from the weighted sum's rank."""
    methods = _cross_check(result).methods
    reference = next(m for m in methods if m.method == REFERENCE_METHOD)
    return [[method.ranks[key] != reference.ranks[key] for method in methods] for key in result.ranking]


# --- the what-if comparison ------------------------------------------------------------------


def what_if_table(saved: EvaluationResult, trial: EvaluationResult, names: ResultNames) -> pd.DataFrame:
    """The trial ranking beside the saved one: trial rank and score, saved rank and score, and the move."""
    language = names.language
    saved_by_key = {option.key: option for option in saved.options}
    rows = []
    for option in ranked_options(trial):
        rank = _drawn_from(option.rank, "rank of a ranked option")
        before = saved_by_key.get(option.key)
        if before is None or before.rank is None or before.rank == rank:
            move = "="
        elif rank < before.rank:
            move = t("results.what_if.up", language, places=before.rank - rank)
        else:
            move = t("results.what_if.down", language, places=rank - before.rank)
        rows.append(
            {
                t("results.column.trial_rank", language): str(rank),
                t("results.column.option", language): names.options[option.key],
                t("results.column.trial_score", language): _number(option.score, language),
                t("results.column.saved_rank", language): DASH if before is None or before.rank is None else str(before.rank),
                t("results.column.saved_score", language): DASH if before is None else _number(before.score, language),
                t("results.column.change", language): move,
            }
        )
    return pd.DataFrame(rows)


# --- the explanation tables ---------------------------------------------------------------------


def explanation_frame(values: list[list[float | None]], rows: list[str], columns: list[str], names: ResultNames) -> pd.DataFrame:
    """An ExplainTable as a DataFrame, its ids replaced by names; numbers kept at 4 decimals."""
    integral = all(v is None or float(v).is_integer() for row in values for v in row)
    decimals = 0 if integral else 4
    frame = pd.DataFrame(
        [[DASH if v is None else format_number(v, names.language, decimals) for v in row] for row in values],
        index=[names.label(r) for r in rows],
        columns=[names.label(c) for c in columns],
    )
    return frame
