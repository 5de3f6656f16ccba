"""Schema migrations with Alembic, run from code so no alembic.ini is needed.

The start-up check reads the revision with one query and compares it with
SCHEMA_HEAD, so starting the app does not import Alembic (0.4 s here);
tests/unit/test_schema_version.py keeps SCHEMA_HEAD equal to Alembic's head.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, inspect, text

MIGRATIONS = Path(__file__).parent / "migrations"
SCHEMA_HEAD = "0006"
KNOWN_REVISIONS = ("0001", "0002", "0003", "0004", "0005", "0006")


def _config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def alembic_head() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:  # Alembic's answer for a folder without migrations
        raise RuntimeError(f"no migration in {MIGRATIONS}")
    return head


def alembic_revisions() -> tuple[str, ...]:
    from alembic.script import ScriptDirectory

    return tuple(sorted(rev.revision for rev in ScriptDirectory.from_config(_config()).walk_revisions()))


def head_revision() -> str:
    return SCHEMA_HEAD


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


@dataclass(frozen=True)
class SchemaStatus:
    current: str | None
    head: str

    @property
    def state(self) -> str:
        if self.current == self.head:
            return "current"
        if self.current is None:
            return "empty"
        return "behind" if self.current in KNOWN_REVISIONS else "unknown"


def schema_status(engine: Engine) -> SchemaStatus:
    return SchemaStatus(current_revision(engine), head_revision())


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(_config(connection), revision)
