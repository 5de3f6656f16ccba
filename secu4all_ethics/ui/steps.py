"""The path through the steps (issue #15 point 5): each step's title in the sidebar carries its status
as a word (read out by screen readers, not a colour) and an icon, and every step page ends with a
link to the next step."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from ..i18n import t
from .context import KEPT_PARAMETERS, current_language

if TYPE_CHECKING:  # the engine loads on first use, never on the start page
    from ..engine.completeness import StepStatus

STATUS_ICON: dict[str, str] = {
    "complete": ":material/check_circle:",
    "incomplete": ":material/pending:",
    "blocked": ":material/block:",
}


# Streamlit cuts a navigation link's label to one line with an ellipsis, which would cut the status
# off the longer steps ("7 Décision et rapport (à complét…"): the labels wrap instead.
WRAPPED_NAVIGATION = (
    "<style>[data-testid=stSidebarNavLink]{height:auto;min-height:2rem}"
    "[data-testid=stSidebarNavLink] [data-testid=stMarkdownContainer],[data-testid=stSidebarNavLink] p"
    "{white-space:normal;overflow:visible;text-overflow:clip}</style>"
)


def show_wrapped_navigation() -> None:
    with st.sidebar:
        st.html(WRAPPED_NAVIGATION)


def step_title(step: str, language: str, status: StepStatus | None) -> str:
    """The step's name in the navigation, with its status when an assessment is open."""
    title = t(f"nav.{step}", language)
    if status is None:
        return title
    return t("nav.with_status", language, step=title, status=t(f"nav.status.{status}", language))


def next_step(step: str) -> str | None:
    from ..engine.completeness import STEPS

    position = STEPS.index(step)
    return STEPS[position + 1] if position + 1 < len(STEPS) else None


def next_step_link(step: str) -> None:
    """The link that ends a step page: on to the next step, keeping the language, the person and the
    open assessment in the address."""
    following = next_step(step)
    if following is None:
        return
    language = current_language()
    kept = {key: st.query_params[key] for key in KEPT_PARAMETERS if key in st.query_params}
    st.divider()
    st.page_link(
        st.session_state["pages"][following],
        label=t("nav.next_step", language, page=t(f"nav.{following}", language)),
        icon=":material/arrow_forward:",
        query_params=kept,
    )
