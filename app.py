"""Secu4All Ethics: the Streamlit entry point.

It only configures the app, holds the language, the person and the open
assessment, and routes with st.navigation. Pages live in
secu4all_ethics/ui/pages and never compute scores.
"""

from collections.abc import Callable
from pathlib import Path

import streamlit as st

from secu4all_ethics.i18n import negotiate_language, t
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.services.access import Actor
from secu4all_ethics.services.assessments import AssessmentService, slug
from secu4all_ethics.ui.browser_texts import localize_browser
from secu4all_ethics.ui.context import (
    LANGUAGE_KEY,
    LANGUAGE_NAMES,
    PARTICIPANT_PARAMETERS,
    PARTICIPANT_ROUTE,
    WORKSHOP_ROLES,
    close_assessment,
    current_actor,
    keep_url_parameters,
    open_document,
    service,
    settings,
    storage_or_stop,
    switch_to,
    sync_with_url,
    unsaved_notice,
)
from secu4all_ethics.ui.identity import sidebar_identity
from secu4all_ethics.ui.steps import STATUS_ICON, show_wrapped_navigation, step_title
from secu4all_ethics.ui.streamlit_session_fix import apply as keep_each_runs_last_messages
from secu4all_ethics.ui.text import literal

keep_each_runs_last_messages()  # once per process: a page polling its phase must not wipe out a run's output

PAGES = Path(__file__).parent / "secu4all_ethics" / "ui" / "pages"

# A workshop participant's phone: the address carries a join code or their token and nobody is
# signed in. They get the join page alone, without the sidebar (language, sign-in form, assessor
# steps): no account, whatever the sign-in mode. The projector view starts with the sidebar shut.
participant_route = current_actor() is None and any(key in st.query_params for key in PARTICIPANT_PARAMETERS)
sidebar_shut = participant_route or st.query_params.get("view") == "projector"
st.set_page_config(page_title="Secu4All Ethics", page_icon=":material/balance:", layout="wide", initial_sidebar_state="collapsed" if sidebar_shut else "auto")

if LANGUAGE_KEY not in st.session_state:
    st.session_state[LANGUAGE_KEY] = negotiate_language([st.query_params.get("lang"), st.context.locale])


def _to_join_page() -> None:
    # The default page answers at "/" whatever its url_path, so a /join address would not find a
    # default join page: the join page keeps its path and the default one leads to it.
    st.switch_page(st.session_state["pages"]["join"], query_params=st.query_params.to_dict())


def join_pages(title: str) -> list:
    """The join page at /join, and "/" leading to it: the whole app of a participant."""
    join_page = st.Page(PAGES / "join.py", title=title, icon=":material/groups:", url_path="join")
    st.session_state["pages"] = {"join": join_page}
    return [st.Page(_to_join_page, title=title, url_path="welcome", default=True), join_page]


if participant_route:
    st.session_state[PARTICIPANT_ROUTE] = True
    storage_or_stop()
    participant_navigation = st.navigation(join_pages(t("nav.join", st.session_state[LANGUAGE_KEY])), position="hidden")
    localize_browser(st.session_state[LANGUAGE_KEY], t("nav.join", st.session_state[LANGUAGE_KEY]), in_sidebar=False)
    participant_navigation.run()
    st.stop()
st.session_state.pop(PARTICIPANT_ROUTE, None)


def _language_changed() -> None:
    st.query_params["lang"] = st.session_state[LANGUAGE_KEY]


def _export(exporter: AssessmentService, actor: Actor, assessment_id: str, file_format: str) -> Callable[[], bytes]:
    # Generated on click, so only a real download is logged as an export.
    return lambda: exporter.export_document(actor, assessment_id, file_format)[0]


with st.sidebar:
    st.selectbox(
        t("sidebar.language", st.session_state[LANGUAGE_KEY]),
        options=list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=LANGUAGE_KEY,
        on_change=_language_changed,
    )
language = st.session_state[LANGUAGE_KEY]

storage_or_stop()
with st.sidebar:
    sidebar_identity()
sync_with_url()

document, actor = open_document(), current_actor()
statuses = service().step_statuses(document) if document is not None and actor is not None else {}
ICONS = {
    "start": ":material/home:",
    "need": ":material/flag:",
    "options": ":material/view_list:",
    "screening": ":material/gavel:",
    "dpia": ":material/assignment:",
    "weights": ":material/balance:",
    "scores": ":material/grading:",
    "results": ":material/leaderboard:",
    "decision": ":material/task_alt:",
    "review": ":material/rate_review:",
    "history": ":material/history:",
    "library": ":material/menu_book:",
    "workshop": ":material/co_present:",
    "join": ":material/groups:",
}
# The facilitator's page is there for facilitators and admins, and for everyone without sign-in.
role = actor.role if actor is not None else None
shown = [name for name in ICONS if name != "workshop" or role in WORKSHOP_ROLES or settings().auth.mode == "none"]
if role in WORKSHOP_ROLES:
    # Next to Start, not behind the navigation's "View more": it is what a facilitator came for.
    shown.remove("workshop")
    shown.insert(1, "workshop")
pages = {
    name: st.Page(
        PAGES / f"{name}.py",
        title=step_title(name, language, statuses.get(name)),
        icon=STATUS_ICON[statuses[name]] if name in statuses else ICONS[name],
        default=name == "start",
        url_path=name,
    )
    for name in shown
}
st.session_state["pages"] = pages

with st.sidebar:
    if document is not None and actor is not None:
        st.caption(t("sidebar.open_assessment", language))
        st.markdown(f"**{literal(document.title)}**")
        unsaved_notice()
        exporter = service()
        for file_format in ("yaml", "json"):
            st.download_button(
                t(f"sidebar.export_{file_format}", language),
                data=_export(exporter, actor, document.id, file_format),
                file_name=f"{slug(document.title)}.{file_format}",
                mime="application/json" if file_format == "json" else "application/yaml",
                key=f"export-{file_format}",
                icon=":material/download:",
                on_click="ignore",
            )
        if st.button(t("sidebar.close", language), key="close-assessment", icon=":material/close:"):
            close_assessment()
            switch_to("start")

keep_url_parameters()
show_wrapped_navigation()
# One flat list: with sections, Streamlit nests <div>s inside the navigation's <ul>, which screen
# readers miscount (axe-core: list, listitem; docs/accessibility.md). The steps are numbered.
# A signed-in workshop participant has nothing to do but join (Start would refuse them): the join
# page alone, the sidebar keeping who they are and the way to sign out.
if role == "participant":
    navigation = st.navigation(join_pages(t("nav.join", language)), position="hidden")
else:
    # Fully expanded, as the twelve steps were before the workshop pages came: beyond twelve,
    # Streamlit would hide all but ten behind "View more" (History, Library among them).
    navigation = st.navigation(list(pages.values()), expanded=True)
# The tab names the page without its status.
localize_browser(language, t(f"nav.{navigation.url_path or 'start'}", language))
navigation.run()
