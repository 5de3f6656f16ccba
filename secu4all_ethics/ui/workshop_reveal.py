"""The reveal of a round: the charts, the group ranking, the share who put each option first,
how far the group agrees, the contested items, and what to debate. The facilitator and the
projector see all of it; a participant sees the charts and the group's ranking."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from ..content.bundle import ContentBundle
from ..domain.scenario_card import ScenarioCard
from ..i18n import format_number, format_percent, t
from ..wording.names import ResultNames
from ..wording.workshop import change_text, consensus_text, prompt_text
from .workshop_charts import round_charts


def outcome_names(outcome: Any, bundle: ContentBundle, language: str) -> ResultNames:
    return ResultNames.of(outcome.evaluation.options, bundle, language)


def ranking_table(outcome: Any, names: ResultNames, language: str) -> pd.DataFrame:
    """The group's ranking through the engine and its gates, with the share who put each option first."""
    first = {spread.option: spread.first_share for spread in outcome.options}
    rows = []
    for option in sorted(outcome.evaluation.options, key=lambda o: (o.rank is None, o.rank or 0)):
        rows.append(
            {
                t("workshop.reveal.rank", language): option.rank if option.rank is not None else "—",
                t("workshop.reveal.option", language): names.options.get(option.key, option.key),
                t("workshop.reveal.score", language): format_number(option.score, language) if option.score is not None else "—",
                t("workshop.reveal.first_share", language): format_percent(first.get(option.key, 0.0), language),
                t("workshop.reveal.status", language): t(f"workshop.reveal.status.{option.status}", language),
            }
        )
    return pd.DataFrame(rows)


def show_ranking(outcome: Any, bundle: ContentBundle, language: str, key: str) -> None:
    names = outcome_names(outcome, bundle, language)
    st.subheader(t("workshop.reveal.ranking", language))
    st.dataframe(ranking_table(outcome, names, language), key=f"{key}-ranking", hide_index=True, width="stretch")


def show_consensus(outcome: Any, language: str) -> None:
    st.subheader(t("workshop.reveal.consensus", language))
    if outcome.kendalls_w is not None:
        st.metric(t("workshop.reveal.kendalls_w", language), format_number(outcome.kendalls_w, language))
    st.write(consensus_text(outcome.kendalls_w, language))


def show_contested(outcome: Any, bundle: ContentBundle, language: str) -> None:
    names = outcome_names(outcome, bundle, language)
    if outcome.contested_items:
        st.markdown(t("workshop.reveal.contested", language, items=", ".join(names.label(item) for item in outcome.contested_items)))
    if outcome.most_variable_options:
        st.markdown(t("workshop.reveal.variable_options", language, options=", ".join(names.label(o) for o in outcome.most_variable_options)))


def show_prompts(outcome: Any, card: ScenarioCard, bundle: ContentBundle, language: str) -> None:
    names = outcome_names(outcome, bundle, language)
    st.subheader(t("workshop.reveal.debate", language))
    for prompt in outcome.prompts:
        st.markdown(f"- {prompt_text(prompt, names, language)}")
    st.markdown(f"**{t('workshop.reveal.card_questions', language)}**")
    for question in card.debate_questions:
        st.markdown(f"- {question.get(language)}")


def show_change(change: Any, outcome: Any, bundle: ContentBundle, language: str) -> None:
    st.subheader(t("workshop.reveal.between_rounds", language))
    st.write(change_text(change, outcome_names(outcome, bundle, language), language))


def show_round(outcome: Any, card: ScenarioCard, bundle: ContentBundle, language: str, key: str, *, for_participant: bool = False) -> None:
    """One revealed round, in full for the facilitator and the projector, the charts and ranking for a participant."""
    round_charts(outcome, bundle, language, key, compact=for_participant)
    show_ranking(outcome, bundle, language, key)
    if for_participant:
        return
    show_consensus(outcome, language)
    show_contested(outcome, bundle, language)
    show_prompts(outcome, card, bundle, language)
