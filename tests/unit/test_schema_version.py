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
