"""Authentication: local accounts with argon2 hashes and lockout, session
timeout, unauthenticated names, and OIDC claims."""

import datetime as dt
import threading

import pytest

from secu4all_ethics.services.access import AccessDenied
from secu4all_ethics.services.auth import (
    AuthSettings,
    LoginError,
    actor_from_oidc,
    create_user,
    login,
    session_expired,
    unauthenticated_actor,
)
from secu4all_ethics.storage import audit
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.repository import get_user
from tests.conftest import BACKENDS

SETTINGS = AuthSettings(mode="local", max_failed_logins=3, lockout_minutes=15, session_timeout_minutes=30)
PASSWORD = "correct horse battery"
NOW = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def accounts(storage):
    create_user(storage, None, username="dpo@nice", display_name="Dora", role="dpo", organisation="Nice", password=PASSWORD)
    return storage


def test_passwords_are_stored_as_argon2_hashes(accounts):
    with accounts.transaction() as session:
        user = get_user(session, "dpo@nice")
        assert user.password_hash.startswith("$argon2") and PASSWORD not in user.password_hash


def test_login_gives_an_authenticated_actor(accounts):
    actor = login(accounts, SETTINGS, "dpo@nice", PASSWORD, NOW)
    assert (actor.name, actor.role, actor.organisation, actor.authenticated) == ("dpo@nice", "dpo", "Nice", True)
    assert (actor.display_name, actor.shown_name) == ("Dora", "Dora")  # the name screens and reports print


def test_wrong_password_and_unknown_user_get_the_same_answer(accounts):
    with pytest.raises(LoginError) as wrong:
        login(accounts, SETTINGS, "dpo@nice", "wrong", NOW)
    with pytest.raises(LoginError) as unknown:
        login(accounts, SETTINGS, "nobody", "wrong", NOW)
    assert str(wrong.value) == str(unknown.value)


def test_repeated_failures_lock_the_account_for_a_while(accounts):
    for _ in range(3):
        with pytest.raises(LoginError):
            login(accounts, SETTINGS, "dpo@nice", "wrong", NOW)
    with pytest.raises(LoginError, match="locked"):
        login(accounts, SETTINGS, "dpo@nice", PASSWORD, NOW + dt.timedelta(minutes=5))
    assert login(accounts, SETTINGS, "dpo@nice", PASSWORD, NOW + dt.timedelta(minutes=16)).role == "dpo"
    with accounts.transaction() as session:
        actions = [entry.action for entry in audit.entries(session, "dpo@nice")]
        assert actions.count("login_failed") == 2 and "account_locked" in actions
        assert audit.verify_chain(session).intact


@pytest.mark.parametrize("database_url", BACKENDS, indirect=True)
def test_parallel_wrong_passwords_each_count_towards_the_lockout(accounts):
    """Eight guesses at the same instant: every one is counted, as if they came one by one."""
    settings = AuthSettings(mode="local", max_failed_logins=5, lockout_minutes=15)
    start = threading.Barrier(8)
    answers: list[str] = []

    def guess():
        start.wait()
        try:
            login(accounts, settings, "dpo@nice", "wrong guess", NOW)
        except LoginError as error:
            answers.append(error.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            answers.append(repr(error))

    threads = [threading.Thread(target=guess) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(answers) == ["locked"] * 3 + ["wrong_credentials"] * 5
    with accounts.transaction() as session:
        assert get_user(session, "dpo@nice").locked_until is not None
        actions = [entry.action for entry in audit.entries(session, "dpo@nice")]
        assert actions.count("login_failed") == 4 and actions.count("account_locked") == 1
        assert audit.verify_chain(session).intact
    with pytest.raises(LoginError, match="locked"):
        login(accounts, settings, "dpo@nice", PASSWORD, NOW + dt.timedelta(minutes=1))


def test_an_admin_adds_accounts_only_in_their_own_organisation(accounts):
    admin = Actor(name="admin@nice", role="admin", organisation="Nice", authenticated=True)
    with pytest.raises(AccessDenied, match="another organisation"):
        create_user(accounts, admin, username="dpo@lyon", display_name="L", role="dpo", organisation="Lyon", password=PASSWORD)
    create_user(accounts, admin, username="dpo2@nice", display_name="N", role="dpo", organisation="Nice", password=PASSWORD)
    with accounts.transaction() as session:
        assert get_user(session, "dpo@lyon") is None
        assert get_user(session, "dpo2@nice").organisation == "Nice"
    assessor = Actor(name="ann@nice", role="assessor", organisation="Nice", authenticated=True)
    with pytest.raises(AccessDenied):
        create_user(accounts, assessor, username="x@nice", display_name="X", role="dpo", organisation="Nice", password=PASSWORD)
    # The command line (no actor) stays the way the operator creates the first accounts anywhere.
    create_user(accounts, None, username="dpo@lyon", display_name="L", role="dpo", organisation="Lyon", password=PASSWORD)


def test_short_passwords_and_duplicate_users_are_refused(accounts):
    with pytest.raises(ValueError, match="at least 12"):
        create_user(accounts, None, username="x", display_name="x", role="assessor", organisation="Nice", password="short")
    with pytest.raises(ValueError, match="already exists"):
        create_user(accounts, None, username="dpo@nice", display_name="x", role="assessor", organisation="Nice", password=PASSWORD)


@pytest.mark.parametrize(
    "field, value",
    [
        ("username", ""),
        ("username", "ada "),
        ("username", "ada\u200bbob"),
        ("display_name", "Ada\u2028Lovelace"),
        ("organisation", "   "),
        ("organisation", "Nice\x00"),
        ("password", " " * 20),
    ],
)
def test_an_account_needs_plain_visible_names_and_a_real_password(accounts, field, value):
    fields = dict(username="ada", display_name="Ada", organisation="Nice", password=PASSWORD) | {field: value}
    with pytest.raises(ValueError, match="must not"):
        create_user(accounts, None, role="assessor", **fields)
    with accounts.transaction() as session:
        assert get_user(session, fields["username"]) is None


def test_names_in_scripts_that_need_a_zero_width_joiner_are_accepted(accounts):
    create_user(accounts, None, username="\u0645\u06cc\u200c\u0631\u0648\u062f", display_name="", role="assessor", organisation="Nice", password=PASSWORD)


def test_sessions_time_out():
    assert not session_expired(NOW, SETTINGS, NOW + dt.timedelta(minutes=29))
    assert session_expired(NOW, SETTINGS, NOW + dt.timedelta(minutes=31))


def test_unauthenticated_names_are_recorded_as_such():
    actor = unauthenticated_actor("  Ada   Lovelace ", "assessor", "Nice")
    assert actor.name == "Ada Lovelace" and not actor.authenticated
    with pytest.raises(LoginError, match="give your name"):
        unauthenticated_actor("   ", "assessor", "Nice")


def test_oidc_role_comes_from_a_claim():
    settings = AuthSettings(mode="oidc")
    actor = actor_from_oidc({"is_logged_in": True, "email": "d@nice.fr", "secu4all_role": ["viewer", "dpo"], "organisation": "Nice"}, settings)
    assert (actor.name, actor.role, actor.organisation, actor.authenticated) == ("d@nice.fr", "dpo", "Nice", True)
    assert actor.shown_name == "d@nice.fr"  # no name claim: the identity is shown
    named = actor_from_oidc({"is_logged_in": True, "email": "d@nice.fr", "name": "Dora Dupuis", "secu4all_role": "dpo"}, settings)
    assert (named.name, named.shown_name) == ("d@nice.fr", "Dora Dupuis")
    with pytest.raises(LoginError, match="no Secu4All role"):
        actor_from_oidc({"is_logged_in": True, "email": "d@nice.fr"}, settings)
    with pytest.raises(LoginError, match="not signed in"):
        actor_from_oidc({"is_logged_in": False}, settings)


def test_settings_refuse_an_unknown_mode():
    with pytest.raises(ValueError, match="none, local or oidc"):
        AuthSettings.from_mapping({"mode": "ldap"})


@pytest.mark.parametrize("language", ["en", "fr", "de", "it"])
def test_sign_in_failures_are_told_in_the_screens_language(language):
    from secu4all_ethics.i18n import t
    from secu4all_ethics.services.auth import LOGIN_ERRORS

    samples = {"unknown_role": {"role": "mayor"}, "locked": {"until": "10:45"}, "no_role": {"claim": "secu4all_role"}}
    for code in LOGIN_ERRORS:
        error = LoginError(code, **samples.get(code, {}))
        text = error.describe(language)
        assert text == t(f"login.error.{code}", language, **samples.get(code, {})) and "{" not in text
        for value in samples.get(code, {}).values():
            assert value in text
    assert str(LoginError("wrong_credentials")) == "unknown user name or wrong password"
