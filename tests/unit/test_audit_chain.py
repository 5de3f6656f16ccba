"""The audit trail is a hash chain: any edit, deletion or reordering of its
rows in the database is detected by verification, which names the entry."""

import pytest
from sqlalchemy import text

from secu4all_ethics.storage import audit
from secu4all_ethics.storage.audit import Actor
from tests.conftest import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ACTOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)


def write_entries(storage, count=6):
    with storage.transaction() as session:
        for number in range(1, count + 1):
            audit.append(session, ACTOR, "edit", "assessment", "a1", f"change {number}")


def tamper(storage, *statements):
    """What a database owner could do: drop the guard, then rewrite rows."""
    with storage.transaction() as session:
        drop = "DROP TRIGGER IF EXISTS audit_log_immutable" + (" ON audit_log" if storage.dialect == "postgresql" else "")
        session.execute(text(drop))
        for statement in statements:
            session.execute(text(statement))


def verify(storage):
    with storage.transaction() as session:
        return audit.verify_chain(session)


def test_an_untouched_chain_verifies(storage):
    write_entries(storage)
    report = verify(storage)
    assert report.intact and report.entries == 6


def test_the_application_cannot_update_audit_rows(storage):
    write_entries(storage, 1)
    with pytest.raises(Exception, match="immutable"):
        with storage.transaction() as session:
            session.execute(text("UPDATE audit_log SET summary = 'nothing happened'"))


def test_an_edited_entry_is_named(storage):
    write_entries(storage)
    tamper(storage, "UPDATE audit_log SET summary = 'nothing to see' WHERE seq = 3")
    report = verify(storage)
    assert not report.intact and report.first_bad_seq == 3
    assert "entry 3 was modified" in report.message


def test_an_edit_that_recomputes_its_own_hash_still_breaks_the_chain(storage):
    write_entries(storage)
    with storage.transaction() as session:
        row = session.execute(text("SELECT * FROM audit_log WHERE seq = 2")).mappings().one()
    forged = dict(row, summary="forged", actor_authenticated=bool(row["actor_authenticated"]))
    new_hash = audit.entry_hash({k: forged[k] for k in forged if k not in ("entry_hash",)})
    tamper(storage, f"UPDATE audit_log SET summary = 'forged', entry_hash = '{new_hash}' WHERE seq = 2")
    report = verify(storage)
    assert not report.intact and report.first_bad_seq == 3
    assert "entry 3 does not follow entry 2" in report.message


def test_a_deleted_entry_is_named(storage):
    write_entries(storage)
    tamper(storage, "DELETE FROM audit_log WHERE seq = 4")
    report = verify(storage)
    assert not report.intact and report.first_bad_seq == 4
    assert "entry 4 is missing" in report.message


def test_deleting_the_latest_entries_is_detected(storage):
    write_entries(storage)
    tamper(storage, "DELETE FROM audit_log WHERE seq >= 5")
    report = verify(storage)
    assert not report.intact and "entries after 4 are missing" in report.message


def test_swapped_entries_are_detected(storage):
    write_entries(storage)
    tamper(
        storage,
        "UPDATE audit_log SET seq = 100 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = 100",
    )
    report = verify(storage)
    assert not report.intact and report.first_bad_seq == 2


def test_swapping_only_the_contents_of_two_rows_is_detected(storage):
    write_entries(storage)
    tamper(
        storage,
        "UPDATE audit_log SET summary = 'change 5' WHERE seq = 4",
        "UPDATE audit_log SET summary = 'change 4' WHERE seq = 5",
    )
    report = verify(storage)
    assert not report.intact and report.first_bad_seq == 4
