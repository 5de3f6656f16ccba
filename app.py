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
    close_assessment,
    current_actor,
    keep_url_parameters,
    open_document,
    service,
    storage_or_stop,
    switch_to,
    sync_with_url,
    unsaved_notice,
)
from secu4all_ethics.ui.identity import sidebar_identity
from secu4all_ethics.ui.text import literal

PAGES = Path(__file__).parent / "secu4all_ethics" / "ui" / "pages"

st.set_page_config(page_title="Secu4All Ethics", page_icon=":material/balance:", layout="wide")

if LANGUAGE_KEY not in st.session_state:
    st.session_state[LANGUAGE_KEY] = negotiate_language([st.query_params.get("lang"), st.context.locale])


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

pages = {
    "start": st.Page(PAGES / "start.py", title=t("nav.start", language), icon=":material/home:", default=True, url_path="start"),
    "need": st.Page(PAGES / "need.py", title=t("nav.need", language), icon=":material/flag:", url_path="need"),
    "options": st.Page(PAGES / "options.py", title=t("nav.options", language), icon=":material/view_list:", url_path="options"),
    "screening": st.Page(PAGES / "screening.py", title=t("nav.screening", language), icon=":material/gavel:", url_path="screening"),
    "dpia": st.Page(PAGES / "dpia.py", title=t("nav.dpia", language), icon=":material/assignment:", url_path="dpia"),
    "weights": st.Page(PAGES / "weights.py", title=t("nav.weights", language), icon=":material/balance:", url_path="weights"),
    "scores": st.Page(PAGES / "scores.py", title=t("nav.scores", language), icon=":material/grading:", url_path="scores"),
    "results": st.Page(PAGES / "results.py", title=t("nav.results", language), icon=":material/leaderboard:", url_path="results"),
    "decision": st.Page(PAGES / "decision.py", title=t("nav.decision", language), icon=":material/task_alt:", url_path="decision"),
    "review": st.Page(PAGES / "review.py", title=t("nav.review", language), icon=":material/rate_review:", url_path="review"),
    "library": st.Page(PAGES / "library.py", title=t("nav.library", language), icon=":material/menu_book:", url_path="library"),
}
st.session_state["pages"] = pages

with st.sidebar:
    document, actor = open_document(), current_actor()
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
# One flat list: with sections, Streamlit nests <div>s inside the navigation's <ul>, which screen
# readers miscount (axe-core: list, listitem; docs/accessibility.md). The steps are numbered.
navigation = st.navigation(
    [pages[p] for p in ("start", "need", "options", "screening", "dpia", "weights", "scores", "results", "decision", "review", "library")]
)
localize_browser(language, navigation.title)
navigation.run()
