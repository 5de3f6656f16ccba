"""What the next step adds (issue #17): each step up a capability ladder from the options compared, on the
Results page, and the upgrades of the recommended option offered as re-assessment triggers on the Decision page."""

from __future__ import annotations

import streamlit as st

from ..content.bundle import ContentBundle
from ..domain.assessment import Assessment
from ..engine.creep import creep_comparison, upgrades_requiring_new_assessment
from ..i18n import t
from ..wording.creep import trigger_text, word_creep
from .context import assessment_or_stop, autosave, widget_key
from .text import literal

TRIGGERS_FIELD = "proportionality.reassessment_triggers"  # the Decision page's field (fields.lines)
TRIGGERS_MESSAGE = "creep.triggers.message"


def show_next_steps(assessment: Assessment, bundle: ContentBundle, language: str, option_names: dict[str, str]) -> None:
    st.header(t("creep.heading", language))
    st.caption(t("creep.intro", language))
    comparisons = creep_comparison(assessment, bundle)
    if not comparisons:
        st.info(t("creep.none", language), icon=":material/info:")
        return
    for comparison in comparisons:
        words = word_creep(comparison, literal(option_names.get(comparison.option, comparison.option)), bundle, language)
        with st.expander(words.heading, icon=":material/stairs:"):
            st.caption(words.description)
            if not words.steps:
                st.write(words.top)
            for step in words.steps:
                st.subheader(step.title)
                st.markdown(f"**{t('creep.upgrade', language)}:** {step.upgrade}")
                for aspect, lines in step.aspects:
                    st.markdown(f"**{aspect}**\n\n" + "\n".join(f"- {line}" for line in lines))
                if step.requires_new_assessment:
                    st.warning(step.verdict, icon=":material/assignment_late:")
                else:
                    st.info(step.verdict, icon=":material/info:")


def suggest_triggers(assessment: Assessment, bundle: ContentBundle, language: str, can_edit: bool) -> None:
    """The upgrades of the recommended option that would call for a new assessment, each added to the
    proportionality statement's triggers with one click, in the assessment's language."""
    recommended = assessment.decision.recommended_option
    if recommended is None:
        return
    st.markdown(f"**{t('creep.triggers.heading', language)}**")
    steps = upgrades_requiring_new_assessment(assessment, bundle, recommended)
    if not steps:
        st.caption(t("creep.triggers.none", language))
        return
    st.caption(t("creep.triggers.intro", language))
    present = set(assessment.proportionality.reassessment_triggers)
    # In the assessment's language, as the rest of its text: the report prints the triggers as they are stored.
    texts = [trigger_text(step, bundle, assessment.language) for step in steps]
    for index, text in enumerate(texts):
        columns = st.columns([5, 2], vertical_alignment="center")
        columns[0].markdown(f"- {literal(text)}")
        added = text in present
        columns[1].button(
            t("creep.triggers.present" if added else "creep.triggers.add", language),
            key=widget_key(f"creep.trigger[{index}]"),
            on_click=add_triggers,
            args=([text], language),
            disabled=added or not can_edit,
            icon=":material/check:" if added else ":material/add:",
        )
    missing = [text for text in texts if text not in present]
    if len(missing) > 1:
        st.button(
            t("creep.triggers.add_all", language),
            key=widget_key("creep.trigger.all"),
            on_click=add_triggers,
            args=(missing, language),
            disabled=not can_edit,
            icon=":material/playlist_add:",
        )
    message = st.session_state.pop(TRIGGERS_MESSAGE, None)
    if message:
        st.success(message, icon=":material/check:")


def add_triggers(texts: list[str], language: str) -> None:
    def change(document: Assessment) -> None:
        triggers = document.proportionality.reassessment_triggers
        triggers.extend(text for text in texts if text not in triggers)

    autosave(change)
    saved = assessment_or_stop().proportionality.reassessment_triggers
    # The triggers' text area shows the list as saved, new lines included, on this run.
    st.session_state[widget_key(TRIGGERS_FIELD)] = "\n".join(saved)
    st.session_state[TRIGGERS_MESSAGE] = t("creep.triggers.added", language, count=sum(text in saved for text in texts))
