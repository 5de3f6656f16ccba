"""python -m secu4all_ethics users list|disable|enable|unlock|reset-password (issue #15 point 16)."""

import json
import sqlite3

from secu4all_ethics.services.auth import AuthSettings, LoginError, login
from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.repository import Storage
from tests.unit.test_cli_storage import cli

PASSWORD = "long enough password"


def _database(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert cli("db", "--database", url, "upgrade").returncode == 0
    for name, role, display in (("ada", "assessor", "Ada Lovelace"), ("dace", "dpo", "Dace Bērziņa")):
        added = cli(
            "users", "--database", url, "add", name, "--role", role, "--organisation", "Riga", "--name", display, "--password-stdin", stdin=PASSWORD + "\n"
        )
        assert added.returncode == 0, added.stderr
    return url


def _signs_in(url, name, password=PASSWORD):
    engine = make_engine(url)
    try:
        return login(Storage(engine), AuthSettings(mode="local"), name, password).name == name
    except LoginError as error:
        return error.code
    finally:
        engine.dispose()


def test_list_shows_every_account_with_its_display_name_role_and_state(tmp_path):
    url = _database(tmp_path)
    listed = cli("users", "--database", url, "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["user", "name", "display", "name", "role", "organisation", "source", "state"]
    assert lines[2].split() == ["dace", "Dace", "Bērziņa", "dpo", "Riga", "local", "active"]
    rows = json.loads(cli("users", "list", "--format", "json", "--database", url).stdout)
    assert [(row["username"], row["display_name"], row["state"]) for row in rows] == [("ada", "Ada Lovelace", "active"), ("dace", "Dace Bērziņa", "active")]


def test_disable_enable_and_unlock_change_who_can_sign_in_and_are_audited(tmp_path):
    url = _database(tmp_path)
    assert cli("users", "--database", url, "disable", "dace").stdout.strip() == "disabled 'dace'; its sessions have ended"
    assert _signs_in(url, "dace") == "disabled"
    assert json.loads(cli("users", "--database", url, "list", "--format", "json").stdout)[1]["state"] == "disabled"
    assert cli("users", "--database", url, "enable", "dace").returncode == 0
    assert _signs_in(url, "dace") is True
    for _ in range(5):
        _signs_in(url, "dace", "wrong password")
    assert _signs_in(url, "dace") == "locked"
    assert cli("users", "unlock", "dace", "--database", url).stdout.strip() == "unlocked 'dace'"
    assert _signs_in(url, "dace") is True
    with sqlite3.connect(tmp_path / "live.db") as connection:
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_log WHERE entity_id = 'dace' AND action LIKE 'user_%' ORDER BY seq")]
    assert actions == ["user_add", "user_disable", "user_enable", "user_unlock"]
    unknown = cli("users", "--database", url, "disable", "nobody")
    assert (unknown.returncode, unknown.stderr.strip()) == (2, "there is no account 'nobody'")


def test_reset_password_reads_the_new_password_from_stdin_never_from_the_arguments(tmp_path):
    url = _database(tmp_path)
    short = cli("users", "--database", url, "reset-password", "ada", "--password-stdin", stdin="short\n")
    assert (short.returncode, short.stderr.strip()) == (2, "the password must have at least 12 characters")
    reset = cli("users", "--database", url, "reset-password", "ada", "--password-stdin", stdin="a brand new passphrase\n")
    assert reset.returncode == 0, reset.stderr
    assert (_signs_in(url, "ada"), _signs_in(url, "ada", "a brand new passphrase")) == ("wrong_credentials", True)
    # a password given as an argument is refused by the parser, so it cannot end up in the shell's history
    assert cli("users", "--database", url, "reset-password", "ada", "a brand new passphrase").returncode == 2
    with sqlite3.connect(tmp_path / "live.db") as connection:
        entries = list(connection.execute("SELECT action, summary FROM audit_log WHERE entity_id = 'ada' AND action LIKE 'user_%' ORDER BY seq"))
    assert entries[-1] == ("user_password_reset", "reset the password of 'ada'")
    assert not [summary for _, summary in entries if "passphrase" in summary]
