"""The facilitator's run view of one workshop: the code, the link and the QR code, the phase and
the way on, the timer, who has joined and submitted (refreshed every two seconds, never what they
entered before the reveal), the reveal, the conclusion, the debrief, and closing."""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

import streamlit as st

from ..domain.workshop import Phase, open_round, phases_for, revealed_rounds
from ..i18n import t
from ..services.access import Actor
from ..services.workshops import WorkshopView
from .context import KEPT_PARAMETERS, content_or_stop, current_language
from .text import literal
from .workshop_debrief import debrief_downloads
from .workshop_reveal import load_reveal_code, show_revealed
from .workshops import (
    FACILITATOR_POLL_SECONDS,
    WORKSHOP_REFUSALS,
    cards,
    clock,
    expiry_text,
    join_link,
    qr_png,
    refusal_text,
    remaining_seconds,
    workshop_service,
)

WORKSHOP = "w"
CODE_STYLE = (
    "<style>.st-key-join-code p{font-size:3.2rem;font-weight:700;letter-spacing:.3rem;margin:0;font-family:monospace}"
    ".st-key-live-counts [data-testid=stMetricValue],.st-key-live-counts [data-testid=stMetricValue] *{font-size:2.6rem}</style>"
)


def page_link_url(**params: str) -> str:
    """This page's address with other parameters (the projector's link), keeping the language and
    the person: without sign-in, a new tab knows the facilitator only by the address."""
    parts = urlsplit(st.context.url or "http://localhost:8501/workshop")
    kept = {key: st.query_params[key] for key in KEPT_PARAMETERS if key in st.query_params and key != "a"}
    return f"{parts.scheme}://{parts.netloc}{parts.path}?{urlencode(kept | params)}"


def next_phase(view: WorkshopView) -> Phase | None:
    """The phase the facilitator's button moves to; closing is its own, confirmed, action."""
    phases = phases_for(view.settings.rounds)
    position = phases.index(view.phase)
    following = phases[position + 1] if position + 1 < len(phases) else None
    return None if following in (None, "closed") else following


def current_round(view: WorkshopView) -> int:
    """The round the counts are about: the open one, else the last revealed, else the first."""
    revealed = revealed_rounds(view.phase)
    return open_round(view.phase) or (max(revealed) if revealed else 1)


@st.fragment(run_every=FACILITATOR_POLL_SECONDS)
def live_status(actor: Actor, workshop_id: str, shown: Phase, language: str) -> None:
    """Joined and submitted, and the timer: read every two seconds; a phase change made elsewhere
    (another tab, the projector) redraws the whole page."""
    try:
        view = workshop_service().view(actor, workshop_id)
    except WORKSHOP_REFUSALS:
        st.rerun(scope="app")
        return
    if view.phase != shown:
        st.rerun(scope="app")
    current = current_round(view)
    with st.container(key="live-counts"):
        first, second, third = st.columns(3)
        first.metric(t("workshop.run.joined_label", language), view.joined)
        second.metric(t("workshop.run.submitted_label", language, round=current), view.submitted.get(current, 0))
        left = remaining_seconds(view.timer_ends_at)
        third.metric(t("workshop.run.timer_label", language), clock(left) if left is not None else "—")


def _set_phase(actor: Actor, view: WorkshopView, phase: Phase) -> None:
    try:
        workshop_service().set_phase(actor, view.id, phase)
    except WORKSHOP_REFUSALS as refusal:
        st.session_state["workshop-error"] = refusal_text(refusal, current_language())


def _phase_controls(actor: Actor, view: WorkshopView, language: str) -> None:
    phases = [p for p in phases_for(view.settings.rounds) if p != "closed"]
    st.markdown(" → ".join(f"**{t(f'workshop.phase.{p}', language)}**" if p == view.phase else t(f"workshop.phase.{p}", language) for p in phases))
    following = next_phase(view)
    if following is not None:
        st.button(
            t(f"workshop.run.to.{following}", language),
            key="next-phase",
            type="primary",
            on_click=_set_phase,
            args=(actor, view, following),
            icon=":material/skip_next:",
        )


def _timer(actor: Actor, view: WorkshopView, language: str) -> None:
    minutes_key = "timer-minutes"
    st.session_state.setdefault(minutes_key, 10)
    left, start, stop = st.columns([2, 1, 1], vertical_alignment="bottom")
    left.number_input(t("workshop.run.timer_minutes", language), min_value=1, max_value=120, step=1, key=minutes_key)

    def set_timer(minutes: int | None) -> None:
        try:
            workshop_service().set_timer(actor, view.id, minutes)
        except WORKSHOP_REFUSALS as refusal:
            st.session_state["workshop-error"] = refusal_text(refusal, language)

    start.button(t("workshop.run.timer_start", language), key="timer-start", on_click=lambda: set_timer(int(st.session_state[minutes_key])))
    stop.button(t("workshop.run.timer_stop", language), key="timer-stop", on_click=lambda: set_timer(None), disabled=view.timer_ends_at is None)


def join_panel(view: WorkshopView, language: str, *, qr_width: int) -> None:
    """The code in large type, the link, and the QR code that opens it."""
    link = join_link(view.join_code)
    st.html(CODE_STYLE)
    with st.container(key="join-panel"):
        st.caption(t("workshop.run.code", language))
        with st.container(key="join-code"):
            st.markdown(view.join_code)
        st.markdown(t("workshop.run.link", language, link=link))
        st.image(qr_png(link), width=qr_width, caption=t("workshop.run.qr", language), alt=t("workshop.run.qr_alt", language, link=link))


def _conclusion(actor: Actor, view: WorkshopView, language: str) -> None:
    key = f"conclusion-{view.id}"
    st.session_state.setdefault(key, view.conclusion)

    def save() -> None:
        try:
            workshop_service().set_conclusion(actor, view.id, st.session_state[key])
        except WORKSHOP_REFUSALS as refusal:
            st.session_state["workshop-error"] = refusal_text(refusal, language)
        else:
            st.toast(t("workshop.run.conclusion_saved", language), icon=":material/check:")

    st.subheader(t("workshop.run.conclusion", language))
    st.text_area(t("workshop.run.conclusion_label", language), key=key, on_change=save, height=160, help=t("workshop.run.conclusion_help", language))


def _close(actor: Actor, view: WorkshopView, language: str, message_key: str) -> None:
    st.subheader(t("workshop.run.close_heading", language))
    st.caption(t("workshop.run.close_help", language, date=expiry_text(view.settings.expires_at, language)))
    confirmed = st.checkbox(t("workshop.run.close_confirm", language), key="close-confirm")
    if st.button(t("workshop.run.close", language), key="close-workshop", disabled=not confirmed, icon=":material/delete_forever:"):
        try:
            removed = workshop_service().close(actor, view.id)
        except WORKSHOP_REFUSALS as refusal:
            st.error(refusal_text(refusal, language))
            return
        st.session_state[message_key] = t("workshop.run.closed", language, name=view.settings.name, count=removed)
        st.query_params.pop(WORKSHOP, None)
        st.rerun()


def run_view(actor: Actor, view: WorkshopView, message_key: str) -> None:
    language = current_language()
    bundle = content_or_stop()
    card = cards()[view.settings.card_id]
    st.title(literal(view.settings.name))
    st.caption(
        t(
            "workshop.run.settings_line",
            language,
            card=card.title.get(language),
            language_name=t(f"workshop.language.{view.settings.language}", language),
            mode=t(f"workshop.mode.{view.settings.weighting_mode}", language),
            rounds=view.settings.rounds,
            date=expiry_text(view.settings.expires_at, language),
        )
    )
    error = st.session_state.pop("workshop-error", None)
    if error:
        st.error(error)
    back, projector = st.columns(2)
    if back.button(t("workshop.back_to_list", language), key="back-to-list", icon=":material/arrow_back:"):
        st.query_params.pop(WORKSHOP, None)
        st.rerun()
    projector.link_button(t("workshop.run.projector", language), page_link_url(**{WORKSHOP: view.id, "view": "projector"}), icon=":material/cast:")
    if view.phase == "closed":
        st.info(t("workshop.run.is_closed", language))
        return
    code_column, control_column = st.columns([2, 3], gap="large")
    with code_column:
        if revealed_rounds(view.phase):
            # The room has joined: the code stays at hand for a late arrival, the results come first.
            with st.expander(t("workshop.run.join_again", language, code=view.join_code)):
                join_panel(view, language, qr_width=220)
        else:
            join_panel(view, language, qr_width=220)
    with control_column:
        st.subheader(t("workshop.run.phase", language))
        _phase_controls(actor, view, language)
        live_status(actor, view.id, view.phase, language)
        _timer(actor, view, language)
        if not revealed_rounds(view.phase):
            st.caption(t("workshop.run.blind", language))
            load_reveal_code("run")
    show_revealed(view.id, view.phase, view.settings.weighting_mode, card, bundle, language, "run", actor=actor)
    if revealed_rounds(view.phase):
        _conclusion(actor, view, language)
        debrief_downloads(actor, view, language)
    _close(actor, view, language, message_key)
