"""6 Results: the ranking, why each option stands where it does, how robust
the answer is, and a what-if panel for the weights. Every figure is read from
the engine's EvaluationResult; this page computes nothing itself and saves
nothing."""

import hashlib
import json

import pandas as pd
import streamlit as st

from secu4all_ethics.charts import results as charts
from secu4all_ethics.domain.assessment import Assessment, DirectWeights
from secu4all_ethics.engine.results import EvaluationResult
from secu4all_ethics.errors import ContentError
from secu4all_ethics.i18n import format_number, format_percent, t
from secu4all_ethics.ui.charts import show_chart
from secu4all_ethics.ui.context import (
    actor_or_stop,
    assessment_or_stop,
    content_or_stop,
    current_language,
    save_status,
    widget_key,
)
from secu4all_ethics.ui.creep import show_next_steps
from secu4all_ethics.ui.evaluation import WeightError, evaluation, weight_error_text
from secu4all_ethics.ui.steps import next_step_link
from secu4all_ethics.ui.text import literal, literal_frame, literal_lines
from secu4all_ethics.wording import cross_check_caption
from secu4all_ethics.wording.effectiveness import baseline_line, effectiveness_rows, transfer_caveat
from secu4all_ethics.wording.effectiveness import columns as effectiveness_columns
from secu4all_ethics.wording.names import ResultNames
from secu4all_ethics.wording.statements import status_quo_statement

language = current_language()
actor_or_stop()
bundle = content_or_stop()
assessment = assessment_or_stop()

st.title(t("results.title", language))
st.caption(literal(assessment.title))
save_status()
st.caption(t("results.intro", language))


def page_link(page: str, label_key: str) -> None:
    pages = st.session_state.get("pages", {})
    if page in pages:
        st.page_link(pages[page], label=t(label_key, language), icon=":material/arrow_forward:")


def evaluated(document: Assessment, with_acceptability: bool = True) -> EvaluationResult | None:
    """The engine's result, or None after showing why it could not be computed (never a traceback)."""
    try:
        return evaluation(document, language, with_acceptability=with_acceptability)
    except WeightError as error:
        st.error(t("results.error.weights", language, reason=weight_error_text(error, language)))
    except ContentError as error:
        st.error(t("results.error.content", language))
        st.code("\n".join(str(issue) for issue in error.issues), language=None)
    return None


# On a phone the six columns of the ranking share the screen's width instead of running past it: the
# table is laid out to the width, long words break, and the columns take fixed shares (issue #15 point 12).
RANKING_ON_A_PHONE = (
    "<style>@media (max-width: 640px) {"
    ".st-key-ranking-table table{table-layout:fixed;width:100%;font-size:.75rem}"
    ".st-key-ranking-table th,.st-key-ranking-table td{padding:.25rem}"
    # Streamlit's own rules on the cells' paragraphs are as specific as these: hence !important.
    ".st-key-ranking-table th,.st-key-ranking-table td,.st-key-ranking-table td *,.st-key-ranking-table th *"
    "{overflow-wrap:anywhere!important;hyphens:auto!important;min-width:0!important}"
    # A score or an amount is never broken.
    ".st-key-ranking-table td:nth-child(4) *,.st-key-ranking-table td:nth-child(5) *{white-space:nowrap!important}"
    ".st-key-ranking-table th:nth-child(1){width:9%}.st-key-ranking-table th:nth-child(2){width:26%}"
    ".st-key-ranking-table th:nth-child(3){width:15%}.st-key-ranking-table th:nth-child(4){width:11%}"
    ".st-key-ranking-table th:nth-child(5){width:18%}"
    "}</style>"
)


def chart_with_table(name: str, figure, table: pd.DataFrame) -> None:
    """A result chart at the figure's own height, which gives every row room for its label, and its data under it."""
    show_chart(figure, table, key=widget_key(f"results.chart.{name}"))


def saved_result() -> EvaluationResult:
    """The result of the saved assessment; the page stops (after saying why) when there is none."""
    computed = evaluated(assessment)
    if computed is None:
        page_link("weights", "results.go.weights")
        next_step_link("results")
        st.stop()
    return computed


result = saved_result()

names = ResultNames.of(result.options, bundle, language)
by_key = {option.key: option for option in result.options}
robustness = result.robustness


# --- in short ----------------------------------------------------------------------------------


def recommendation() -> str:
    if not result.ranking:
        return t("results.summary.none", language)
    if robustness is not None and robustness.tied_for_first:
        tied = [literal(names.options[key]) for key in robustness.tied_for_first]
        return t("results.summary.tie", language, options=", ".join(tied[:-1]), last=tied[-1])
    first = by_key[result.ranking[0]]
    return t(f"results.summary.first_{first.kind}", language, option=literal(names.options[first.key]), score=format_number(first.ranked_score(), language))


def weights_source() -> str:
    source = result.weights_source
    if source.startswith("preset:"):
        preset = bundle.presets_by_id.get(source.split(":", 1)[1])
        return t("results.weights.preset", language, preset=preset.name.get(language) if preset else source)
    if source == "framework_defaults":
        return t("results.weights.defaults", language)
    return t(f"results.weights.method.{result.weighting.method}", language)


st.header(t("results.summary.heading", language))
with st.container(border=True):
    st.markdown(f"**{recommendation()}**")
    nothing_justified = status_quo_statement(result, names, language)
    if nothing_justified is not None:
        st.markdown(literal(nothing_justified))
    if robustness is not None:
        st.markdown(literal(robustness.statement))
        if robustness.acceptability is not None:
            st.markdown(literal(robustness.acceptability.statement))
    elif len(result.ranking) == 1:
        st.markdown(t("results.summary.single", language))
    st.caption(weights_source())

# option_not_placed warnings are shown beside the ranking, with what is missing.
for warning in result.warnings:
    if warning.code != "option_not_placed":
        st.warning(literal(warning.message), icon=":material/warning:")


# --- the ranking -----------------------------------------------------------------------------------

st.header(t("results.ranking.heading", language))
st.caption(t("results.ranking.caption", language))
if result.options:
    # A static table: it wraps long option names and exclusion reasons instead of cutting them off.
    with st.container(key="ranking-table"):
        st.html(RANKING_ON_A_PHONE)
        st.table(literal_frame(charts.ranking_table(result, names)), hide_index=True)

incomplete = [by_key[key] for key in result.not_placed]
if incomplete:
    st.markdown(f"**{t('results.incomplete.heading', language)}**")
    for option in incomplete:
        missing = []
        if option.missing_criteria:
            missing.append(t("results.incomplete.scores", language, criteria=", ".join(names.criteria[c] for c in option.missing_criteria)))
        if option.unanswered_gates:
            gates = ", ".join(bundle.gates[g].name.get(language) if g in bundle.gates else g for g in option.unanswered_gates)
            missing.append(t("results.incomplete.gates", language, gates=gates))
        st.info(t("results.incomplete.option", language, option=literal(names.options[option.key]), missing="; ".join(missing)), icon=":material/pending:")
    if any(option.unanswered_gates for option in incomplete):
        page_link("screening", "results.go.screening")
    if any(option.missing_criteria for option in incomplete):
        page_link("scores", "results.go.scores")

excluded = [by_key[key] for key in result.excluded]
if excluded:
    st.markdown(f"**{t('results.excluded.heading', language)}**")
    st.caption(t("results.excluded.caption", language))
    for option in excluded:
        label = t("results.excluded.option", language, option=literal(names.options[option.key]), count=len(option.exclusion_reasons))
        with st.expander(label, icon=":material/block:"):
            for reason in option.exclusion_reasons:
                st.markdown(f"**{reason.gate_name}**")
                if reason.message:
                    st.markdown(reason.message)
                if reason.justification:
                    st.markdown(f"*{t('results.excluded.justification', language)}* {literal_lines(reason.justification)}")
                citations = [bundle.references_by_id[ref].citation_in(language) if ref in bundle.references_by_id else ref for ref in reason.legal_basis]
                if citations:
                    st.caption(t("results.excluded.legal_basis", language) + "\n" + "\n".join(f"- {c}" for c in citations))


# --- what each option may achieve (issue #17) --------------------------------------------------------

st.header(t("effectiveness.heading", language))
st.caption(t("effectiveness.intro", language))
st.markdown(baseline_line(result, language))
effect_rows = effectiveness_rows(result, names, language)
if effect_rows:
    headings = effectiveness_columns(language)
    with st.container(key="effectiveness-table"):
        frame = pd.DataFrame(
            [[row.option, row.effect, row.prevented, row.yearly_cost, row.cost_per_prevented] for row in effect_rows],
            columns=headings[:-1],
        )
        st.table(literal_frame(frame), hide_index=True)
    # The studies under the table, not in a column of it: a paragraph per row made each row a screen tall on a phone.
    with st.expander(headings[-1], icon=":material/menu_book:"):
        for row in effect_rows:
            st.markdown(f"**{literal(row.option)}**: {literal(row.evidence)}")
st.info(transfer_caveat(language), icon=":material/travel_explore:")
caveats = [row for row in effect_rows if row.caveat]
if caveats:
    with st.expander(t("effectiveness.caveats.heading", language)):
        for row in caveats:
            st.markdown(f"**{literal(row.option)}**: {row.caveat}")
            citations = [bundle.references_by_id[ref].citation_in(language) for ref in row.references if ref in bundle.references_by_id]
            st.caption("\n".join(f"- {citation}" for citation in citations))

if len(result.ranking) < 2:
    st.info(t("results.too_few", language), icon=":material/info:")
    page_link("options", "results.go.options")
    next_step_link("results")
    st.stop()
# With two or more ranked options the engine always adds its robustness analysis and cross-check.
if robustness is None or result.cross_check is None:
    raise RuntimeError("the result ranks two or more options but has no robustness analysis or cross-check")
cross_check = result.cross_check


# --- how the scores are made up ---------------------------------------------------------------------

st.header(t("results.scores.heading", language))
# Tabs and expanders are drawn only when open (on_change="rerun" gives them a state), so a rerun
# builds two charts rather than six and skips the explanation tables: the page stays fast.
contributions_tab, radar_tab, heatmap_tab = st.tabs(
    [t("results.tab.contributions", language), t("results.tab.radar", language), t("results.tab.heatmap", language)],
    key=widget_key("results.tabs.scores"),
    on_change="rerun",
)
if contributions_tab.open:
    with contributions_tab:
        st.caption(t("results.contributions.caption", language))
        chart_with_table("contributions", *charts.contributions_chart(result, names))
if radar_tab.open:
    with radar_tab:
        st.caption(t("results.radar.caption", language, count=charts.RADAR_OPTIONS))
        chart_with_table("radar", *charts.radar_chart(result, names))
if heatmap_tab.open:
    with heatmap_tab:
        st.caption(t("results.heatmap.caption", language))
        chart_with_table("heatmap", *charts.heatmap_chart(result, names))


# --- how robust is it? -------------------------------------------------------------------------------

st.header(t("results.robustness.heading", language))
stability_tab, acceptability_tab, tornado_tab = st.tabs(
    [t("results.tab.stability", language), t("results.tab.acceptability", language), t("results.tab.tornado", language)],
    key=widget_key("results.tabs.robustness"),
    on_change="rerun",
)
if stability_tab.open:
    with stability_tab:
        st.markdown(literal(robustness.statement))
        st.caption(t("results.stability.caption", language, option=literal(names.options[robustness.top_option])))
        chart_with_table("stability", *charts.stability_chart(result, names))
if acceptability_tab.open and robustness.acceptability is not None:
    with acceptability_tab:
        acceptability = robustness.acceptability
        st.markdown(literal(acceptability.statement))
        st.caption(
            t(
                "results.acceptability.caption",
                language,
                samples=format_number(acceptability.samples, language, 0),
                seed=acceptability.seed,
                concentration=format_number(acceptability.concentration, language, 0),
            )
        )
        chart_with_table("acceptability", *charts.acceptability_chart(result, names))
if tornado_tab.open:
    with tornado_tab:
        st.caption(t("results.tornado.caption", language, option=literal(names.options[robustness.tornado_option])))
        chart_with_table("tornado", *charts.tornado_chart(result, names))


# --- does the method change the answer? -------------------------------------------------------------

st.header(t("results.cross_check.heading", language))
st.markdown(literal(cross_check.statement))
st.caption(cross_check_caption(cross_check, language))
table = literal_frame(charts.cross_check_table(result, names))
differences = charts.cross_check_differences(result)
highlight = "background-color: rgba(230, 159, 0, 0.35); font-weight: bold"
styled_table = table.style.apply(
    lambda _: pd.DataFrame([[highlight if d else "" for d in row] for row in differences], index=table.index, columns=table.columns), axis=None
)
st.table(styled_table)
agreements = "; ".join(
    t("results.cross_check.agreement_item", language, method=method.name, value=format_number(method.agreement_with_weighted_sum, language))
    for method in cross_check.methods
    if method.method != "weighted_sum"
)
st.caption(t("results.cross_check.agreement", language, agreements=agreements))
if cross_check.options_ranked_differently:
    st.caption(t("results.cross_check.highlight", language))


# --- what if the weights were different? ---------------------------------------------------------------


def what_if_keys() -> dict[str, str]:
    # The saved weights are part of the keys: when they change on page 4, the sliders start again from them.
    signature = hashlib.sha256(json.dumps(result.weights, sort_keys=True).encode()).hexdigest()[:10]
    return {c: widget_key(f"results.what_if.{signature}.{c}") for c in names.criterion_order}


def saved_percent(criterion: str) -> int:
    """The saved weight in whole %, as the sliders show it."""
    return round(result.weights[criterion] * 100)


def reset_what_if(keys: dict[str, str]) -> None:
    for criterion, key in keys.items():
        st.session_state[key] = saved_percent(criterion)


@st.fragment
def what_if() -> None:
    keys = what_if_keys()
    for criterion, key in keys.items():
        if key not in st.session_state:
            st.session_state[key] = saved_percent(criterion)
    st.caption(t("results.what_if.caption", language))
    slider_format = "%d" + charts.percent_suffix(language).replace("%", "%%")
    columns = st.columns(len(names.pillar_order))
    for column, pillar in zip(columns, names.pillar_order):
        with column:
            st.markdown(f"**{names.pillars[pillar]}**")
            for criterion in names.criterion_order:
                if names.pillar_of[criterion] == pillar:
                    st.slider(names.criteria[criterion], min_value=0, max_value=100, step=1, format=slider_format, key=keys[criterion])
    st.button(
        t("results.what_if.reset", language), key=widget_key("results.what_if.reset"), on_click=reset_what_if, args=(keys,), icon=":material/restart_alt:"
    )

    # A slider left where it started keeps the exact saved weight (the sliders show it rounded).
    values = {
        criterion: st.session_state[key] if st.session_state[key] != saved_percent(criterion) else result.weights[criterion] * 100
        for criterion, key in keys.items()
    }
    moved = any(st.session_state[key] != saved_percent(criterion) for criterion, key in keys.items())
    trial = result
    if moved:
        copy = assessment.model_copy(deep=True)
        copy.weights = DirectWeights(values=values)
        moved_result = evaluated(copy, with_acceptability=False)
        if moved_result is None:
            return
        trial = moved_result
        pillars = "; ".join(f"{names.pillars[p]} {format_percent(trial.pillar_weights[p], language)}" for p in names.pillar_order)
        st.caption(t("results.what_if.normalised", language, pillars=pillars))
        tied = trial.robustness.tied_for_first if trial.robustness is not None else []
        if tied:
            tied_names = [literal(names.options[key]) for key in tied]
            st.info(t("results.what_if.tie", language, options=", ".join(tied_names[:-1]), last=tied_names[-1]), icon=":material/swap_vert:")
        elif trial.ranking[:1] != result.ranking[:1] and trial.ranking:
            st.info(
                t("results.what_if.new_first", language, option=literal(names.options[trial.ranking[0]]), saved=literal(names.options[result.ranking[0]])),
                icon=":material/swap_vert:",
            )
        else:
            st.success(t("results.what_if.same_first", language, option=literal(names.options[result.ranking[0]])), icon=":material/check:")
    st.table(literal_frame(charts.what_if_table(result, trial, names)), hide_index=True)


st.header(t("results.what_if.heading", language))
# Closing the panel forgets the trial weights: it always opens on the saved ones.
what_if_panel = st.expander(t("results.what_if.open", language), icon=":material/tune:", key=widget_key("results.what_if.panel"), on_change="rerun")
if what_if_panel.open:
    with what_if_panel:
        what_if()


# --- what the next step adds (issue #17) -------------------------------------------------------------------

show_next_steps(assessment, bundle, language, names.options)

# --- every step of the calculation ---------------------------------------------------------------------

st.header(t("results.explanation.heading", language))
explanation_panel = st.expander(
    t("results.explanation.open", language), icon=":material/calculate:", key=widget_key("results.explanation.panel"), on_change="rerun"
)
if explanation_panel.open:
    with explanation_panel:
        st.caption(t("results.explanation.caption", language))
        for item in result.explanation:
            st.markdown(f"**{item.caption}**")
            st.dataframe(
                charts.explanation_frame(item.values, item.row_labels, item.column_labels, names),
                key=widget_key(f"results.explanation.{item.id}"),
                width="stretch",
            )

next_step_link("results")
