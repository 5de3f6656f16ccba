"""Per-session context shared by every page: the language and the loaded content.

Pages read from here; only app.py writes the language.
"""

from __future__ import annotations

import streamlit as st

from ..content.bundle import ContentBundle
from ..content.loader import load_content
from ..errors import ContentError
from ..i18n import t

LANGUAGE_KEY = "lang"


def current_language() -> str:
    return st.session_state.get(LANGUAGE_KEY, "en")


@st.cache_resource(show_spinner=False)
def _cached_content() -> ContentBundle:
    # Shared by every session: the bundle is immutable (frozen models).
    return load_content()


def content_or_stop() -> ContentBundle:
    """The validated content, or a readable list of what is wrong with it (never a traceback)."""
    try:
        return _cached_content()
    except ContentError as error:
        language = current_language()
        st.error(t("error.content", language))
        st.code("\n".join(str(issue) for issue in error.issues), language=None)
        st.stop()
        raise  # unreachable: st.stop() ends the run
