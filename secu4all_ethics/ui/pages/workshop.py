"""Workshops (facilitator): create one from a scenario card, list yours, run one (?w=<id>), and its
projector view (?w=<id>&view=projector)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from secu4all_ethics.domain.workshop import WEIGHTING_MODES, WorkshopSettings
from secu4all_ethics.i18n import format_date, t
from secu4all_ethics.i18n.languages import LANGUAGES
from secu4all_ethics.services.access import Actor
from secu4all_ethics.ui.context import DATE_INPUT_FORMATS, LANGUAGE_NAMES, WORKSHOP_ROLES, actor_or_stop, current_language, settings
from secu4all_ethics.ui.text import literal
from secu4all_ethics.ui.workshop_projector import projector_view
from secu4all_ethics.ui.workshop_run import WORKSHOP, run_view
from secu4all_ethics.ui.workshops import WORKSHOP_REFUSALS, cards, refusal_text, workshop_service

DEFAULT_EXPIRY_DAYS = 7
MESSAGE = "workshop-message"

language = current_language()
actor = actor_or_stop()


def _open(workshop_id: str) -> None:
    st.query_params[WORKSHOP] = workshop_id


def _create(actor: Actor) -> None:
    available = cards()
    st.subheader(t("workshop.create.heading", language))
    with st.form("create-workshop"):
        card_id = st.selectbox(t("workshop.create.card", language), list(available), format_func=lambda c: available[c].title.get(language), key="new-card")
        name = st.text_input(t("workshop.create.name", language), max_chars=200, key="new-name", help=t("workshop.create.name_help", language))
        left, right = st.columns(2)
        workshop_language = left.selectbox(
            t("workshop.create.language", language),
            list(LANGUAGES),
            index=list(LANGUAGES).index(language),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="new-language",
        )
        rounds = right.radio(
            t("workshop.create.rounds", language), (2, 1), format_func=lambda r: t(f"workshop.create.rounds.{r}", language), key="new-rounds", horizontal=True
        )
        mode = st.radio(
            t("workshop.create.mode", language),
            WEIGHTING_MODES,
            format_func=lambda m: t(f"workshop.mode.{m}", language),
            captions=[t(f"workshop.mode.{m}.help", language) for m in WEIGHTING_MODES],
            key="new-mode",
        )
        adjustable = st.checkbox(t("workshop.create.scores_adjustable", language), key="new-scores", help=t("workshop.create.scores_adjustable_help", language))
        today = dt.date.today()
        expiry = st.date_input(
            t("workshop.create.expiry", language),
            value=today + dt.timedelta(days=DEFAULT_EXPIRY_DAYS),
            min_value=today,
            format=DATE_INPUT_FORMATS[language],
            key="new-expiry",
            help=t("workshop.create.expiry_help", language),
        )
        created = st.form_submit_button(t("workshop.create.submit", language), type="primary")
    if not created:
        return
    card = available[card_id]
    try:
        workshop_settings = WorkshopSettings(
            name=name.strip() or card.title.get(workshop_language),
            card_id=card_id,
            language=workshop_language,
            weighting_mode=mode,
            scores_adjustable=adjustable,
            rounds=rounds,
            # The data goes at the end of the expiry day (UTC): the day the form names is a whole day.
            expires_at=dt.datetime.combine(expiry, dt.time(23, 59), tzinfo=dt.UTC),
        )
        view = workshop_service().create(actor, workshop_settings)
    except WORKSHOP_REFUSALS as refusal:
        st.error(t("workshop.refused_because", language, reason=refusal_text(refusal, language)))
        return
    _open(view.id)
    st.rerun()


def _list(actor: Actor) -> None:
    try:
        workshops = workshop_service().list_workshops(actor)
    except WORKSHOP_REFUSALS as refusal:
        st.error(refusal_text(refusal, language))
        return
    st.subheader(t("workshop.list.heading", language))
    if not workshops:
        st.caption(t("workshop.list.none", language))
    available = cards()
    for view in workshops:
        with st.container(border=True, key=f"workshop-{view.id}"):
            text, action = st.columns([4, 1], vertical_alignment="center")
            card = available.get(view.settings.card_id)
            text.markdown(f"**{literal(view.settings.name)}** · `{view.join_code}`")
            text.caption(
                t(
                    "workshop.list.line",
                    language,
                    card=card.title.get(language) if card else view.settings.card_id,
                    phase=t(f"workshop.phase.{view.phase}", language),
                    joined=view.joined,
                    date=format_date(view.created_at.date(), language),
                )
            )
            action.button(t("workshop.list.open", language), key=f"open-{view.id}", on_click=_open, args=(view.id,))


if actor.role not in WORKSHOP_ROLES:
    st.title(t("workshop.title", language))
    st.info(t("workshop.role_needed_none" if settings().auth.mode == "none" else "workshop.role_needed", language))
    st.stop()

message = st.session_state.pop(MESSAGE, None)
if message:
    st.success(message)

workshop_id = st.query_params.get(WORKSHOP)
if workshop_id:
    try:
        opened = workshop_service().view(actor, workshop_id)
    except WORKSHOP_REFUSALS as refusal:
        st.title(t("workshop.title", language))
        st.error(refusal_text(refusal, language))
        if st.button(t("workshop.back_to_list", language), key="back-to-list"):
            st.query_params.pop(WORKSHOP, None)
            st.rerun()
        st.stop()
    if st.query_params.get("view") == "projector":
        projector_view(actor, opened)
    else:
        run_view(actor, opened, MESSAGE)
else:
    st.title(t("workshop.title", language))
    st.write(t("workshop.intro", language))
    _create(actor)
    _list(actor)
