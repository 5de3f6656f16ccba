"""The debrief downloads (HTML and PDF, in the workshop's language) from report/debrief.py."""

from __future__ import annotations

import streamlit as st

from ..i18n import t
from ..services.access import Actor
from ..services.workshops import WorkshopView


def debrief_downloads(actor: Actor, view: WorkshopView, language: str) -> None:
    st.subheader(t("workshop.run.debrief", language))
    st.caption(t("workshop.run.debrief_help", language))
