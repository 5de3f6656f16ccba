"""Backups. SQLite: the online backup API, safe while the app runs.
PostgreSQL: pg_dump / pg_restore, which this module only spells out."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url

from .database import is_sqlite


class BackupError(Exception):
    pass


def sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database cannot be backed up")
    return Path(database)


def postgres_commands(url: str, path: str) -> tuple[str, str]:
    parsed = make_url(url).set(drivername="postgresql")
    plain = parsed.render_as_string(hide_password=True)
    return (f"pg_dump --format=custom --file={path} '{plain}'", f"pg_restore --clean --if-exists --dbname='{plain}' {path}")


def backup(url: str, destination: Path, force: bool = False) -> Path:
    """Copy the live database to destination; an existing file there is refused unless
    force (it may be another database, whose content the copy would replace)."""
    if not is_sqlite(url):
        dump, _ = postgres_commands(url, str(destination))
        raise BackupError(f"for PostgreSQL use: {dump}")
    source = sqlite_path(url)
    if not source.exists():
        raise BackupError(f"no database at {source}")
    if destination.exists() and not force:
        raise BackupError(f"{destination} already exists: choose another path, or give --force to replace it")
    if destination.exists() and destination.resolve() == source.resolve():
        raise BackupError(f"{destination} is the live database itself")
    destination.parent.mkdir(parents=True, exist_ok=True)
    # Written beside and then renamed: a replaced file is either the old one or the whole copy.
    partial = destination.with_name(f"{destination.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        with contextlib.closing(sqlite3.connect(source)) as live, contextlib.closing(sqlite3.connect(partial)) as copy:
            live.backup(copy)
    except sqlite3.Error as error:
        partial.unlink(missing_ok=True)
        raise BackupError(f"could not copy {source} to {destination} ({error})") from None
    os.replace(partial, destination)
    return destination


def _check_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not {"alembic_version", "assessments", "audit_log"} <= tables:
                raise BackupError(f"{path} is not a Secu4All Ethics database")
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a readable SQLite database ({error})") from None
    if problems != ["ok"]:
        raise BackupError(f"{path} is damaged (integrity check: {'; '.join(problems[:3])}); nothing was restored")


def restore(url: str, source: Path) -> Path:
    """Replace the live database with a backup. The current database is first
    copied aside, so a restore never destroys data; returns that copy's path."""
    if not is_sqlite(url):
        _, command = postgres_commands(url, str(source))
        raise BackupError(f"for PostgreSQL use: {command}")
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    _check_backup(source)
    target = sqlite_path(url)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = target.with_name(f"{target.name}.before-restore-{stamp}")
    if target.exists():
        backup(url, safety)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, safety)
    with sqlite3.connect(source) as backup_file, sqlite3.connect(target) as live:
        backup_file.backup(live)
    return safety
