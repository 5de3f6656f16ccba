"""Per-session context shared by every page: language, settings, storage,
the acting person and the open assessment. Pages read from here; they never
talk to the database or compute scores themselves."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import streamlit as st

from ..content.bundle import ContentBundle
from ..content.loader import load_content
from ..domain.assessment import Assessment
from ..errors import ContentError
from ..i18n import t
from ..i18n.issues import issue_sentence
from ..i18n.languages import DATE_INPUT_FORMATS, LANGUAGE_NAMES  # noqa: F401 - the pages' language names and date formats
from ..services.access import AccessDenied
from ..services.app_storage import open_storage
from ..services.assessments import Actor, AssessmentService, NotFoundError, Storage, StorageError
from ..services.session_saves import Conflict, SessionSaves
from ..settings import AppSettings

LANGUAGE_KEY = "lang"
# A workshop participant's address carries the join code or their token; without anyone signed
# in, app.py shows them the join page alone (PARTICIPANT_ROUTE is set for that run).
PARTICIPANT_PARAMETERS = ("code", "p")
PARTICIPANT_ROUTE = "participant_route"
# Who runs workshops (the service checks every call; this decides what the navigation offers).
WORKSHOP_ROLES = ("facilitator", "admin")
ACTOR_KEY = "actor"
OPEN_ID = "open_assessment_id"
OPEN_VERSION = "open_assessment_version"
OPEN_DOCUMENT = "open_assessment"
GENERATION = "open_generation"
CONFLICT = "save_conflict"
SAVE_ERRORS = "save_errors"
# Widget key -> why its last change was not saved; shown under that input until it saves.
FIELD_REFUSALS = "field_refusals"
# The page's status line this run, and the changes found unsaved since it was drawn.
STATUS_LINE = "_status_line"
UNSAVED_NOTES = "_unsaved_notes"
LAST_SAVED = "last_saved_version"
CHECKED_FOR = "open_assessment_checked_for"
SAVES = "session_saves"


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
        st.error(t("error.content", current_language()))
        st.code("\n".join(str(issue) for issue in error.issues), language=None)
        st.stop()
        raise


# Streamlit keeps secrets it found, but without a secrets.toml (the usual case) it looks for one
# again at every access: on the paths of its configuration, then an exception. Every run reads
# the settings, and a room of 40 phones polling every 4 s makes 10 runs a second: that search
# was 40 % of the runs' CPU (py-spy, bench/workshop_sessions.py). Read them this often instead.
SECRETS_READ_EVERY_SECONDS = 10.0
_secrets_read: tuple[float, dict] | None = None


def _secrets(clock: Callable[[], float] = time.monotonic) -> dict:
    global _secrets_read
    now = clock()
    if _secrets_read is not None and now - _secrets_read[0] < SECRETS_READ_EVERY_SECONDS:
        return _secrets_read[1]
    try:
        found = {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - no secrets.toml is the normal case on a laptop
        found = {}
    _secrets_read = (now, found)
    return found


def settings() -> AppSettings:
    # Environment variables apply at once; a changed secrets.toml within SECRETS_READ_EVERY_SECONDS.
    return AppSettings.load(_secrets())


@st.cache_resource(show_spinner=False)
def _storage(url: str, audit_key: str | None) -> tuple[Storage, str, str | None, str]:
    opened = open_storage(url, audit_key)
    return opened.storage, opened.schema, opened.current, opened.head


def storage_or_stop() -> Storage:
    configured = settings()
    try:
        storage, state, current, head = _storage(configured.database_url, configured.audit_key)
    # e.g. a read-only mount (the database cannot even be opened), or a database type without the
    # immutability triggers (the app does not start on it)
    except StorageError as failure:
        st.error(failure.describe(current_language()))
        st.stop()
        raise
    if state != "current":
        st.error(t("error.schema", current_language(), current=current or "—", head=head))
        st.code("python -m secu4all_ethics db upgrade", language="bash")
        st.stop()
    return storage


def service() -> AssessmentService:
    return AssessmentService(storage_or_stop(), content_or_stop())


def current_actor() -> Actor | None:
    return st.session_state.get(ACTOR_KEY)


def signed_in_actor() -> Actor:
    """The actor of a step that runs only once someone is signed in (pages stop before, in actor_or_stop)."""
    actor = current_actor()
    if actor is None:
        raise RuntimeError("nobody is signed in in this session")
    return actor


def sign_in_instructions(language: str) -> str:
    """What a signed-out page asks for, in the words of the sign-in form the sidebar shows."""
    mode = settings().auth.mode
    if mode == "none":
        return t("identity.needed", language)
    fields = {"username": t("identity.username", language), "password": t("identity.password", language)}
    return t(f"identity.needed_{mode}", language, button=t("identity.sign_in", language), **fields)


def actor_or_stop() -> Actor:
    actor = current_actor()
    if actor is None:
        st.info(sign_in_instructions(current_language()))
        st.stop()
    return actor


# --- the open assessment --------------------------------------------------------------


def open_assessment(assessment_id: str, version: int | None = None) -> bool:
    """Load an assessment into the session; False (with a message) if it cannot be."""
    actor = signed_in_actor()
    language = current_language()
    try:
        loaded = service().load(actor, assessment_id, version)
    except NotFoundError:
        st.error(t("error.assessment_not_found", language))
        close_assessment()
        return False
    except AccessDenied as denied:
        st.error(t("error.access_denied", language, reason=denied.describe(language)))
        close_assessment()
        return False
    except StorageError as failure:
        st.error(failure.describe(language))
        close_assessment()
        return False
    st.session_state[OPEN_ID] = assessment_id
    st.session_state[OPEN_VERSION] = loaded.version.version
    st.session_state[OPEN_DOCUMENT] = loaded.assessment
    st.session_state[CHECKED_FOR] = (actor, assessment_id)
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1
    st.session_state.pop(CONFLICT, None)
    st.session_state.pop(FIELD_REFUSALS, None)
    st.query_params["a"] = assessment_id
    return True


def close_assessment() -> None:
    for key in (OPEN_ID, OPEN_VERSION, OPEN_DOCUMENT, CONFLICT, LAST_SAVED, CHECKED_FOR, FIELD_REFUSALS, SAVE_ERRORS):
        st.session_state.pop(key, None)
    st.query_params.pop("a", None)


# What survives a sign-out: the tab's language and the page list rebuilt on every run.
# Everything else (the open assessment, widget values holding its text, messages) was
# the previous person's.
# The session cookie is read once per browser session (st.context.cookies keeps the value it had
# when the page loaded): after a sign-out the old cookie must not sign the person in again.
SESSION_COOKIE_READ = "session_cookie_read"
KEPT_AFTER_SIGN_OUT = (LANGUAGE_KEY, "pages", SESSION_COOKIE_READ)


def forget_session() -> None:
    """Sign-out or session expiry: the next person in this tab starts from nothing."""
    close_assessment()
    for key in list(st.session_state):
        if key not in KEPT_AFTER_SIGN_OUT:
            del st.session_state[key]


def _check_access(actor: Actor, assessment_id: str) -> None:
    language = current_language()
    try:
        service().authorize(actor, assessment_id, "view_assessment")
    except NotFoundError:
        st.error(t("error.assessment_not_found", language))
        close_assessment()
    except AccessDenied as denied:
        st.error(t("error.access_denied", language, reason=denied.describe(language)))
        close_assessment()
    except StorageError as failure:
        # e.g. PostgreSQL down: nothing can be shown or saved, and the assessment stays open so
        # that the next run, once the database is back, carries on where the user was.
        st.error(failure.describe(language))
        st.stop()
    else:
        st.session_state[CHECKED_FOR] = (actor, assessment_id)


def sync_with_url() -> None:
    """?a=<id> is the source of truth: a refresh or a bookmark reopens it from the database.
    Run once per run, before any page: whoever is signed in now is asked about again, so a
    document opened by someone else (another sign-in in this tab) is never shown."""
    st.session_state.pop(CHECKED_FOR, None)
    actor = current_actor()
    if actor is None:
        return
    wanted = st.query_params.get("a")
    if wanted and wanted != st.session_state.get(OPEN_ID):
        open_assessment(wanted)
    elif st.session_state.get(OPEN_ID) is not None:
        _check_access(actor, st.session_state[OPEN_ID])


def open_document() -> Assessment | None:
    """The open assessment, only for the person the service allowed to see it in this run, as this
    session last saved it (or, after a conflict, with its unsaved changes)."""
    actor, assessment_id = current_actor(), st.session_state.get(OPEN_ID)
    if st.session_state.get(CHECKED_FOR) != (actor, assessment_id):
        if actor is None or assessment_id is None:
            return None
        # Callbacks run before sync_with_url. After a run stopped between forgetting the last
        # check and asking again, ask now: skipping would silently drop the user's edit.
        _check_access(actor, assessment_id)
        if st.session_state.get(CHECKED_FOR) != (actor, assessment_id):
            return None
    document = st.session_state.get(OPEN_DOCUMENT)
    saves = st.session_state.get(SAVES)
    if document is None or saves is None:
        return document
    conflict = saves.conflict_for(document.id)
    if conflict is not None:
        return conflict.document
    ours = saves.newer_than(document.id, st.session_state.get(OPEN_VERSION))
    if ours is not None:
        # A run stopped by a newer event after its save, before it could say so: take the save over now.
        document = Assessment.model_validate(ours.document)
        st.session_state[OPEN_DOCUMENT] = document
        st.session_state[OPEN_VERSION] = ours.version
        st.session_state[LAST_SAVED] = ours.version
    return document


def assessment_or_stop() -> Assessment:
    document = open_document()
    if document is None:
        st.info(t("assessment.none_open", current_language()))
        st.page_link(st.session_state["pages"]["start"], label=t("nav.start", current_language()), icon=":material/home:")
        st.stop()
    return document


KEPT_PARAMETERS = ("lang", "who", "role", "a")


def keep_url_parameters() -> None:
    """Sidebar links drop the query string; put back what a refresh needs
    (language, person, open assessment) so the same view comes back.

    All at once: each change of st.query_params tells the browser, which adds a history entry
    for it. Set one by one, a step left three half-filled addresses behind it, and Back landed
    on one of them, where this put the rest back and stayed on the same page (issue #15 point 8)."""
    wanted = {
        "lang": st.session_state.get(LANGUAGE_KEY),
        "who": st.session_state.get("who") or None,
        "role": st.session_state.get("role") if st.session_state.get("who") else None,
        "a": st.session_state.get(OPEN_ID),
    }
    missing = {key: value for key, value in wanted.items() if value and st.query_params.get(key) != value}
    if missing:
        st.query_params.update(missing)


def switch_to(page: str) -> None:
    """Go to another page, keeping the language, the person and the open assessment in the URL."""
    kept = {key: st.query_params[key] for key in KEPT_PARAMETERS if key in st.query_params}
    st.switch_page(st.session_state["pages"][page], query_params=kept)


def widget_key(field: str) -> str:
    """Widget keys change when another assessment (or a reloaded one) is opened,
    so stale widget state never leaks into it."""
    return f"{st.session_state.get(OPEN_ID)}:{st.session_state.get(GENERATION, 0)}:{field}"


_SAVES_GUARD = threading.Lock()


def session_saves() -> SessionSaves:
    """This browser session's saves. Created under a lock: with fastReruns, two runs of one
    session can overlap for a moment (the stopped one still finishing its save)."""
    with _SAVES_GUARD:
        saves = st.session_state.get(SAVES)
        if saves is None:
            saves = SessionSaves()
            st.session_state[SAVES] = saves
    return saves


def pending_conflict() -> Conflict | None:
    """Someone else's save that keeps this session's changes of the open assessment unsaved."""
    saves = st.session_state.get(SAVES)
    return saves.conflict_for(st.session_state.get(OPEN_ID)) if saves is not None else None


# What a save may be refused for, each said on the page: bad input, no right to edit, and a
# database that cannot store it (read-only, full disk, unreachable).
SAVE_REFUSALS = (ContentError, AccessDenied, StorageError)


FIELD_LABELS = "_field_labels"


def field_labels() -> dict[str, str]:
    """Field path (list positions left out) -> its label as last drawn, for naming it in a refusal."""
    return st.session_state.setdefault(FIELD_LABELS, {})


def _refusal_messages(refused: ContentError | AccessDenied | StorageError) -> list[str]:
    if isinstance(refused, ContentError):
        return [issue_sentence(issue, current_language(), field_labels()) for issue in refused.issues]
    return [refused.describe(current_language())]


def field_refusals() -> dict[str, list[str]]:
    return st.session_state.setdefault(FIELD_REFUSALS, {})


def autosave(change: Callable[[Assessment], None], near: str | None = None) -> None:
    """Apply a change to the open assessment and save it in the same interaction.

    The session's saves run one at a time and each starts from the version the previous one
    stored, so quick edits never conflict with each other. After someone else's save the change
    is kept on screen, unsaved, until the user reapplies or discards it (save_status).

    near: the key of the input the change came from. A refusal is then said under that input
    (refusal_here), where the user is looking, and stays until that input saves."""
    saves = session_saves()
    ticket = saves.ticket()  # before the st.* calls below: a run stopped in them never saves
    document = open_document()
    if document is None:
        return
    version = st.session_state[OPEN_VERSION]
    try:
        outcome = saves.save(service(), signed_in_actor(), version, document, change, ticket)
    except SAVE_REFUSALS as refused:
        # The edit stays on screen; the page says why it was not stored, beside the input when known.
        messages = _refusal_messages(refused)
        if near is None:
            st.session_state[SAVE_ERRORS] = messages
        else:
            field_refusals()[near] = messages
        # Short, so the toast shows it whole: the sentence itself is where the toast points.
        st.toast(t("save.refused_toast_page" if near is None else "save.refused_toast_field", current_language()), icon=":material/error:")
        return
    # The session's saves know the outcome already: a newer event may stop the run in the
    # writes below without harm (open_document() catches up on the next run).
    st.session_state[OPEN_DOCUMENT] = outcome.document
    if outcome.conflict is not None:
        st.toast(t("save.conflict_toast", current_language()), icon=":material/sync_problem:")
        return
    st.session_state.pop(SAVE_ERRORS, None)
    if near is not None:
        field_refusals().pop(near, None)
    if outcome.stored is not None:
        st.session_state[OPEN_VERSION] = outcome.stored.version
        st.session_state[LAST_SAVED] = outcome.stored.version


def _take_over(stored_version: int, document: Assessment) -> None:
    # The inputs are drawn anew from the stored document: what they refused is no longer on screen.
    st.session_state.pop(FIELD_REFUSALS, None)
    st.session_state[OPEN_VERSION] = stored_version
    st.session_state[LAST_SAVED] = stored_version
    st.session_state[OPEN_DOCUMENT] = document
    # Widgets read the document again: it now holds the other person's changes too.
    st.session_state[GENERATION] = st.session_state.get(GENERATION, 0) + 1


def _reapply_changes() -> None:
    try:
        outcome = session_saves().reapply(service(), signed_in_actor())
    except SAVE_REFUSALS as refused:
        st.session_state[SAVE_ERRORS] = _refusal_messages(refused)
        return
    if outcome is not None and outcome.stored is not None:
        st.session_state.pop(SAVE_ERRORS, None)
        _take_over(outcome.stored.version, outcome.document)


def _discard_changes() -> None:
    session_saves().discard()
    open_assessment(st.session_state[OPEN_ID])


# Sticky on the container's layout wrapper (a sticky element cannot leave its parent's box), so
# the banner stays in view wherever the user has scrolled to.
CONFLICT_STYLE = (
    "<style>[data-testid=stLayoutWrapper]:has(> .st-key-save-conflict){position:sticky;top:3.75rem;z-index:990}"
    ".st-key-save-conflict{background:var(--st-background-color, #fff);padding:.25rem 0}</style>"
)


def save_status() -> None:
    """The line every editing page shows: saved, or what went wrong. After someone else's save,
    a banner that stays in view while scrolling, with the way out: reapply or discard."""
    language = current_language()
    conflict = pending_conflict()
    if conflict is not None:
        st.html(CONFLICT_STYLE)
        with st.container(key="save-conflict"):
            st.error(t("save.conflict", language, version=conflict.newer_version), icon=":material/sync_problem:")
            if conflict.not_reapplied:
                st.warning(t("save.not_reapplied", language, version=conflict.newer_version))
            reapply, discard = st.columns(2)
            reapply.button(t("save.reapply", language), key="reapply-after-conflict", type="primary", on_click=_reapply_changes)
            discard.button(t("save.reload", language), key="reload-after-conflict", on_click=_discard_changes)
        return
    for message in st.session_state.get(SAVE_ERRORS, []):
        st.error(t("save.refused", language, reason=message))
    st.session_state[UNSAVED_NOTES] = 0
    st.session_state[STATUS_LINE] = st.empty()
    _draw_status_line()


def _refused_inputs_on_screen() -> int:
    # Keys of an assessment opened or reloaded since belong to inputs no longer drawn.
    prefix = widget_key("")
    return sum(1 for key in field_refusals() if key.startswith(prefix))


def _draw_status_line() -> None:
    """The saved line only when it is true: an input whose change was refused, or a change a
    page holds back (mark_unsaved), turns the line into a warning that points to them."""
    line = st.session_state.get(STATUS_LINE)
    version = st.session_state.get(OPEN_VERSION)
    if line is None or version is None:
        return
    unsaved = _refused_inputs_on_screen() + st.session_state.get(UNSAVED_NOTES, 0) + len(st.session_state.get(SAVE_ERRORS, []))
    language = current_language()
    if unsaved:
        line.warning(t("save.some_unsaved", language, count=unsaved, version=version), icon=":material/edit_off:")
    else:
        line.caption(t("save.saved", language, version=version))


def mark_unsaved() -> None:
    """A change the page shows but holds back (a score without its rationale): the status line
    drawn above says so instead of "All changes saved"."""
    st.session_state[UNSAVED_NOTES] = st.session_state.get(UNSAVED_NOTES, 0) + 1
    _draw_status_line()


def refusal_here(near: str) -> None:
    """Under the input whose last change was refused: why, and that the text is still there."""
    for message in field_refusals().get(near, []):
        st.error(t("save.refused_here", current_language(), reason=message), icon=":material/error:")


def unsaved_notice() -> None:
    """On every page (in the sidebar): while a conflict keeps changes unsaved, say so."""
    if pending_conflict() is not None:
        st.warning(t("save.not_saving", current_language()), icon=":material/sync_problem:")
