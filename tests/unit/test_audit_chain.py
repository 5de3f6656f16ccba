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


GUARDS = (
    ("audit_log_immutable", "audit_log"),
    ("audit_log_no_delete", "audit_log"),
    ("audit_head_no_delete", "audit_head"),
    ("audit_head_advances", "audit_head"),
    ("assessment_versions_immutable", "assessment_versions"),
    ("assessment_versions_no_delete", "assessment_versions"),
    ("reviews_immutable", "reviews"),
    ("reviews_no_delete", "reviews"),
)


def tamper(storage, *statements):
    """What a database owner could do: drop the guards, then rewrite rows."""
    with storage.transaction() as session:
        for trigger, table in GUARDS:
            session.execute(text(f"DROP TRIGGER IF EXISTS {trigger}" + (f" ON {table}" if storage.dialect == "postgresql" else "")))
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
    new_hash = audit.entry_hash({k: forged[k] for k in forged if k not in ("entry_hash", "mac")})
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


# --- anchoring: the chain checked against the versions and review records it does not reach ---------

from secu4all_ethics.services.assessments import AssessmentService  # noqa: E402
from secu4all_ethics.storage.repository import Storage  # noqa: E402
from secu4all_ethics.storage.verification import verify as verify_all  # noqa: E402
from tests.builders import signed_off  # noqa: E402

DPO = Actor(name="Dora", role="dpo", organisation="Riga", authenticated=True)
KEY = b"a key kept outside the database"


def signed_assessment(service):
    return signed_off(service, ACTOR, DPO)


def sign_off_seq(storage):
    with storage.transaction() as session:
        return session.execute(text("SELECT seq FROM audit_log WHERE action = 'sign_off'")).scalar_one()


def rechain_from(storage, first_seq, **changes):
    """Rewrite entry first_seq and recompute every later hash and the head: what an attacker
    without the key can always do to an unkeyed chain."""
    with storage.transaction() as session:
        rows = [dict(row) for row in session.execute(text("SELECT * FROM audit_log ORDER BY seq")).mappings()]
    statements, previous = [], None
    for row in rows:
        row["actor_authenticated"] = bool(row["actor_authenticated"])
        if row["seq"] == first_seq:
            row.update(changes)
        if row["seq"] >= first_seq:
            row["prev_hash"] = previous
            row["entry_hash"] = audit.entry_hash({k: v for k, v in row.items() if k not in ("entry_hash", "mac")})
            sets = ", ".join(f"{column} = :{column}" for column in ("actor", "summary", "prev_hash", "entry_hash"))
            statements.append((f"UPDATE audit_log SET {sets} WHERE seq = :seq", {k: row[k] for k in ("actor", "summary", "prev_hash", "entry_hash", "seq")}))
        previous = row["entry_hash"]
    statements.append(("UPDATE audit_head SET entry_hash = :h WHERE id = 1", {"h": previous}))
    tamper(storage)
    with storage.transaction() as session:
        for statement, values in statements:
            session.execute(text(statement), values)


def test_a_signed_history_verifies_with_every_record_checked(service, storage):
    signed_assessment(service)
    with storage.transaction() as session:
        report = verify_all(session)
    assert report.intact, report.problems
    assert any("versions and" in line and "review records checked" in line for line in report.lines())


def test_deleting_audit_entries_is_refused_by_the_database(storage):
    write_entries(storage, 3)
    with pytest.raises(Exception, match="never deleted"):
        with storage.transaction() as session:
            session.execute(text("DELETE FROM audit_log WHERE seq = 3"))
    with pytest.raises(Exception, match="only advances"):
        with storage.transaction() as session:
            session.execute(text("UPDATE audit_head SET seq = 2"))
    assert verify(storage).intact


def test_truncating_the_tail_with_its_sign_off_is_detected(service, storage):
    signed = signed_assessment(service)
    service.export_document(ACTOR, signed.assessment_id)
    cut = sign_off_seq(storage) - 1
    with storage.transaction() as session:
        kept_hash = session.execute(text(f"SELECT entry_hash FROM audit_log WHERE seq = {cut}")).scalar_one()
    tamper(storage, f"DELETE FROM audit_log WHERE seq > {cut}", f"UPDATE audit_head SET seq = {cut}, entry_hash = '{kept_hash}'")
    assert verify(storage).intact  # the chain alone cannot see it: that is what the anchors are for
    with storage.transaction() as session:
        report = verify_all(session)
    assert not report.intact
    assert any(
        f"version {signed.version} of assessment {signed.assessment_id} was written with audit entry {cut + 1}, which is missing" in problem
        for problem in report.problems
    ), report.problems
    assert any(f"(sign_off) of assessment {signed.assessment_id} was written with audit entry {cut + 1}" in p for p in report.problems)


def test_rewriting_the_sign_off_and_recomputing_the_chain_is_detected(service, storage):
    signed = signed_assessment(service)
    seq = sign_off_seq(storage)
    rechain_from(storage, seq, actor="Mallory", summary="signed nothing")
    assert verify(storage).intact
    with storage.transaction() as session:
        report = verify_all(session)
    assert not report.intact
    assert any(f"audit entry {seq}, which has been rewritten" in problem for problem in report.problems), report.problems
    assert f"version {signed.version}" in "\n".join(report.problems)


def test_with_the_key_a_forged_append_and_a_fully_rewritten_history_are_detected(database_url, bundle):
    from secu4all_ethics.storage.database import make_engine

    engine = make_engine(database_url)
    storage = Storage(engine, audit_key=KEY)
    try:
        signed_assessment(AssessmentService(storage, bundle))
        with storage.transaction() as session:
            clean = verify_all(session, KEY)
            head = session.execute(text("SELECT seq, entry_hash FROM audit_head")).one()
        assert clean.intact, clean.problems
        # A forged sign-off appended with a valid hash, but no MAC: the attacker has no key.
        forged = {
            "seq": head.seq + 1,
            "at": "2026-12-01T10:00:00.000000Z",
            "actor": "Dora",
            "actor_role": "dpo",
            "actor_authenticated": True,
            "organisation": "Riga",
            "action": "sign_off",
            "entity_type": "assessment",
            "entity_id": "a1",
            "summary": "signed version 9",
            "prev_hash": head.entry_hash,
        }
        forged_hash = audit.entry_hash(forged)
        with storage.transaction() as session:
            session.execute(
                text(
                    "INSERT INTO audit_log (seq, at, actor, actor_role, actor_authenticated, organisation, action, entity_type, "
                    "entity_id, summary, prev_hash, entry_hash) VALUES (:seq, :at, :actor, :actor_role, :actor_authenticated, "
                    ":organisation, :action, :entity_type, :entity_id, :summary, :prev_hash, :entry_hash)"
                ),
                dict(forged, entry_hash=forged_hash),
            )
            session.execute(text("UPDATE audit_head SET seq = :seq, entry_hash = :h"), {"seq": head.seq + 1, "h": forged_hash})
        assert verify(storage).intact  # without the key the chain cannot tell
        with storage.transaction() as session:
            report = audit.verify_chain(session, KEY)
        assert not report.intact and report.first_bad_seq == head.seq + 1
        assert "carries no MAC" in report.message
    finally:
        engine.dispose()


def test_with_the_key_rewriting_entries_and_every_anchor_is_detected(database_url, bundle):
    from secu4all_ethics.storage.database import make_engine

    engine = make_engine(database_url)
    storage = Storage(engine, audit_key=KEY)
    try:
        signed_assessment(AssessmentService(storage, bundle))
        seq = sign_off_seq(storage)
        rechain_from(storage, seq, actor="Mallory")
        with storage.transaction() as session:
            new_hash = session.execute(text(f"SELECT entry_hash FROM audit_log WHERE seq = {seq}")).scalar_one()
            session.execute(text(f"UPDATE assessment_versions SET audit_hash = '{new_hash}' WHERE audit_seq = {seq}"))
            session.execute(text(f"UPDATE reviews SET audit_hash = '{new_hash}' WHERE audit_seq = {seq}"))
        with storage.transaction() as session:
            report = verify_all(session, KEY)
        assert not report.intact
        assert f"entry {seq} does not carry a valid MAC" in report.problems[0]
        assert any("version" in problem and "does not carry a valid MAC" in problem for problem in report.problems[1:])
    finally:
        engine.dispose()
