"""Join a workshop (phone first): the code and a pseudonym, then the participant's own view.

No account and no e-mail. After joining, the participant's token is in the address (?p=...), so
a refresh or a phone that slept comes back to the same place with what they entered. The token
is never a field on the page: nobody can type another participant's identity."""

from __future__ import annotations

import streamlit as st

from secu4all_ethics.domain.workshop import Phase, open_round, revealed_rounds
from secu4all_ethics.i18n import t
from secu4all_ethics.services.workshops import JoinInfo, ParticipantView
from secu4all_ethics.ui.context import LANGUAGE_KEY, PARTICIPANT_ROUTE, content_or_stop, current_language
from secu4all_ethics.ui.text import literal
from secu4all_ethics.ui.workshop_inputs import collected_input, points_left, prepare, score_inputs, weight_inputs
from secu4all_ethics.ui.workshop_reveal import show_revealed
from secu4all_ethics.ui.workshops import (
    PARTICIPANT_POLL_SECONDS,
    WORKSHOP_REFUSALS,
    cards,
    clock,
    expiry_text,
    option_names,
    refusal_text,
    remaining_seconds,
    workshop_service,
)

TOKEN, CODE = "p", "code"
MESSAGE = "join-message"

# A phone: one narrow column, large touch targets, nothing of the assessor pages around it.
PHONE_STYLE = "<style>.block-container{max-width:46rem;padding-top:2.5rem}.block-container h1{font-size:2rem;line-height:1.2}</style>"
# A participant without an account has nothing in a sidebar (app.py draws none on their route), yet
# a browser that opened /join before the code was typed keeps the sidebar and its toggle from that
# first page (Streamlit's frontend keeps them until a new page load): both are hidden.
NO_SIDEBAR_STYLE = "<style>[data-testid=stSidebar],[data-testid=stExpandSidebarButton]{display:none}</style>"
st.html(PHONE_STYLE + (NO_SIDEBAR_STYLE if st.session_state.get(PARTICIPANT_ROUTE) else ""))


def _speak(language: str) -> None:
    """The workshop's language wins over the browser's; on a participant's phone (no language
    selector there) the tab and the next run speak it too."""
    if st.session_state.get(PARTICIPANT_ROUTE):
        st.session_state[LANGUAGE_KEY] = language


def _join_form(language: str) -> None:
    service = workshop_service()
    code = (st.query_params.get(CODE) or "").strip().upper()
    info: JoinInfo | None = None
    problem = None
    if code:
        try:
            info = service.join_info(code)
        except WORKSHOP_REFUSALS:
            problem = "join.unknown_code"
        else:
            language = info.language
            _speak(language)
            if not info.open_to_join:
                problem = "join.closed"
    st.title(t("join.title", language))
    if problem:
        st.error(t(problem, language, code=code))
    if info is None or problem:
        _code_input(language)
        return
    st.subheader(literal(info.name))
    card = cards().get(info.card_id)
    if card is not None:
        st.caption(f"{card.title.get(language)} · {card.place.get(language)}")
    with st.form("join"):
        pseudonym = st.text_input(t("join.pseudonym", language), max_chars=40, help=t("join.pseudonym_help", language))
        notice = "join.notice_until" if info.expires_at else "join.notice"
        st.caption(t(notice, language, date=expiry_text(info.expires_at, language) if info.expires_at else ""))
        joined = st.form_submit_button(t("join.join", language), type="primary", width="stretch")
    if joined:
        if not pseudonym.strip():
            st.error(t("join.pseudonym_missing", language))
            return
        try:
            ticket = service.join(code, pseudonym)
        except WORKSHOP_REFUSALS as refusal:
            st.error(t("join.refused", language, reason=refusal_text(refusal, language)))
            return
        # The token replaces the code in the address: from now on it is the only proof of who they are.
        st.query_params.pop(CODE, None)
        st.query_params[TOKEN] = ticket.token
        st.rerun()


def _code_input(language: str) -> None:
    with st.form("code"):
        typed = st.text_input(t("join.code", language), max_chars=6, help=t("join.code_help", language))
        if st.form_submit_button(t("join.continue", language), width="stretch") and typed.strip():
            st.query_params[CODE] = typed.strip().upper()
            st.rerun()


@st.fragment(run_every=PARTICIPANT_POLL_SECONDS)
def _watch_phase(token: str, shown: Phase, language: str) -> None:
    """A cheap look every few seconds: when the facilitator moves the session on, the page follows;
    during a round, the time the facilitator gave it counts down here as on the projector."""
    try:
        workshop = workshop_service().participant(token).workshop
    except WORKSHOP_REFUSALS:
        workshop = None
    phase = workshop.phase if workshop else "closed"
    if phase != shown:
        st.rerun(scope="app")
    if workshop is None or open_round(phase) is None:
        return
    left = remaining_seconds(workshop.timer_ends_at)
    if left is not None:
        with st.container(key="round-timer"):
            st.metric(t("workshop.run.timer_label", language), clock(left))


def _save(token: str, round_number: int, view: ParticipantView, *, submit: bool) -> None:
    bundle, card = content_or_stop(), cards()[view.workshop.card_id]
    language = view.workshop.language
    try:
        workshop_service().save_input(token, round_number, collected_input(view.settings, bundle, card, round_number), submit=submit)
    except WORKSHOP_REFUSALS as refusal:
        st.session_state[MESSAGE] = ("error", t("join.not_saved", language, reason=refusal_text(refusal, language)))
    else:
        # Said by the round's own note ("your answer is in") once the page is drawn again.
        st.session_state.pop(MESSAGE, None)


def _show_card(view: ParticipantView, language: str) -> None:
    card = cards()[view.workshop.card_id]
    st.title(card.title.get(language))
    st.caption(f"{card.place.get(language)} · {t('join.you_are', language, name=literal(view.pseudonym))}")
    with st.expander(t("join.brief", language), expanded=view.workshop.phase == "joining"):
        for paragraph in card.brief.get(language).split("\n\n"):
            st.write(paragraph)
    with st.expander(t("join.options", language)):
        names = option_names(card, language)
        for option in card.options:
            st.markdown(f"**{names[option.key]}**: {option.summary.get(language)}")


def _round(token: str, view: ParticipantView, round_number: int, language: str) -> None:
    bundle, card = content_or_stop(), cards()[view.workshop.card_id]
    # Round 2 starts from the participant's own round-1 weights, beside the group's median.
    start = view.inputs.get(round_number) or (view.inputs.get(1) if round_number == 2 else None)
    medians = None
    if round_number == 2:
        st.info(t("join.round_2_intro", language))
        try:
            medians = workshop_service().group_median(token)
        except WORKSHOP_REFUSALS:
            medians = None
    st.header(t("join.your_weights", language, round=round_number))
    prepare(view.settings, bundle, card, round_number, start)

    def draft() -> None:
        _save(token, round_number, view, submit=False)

    weight_inputs(view.settings, bundle, round_number, medians, draft, language)
    if view.settings.scores_adjustable:
        st.header(t("join.your_scores", language))
        score_inputs(card, bundle, round_number, draft, language)
    left = points_left(bundle, round_number) if view.settings.weighting_mode == "points" else 0
    if left:
        st.warning(t("join.points_must_total", language, count=left))
    submitted = view.submitted.get(round_number, False)
    label = t("join.submit_again" if submitted else "join.submit", language)
    if st.button(label, key=f"submit-{round_number}", type="primary", disabled=bool(left), width="stretch"):
        _save(token, round_number, view, submit=True)
        st.rerun()
    if submitted:
        st.success(t("join.submitted_note", language))


def _participant(token: str, view: ParticipantView) -> None:
    language = view.workshop.language
    _speak(language)
    phase = view.workshop.phase
    _watch_phase(token, phase, language)
    _show_card(view, language)
    message = st.session_state.pop(MESSAGE, None)
    if message:
        getattr(st, message[0])(message[1])
    current = open_round(phase)
    if phase == "joining":
        st.info(t("join.waiting_start", language), icon=":material/hourglass_top:")
    elif current is not None:
        _round(token, view, current, language)
    elif phase == "closed":
        st.info(t("join.closed_thanks", language))
    revealed = revealed_rounds(phase)
    if phase == "reveal_1" and view.settings.rounds == 2:
        st.info(t("join.waiting_round_2", language), icon=":material/hourglass_top:")
    elif phase in ("reveal_1", "reveal_2"):
        st.info(t("join.waiting_end", language), icon=":material/hourglass_top:")
    if revealed:
        card = cards()[view.workshop.card_id]
        mode = view.settings.weighting_mode
        show_revealed(view.workshop.workshop_id, phase, mode, card, content_or_stop(), language, "join", token=token, for_participant=True)


token = st.query_params.get(TOKEN)
if token:
    try:
        participant_view = workshop_service().participant(token)
    except WORKSHOP_REFUSALS:
        language = current_language()
        st.title(t("join.title", language))
        st.error(t("join.link_gone", language))
        if st.button(t("join.with_code", language), key="join-with-code"):
            st.query_params.pop(TOKEN, None)
            st.rerun()
    else:
        _participant(token, participant_view)
else:
    _join_form(current_language())
