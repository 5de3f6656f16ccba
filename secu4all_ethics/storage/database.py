"""Opening the database: an SQLite file by default, PostgreSQL by URL, and no other type."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from .faults import StorageError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'secu4all.db'}"
URL_VARIABLE = "SECU4ALL_DATABASE_URL"
# An execution option marking a transaction that only reads (Storage.reading).
READING_OPTION = "secu4all_reading"
# The database types whose migrations create the triggers that refuse any UPDATE of a stored version
# or an audit entry (migrations/versions/0001 and 0003). On any other type those rows would silently
# lose that protection, so the app and the command line refuse to open it. Supporting a new type
# means writing its triggers in those migrations, then naming it here.
PROTECTED_DIALECTS = ("sqlite", "postgresql")
# How long a writer waits for the others of its process before it queues on SQLite's busy timeout alone.
WRITER_QUEUE_SECONDS = 30
WRITER_HELD = "secu4all_writer_held"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(URL_VARIABLE) or DEFAULT_DATABASE_URL


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def dialect_of(url: str) -> str:
    """The database type a URL names: 'postgresql' for postgresql+psycopg://…"""
    return make_url(url).get_backend_name()


def require_protected_dialect(dialect: str) -> None:
    """Raises StorageError('unprotected_dialect') for a database type without the immutability triggers."""
    if dialect not in PROTECTED_DIALECTS:
        raise StorageError("unprotected_dialect", dialect=dialect, supported=", ".join(PROTECTED_DIALECTS))


def make_engine(url: str | None = None) -> Engine:
    """Raises StorageError('unprotected_dialect') for a type of database other than SQLite and PostgreSQL."""
    url = database_url(url)
    require_protected_dialect(dialect_of(url))
    if is_sqlite(url):
        path = url.split("///", 1)[1] if "///" in url else ""
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _configure(dbapi_connection, _record):
            # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        # The writers of this process queue here before SQLite's lock: SQLite makes a waiting writer
        # poll with sleeps of up to 100 ms (busy_timeout), so 40 participants submitting at once
        # would wait for the sleeps rather than for each other. Other processes still meet the busy timeout.
        writers = threading.RLock()

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection):
            # Take the write lock at the start: a transaction never discovers
            # half-way that another writer got there first. A reading transaction
            # takes none, so reading works on a database that cannot be written.
            if connection.get_execution_options().get(READING_OPTION):
                connection.exec_driver_sql("BEGIN")
                return
            if writers.acquire(timeout=WRITER_QUEUE_SECONDS):
                connection.info[WRITER_HELD] = True
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
            except Exception:
                _end(connection)  # no transaction began: no commit or rollback will release it
                raise

        @event.listens_for(engine, "commit")
        @event.listens_for(engine, "rollback")
        def _end(connection):
            if connection.info.pop(WRITER_HELD, False):
                writers.release()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
