"""Authentication: who the actor is.

Three modes: 'none' (one person on a laptop types a name, recorded as
unauthenticated), 'local' (accounts in the database, argon2 password hashes,
lockout after repeated failures, session timeout) and 'oidc' (Streamlit's
st.login with an identity provider; the role comes from a claim).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from ..domain.assessment import UNNAMED_ORGANISATION
from ..storage import audit
from ..storage.audit import Actor
from ..storage.models import UserRow
from ..storage.repository import Storage, add_user, all_users, get_user, utc_now
from .access import ROLES, Target, authorize

_hasher = PasswordHasher()


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the username is unknown, so timing does not reveal which accounts
    exist. Made on first use: hashing costs 0.1 s, which every app start would otherwise pay."""
    return _hasher.hash("not a real password")


MIN_PASSWORD_LENGTH = 12

# Characters that make a name look like another or break a log line: controls (a newline),
# line and paragraph separators, and format characters such as U+202E, which reverses the
# text after it. Zero-width (non-)joiners are format characters that some scripts need.
_HIDDEN_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")
_JOINERS = ("\u200c", "\u200d")


def _check_account_text(label: str, value: str) -> None:
    """A user name, display name or organisation is shown and compared as typed: it must be plain, visible text."""
    if not value.strip():
        raise ValueError(f"the {label} must not be empty")
    if value != value.strip():
        raise ValueError(f"the {label} must not begin or end with a space (got {value!r})")
    hidden = next((char for char in value if unicodedata.category(char) in _HIDDEN_CATEGORIES and char not in _JOINERS), None)
    if hidden is not None:
        raise ValueError(f"the {label} must not contain U+{ord(hidden):04X}, a control or invisible character (got {value!r})")


def check_new_account(*, username: str, display_name: str, organisation: str, password: str) -> None:
    """Raises ValueError naming the first field that cannot make an account."""
    _check_account_text("user name", username)
    if display_name:
        _check_account_text("display name", display_name)
    _check_account_text("organisation", organisation)
    check_password(password)


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise ValueError("the password must not be only spaces")


@dataclass(frozen=True)
class AuthSettings:
    mode: str = "none"
    session_timeout_minutes: int = 30
    max_failed_logins: int = 5
    lockout_minutes: int = 15
    oidc_provider: str | None = None
    oidc_role_claim: str = "secu4all_role"
    oidc_organisation_claim: str = "organisation"
    default_organisation: str = UNNAMED_ORGANISATION
    # Signs the session cookie of sign-in mode local (`session_key` in [secu4all_auth] or
    # $SECU4ALL_AUTH_SESSION_KEY). Without one, a key made at start-up: sessions then end with the process.
    session_key: str | None = field(default=None, repr=False)

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> AuthSettings:
        known: dict[str, Any] = {name: values[name] for name in cls.__dataclass_fields__ if name in values}
        settings = cls(**known)
        if settings.mode not in ("none", "local", "oidc"):
            raise ValueError(f"auth mode must be none, local or oidc (got {settings.mode!r})")
        return settings

    @classmethod
    def from_environment(cls) -> AuthSettings:
        values: dict[str, object] = {}
        for name, declared in cls.__dataclass_fields__.items():
            raw = os.environ.get(f"SECU4ALL_AUTH_{name.upper()}")
            if raw is not None:
                values[name] = int(raw) if declared.type == "int" else raw
        return cls.from_mapping(values)


# Sign-in failures in English for logs; the screens show them from the catalog keys login.error.<code>.
LOGIN_ERRORS = {
    "name_needed": "please give your name: it is recorded with everything you change",
    "unknown_role": "unknown role {role!r}",
    "wrong_credentials": "unknown user name or wrong password",
    "locked": "this account is locked after repeated failed logins; try again after {until} UTC",
    "disabled": "this account is disabled; ask your administrator",
    "not_signed_in": "not signed in",
    "no_role": "your identity provider gives no Secu4All role (claim {claim!r}); ask your administrator",
}


class LoginError(Exception):
    """A failed sign-in: str() in English, describe(language) for the screens."""

    def __init__(self, code: str, **params: str):
        self.code, self.params = code, params
        super().__init__(LOGIN_ERRORS[code].format(**params))

    def describe(self, language: str) -> str:
        from ..i18n import t

        return t(f"login.error.{self.code}", language, **self.params)


def _parse(timestamp: str) -> dt.datetime:
    return dt.datetime.strptime(timestamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)


def _format(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def unauthenticated_actor(name: str, role: str, organisation: str) -> Actor:
    name = " ".join(name.split())
    if not name:
        raise LoginError("name_needed")
    if role not in ROLES:
        raise LoginError("unknown_role", role=role)
    return Actor(name=name, role=role, organisation=organisation, authenticated=False)


def display_names(storage_session, usernames: set[str]) -> dict[str, str]:
    """The display names of local accounts, by user name (only those that have one of their own)."""
    names = {}
    for username in usernames:
        user = get_user(storage_session, username)
        if user is not None and user.display_name and user.display_name != username:
            names[username] = user.display_name
    return names


def create_user(storage: Storage, actor: Actor | None, *, username: str, display_name: str, role: str, organisation: str, password: str) -> None:
    """Add a local account. actor is None only for the command line run by the operator
    (`users add`, the bootstrap path); an admin adds accounts only in their own organisation."""
    if actor is not None:
        authorize(actor, "manage_users", Target(organisation=organisation))
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)} (got {role!r})")
    check_new_account(username=username, display_name=display_name, organisation=organisation, password=password)
    operator = actor or Actor(name="command line", role="admin", organisation=organisation, authenticated=True)
    with storage.transaction() as session:
        if get_user(session, username) is not None:
            raise ValueError(f"user {username!r} already exists")
        add_user(
            session,
            UserRow(
                id=str(uuid.uuid4()),
                username=username,
                display_name=display_name or username,
                role=role,
                organisation=organisation,
                auth_source="local",
                email=None,
                password_hash=_hasher.hash(password),
                failed_logins=0,
                locked_until=None,
                created_at=utc_now(),
            ),
        )
        audit.append(session, operator, "user_add", "user", username, f"added {role} {username!r} in {organisation!r}")


def login(storage: Storage, settings: AuthSettings, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    now = now or dt.datetime.now(dt.UTC)
    with storage.transaction() as session:
        # The row stays locked until this transaction ends: parallel guesses queue up behind
        # each other, so each one counts (under READ COMMITTED they would all read the same
        # counter and write back the same increment). SQLite's BEGIN IMMEDIATE already serialises.
        user = get_user(session, username, for_update=True)
        if user is None:
            try:
                _hasher.verify(_dummy_hash(), password)
            except VerificationError:
                pass
            raise LoginError("wrong_credentials")
        if user.locked_until and _parse(user.locked_until) > now:
            raise LoginError("locked", until=user.locked_until[11:16])
        try:
            _hasher.verify(user.password_hash or "", password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            user.failed_logins += 1
            system = Actor(name=username, role=user.role, organisation=user.organisation, authenticated=False)
            if user.failed_logins >= settings.max_failed_logins:
                user.locked_until = _format(now + dt.timedelta(minutes=settings.lockout_minutes))
                user.failed_logins = 0
                audit.append(session, system, "account_locked", "user", username, f"locked for {settings.lockout_minutes} minutes")
            else:
                audit.append(session, system, "login_failed", "user", username, f"failed login {user.failed_logins}")
            failed = LoginError("wrong_credentials")
        else:
            # Said only to whoever knows the password: a disabled account is not revealed to guessers.
            if user.disabled:
                raise LoginError("disabled")
            user.failed_logins = 0
            user.locked_until = None
            return _account_actor(user)
    raise failed


def _account_actor(user: UserRow) -> Actor:
    return Actor(
        name=user.username,
        role=user.role,
        organisation=user.organisation,
        authenticated=True,
        display_name=user.display_name if user.display_name != user.username else "",
    )


def session_expired(last_activity: dt.datetime, settings: AuthSettings, now: dt.datetime | None = None) -> bool:
    now = now or dt.datetime.now(dt.UTC)
    return now - last_activity > dt.timedelta(minutes=settings.session_timeout_minutes)


def actor_from_oidc(user_info: Mapping[str, object], settings: AuthSettings) -> Actor:
    """The actor for a user signed in with st.login; the role comes from a claim."""
    if not user_info.get("is_logged_in"):
        raise LoginError("not_signed_in")
    role = user_info.get(settings.oidc_role_claim)
    if isinstance(role, (list, tuple)):
        role = next((r for r in role if r in ROLES), None)
    if role not in ROLES:
        raise LoginError("no_role", claim=settings.oidc_role_claim)
    name = user_info.get("email") or user_info.get("name") or user_info.get("sub")
    display_name = user_info.get("name") if user_info.get("name") != name else None
    organisation = str(user_info.get(settings.oidc_organisation_claim) or settings.default_organisation)
    return Actor(name=str(name), role=str(role), organisation=organisation, authenticated=True, display_name=str(display_name or ""))


def remember_oidc_user(storage: Storage, actor: Actor) -> None:
    """Keep the display name an identity provider gave, so review records, which store the
    identity (an e-mail address), are shown by name like those of local accounts. A local
    account of the same user name is never touched."""
    if not actor.display_name:
        return
    with storage.transaction() as session:
        user = get_user(session, actor.name)
        if user is None:
            add_user(
                session,
                UserRow(
                    id=str(uuid.uuid4()),
                    username=actor.name,
                    display_name=actor.display_name,
                    role=actor.role,
                    organisation=actor.organisation,
                    auth_source="oidc",
                    email=actor.name if "@" in actor.name else None,
                    password_hash=None,
                    failed_logins=0,
                    locked_until=None,
                    created_at=utc_now(),
                ),
            )
        elif user.auth_source == "oidc" and user.display_name != actor.display_name:
            user.display_name = actor.display_name


# -- the session cookie of sign-in mode local ------------------------------------------------------

SESSION_COOKIE = "secu4all_session"


@functools.cache
def _process_session_key() -> bytes:
    return secrets.token_bytes(32)


def _session_key(settings: AuthSettings) -> bytes:
    return settings.session_key.encode("utf-8") if settings.session_key else _process_session_key()


def _signature(settings: AuthSettings, payload: bytes) -> str:
    return hmac.new(_session_key(settings), b"secu4all-session\0" + payload, hashlib.sha256).hexdigest()


def session_token(storage: Storage, settings: AuthSettings, username: str, now: dt.datetime | None = None) -> str:
    """A cookie value that signs username in again until the idle timeout, while the account's
    session generation stays the one it was given with."""
    now = now or dt.datetime.now(dt.UTC)
    with storage.transaction() as session:
        user = get_user(session, username)
        if user is None:
            raise ValueError(f"no account {username!r}")
        generation = user.session_generation
    expires = int((now + dt.timedelta(minutes=settings.session_timeout_minutes)).timestamp())
    payload = json.dumps({"user": username, "generation": generation, "expires": expires}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(payload).decode("ascii").rstrip("=") + "." + _signature(settings, payload)


def actor_from_session_token(storage: Storage, settings: AuthSettings, token: str, now: dt.datetime | None = None) -> Actor | None:
    """The actor a session cookie stands for, or None when its signature, its expiry, the
    account (still there, enabled, not locked) or the account's session generation says no."""
    now = now or dt.datetime.now(dt.UTC)
    encoded, _, signature = token.partition(".")
    try:
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    except ValueError:
        return None
    if not hmac.compare_digest(signature, _signature(settings, payload)):
        return None
    claims = json.loads(payload)
    if claims["expires"] <= now.timestamp():
        return None
    with storage.transaction() as session:
        user = get_user(session, claims["user"])
        if user is None or user.disabled or user.auth_source != "local" or user.session_generation != claims["generation"]:
            return None
        if user.locked_until and _parse(user.locked_until) > now:
            return None
        return _account_actor(user)


# -- account administration from the command line ---------------------------------------------------

OPERATOR = "command line"


@dataclass(frozen=True)
class AccountSummary:
    username: str
    display_name: str
    role: str
    organisation: str
    auth_source: str
    state: str  # active, disabled or locked


def list_accounts(storage: Storage, now: dt.datetime | None = None) -> list[AccountSummary]:
    now = now or dt.datetime.now(dt.UTC)
    with storage.transaction() as session:
        return [
            AccountSummary(
                username=user.username,
                display_name=user.display_name,
                role=user.role,
                organisation=user.organisation,
                auth_source=user.auth_source,
                state="disabled" if user.disabled else "locked" if user.locked_until and _parse(user.locked_until) > now else "active",
            )
            for user in all_users(session)
        ]


def _change_account(storage: Storage, username: str, action: str, summary: str, change) -> None:
    with storage.transaction() as session:
        user = get_user(session, username, for_update=True)
        if user is None:
            raise ValueError(f"there is no account {username!r}")
        change(user)
        operator = Actor(name=OPERATOR, role="admin", organisation=user.organisation, authenticated=True)
        audit.append(session, operator, action, "user", username, summary)


def _end_sessions(user: UserRow) -> None:
    user.session_generation += 1


def set_account_disabled(storage: Storage, username: str, disabled: bool) -> None:
    """Disabling also ends the account's sessions; enabling lets it sign in again (with its password)."""

    def change(user: UserRow) -> None:
        user.disabled = disabled
        if disabled:
            _end_sessions(user)

    action = "user_disable" if disabled else "user_enable"
    _change_account(storage, username, action, f"{'disabled' if disabled else 'enabled'} {username!r}", change)


def unlock_account(storage: Storage, username: str) -> None:
    def change(user: UserRow) -> None:
        user.locked_until = None
        user.failed_logins = 0

    _change_account(storage, username, "user_unlock", f"unlocked {username!r}", change)


def reset_password(storage: Storage, username: str, password: str) -> None:
    """A new password for a local account; the sessions signed in with the old one end."""
    check_password(password)

    def change(user: UserRow) -> None:
        if user.auth_source != "local":
            raise ValueError(f"{username!r} signs in with the identity provider: it has no password here")
        user.password_hash = _hasher.hash(password)
        user.locked_until = None
        user.failed_logins = 0
        _end_sessions(user)

    _change_account(storage, username, "user_password_reset", f"reset the password of {username!r}", change)
