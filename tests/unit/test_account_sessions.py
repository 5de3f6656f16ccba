"""Session cookies of sign-in mode local, disabled accounts and the account changes the command
line makes, and the display names an identity provider gives (issue #15 points 15 and 16)."""

import dataclasses
import datetime as dt

import pytest

from secu4all_ethics.services.auth import (
    AuthSettings,
    LoginError,
    actor_from_oidc,
    actor_from_session_token,
    create_user,
    display_names,
    list_accounts,
    login,
    remember_oidc_user,
    reset_password,
    session_token,
    set_account_disabled,
    unlock_account,
)
from secu4all_ethics.storage import audit

SETTINGS = AuthSettings(mode="local", max_failed_logins=2, lockout_minutes=15, session_timeout_minutes=30, session_key="k" * 32)
PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def accounts(storage):
    create_user(storage, None, username="dora", display_name="Dora Dupuis", role="dpo", organisation="Nice", password=PASSWORD)
    return storage


def test_a_session_token_signs_the_account_in_again_until_the_idle_timeout(accounts):
    token = session_token(accounts, SETTINGS, "dora", NOW)
    actor = actor_from_session_token(accounts, SETTINGS, token, NOW + dt.timedelta(minutes=29))
    assert actor is not None and (actor.name, actor.shown_name, actor.role, actor.authenticated) == ("dora", "Dora Dupuis", "dpo", True)
    assert actor_from_session_token(accounts, SETTINGS, token, NOW + dt.timedelta(minutes=30, seconds=1)) is None


def test_a_tampered_or_foreign_token_signs_nobody_in(accounts):
    create_user(accounts, None, username="ada", display_name="Ada", role="admin", organisation="Nice", password=PASSWORD)
    token = session_token(accounts, SETTINGS, "dora", NOW)
    payload, _, signature = token.partition(".")
    forged = session_token(accounts, SETTINGS, "ada", NOW).partition(".")[0] + "." + signature
    flipped = payload + "." + ("0" if signature[0] != "0" else "1") + signature[1:]
    other_key = dataclasses.replace(SETTINGS, session_key="another key entirely")
    for bad in (forged, flipped, "", "garbage", "%%%.abc", payload):
        assert actor_from_session_token(accounts, SETTINGS, bad, NOW) is None, bad
    assert actor_from_session_token(accounts, other_key, token, NOW) is None


def test_disabling_or_resetting_the_password_ends_the_sessions_already_given(accounts):
    token = session_token(accounts, SETTINGS, "dora", NOW)
    set_account_disabled(accounts, "dora", True)
    assert actor_from_session_token(accounts, SETTINGS, token, NOW) is None
    set_account_disabled(accounts, "dora", False)
    assert actor_from_session_token(accounts, SETTINGS, token, NOW) is None  # enabling does not revive it
    fresh = session_token(accounts, SETTINGS, "dora", NOW)
    assert actor_from_session_token(accounts, SETTINGS, fresh, NOW) is not None
    reset_password(accounts, "dora", "a brand new passphrase")
    assert actor_from_session_token(accounts, SETTINGS, fresh, NOW) is None
    with pytest.raises(LoginError):
        login(accounts, SETTINGS, "dora", PASSWORD, NOW)
    assert login(accounts, SETTINGS, "dora", "a brand new passphrase", NOW).name == "dora"


def test_a_disabled_account_cannot_sign_in_and_is_told_so_only_with_the_right_password(accounts):
    set_account_disabled(accounts, "dora", True)
    with pytest.raises(LoginError) as refused:
        login(accounts, SETTINGS, "dora", PASSWORD, NOW)
    assert refused.value.code == "disabled"
    assert refused.value.describe("fr") == "ce compte est désactivé ; adressez-vous à votre administrateur"
    with pytest.raises(LoginError) as guessed:
        login(accounts, SETTINGS, "dora", "wrong guess", NOW)
    assert guessed.value.code == "wrong_credentials"


def test_unlock_lifts_a_lockout_and_a_locked_account_has_no_session(accounts):
    token = session_token(accounts, SETTINGS, "dora", NOW)
    for _ in range(2):
        with pytest.raises(LoginError):
            login(accounts, SETTINGS, "dora", "wrong", NOW)
    assert [a.state for a in list_accounts(accounts, NOW)] == ["locked"]
    assert actor_from_session_token(accounts, SETTINGS, token, NOW) is None
    unlock_account(accounts, "dora")
    assert login(accounts, SETTINGS, "dora", PASSWORD, NOW).name == "dora"


def test_every_account_change_is_audited(accounts):
    set_account_disabled(accounts, "dora", True)
    set_account_disabled(accounts, "dora", False)
    unlock_account(accounts, "dora")
    reset_password(accounts, "dora", "a brand new passphrase")
    with accounts.transaction() as session:
        entries = audit.entries(session, "dora")
    assert [e.action for e in reversed(entries)] == ["user_add", "user_disable", "user_enable", "user_unlock", "user_password_reset"]
    assert "passphrase" not in " ".join(e.summary for e in entries)
    with pytest.raises(ValueError, match="no account 'nobody'"):
        unlock_account(accounts, "nobody")
    with pytest.raises(ValueError, match="at least 12"):
        reset_password(accounts, "dora", "short")


def test_an_identity_providers_display_name_names_its_review_records(storage):
    """Review records of OIDC users store the e-mail address; their display name is kept so
    verdicts, signatures and reports show the name (before, display_names found no account)."""
    claims = {"is_logged_in": True, "email": "d@nice.fr", "name": "Dora Dupuis", "secu4all_role": "dpo", "organisation": "Nice"}
    actor = actor_from_oidc(claims, AuthSettings(mode="oidc"))
    remember_oidc_user(storage, actor)
    remember_oidc_user(storage, dataclasses.replace(actor, display_name="Dora Dupuis-Martin"))
    with storage.transaction() as session:
        assert display_names(session, {"d@nice.fr"}) == {"d@nice.fr": "Dora Dupuis-Martin"}
    # such an account has no password: it never signs in locally, nor by a session cookie
    with pytest.raises(LoginError):
        login(storage, SETTINGS, "d@nice.fr", "", NOW)
    with pytest.raises(ValueError):
        session_token(storage, SETTINGS, "nobody", NOW)
    assert actor_from_session_token(storage, SETTINGS, session_token(storage, SETTINGS, "d@nice.fr", NOW), NOW) is None
