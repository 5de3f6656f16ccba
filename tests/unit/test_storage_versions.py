"""Versioned documents on SQLite and PostgreSQL: immutability, optimistic
concurrency, atomicity under injected faults, and 50 concurrent writers."""

import threading

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from secu4all_ethics.storage import audit
from secu4all_ethics.storage import repository as repo
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.repository import ConflictError
from tests.conftest import BACKENDS

pytestmark = pytest.mark.parametrize("database_url", BACKENDS, indirect=True)

ACTOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)
HASHES = dict(content_hash="c" * 64, framework_id="secu4all_core", framework_version="1.0.0")


def doc(title="Square", status="draft", **extra):
    return {"title": title, "status": status, **extra}


def create(storage, assessment_id="a1", **document):
    with storage.transaction() as session:
        return repo.create_assessment(
            session,
            assessment_id=assessment_id,
            document=doc(**document),
            organisation="Riga",
            owner="Ada",
            author_authenticated=True,
            **HASHES,
        )


def append(storage, expected, assessment_id="a1", **document):
    with storage.transaction() as session:
        return repo.append_version(
            session,
            assessment_id=assessment_id,
            expected_version=expected,
            document=doc(**document),
            author="Ada",
            author_authenticated=True,
            **HASHES,
        )


def test_versions_accumulate_and_old_ones_stay_readable(storage):
    first = create(storage, note="one")
    second = append(storage, 1, note="two")
    assert (first.version, second.version) == (1, 2)
    assert first.document_hash != second.document_hash
    with storage.transaction() as session:
        assert repo.get_version(session, "a1").document["note"] == "two"
        assert repo.get_version(session, "a1", 1).document["note"] == "one"
        assert [v.version for v in repo.version_history(session, "a1")] == [1, 2]
        assert repo.get_summary(session, "a1").version == 2


def test_a_stale_save_is_a_conflict_not_an_overwrite(storage):
    create(storage)
    append(storage, 1, note="Bob's change")
    with pytest.raises(ConflictError) as caught:
        append(storage, 1, note="Alice's change, made on version 1")
    assert caught.value.current == 2
    with storage.transaction() as session:
        assert repo.get_version(session, "a1").document["note"] == "Bob's change"


def test_versions_cannot_be_updated_in_the_database(storage):
    create(storage)
    with pytest.raises(DatabaseError, match="immutable"):
        with storage.transaction() as session:
            session.execute(text("UPDATE assessment_versions SET document = '{}'"))


def test_a_failure_inside_a_save_leaves_the_previous_version_intact(storage):
    create(storage, note="good")
    with pytest.raises(RuntimeError, match="disk on fire"):
        with storage.transaction() as session:
            repo.append_version(
                session,
                assessment_id="a1",
                expected_version=1,
                document=doc(note="half-written"),
                author="Ada",
                author_authenticated=True,
                **HASHES,
            )
            audit.append(session, ACTOR, "edit", "assessment", "a1", "half-written")
            raise RuntimeError("disk on fire")
    with storage.transaction() as session:
        assert repo.get_summary(session, "a1").version == 1
        assert repo.get_version(session, "a1").document["note"] == "good"
        assert len(repo.version_history(session, "a1")) == 1
        assert audit.verify_chain(session).entries == 0
    assert append(storage, 1, note="next").version == 2


def test_fifty_concurrent_writers_lose_nothing_and_the_chain_verifies(storage):
    for index in range(5):
        create(storage, assessment_id=f"a{index}")
    errors = []

    def writer(number):
        target = f"a{number % 5}"
        for _attempt in range(200):
            try:
                with storage.transaction() as session:
                    current = repo.get_summary(session, target).version
                    repo.append_version(
                        session,
                        assessment_id=target,
                        expected_version=current,
                        document=doc(note=f"writer {number}"),
                        author=f"writer {number}",
                        author_authenticated=True,
                        **HASHES,
                    )
                    audit.append(session, ACTOR, "edit", "assessment", target, f"writer {number}")
                return
            except ConflictError:
                continue
            except Exception as error:  # noqa: BLE001
                errors.append(repr(error))
                return
        errors.append(f"writer {number} gave up")

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    with storage.transaction() as session:
        versions = sum(len(repo.version_history(session, f"a{i}")) for i in range(5))
        assert versions == 5 + 50
        report = audit.verify_chain(session)
        assert report.intact and report.entries == 50, report.message
        writers = {v.author for i in range(5) for v in repo.version_history(session, f"a{i}")}
        assert writers >= {f"writer {n}" for n in range(50)}


def test_listing_is_by_organisation_newest_first(storage):
    create(storage, assessment_id="old")
    create(storage, assessment_id="new")
    append(storage, 1, assessment_id="old", title="Old, now edited")
    with storage.transaction() as session:
        listed = repo.list_assessments(session, "Riga")
        assert [s.id for s in listed] == ["old", "new"]
        assert listed[0].title == "Old, now edited"
        assert repo.list_assessments(session, "Nice") == []


def test_content_snapshots_are_stored_once_by_hash(storage):
    with storage.transaction() as session:
        built = []

        def make():
            built.append(1)
            return {"framework": {"id": "x"}}

        repo.store_content_snapshot(session, "h" * 64, make)
        repo.store_content_snapshot(session, "h" * 64, make)
        assert repo.load_content_snapshot(session, "h" * 64) == {"framework": {"id": "x"}}
        assert len(built) == 1  # the second save found it and built nothing


# --- signed versions cannot be replaced; deletion goes through one logged path -------------------

from secu4all_ethics import load_assessment  # noqa: E402
from secu4all_ethics.errors import ContentError  # noqa: E402
from secu4all_ethics.services.assessments import ReviewStateError  # noqa: E402
from secu4all_ethics.storage.faults import StorageError  # noqa: E402
from secu4all_ethics.storage.verification import verify  # noqa: E402
from tests.builders import signed_off  # noqa: E402
from tests.conftest import EXAMPLES_DIR  # noqa: E402

DPO = Actor(name="Dora", role="dpo", organisation="Riga", authenticated=True)


def sign(service):
    return signed_off(service, ACTOR, DPO)


def drop_guards(session, dialect):
    for trigger, table in (
        ("assessment_versions_immutable", "assessment_versions"),
        ("assessment_versions_no_delete", "assessment_versions"),
        ("reviews_no_delete", "reviews"),
        ("reviews_immutable", "reviews"),
    ):
        session.execute(text(f"DROP TRIGGER IF EXISTS {trigger}" + (f" ON {table}" if dialect == "postgresql" else "")))


def replace_version(storage, stored, document_text, document_hash):
    """Delete the version row and insert it again with other content: the attack of finding D1b."""
    with storage.transaction() as session:
        row = dict(
            session.execute(
                text("SELECT * FROM assessment_versions WHERE assessment_id = :a AND version = :v"),
                {"a": stored.assessment_id, "v": stored.version},
            )
            .mappings()
            .one()
        )
        session.execute(text("DELETE FROM assessment_versions WHERE id = :id"), {"id": row["id"]})
        row.update(document=document_text, document_hash=document_hash)
        columns = ", ".join(row)
        session.execute(text(f"INSERT INTO assessment_versions ({columns}) VALUES ({', '.join(':' + c for c in row)})"), row)


def test_versions_and_review_records_cannot_be_deleted_in_the_database(service, storage):
    signed = sign(service)
    for statement in (
        "DELETE FROM assessment_versions WHERE status = 'draft'",
        f"DELETE FROM assessment_versions WHERE assessment_id = '{signed.assessment_id}'",
        "DELETE FROM reviews",
        f"DELETE FROM assessments WHERE id = '{signed.assessment_id}'",  # the cascade is refused too
    ):
        with pytest.raises(DatabaseError, match="deleted only by the logged deletion"):
            with storage.transaction() as session:
                session.execute(text(statement))
    with pytest.raises(DatabaseError, match="immutable"):
        with storage.transaction() as session:
            session.execute(text("UPDATE reviews SET verdict = 'signed'"))
    assert service.load(ACTOR, signed.assessment_id).version.status == "signed_off"


def test_a_replaced_signed_version_is_refused_on_load_and_named_by_verify(service, storage):
    signed = sign(service)
    changed = dict(signed.document, title="A different title, never signed")
    with storage.transaction() as session:
        drop_guards(session, storage.dialect)
    replace_version(storage, signed, repo.canonical_json(changed), signed.document_hash)  # the old hash kept
    with pytest.raises(StorageError) as refused:
        service.load(ACTOR, signed.assessment_id)
    assert refused.value.code == "tampered" and f"version {signed.version}" in str(refused.value)
    assert "Version" in refused.value.describe("de")
    with storage.transaction() as session:
        report = verify(session)
    assert not report.intact
    assert any(
        f"version {signed.version} of assessment {signed.assessment_id}: its content does not match its recorded hash" in problem for problem in report.problems
    ), report.problems


def test_a_signed_version_replaced_with_a_recomputed_hash_contradicts_its_review(service, storage):
    signed = sign(service)
    submitted_version = signed.version - 1
    with storage.transaction() as session:
        submitted = repo.get_version(session, signed.assessment_id, submitted_version)
        drop_guards(session, storage.dialect)
    changed = dict(submitted.document, title="A different title, never signed")
    replace_version(storage, submitted, repo.canonical_json(changed), repo.document_hash(changed))
    with storage.transaction() as session:
        report = verify(session)
    assert not report.intact
    assert any(f"(sign_off) of assessment {signed.assessment_id} names version {submitted_version}" in p for p in report.problems), report.problems


def test_deleting_goes_through_the_logged_path_and_a_signed_assessment_is_kept(service, storage):
    draft = service.create(ACTOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    service.delete(ACTOR, draft.assessment_id)
    signed = sign(service)
    with pytest.raises(ReviewStateError, match="signed off") as refused:
        service.delete(ACTOR, signed.assessment_id)
    assert refused.value.describe("fr").startswith("la version")
    with storage.transaction() as session:
        assert repo.list_assessments(session, "Riga") == [repo.get_summary(session, signed.assessment_id)]
        assert session.execute(text("SELECT COUNT(*) FROM purge_permits")).scalar_one() == 0
        actions = [row.action for row in audit.entries(session)]
        report = verify(session)
    assert "delete" in actions
    assert report.intact, report.problems


# --- database faults are domain errors -------------------------------------------------------------


def test_nul_in_stored_text_is_a_content_error_on_every_database(service, storage):
    assessment = load_assessment(EXAMPLES_DIR / "station_car_park.yaml")
    with pytest.raises(ContentError, match="NUL"):
        with storage.transaction() as session:
            repo.create_assessment(
                session,
                assessment_id="nul",
                document=doc(title="A\x00B"),
                organisation="Riga",
                owner="Ada",
                author_authenticated=True,
                **HASHES,
            )
    from secu4all_ethics.services.auth import AuthSettings, LoginError, create_user, login

    # The account check refuses it first, naming the character; either refusal is clear.
    with pytest.raises((ContentError, ValueError), match=r"NUL|U\+0000"):
        create_user(storage, None, username="ev\x00e", display_name="", role="assessor", organisation="Riga", password="long enough password")
    with pytest.raises((ContentError, LoginError)):
        login(storage, AuthSettings(mode="local"), "ev\x00e", "long enough password")
    source = (EXAMPLES_DIR / "station_car_park.yaml").read_text(encoding="utf-8")
    with pytest.raises(ContentError, match="NUL"):  # finding D13: a raw DataError on PostgreSQL
        service.import_document(ACTOR, source.replace('title: "Theft', 'title: "\\0Theft', 1).encode(), "nul.yaml")
    assert service.create(ACTOR, assessment).version == 1  # and the storage still works


def read_only(storage):
    from sqlalchemy import event

    statement = "PRAGMA query_only = ON" if storage.dialect == "sqlite" else "SET default_transaction_read_only = on"

    @event.listens_for(storage.engine, "connect")
    def _read_only(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute(statement)
        cursor.close()
        if storage.dialect == "postgresql":
            dbapi_connection.commit()

    storage.engine.dispose()


def test_a_read_only_database_is_a_storage_error_with_a_code(service, storage):
    stored = service.create(ACTOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    loaded = service.load(ACTOR, stored.assessment_id)
    read_only(storage)
    loaded.assessment.title = "Changed while read-only"
    with pytest.raises(StorageError) as refused:
        service.save(ACTOR, loaded.assessment, expected_version=stored.version)
    assert refused.value.code == "read_only"
    assert "lecture seule" in refused.value.describe("fr")


def test_nul_in_a_saved_title_is_a_content_error_too(service):
    stored = service.create(ACTOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    loaded = service.load(ACTOR, stored.assessment_id).assessment
    loaded.title = "Station\x00car park"
    with pytest.raises(ContentError, match="NUL"):
        service.save(ACTOR, loaded, expected_version=stored.version)
    assert service.load(ACTOR, stored.assessment_id).assessment.title != loaded.title
