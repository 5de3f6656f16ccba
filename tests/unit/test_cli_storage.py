"""python -m secu4all_ethics db / audit / users."""

import os
import sqlite3
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def cli(*args, stdin=None):
    completed = subprocess.run([sys.executable, "-m", "secu4all_ethics", *args], cwd=ROOT, capture_output=True, text=True, input=stdin, timeout=120)
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
    added = cli("users", "add", "ada", "--role", "assessor", "--organisation", "Nice", "--password-stdin", "--database", after, stdin="long enough password\n")
    assert added.returncode == 0, added.stderr
    assert cli("audit", "verify", "--database", after).stdout.startswith("intact: 1 entries")
    assert cli("db", "--database", before, "upgrade").returncode == 0
    assert cli("db", "--database", before, "current").stdout.startswith("database schema 0")


def test_audit_and_users_name_a_path_without_a_database_and_create_nothing(tmp_path):
    missing = f"sqlite:///{tmp_path / 'missing' / 'x.db'}"
    for command in (
        ["audit", "--database", missing, "verify"],
        ["users", "--database", missing, "add", "ada", "--role", "dpo", "--organisation", "Nice", "--password-stdin"],
    ):
        refused = cli(*command, stdin="long enough password\n")
        assert refused.returncode == 2
        assert refused.stderr.startswith(f"{missing}: there is no database at this path; create or upgrade it with")
        assert len(refused.stderr.splitlines()) == 1
    assert not (tmp_path / "missing").exists()
    (tmp_path / "empty.db").touch()
    refused = cli("audit", "--database", f"sqlite:///{tmp_path / 'empty.db'}", "verify")
    assert refused.returncode == 2 and "the database has no schema" in refused.stderr


BAD_ACCOUNTS = {
    "empty user name": (["", "--organisation", "Nice"], "long enough password", "the user name must not be empty"),
    "trailing space": (["ada ", "--organisation", "Nice"], "long enough password", "must not begin or end with a space"),
    "newline in the name": (["ada\nbob", "--organisation", "Nice"], "long enough password", "U+000A"),
    "right-to-left override": (["ada\u202egnp.exe", "--organisation", "Nice"], "long enough password", "U+202E"),
    "bidi display name": (["ada", "--organisation", "Nice", "--name", "Ada\u202e"], "long enough password", "U+202E"),
    "empty organisation": (["ada", "--organisation", ""], "long enough password", "the organisation must not be empty"),
    "blank organisation": (["ada", "--organisation", "   "], "long enough password", "the organisation must not be empty"),
    "password of spaces": (["ada", "--organisation", "Nice"], " " * 20, "the password must not be only spaces"),
}


@pytest.mark.parametrize("case", sorted(BAD_ACCOUNTS))
def test_users_add_refuses_an_account_that_could_not_be_told_apart_or_used(tmp_path, case):
    arguments, password, expected = BAD_ACCOUNTS[case]
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    refused = cli("users", "--database", url, "add", *arguments, "--role", "dpo", "--password-stdin", stdin=password + "\n")
    assert refused.returncode == 2, refused.stderr
    assert expected in refused.stderr and len(refused.stderr.splitlines()) == 1
    with sqlite3.connect(tmp_path / "live.db") as connection:
        assert connection.execute("SELECT count(*) FROM users").fetchone() == (0,)


def test_a_failed_insert_never_prints_the_password_hash(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    with sqlite3.connect(tmp_path / "live.db") as connection:
        connection.execute("CREATE TRIGGER no_users BEFORE INSERT ON users BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END")
    failed = cli("users", "--database", url, "add", "ada", "--role", "dpo", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    assert failed.returncode == 1
    assert failed.stderr == "internal error: IntegrityError: refused by a trigger (set SECU4ALL_DEBUG=1 for details)\n"
    assert "argon2" not in failed.stderr and "INSERT" not in failed.stderr


def test_backup_refuses_to_overwrite_an_existing_file_unless_forced(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    other = f"sqlite:///{tmp_path / 'other.db'}"
    for database, name in ((url, "ops"), (other, "someone")):
        cli("db", "--database", database, "upgrade")
        cli("users", "--database", database, "add", name, "--role", "admin", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    refused = cli("db", "--database", url, "backup", str(tmp_path / "other.db"))
    assert refused.returncode == 2 and "already exists" in refused.stderr and "--force" in refused.stderr
    with sqlite3.connect(tmp_path / "other.db") as connection:
        assert [row[0] for row in connection.execute("SELECT username FROM users")] == ["someone"]
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("not a database")
    replaced = cli("db", "--database", url, "backup", "--force", str(not_a_database))
    assert replaced.returncode == 0, replaced.stderr
    forced = cli("db", "--database", url, "backup", "--force", str(tmp_path / "other.db"))
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(tmp_path / "other.db") as connection:
        assert [row[0] for row in connection.execute("SELECT username FROM users")] == ["ops"]


def test_restore_refuses_a_backup_that_fails_its_integrity_check(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    cli("users", "--database", url, "add", "ada", "--role", "assessor", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    damaged = tmp_path / "damaged.db"
    assert cli("db", "--database", url, "backup", str(damaged)).returncode == 0
    with sqlite3.connect(damaged) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        connection.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT)")
        connection.executemany("INSERT INTO filler VALUES (?, ?)", [(n, "x" * 300) for n in range(3000)])
        connection.execute("CREATE INDEX filler_text ON filler (text, n)")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        index_root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'filler_text'").fetchone()[0]
    data = bytearray(damaged.read_bytes())
    # Scramble the middle of a leaf page of the filler table: the schema still reads, the B-tree does not.
    page = index_root - 40
    data[(page - 1) * page_size + 200 : (page - 1) * page_size + 800] = bytes(range(256)) * 2 + bytes(88)
    damaged.write_bytes(bytes(data))
    with sqlite3.connect(damaged) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok"  # the copy really is damaged
    before = (tmp_path / "live.db").read_bytes()
    refused = cli("db", "--database", url, "restore", str(damaged))
    assert refused.returncode == 2 and "damaged" in refused.stderr and "nothing was restored" in refused.stderr
    assert (tmp_path / "live.db").read_bytes() == before
    assert not list(tmp_path.glob("live.db.before-restore-*"))


def test_audit_verify_checks_macs_with_the_key_and_reports_anchors(tmp_path):
    url = f"sqlite:///{tmp_path / 'live.db'}"
    cli("db", "--database", url, "upgrade")
    cli("users", "--database", url, "add", "ada", "--role", "assessor", "--organisation", "Nice", "--password-stdin", stdin="long enough password\n")
    keyed = dict(os.environ, SECU4ALL_AUDIT_KEY="the key held outside the database")
    add = [sys.executable, "-m", "secu4all_ethics", "users", "--database", url, "add", "bob", "--role", "dpo", "--organisation", "Nice", "--password-stdin"]
    assert subprocess.run(add, cwd=ROOT, input="another long password\n", text=True, env=keyed, capture_output=True).returncode == 0
    verify = [sys.executable, "-m", "secu4all_ethics", "audit", "--database", url, "verify"]
    checked = subprocess.run(verify, cwd=ROOT, text=True, env=keyed, capture_output=True)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.startswith("intact: 2 entries")
    assert "the first 1 entries were written before the audit key was configured" in checked.stdout
    with sqlite3.connect(tmp_path / "live.db") as connection:
        connection.execute("DROP TRIGGER audit_log_immutable")
        connection.execute("UPDATE audit_log SET mac = '00' WHERE seq = 2")
    broken = subprocess.run(verify, cwd=ROOT, text=True, env=keyed, capture_output=True)
    assert broken.returncode == 2 and "entry 2 does not carry a valid MAC" in broken.stderr


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_audit_verify_names_a_replaced_signed_version_on_both_databases(database_url, service, storage):
    from sqlalchemy import text

    from secu4all_ethics.storage.audit import Actor
    from tests.builders import signed_off

    signed = signed_off(service, Actor("Ada", "assessor", "Nice", True), Actor("Dora", "dpo", "Nice", True))
    assert cli("audit", "--database", database_url, "verify").returncode == 0
    on = " ON assessment_versions" if storage.dialect == "postgresql" else ""
    with storage.transaction() as session:
        session.execute(text(f"DROP TRIGGER assessment_versions_no_delete{on}"))
        session.execute(text(f"DROP TRIGGER assessment_versions_immutable{on}"))
        session.execute(
            text("UPDATE assessment_versions SET document = replace(document, 'north station', 'south station') WHERE assessment_id = :a AND version = :v"),
            {"a": signed.assessment_id, "v": signed.version},
        )
    verified = cli("audit", "--database", database_url, "verify")
    assert verified.returncode == 2
    assert f"version {signed.version} of assessment {signed.assessment_id}: its content does not match" in verified.stderr


def test_workshops_purge_expired_deletes_the_participants_data_of_expired_workshops(tmp_path):
    import datetime as dt

    from secu4all_ethics.domain.workshop import WorkshopSettings
    from secu4all_ethics.services.workshops import WorkshopService
    from secu4all_ethics.storage.audit import Actor
    from secu4all_ethics.storage.database import make_engine
    from secu4all_ethics.storage.repository import Storage

    url = f"sqlite:///{tmp_path / 'live.db'}"
    assert cli("db", "--database", url, "upgrade").returncode == 0
    engine = make_engine(url)
    workshops = WorkshopService(Storage(engine))
    facilitator = Actor(name="Fay", role="facilitator", organisation="Nice", authenticated=True)
    expiry = dt.datetime.now(dt.UTC) + dt.timedelta(days=1)
    made = [workshops.create(facilitator, WorkshopSettings(name=name, card_id="station_car_park", language="fr", expires_at=expiry)) for name in ("A", "B")]
    for workshop, pseudonym in zip(made, ("Ada", "Bea"), strict=True):
        workshops.join(workshop.join_code, pseudonym)
    engine.dispose()
    with sqlite3.connect(tmp_path / "live.db") as connection:
        connection.execute("UPDATE workshops SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE id = ?", (made[0].id,))
    purged = cli("workshops", "--database", url, "purge-expired")
    assert purged.returncode == 0, purged.stderr
    assert purged.stdout.strip() == "deleted the participants' data of 1 expired workshop"
    with sqlite3.connect(tmp_path / "live.db") as connection:
        assert [row[0] for row in connection.execute("SELECT pseudonym FROM workshop_participants")] == ["Bea"]
    assert "there is no database" in cli("workshops", "--database", f"sqlite:///{tmp_path / 'none.db'}", "purge-expired").stderr
