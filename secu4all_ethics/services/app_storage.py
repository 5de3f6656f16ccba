"""Opening the app's database: the storage the services work on, checked against
the schema the code expects.

The screens reach the database only through the services; this is where they get
the storage those services are made with."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from ..storage.database import is_sqlite, make_engine
from ..storage.faults import StorageError, translated
from ..storage.repository import Storage
from ..storage.schema_version import schema_status, upgrade


@dataclass(frozen=True)
class OpenedStorage:
    storage: Storage
    schema: str  # "current", or why not ("empty", "behind", ...): the app stops and names the command
    current: str | None
    head: str


def open_storage(url: str, audit_key: str | None) -> OpenedStorage:
    """The storage at url, and where its schema stands. The embedded SQLite default creates
    itself on first start; any other database is upgraded by its operator.

    Raises StorageError (with a code the screens translate) when the database cannot even be
    opened, e.g. on a read-only mount."""
    try:
        storage = Storage(make_engine(url), audit_key=audit_key.encode("utf-8") if audit_key else None)
        status = schema_status(storage.engine)
        if status.state == "empty" and is_sqlite(url):
            upgrade(storage.engine)
            status = schema_status(storage.engine)
    except OperationalError as error:
        failure = translated(error)
        if isinstance(failure, StorageError):
            raise failure from error
        raise
    return OpenedStorage(storage, status.state, status.current, status.head)
