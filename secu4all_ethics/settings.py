"""Application settings from the environment, optionally overridden by
Streamlit secrets (read by the UI and passed in here as a plain mapping)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .services.auth import AuthSettings
from .storage.database import database_url
from .storage.hashing import KEY_VARIABLE


@dataclass(frozen=True)
class AppSettings:
    database_url: str
    auth: AuthSettings = field(default_factory=AuthSettings)
    # The key that MACs audit entries, versions and review records (docs/audit.md):
    # `audit_key` in secrets.toml or $SECU4ALL_AUDIT_KEY; never stored in the database.
    audit_key: str | None = field(default=None, repr=False)

    @classmethod
    def load(cls, secrets: Mapping[str, object] | None = None) -> AppSettings:
        secrets = secrets or {}
        auth_values: dict[str, object] = {}
        environment_auth = AuthSettings.from_environment()
        auth_values.update({k: getattr(environment_auth, k) for k in AuthSettings.__dataclass_fields__})
        section = secrets.get("secu4all_auth")
        if isinstance(section, Mapping):
            auth_values.update(section)
        explicit_url = _text_secret(secrets, "database_url")
        key = _text_secret(secrets, "audit_key")
        if key is None:
            key = os.environ.get(KEY_VARIABLE)
        return cls(
            database_url=database_url(explicit_url or os.environ.get("SECU4ALL_DATABASE_URL")),
            auth=AuthSettings.from_mapping(auth_values),
            audit_key=key or None,
        )


def _text_secret(secrets: Mapping[str, object], name: str) -> str | None:
    """The secret `name` when it is text; a secret of another type is ignored like a missing one."""
    value = secrets.get(name)
    return value if isinstance(value, str) else None
