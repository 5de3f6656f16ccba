"""python -m secu4all_ethics db / audit / users."""

import sqlite3
import subprocess
import sys

from tests.conftest import ROOT


def cli(*args, stdin=None):
    completed = subprocess.run(
        [sys.executable, "-m", "secu4all_ethics", *args], cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=120
    )
    assert "Traceback" not in completed.stderr
    return completed


def test_upgrade_users_backup_restore_and_verify(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert "empty" in cli("db", "--database", url, "current").stdout
    assert cli("db", "--database", url, "upgrade").returncode == 0
    added = cli("users", "--database", url, "add", "ada", "--role", "assessor", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    assert added.returncode == 0, added.stderr
    backup = tmp_path / "backup.db"
    assert cli("db", "--database", url, "backup", str(backup)).returncode == 0
    cli("users", "--database", url, "add", "bob", "--role", "dpo", "--organisation", "Nice", "--password-stdin", stdin="another long password\n")
    restored = cli("db", "--database", url, "restore", str(backup))
    assert restored.returncode == 0 and "kept as" in restored.stdout
    with sqlite3.connect(tmp_path / "live.db") as connection:
        assert [row[0] for row in connection.execute("SELECT username FROM users")] == ["ada"]
    kept_aside = next(tmp_path.glob("live.db.before-restore-*"))
    with sqlite3.connect(kept_aside) as connection:
        assert sorted(row[0] for row in connection.execute("SELECT username FROM users")) == ["ada", "bob"]
    verified = cli("audit", "--database", url, "verify")
    assert verified.returncode == 0 and verified.stdout.startswith("intact: 1 entries")


def test_audit_verify_names_a_tampered_entry_and_exits_2(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    for name in ("ada", "bob", "cid"):
        cli("users", "--database", url, "add", name, "--role", "assessor", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    with sqlite3.connect(tmp_path / "live.db") as connection:
        connection.execute("DROP TRIGGER audit_log_immutable")
        connection.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
    verified = cli("audit", "--database", url, "verify")
    assert verified.returncode == 2
    assert "entry 2 was modified" in verified.stderr


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    fake = tmp_path / "fake.db"
    fake.write_bytes(b"definitely not sqlite")
    refused = cli("db", "--database", url, "restore", str(fake))
    assert refused.returncode == 2 and "not a readable SQLite database" in refused.stderr


def test_postgres_backup_spells_out_pg_dump():
    refused = cli("db", "--database", "postgresql+psycopg://app:secret@db.example/secu4all", "backup", "/tmp/x.dump")
    assert refused.returncode == 2
    assert "pg_dump --format=custom --file=/tmp/x.dump 'postgresql://app:***@db.example/secu4all'" in refused.stderr


def test_short_password_is_refused_cleanly(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    refused = cli("users", "--database", url, "add", "ada", "--role", "dpo", "--organisation", "Nice", "--password-stdin", stdin="short\n")
    assert refused.returncode == 2 and "at least 12" in refused.stderr


def test_database_is_accepted_after_the_subcommand_as_the_readme_shows(tmp_path):
    after, before = f"sqlite:///{tmp_path / 'after.db'}", f"sqlite:///{tmp_path / 'before.db'}"
    upgraded = cli("db", "upgrade", "--database", after)
    assert upgraded.returncode == 0, upgraded.stderr
    assert cli("db", "current", "--database", after).stdout.startswith("database schema 0")
    added = cli("users", "add", "ada", "--role", "assessor", "--organisation", "Nice", "--password-stdin",
                "--database", after, stdin="long enough password\n")
    assert added.returncode == 0, added.stderr
    assert cli("audit", "verify", "--database", after).stdout.startswith("intact: 1 entries")
    assert cli("db", "--database", before, "upgrade").returncode == 0
    assert cli("db", "--database", before, "current").stdout.startswith("database schema 0")
