"""What the workshop screens share: the service, the scenario cards, the names of what
participants weigh, the join link and its QR code, and how a refusal is said."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from ..content.bundle import ContentBundle
from ..content.cards import card_assessment, load_cards
from ..domain.assessment import Assessment
from ..domain.scenario_card import ScenarioCard
from ..engine.group import starting_levels
from ..i18n import format_date, t
from ..services.access import AccessDenied
from ..services.assessments import NotFoundError, StorageError
from ..services.workshops import WorkshopService
from ..wording.completeness import option_name
from .context import content_or_stop, storage_or_stop

# Sliders run 0-10 (only the proportions count); points share out 100.
SLIDER_MAX = 10
POINTS_TOTAL = 100
# Saaty's scale as the participant reads it, from "the first much more important" to "the second".
SAATY_STEPS: tuple[float, ...] = (9, 8, 7, 6, 5, 4, 3, 2, 1, 1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6, 1 / 7, 1 / 8, 1 / 9)
# What a participant's phone and the facilitator's counts poll at: cheap reads, a few seconds apart.
PARTICIPANT_POLL_SECONDS = 4
FACILITATOR_POLL_SECONDS = 2


def workshop_service() -> WorkshopService:
    """The service, after deleting the data of workshops whose expiry has passed (now and then)."""
    service = WorkshopService(storage_or_stop(), bundle=content_or_stop())
    service.purge_expired_due()
    return service


@st.cache_resource(show_spinner=False)
def _cards(bundle_hash: str) -> dict[str, ScenarioCard]:
    # Keyed by the content's hash: the cards are checked against the content they are shown with.
    return load_cards(bundle=content_or_stop())


def cards() -> dict[str, ScenarioCard]:
    bundle = content_or_stop()
    return _cards(bundle.content_hash)


@st.cache_resource(show_spinner=False)
def _card_scores(card_id: str, bundle_hash: str) -> tuple[Assessment, dict[str, dict[str, int]]]:
    # The card's options and the score each criterion starts from (what a participant may adjust).
    assessment = card_assessment(cards()[card_id])
    return assessment, starting_levels(assessment, content_or_stop())


def card_options(card: ScenarioCard) -> Assessment:
    return _card_scores(card.id, content_or_stop().content_hash)[0]


def card_scores(card: ScenarioCard) -> dict[str, dict[str, int]]:
    return _card_scores(card.id, content_or_stop().content_hash)[1]


def option_names(card: ScenarioCard, language: str) -> dict[str, str]:
    assessment, bundle = card_options(card), content_or_stop()
    return {option.key: option_name(assessment, bundle, option.key, language) for option in card.options}


def item_names(bundle: ContentBundle, language: str) -> dict[str, str]:
    return {p.id: p.name.get(language) for p in bundle.framework.pillars} | {c.id: c.name.get(language) for c in bundle.framework.criteria}


def item_descriptions(bundle: ContentBundle, language: str) -> dict[str, str]:
    return {p.id: p.description.get(language) for p in bundle.framework.pillars} | {c.id: c.description.get(language) for c in bundle.framework.criteria}


def pillar_pairs(bundle: ContentBundle) -> list[tuple[str, str]]:
    pillars = [pillar.id for pillar in bundle.framework.pillars]
    return [(a, b) for index, a in enumerate(pillars) for b in pillars[index + 1 :]]


def default_points(bundle: ContentBundle) -> dict[str, int]:
    """The framework's default weights as whole points making exactly 100 (largest remainders)."""
    criteria = bundle.framework.criteria
    total = sum(c.default_weight for c in criteria)
    exact = {c.id: c.default_weight * POINTS_TOTAL / total for c in criteria}
    points = {key: int(value) for key, value in exact.items()}
    for key in sorted(exact, key=lambda k: exact[k] - points[k], reverse=True)[: POINTS_TOTAL - sum(points.values())]:
        points[key] += 1
    return points


def saaty_label(value: float, first: str, second: str, language: str) -> str:
    if abs(value - 1) < 1e-9:
        return t("join.pairwise.equal", language)
    if value > 1:
        return t("join.pairwise.more", language, name=first, times=round(value))
    return t("join.pairwise.more", language, name=second, times=round(1 / value))


def closest_step(value: float) -> float:
    return min(SAATY_STEPS, key=lambda step: abs(step - value))


# --- the join link ----------------------------------------------------------------------


def join_link(code: str) -> str:
    """The address a participant opens: this server's join page with the code."""
    url = st.context.url or "http://localhost:8501/"
    parts = urlsplit(url)
    # The app may be served under a path prefix: keep it, and drop the page's own name.
    path = parts.path.rstrip("/")
    prefix = path.rsplit("/", 1)[0] if path.endswith("/workshop") else path
    return f"{parts.scheme}://{parts.netloc}{prefix}/join?{urlencode({'code': code})}"


def qr_png(link: str, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def expiry_text(expires_at: dt.datetime, language: str) -> str:
    return format_date(expires_at.date(), language)


def remaining_seconds(ends_at: dt.datetime | None, now: dt.datetime | None = None) -> int | None:
    if ends_at is None:
        return None
    now = now or dt.datetime.now(dt.UTC)
    if ends_at.tzinfo is None:
        ends_at = ends_at.replace(tzinfo=dt.UTC)
    return max(0, int((ends_at - now).total_seconds()))


def clock(seconds: int) -> str:
    return f"{seconds // 60:d}:{seconds % 60:02d}"


# --- refusals ---------------------------------------------------------------------------

# What a workshop call may be refused for: no such workshop or participant, no right, a phase
# that does not allow it, a value the rules refuse, or a database that cannot answer.
WORKSHOP_REFUSALS: tuple[type[Exception], ...] = (AccessDenied, NotFoundError, StorageError, ValueError)


def refusal_text(refusal: Exception, language: str) -> str:
    describe = getattr(refusal, "describe", None)
    if callable(describe):
        return str(describe(language))
    if isinstance(refusal, NotFoundError):
        return t("workshop.not_found", language)
    return t("workshop.refused", language)
