"""The reveal of a round: the charts, the group ranking, the share who put each option first,
how far the group agrees, the contested items, and what to debate. The facilitator and the
projector see all of it; a participant sees the charts and the group's ranking."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from ..charts.workshop import participant_weights_table
from ..content.bundle import ContentBundle
from ..domain.scenario_card import ScenarioCard
from ..domain.workshop import Phase, WeightingMode, revealed_rounds
from ..engine.group.results import RoundChange, RoundOutcome
from ..i18n import format_number, format_percent, t
from ..services.access import Actor
from ..wording.names import ResultNames
from ..wording.workshop import change_text, consensus_text, prompt_text
from ..wording.workshop_charts import chart_words
from .workshop_charts import change_chart, chart_names, round_charts
from .workshops import WORKSHOP_REFUSALS, refusal_text, workshop_service

# Out of sight, not left out: display:none still loads the element's code (see load_reveal_code).
WARM_UP_STYLE = "<style>[class*=reveal-warm-up]{display:none}</style>"


def load_reveal_code(key: str) -> None:
    """Before the reveal, an empty chart out of sight, so that the browser fetches and compiles
    Streamlit's Plotly code (4.7 MB) while people weigh, not when the results appear: the reveal
    was drawn 9-14 s after the click, 0.3-0.8 s of it the server's run (docs/benchmarks.md,
    "Workshop room against the running app"). No table: before the reveal there is none."""
    st.html(WARM_UP_STYLE)
    with st.container(key=f"{key}-reveal-warm-up"):
        st.plotly_chart(go.Figure(), key=f"{key}-warm-up-chart", config={"staticPlot": True})


def outcome_names(outcome: RoundOutcome, bundle: ContentBundle, language: str) -> ResultNames:
    return ResultNames.of(outcome.evaluation.options, bundle, language)


def ranking_table(outcome: RoundOutcome, names: ResultNames, language: str, *, narrow: bool = False) -> pd.DataFrame:
    """The group's ranking through the engine and its gates, with the share who put each option first.
    narrow (a phone): four columns, an option's status beside its name when it is not ranked."""
    first = {spread.option: spread.first_share for spread in outcome.options}
    rows = []
    for option in sorted(outcome.evaluation.options, key=lambda o: (o.rank is None, o.rank or 0)):
        name = names.options.get(option.key, option.key)
        status = t(f"workshop.reveal.status.{option.status}", language)
        row = {
            t("workshop.reveal.rank", language): str(option.rank) if option.rank is not None else "—",
            t("workshop.reveal.option", language): f"{name} ({status})" if narrow and option.status != "ranked" else name,
            t("workshop.reveal.score", language): format_number(option.score, language) if option.score is not None else "—",
            t("workshop.reveal.first_share", language): format_percent(first.get(option.key, 0.0), language),
        }
        if not narrow:
            row[t("workshop.reveal.status", language)] = status
        rows.append(row)
    return pd.DataFrame(rows)


def show_table(table: pd.DataFrame, key: str, *, static: bool, hide_index: bool = True) -> None:
    """A phone or the projector gets an HTML table: its cells wrap to the width and take the page's
    type size (st.dataframe draws on a canvas at its own size and scrolls sideways); the facilitator's
    screen keeps the sortable grid."""
    if static:
        with st.container(key=f"{key}-table"):
            st.table(table, hide_index=hide_index)
    else:
        st.dataframe(table, key=key, hide_index=hide_index, width="stretch")


def show_ranking(outcome: RoundOutcome, bundle: ContentBundle, language: str, key: str, *, narrow: bool = False, static: bool = False) -> None:
    names = outcome_names(outcome, bundle, language)
    st.subheader(t("workshop.reveal.ranking", language))
    show_table(ranking_table(outcome, names, language, narrow=narrow), f"{key}-ranking", static=static or narrow)


def show_consensus(outcome: RoundOutcome, bundle: ContentBundle, language: str) -> None:
    names = outcome_names(outcome, bundle, language)
    st.subheader(t("workshop.reveal.consensus", language))
    if outcome.kendalls_w is not None:
        st.metric(t("workshop.reveal.kendalls_w", language), format_number(outcome.kendalls_w, language))
    st.write(consensus_text(outcome.kendalls_w, language))
    if outcome.contested_items:
        st.markdown(t("workshop.reveal.contested", language, items=", ".join(names.label(item) for item in outcome.contested_items)))
    if outcome.most_variable_options:
        st.markdown(t("workshop.reveal.variable_options", language, options=", ".join(names.label(o) for o in outcome.most_variable_options)))


def show_participants(outcome: RoundOutcome, bundle: ContentBundle, mode: WeightingMode, language: str, key: str, *, static: bool = False) -> None:
    """Each participant, by pseudonym only, with their weights and the option that comes first for them."""
    st.subheader(t("workshop.reveal.participants", language))
    table = participant_weights_table(outcome, chart_names(outcome, bundle, language), chart_words(language, mode))
    show_table(table, f"{key}-participants", static=static, hide_index=False)


def show_prompts(outcome: RoundOutcome, card: ScenarioCard, bundle: ContentBundle, language: str) -> None:
    names = outcome_names(outcome, bundle, language)
    st.subheader(t("workshop.reveal.debate", language))
    for prompt in outcome.prompts:
        st.markdown(f"- {prompt_text(prompt, names, language)}")
    st.markdown(f"**{t('workshop.reveal.card_questions', language)}**")
    for question in card.debate_questions:
        st.markdown(f"- {question.get(language)}")


def show_change(
    before: RoundOutcome, after: RoundOutcome, change: RoundChange, bundle: ContentBundle, mode: WeightingMode, language: str, key: str, *, large: bool = False
) -> None:
    """What moved between the rounds, and whether the group came closer (Kendall's W before and after)."""
    st.subheader(t("workshop.reveal.between_rounds", language))
    st.write(change_text(change, outcome_names(after, bundle, language), language))
    change_chart(before, after, change, bundle, mode, language, key, large=large)


def show_round(
    outcome: RoundOutcome,
    card: ScenarioCard,
    bundle: ContentBundle,
    mode: WeightingMode,
    language: str,
    key: str,
    *,
    for_participant: bool = False,
    large: bool = False,
) -> None:
    """One revealed round, in full for the facilitator and the projector, the charts and ranking for a participant."""
    show_ranking(outcome, bundle, language, key, narrow=for_participant, static=large)
    round_charts(outcome, bundle, mode, language, key, large=large, compact=for_participant)
    if for_participant:
        return
    show_participants(outcome, bundle, mode, language, key, static=large)
    show_consensus(outcome, bundle, language)
    show_prompts(outcome, card, bundle, language)


def show_revealed(
    workshop_id: str,
    phase: Phase,
    mode: WeightingMode,
    card: ScenarioCard,
    bundle: ContentBundle,
    language: str,
    key: str,
    *,
    actor: Actor | None = None,
    token: str | None = None,
    for_participant: bool = False,
    large: bool = False,
) -> None:
    """Every round this phase reveals, the latest first; after round 2, what moved since round 1.
    The service decides who may read them (the facilitator as actor, a participant by their token)."""
    service = workshop_service()
    outcomes: dict[int, RoundOutcome] = {}
    for round_number in revealed_rounds(phase):
        try:
            outcomes[round_number] = service.round_outcome(workshop_id, round_number, actor=actor, token=token)
        except WORKSHOP_REFUSALS as refusal:
            st.error(refusal_text(refusal, language))
    heading = "join.group_result" if for_participant else "workshop.reveal.heading"
    for round_number in sorted(outcomes, reverse=True):
        outcome = outcomes[round_number]
        st.header(t(heading, language, round=round_number))
        if not outcome.participants:
            st.info(t("workshop.reveal.nobody", language))
            continue
        before = outcomes.get(1)
        if round_number == 2 and before is not None and before.participants:
            try:
                change = service.round_change(workshop_id, actor=actor, token=token)
            except WORKSHOP_REFUSALS as refusal:
                st.error(refusal_text(refusal, language))
            else:
                show_change(before, outcome, change, bundle, mode, language, f"{key}-r2", large=large)
        show_round(outcome, card, bundle, mode, language, f"{key}-r{round_number}", for_participant=for_participant, large=large)
