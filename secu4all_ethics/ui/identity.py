"""Who is using the app, according to the configured authentication mode."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ..i18n import t
from ..services.auth import LoginError, actor_from_oidc, login, session_expired, unauthenticated_actor
from .context import ACTOR_KEY, current_language, forget_session, settings, storage_or_stop
from .text import literal

SELF_SERVICE_ROLES = ("assessor", "dpo", "facilitator")
LAST_ACTIVITY = "last_activity"


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


def _local() -> None:
    language = current_language()
    auth = settings().auth
    now = dt.datetime.now(dt.UTC)
    actor = st.session_state.get(ACTOR_KEY)
    if actor is not None:
        if session_expired(st.session_state.get(LAST_ACTIVITY, now), auth, now):
            forget_session()
            st.warning(t("identity.session_expired", language))
        else:
            st.session_state[LAST_ACTIVITY] = now
            st.caption(t("identity.signed_in_as", language, name=literal(actor.shown_name), role=t(f"role.{actor.role}", language)))
            if st.button(t("identity.sign_out", language), key="sign-out"):
                forget_session()
                st.rerun()
            return
    with st.form("login"):
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
    _set_actor(actor)
    st.caption(t("identity.signed_in_as", language, name=literal(actor.shown_name), role=t(f"role.{actor.role}", language)))
    if st.button(t("identity.sign_out", language), key="oidc-logout"):
        forget_session()
        st.logout()
