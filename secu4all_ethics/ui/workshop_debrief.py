"""The debrief downloads (HTML and PDF, in the workshop's language) from report/debrief.py.
Each file is drawn when its button is pressed: the charts are drawn by Chromium, which takes
seconds that a facilitator should not wait for on every refresh of the run view."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from ..domain.workshop import revealed_rounds
from ..i18n import t
from ..report.debrief import DebriefInput, debrief_html, debrief_pdf
from ..services.access import Actor
from ..services.assessments import slug
from ..services.workshops import WorkshopView
from .context import content_or_stop
from .workshops import cards, workshop_service


def debrief_file(actor: Actor, view: WorkshopView, file_format: str) -> Callable[[], bytes]:
    def build() -> bytes:
        service = workshop_service()
        rounds = [service.round_outcome(view.id, number, actor=actor) for number in revealed_rounds(view.phase)]
        change = service.round_change(view.id, actor=actor) if len(rounds) == 2 else None
        # The conclusion as saved now: the text area saves on leaving it, before this click.
        conclusion = service.view(actor, view.id).conclusion
        source = DebriefInput(cards()[view.settings.card_id], view.settings, rounds, change, content_or_stop(), conclusion, dt.datetime.now(dt.UTC))
        if file_format == "html":
            return debrief_html(source).encode("utf-8")
        return debrief_pdf(source)

    return build


def debrief_downloads(actor: Actor, view: WorkshopView, language: str) -> None:
    st.subheader(t("workshop.run.debrief", language))
    st.caption(t("workshop.run.debrief_help", language))
    columns = st.columns(2)
    for column, file_format, mime in zip(columns, ("html", "pdf"), ("text/html", "application/pdf"), strict=True):
        column.download_button(
            t(f"workshop.run.debrief_{file_format}", language),
            data=debrief_file(actor, view, file_format),
            file_name=f"{slug(view.settings.name)}-debrief.{file_format}",
            mime=mime,
            key=f"debrief-{file_format}",
            icon=":material/download:",
            on_click="ignore",
        )
