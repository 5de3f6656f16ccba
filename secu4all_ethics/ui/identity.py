"""Who is using the app, according to the configured authentication mode."""

from __future__ import annotations

import datetime as dt
import json

import streamlit as st

from ..i18n import t
from ..services.auth import (
    SESSION_COOKIE,
    AuthSettings,
    LoginError,
    actor_from_oidc,
    actor_from_session_token,
    login,
    remember_oidc_user,
    session_expired,
    session_token,
    unauthenticated_actor,
)
from .context import ACTOR_KEY, SESSION_COOKIE_READ, current_language, forget_session, settings, storage_or_stop
from .text import literal

SELF_SERVICE_ROLES = ("assessor", "dpo", "facilitator")
LAST_ACTIVITY = "last_activity"
COOKIE_WRITTEN_AT = "session_cookie_written_at"
COOKIE_VALUE = "session_cookie"
# The cookie's expiry moves with activity, but rewriting it costs a script in the page: once a minute is enough.
COOKIE_REWRITE_SECONDS = 60

# Streamlit can read cookies (st.context.cookies) but not set them, so the browser sets it. Not
# HttpOnly (a script writes it), hence signed, short-lived and checked against the account on every read.
_COOKIE_SCRIPT = """<script>
document.cookie = %s + "; Path=/; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
</script>"""


def _set_actor(actor) -> None:
    previous = st.session_state.get(ACTOR_KEY)
    if previous != actor:
        st.session_state[ACTOR_KEY] = actor


def sidebar_identity() -> None:
    mode = settings().auth.mode
    if mode == "none":
        _unauthenticated()
    elif mode == "local":
        _local()
    else:
        _oidc()


def _remember_in_url() -> None:
    for key in ("who", "role"):
        st.query_params[key] = st.session_state[key]


def _unauthenticated() -> None:
    language = current_language()
    # Kept in the URL, so a refresh or a bookmark keeps who you are on this
    # laptop. (Not Streamlit's bind="query-params": st.switch_page cannot
    # clear bound parameters.)
    if "who" not in st.session_state:
        st.session_state["who"] = st.query_params.get("who", "")
    if "role" not in st.session_state:
        role = st.query_params.get("role", SELF_SERVICE_ROLES[0])
        st.session_state["role"] = role if role in SELF_SERVICE_ROLES else SELF_SERVICE_ROLES[0]
    name = st.text_input(t("identity.name", language), key="who", on_change=_remember_in_url, help=t("identity.name_help", language))
    role = st.selectbox(
        t("identity.role", language),
        SELF_SERVICE_ROLES,
        format_func=lambda r: t(f"role.{r}", language),
        key="role",
        on_change=_remember_in_url,
    )
    if name and name.strip():
        _set_actor(unauthenticated_actor(name, role, settings().auth.default_organisation))
        st.caption(t("identity.unauthenticated", language))
    else:
        st.session_state.pop(ACTOR_KEY, None)


def _write_cookie(value: str, max_age_seconds: int) -> None:
    st.html(_COOKIE_SCRIPT % json.dumps(f"{SESSION_COOKIE}={value}; Max-Age={max_age_seconds}"), unsafe_allow_javascript=True)


def _renew_session(actor, auth: AuthSettings, now: dt.datetime) -> bool:
    """Move the cookie's expiry on, at most once a minute; False when the account was disabled,
    locked or given a new password since the last renewal, which ends this open session too."""
    written = st.session_state.get(COOKIE_WRITTEN_AT)
    if written is None or (now - written).total_seconds() >= COOKIE_REWRITE_SECONDS:
        previous = st.session_state.get(COOKIE_VALUE)
        if previous is not None and actor_from_session_token(storage_or_stop(), auth, previous, now) is None:
            return False
        st.session_state[COOKIE_VALUE] = session_token(storage_or_stop(), auth, actor.name, now)
        st.session_state[COOKIE_WRITTEN_AT] = now
    return True


def _actor_from_cookie(auth: AuthSettings, now: dt.datetime):
    """The person the browser's session cookie names, read once per browser session (see SESSION_COOKIE_READ)."""
    if st.session_state.get(SESSION_COOKIE_READ):
        return None
    st.session_state[SESSION_COOKIE_READ] = True
    token = st.context.cookies.get(SESSION_COOKIE)
    # (under AppTest there is no browser, and no cookie text)
    return actor_from_session_token(storage_or_stop(), auth, token, now) if isinstance(token, str) and token else None


def _local() -> None:
    language = current_language()
    auth = settings().auth
    now = dt.datetime.now(dt.UTC)
    actor = st.session_state.get(ACTOR_KEY)
    if actor is None:
        actor = _actor_from_cookie(auth, now)
        if actor is not None:
            _set_actor(actor)
            st.session_state[LAST_ACTIVITY] = now
    if actor is not None:
        if session_expired(st.session_state.get(LAST_ACTIVITY, now), auth, now) or not _renew_session(actor, auth, now):
            forget_session()
            st.warning(t("identity.session_expired", language))
        else:
            st.session_state[LAST_ACTIVITY] = now
            st.caption(t("identity.signed_in_as", language, name=literal(actor.shown_name), role=t(f"role.{actor.role}", language)))
            if st.button(t("identity.sign_out", language), key="sign-out"):
                forget_session()
                st.rerun()
            _write_cookie(st.session_state[COOKIE_VALUE], auth.session_timeout_minutes * 60)
            return
    # Signed out, expired or refused: the browser forgets any cookie (one written in this tab is not in st.context.cookies).
    _write_cookie("", 0)
    with st.form("login"):
        st.caption(t("identity.sign_in_help", language, attempts=auth.max_failed_logins, minutes=auth.lockout_minutes))
        username = st.text_input(t("identity.username", language))
        password = st.text_input(t("identity.password", language), type="password")
        submitted = st.form_submit_button(t("identity.sign_in", language))
    if submitted:
        try:
            _set_actor(login(storage_or_stop(), auth, username, password, now))
            st.session_state[LAST_ACTIVITY] = now
            st.rerun()
        except LoginError as error:
            st.error(error.describe(language))


def _oidc() -> None:
    language = current_language()
    auth = settings().auth
    if not st.user.is_logged_in:
        if ACTOR_KEY in st.session_state:
            forget_session()  # signed out elsewhere, or the identity cookie expired
        if st.button(t("identity.sign_in", language), key="oidc-login"):
            st.login(auth.oidc_provider) if auth.oidc_provider else st.login()
        return
    try:
        actor = actor_from_oidc(st.user.to_dict(), auth)
    except LoginError as error:
        if ACTOR_KEY in st.session_state:
            forget_session()
        st.error(error.describe(language))
        return
    if st.session_state.get(ACTOR_KEY) not in (None, actor):
        forget_session()  # another person signed in with the provider in this browser
    if st.session_state.get(ACTOR_KEY) != actor:
        remember_oidc_user(storage_or_stop(), actor)
    _set_actor(actor)
    st.caption(t("identity.signed_in_as", language, name=literal(actor.shown_name), role=t(f"role.{actor.role}", language)))
    if st.button(t("identity.sign_out", language), key="oidc-logout"):
        forget_session()
        st.logout()
