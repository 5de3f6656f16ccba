"""Database failures as domain errors: a read-only or full disk, an unreachable
server, a stored record that no longer matches its hash, and text a database
cannot store (NUL). The services and screens never see a raw SQLAlchemy error.

str() is English, for logs and the command line; describe(language) words it
for the screens from the catalog keys storage.error.<code>."""

from __future__ import annotations

from sqlalchemy.exc import DataError, DBAPIError, OperationalError

from ..errors import ContentError

MESSAGES = {
    "read_only": "the database is read-only ({detail}): nothing can be saved until it is writable",
    "disk_full": "the disk holding the database is full ({detail}): nothing can be saved until space is freed",
    "unavailable": "the database cannot be used right now ({detail})",
    "unprotected_dialect": "the database type '{dialect}' is not supported: stored versions and audit entries would "
    "lose the triggers that make them immutable; use one of {supported}",
    "tampered": "version {version} of assessment {assessment} does not match its recorded hash: it was changed in the database after it was written",
}

# PostgreSQL SQLSTATEs; SQLite says it in words.
_READ_ONLY_STATES = {"25006"}
_DISK_FULL_STATES = {"53100"}


class StorageError(Exception):
    def __init__(self, code: str, **params: str):
        self.code, self.params = code, params
        super().__init__(MESSAGES[code].format(**params))

    def describe(self, language: str) -> str:
        from ..i18n import t

        return t(f"storage.error.{self.code}", language, **self.params)


def _first_line(error: DBAPIError) -> str:
    original = str(error.orig) if error.orig is not None else str(error)
    return original.strip().splitlines()[0][:200] if original.strip() else type(error).__name__


def translated(error: DBAPIError) -> Exception | None:
    """The domain error for a database error that is about the place, not the program; None otherwise."""
    text = str(error.orig or error).lower()
    state = getattr(error.orig, "sqlstate", None) or getattr(error.orig, "pgcode", None)
    detail = _first_line(error)
    if isinstance(error, DataError) and ("nul" in text or "0x00" in text):
        return ContentError.single("input", "contains a NUL character (0x00), which cannot be stored; remove it")
    if state in _READ_ONLY_STATES or "readonly database" in text or "read-only" in text:
        return StorageError("read_only", detail=detail)
    if state in _DISK_FULL_STATES or "disk is full" in text or "no space left" in text:
        return StorageError("disk_full", detail=detail)
    if isinstance(error, OperationalError):
        return StorageError("unavailable", detail=detail)
    return None


def refuse_nul(record: str, values: dict[str, object]) -> None:
    """Refuse text holding NUL before it reaches the database: PostgreSQL cannot store it,
    and SQLite would pass it on verbatim to reports and file names."""
    for field, value in values.items():
        if isinstance(value, str) and "\x00" in value:
            raise ContentError.single(record, "contains a NUL character (0x00), which cannot be stored; remove it", path=field)
