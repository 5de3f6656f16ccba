"""The projector view (?w=<id>&view=projector): what the room sees on the wall, in large type.
The QR code and the code while people join, the phase, the timer, how many have joined and
submitted (refreshed every two seconds, never what anyone entered), then the reveal's charts."""

from __future__ import annotations

import streamlit as st

from ..domain.workshop import revealed_rounds
from ..i18n import t
from ..services.access import Actor
from ..services.workshops import WorkshopView
from .context import content_or_stop
from .text import literal
from .workshop_reveal import load_reveal_code, show_revealed
from .workshop_run import join_panel, live_status
from .workshops import cards

# Large type for the back of the room; the sidebar's toggle stays, the page is the wall's.
PROJECTOR_STYLE = (
    "<style>.block-container{padding-top:3.5rem}"
    # The reveal's sentences (consensus, prompts, the card's questions) at a size read from the back
    # of the room; first, so that the rules after it (the phase, the code) stay larger.
    ".block-container p,.block-container li{font-size:1.4rem}"
    # The reveal's tables are HTML tables on the projector (workshop_reveal.show_table), so they take this size too.
    ".block-container [data-testid=stTable] :is(th,td){font-size:1.4rem;line-height:1.35}"
    ".st-key-projector-phase p{font-size:2.6rem;font-weight:600;margin:0}"
    ".st-key-join-code p{font-size:7rem !important;letter-spacing:.6rem}"
    ".st-key-join-panel p,.st-key-join-panel [data-testid=stCaptionContainer]{font-size:1.5rem}"
    ".st-key-live-counts [data-testid=stMetricValue],.st-key-live-counts [data-testid=stMetricValue] *{font-size:5.5rem !important;line-height:1.1}"
    ".st-key-live-counts [data-testid=stMetricLabel] p{font-size:1.6rem}"
    # A count's label wraps rather than end in "…": "Abgesendet (Runde 1)" lost its round.
    ".st-key-live-counts [data-testid=stMetricLabel] *{white-space:normal !important;overflow:visible !important;text-overflow:clip !important}</style>"
)


def projector_view(actor: Actor, view: WorkshopView) -> None:
    # The projector speaks the workshop's language, whatever the facilitator's screen does.
    language = view.settings.language
    card = cards()[view.settings.card_id]
    st.html(PROJECTOR_STYLE)
    st.title(f"{literal(view.settings.name)}")
    st.caption(f"{card.title.get(language)} · {card.place.get(language)}")
    with st.container(key="projector-phase"):
        st.markdown(t(f"workshop.phase.{view.phase}", language))
    revealed = revealed_rounds(view.phase)
    if view.phase == "closed":
        st.info(t("workshop.run.is_closed", language))
        return
    if revealed:
        live_status(actor, view.id, view.phase, language)
        # Late arrivals can still join, by the code given in small type.
        st.caption(t("workshop.projector.code_line", language, code=view.join_code))
        show_revealed(view.id, view.phase, view.settings.weighting_mode, card, content_or_stop(), language, "projector", actor=actor, large=True)
        return
    qr, counts = st.columns([2, 3], gap="large")
    with qr:
        join_panel(view, language, qr_width=440)
    with counts:
        live_status(actor, view.id, view.phase, language)
    load_reveal_code("projector")
