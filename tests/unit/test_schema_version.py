"""The start-up schema check agrees with Alembic without importing it."""

from secu4all_ethics.storage.database import make_engine
from secu4all_ethics.storage.schema_version import (
    KNOWN_REVISIONS,
    SCHEMA_HEAD,
    alembic_head,
    alembic_revisions,
    schema_status,
    upgrade,
)


def test_the_recorded_head_is_alembics_head():
    assert SCHEMA_HEAD == alembic_head()
    assert tuple(sorted(KNOWN_REVISIONS)) == alembic_revisions()


def test_status_goes_from_empty_to_current(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 's.db'}")
    assert schema_status(engine).state == "empty"
    upgrade(engine)
    assert schema_status(engine).state == "current"
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = 'ffff'")
    assert schema_status(engine).state == "unknown"
    engine.dispose()


import pytest  # noqa: E402
from sqlalchemy import text  # noqa: E402

from secu4all_ethics.storage import audit  # noqa: E402
from secu4all_ethics.storage.repository import Storage, canonical_json, get_summary, set_archived, sha256  # noqa: E402
from secu4all_ethics.storage.verification import verify  # noqa: E402


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_at_0002_upgrades_and_its_rows_verify_as_unanchored(backend, request, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    engine = make_engine(url)
    upgrade(engine, "0002")
    document = canonical_json({"title": "Square", "status": "draft"})
    entry = {
        "seq": 1,
        "at": "2026-11-01T10:00:00.000000Z",
        "actor": "Ada",
        "actor_role": "assessor",
        "actor_authenticated": True,
        "organisation": "Riga",
        "action": "create",
        "entity_type": "assessment",
        "entity_id": "old",
        "summary": "created",
        "prev_hash": "0" * 64,
    }
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO assessments (id, organisation, title, status, current_version, owner, created_at, updated_at) "
                "VALUES ('old', 'Riga', 'Square', 'draft', 1, 'Ada', 'x', 'x')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO assessment_versions (assessment_id, version, document, document_hash, content_hash, framework_id, "
                "framework_version, status, author, author_authenticated, created_at) "
                "VALUES ('old', 1, :document, :hash, 'c', 'f', '1', 'draft', 'Ada', true, 'x')"
            ),
            {"document": document, "hash": sha256(document)},
        )
        columns = ", ".join(entry)
        connection.execute(
            text(f"INSERT INTO audit_log ({columns}, entry_hash) VALUES ({', '.join(':' + c for c in entry)}, :entry_hash)"),
            dict(entry, entry_hash=audit.entry_hash(entry)),
        )
        connection.execute(text("UPDATE audit_head SET seq = 1, entry_hash = :h"), {"h": audit.entry_hash(entry)})
    upgrade(engine)
    assert schema_status(engine).state == "current"
    with Storage(engine, audit_key=b"").transaction() as session:
        report = verify(session)
    engine.dispose()
    assert report.intact, report.problems
    assert any("1 stored version or review record was written before anchoring" in note for note in report.notes)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_accounts_made_before_0004_stay_enabled_and_can_go_back_down(backend, request, tmp_path):
    """Migration 0004 adds `disabled` and `session_generation` to users: an existing account is
    enabled with generation 0 (it can sign in as before), and the downgrade removes both."""
    from sqlalchemy import inspect

    url = f"sqlite:///{tmp_path / 'accounts.db'}" if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    engine = make_engine(url)
    upgrade(engine, "0003")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO users (id, username, display_name, role, organisation, auth_source, failed_logins, created_at) "
                "VALUES ('u1', 'dace', 'Dace Bērziņa', 'dpo', 'Riga', 'local', 0, 'x')"
            )
        )
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT disabled, session_generation FROM users")).one() == (False, 0)
    from alembic import command

    from secu4all_ethics.storage.schema_version import _config

    with engine.begin() as connection:
        command.downgrade(_config(connection), "0003")
    assert {"disabled", "session_generation"}.isdisjoint(column["name"] for column in inspect(engine).get_columns("users"))
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migration_0005_adds_the_flag_with_existing_assessments_not_archived(backend, request, tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    engine = make_engine(url)
    try:
        upgrade(engine, "0004")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO assessments (id, organisation, title, status, current_version, owner, created_at, updated_at) "
                    "VALUES ('old', 'Nice', 'Square', 'draft', 1, 'Ada', 'x', 'x')"
                )
            )
        upgrade(engine)
        assert schema_status(engine).state == "current"
        with engine.connect() as connection:
            assert connection.execute(text("SELECT archived FROM assessments WHERE id = 'old'")).scalar_one() in (False, 0)
        with Storage(engine, audit_key=b"").transaction() as session:
            set_archived(session, "old", True)
        with Storage(engine, audit_key=b"").transaction() as session:
            assert get_summary(session, "old").archived is True
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_the_migrations_build_exactly_the_models_tables(backend, request, tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from secu4all_ethics.storage.models import Base

    url = f"sqlite:///{tmp_path / 'models.db'}" if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    engine = make_engine(url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_workshops_made_before_0006_keep_their_reveal_and_can_go_back_down(backend, request, tmp_path):
    """Migration 0006 turns workshops into sessions: an older workshop (no card) gets no join code,
    the phase its reveal flag says, and the downgrade removes the new columns and tables."""
    from alembic import command
    from sqlalchemy import inspect

    from secu4all_ethics.storage.schema_version import _config

    url = f"sqlite:///{tmp_path / 'old.db'}" if backend == "sqlite" else request.getfixturevalue("postgres").new_database()
    engine = make_engine(url)
    try:
        upgrade(engine, "0005")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO workshops (id, organisation, name, facilitator, revealed, created_at) VALUES "
                    "('shown', 'Nice', 'Module 3', 'Fay', true, '2026-01-01T00:00:00.000000Z'), "
                    "('hidden', 'Nice', 'Module 3 bis', 'Fay', false, '2026-01-01T00:00:00.000000Z')"
                )
            )
        upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, phase, join_code, card_id, conclusion FROM workshops ORDER BY id")).all()
        assert [tuple(row) for row in rows] == [("hidden", "joining", None, None, ""), ("shown", "reveal_1", None, None, "")]
        from secu4all_ethics.services.workshops import WorkshopService

        facilitator = audit.Actor(name="Fay", role="facilitator", organisation="Nice", authenticated=True)
        assert WorkshopService(Storage(engine, audit_key=b"")).list_workshops(facilitator) == []  # no card: not a session
        with engine.begin() as connection:
            command.downgrade(_config(connection), "0005")
        assert "phase" not in {column["name"] for column in inspect(engine).get_columns("workshops")}
        assert not inspect(engine).has_table("workshop_participants")
    finally:
        engine.dispose()
