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
            session, assessment_id=assessment_id, document=doc(**document), organisation="Riga", owner="Ada",
            author_authenticated=True, **HASHES,
        )


def append(storage, expected, assessment_id="a1", **document):
    with storage.transaction() as session:
        return repo.append_version(
            session, assessment_id=assessment_id, expected_version=expected, document=doc(**document),
            author="Ada", author_authenticated=True, **HASHES,
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
                session, assessment_id="a1", expected_version=1, document=doc(note="half-written"),
                author="Ada", author_authenticated=True, **HASHES,
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
                        session, assessment_id=target, expected_version=current, document=doc(note=f"writer {number}"),
                        author=f"writer {number}", author_authenticated=True, **HASHES,
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
