"""Database faults that are about the place, not the program, become StorageError
codes the screens word in the user's language. A full disk is simulated on SQLite
(max_page_count); PostgreSQL's SQLSTATEs are mapped from the driver's error."""

import pytest
from sqlalchemy import event, text
from sqlalchemy.exc import OperationalError

from secu4all_ethics import load_assessment
from secu4all_ethics.storage.audit import Actor
from secu4all_ethics.storage.faults import StorageError, translated
from tests.conftest import EXAMPLES_DIR

ACTOR = Actor(name="Ada", role="assessor", organisation="Riga", authenticated=True)


def test_a_full_disk_is_a_storage_error_with_a_code(service, storage):
    with storage.transaction() as session:
        pages = session.execute(text("PRAGMA page_count")).scalar_one()

    @event.listens_for(storage.engine, "connect")
    def _full(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    storage.engine.dispose()
    with pytest.raises(StorageError) as refused:
        for _ in range(20):
            service.create(ACTOR, load_assessment(EXAMPLES_DIR / "station_car_park.yaml"))
    assert refused.value.code == "disk_full"
    assert "voll" in refused.value.describe("de")


class _PostgresError(Exception):
    def __init__(self, message: str, sqlstate: str):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("sqlstate", "code"), [("53100", "disk_full"), ("25006", "read_only"), ("08006", "unavailable")])
def test_postgresql_states_map_to_the_same_codes(sqlstate, code):
    error = OperationalError("INSERT INTO …", {}, _PostgresError("could not extend file", sqlstate))
    assert translated(error).code == code
