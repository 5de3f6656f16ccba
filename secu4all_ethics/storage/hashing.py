"""Canonical JSON and the hashes and MACs made over it: one spelling of a
record, so the same record hashes the same way on every database."""

from __future__ import annotations

import hashlib
import hmac
import json
import os

KEY_VARIABLE = "SECU4ALL_AUDIT_KEY"


def canonical_json(data: object) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_key(explicit: str | None = None) -> bytes | None:
    """The key that MACs audit entries, versions and review records; held outside the
    database (an environment variable or a secret), so write access to the database
    alone cannot forge a record. None when no key is configured."""
    value = explicit if explicit is not None else os.environ.get(KEY_VARIABLE)
    return value.encode("utf-8") if value else None


def mac(key: bytes, fields: dict) -> str:
    return hmac.new(key, canonical_json(fields).encode("utf-8"), hashlib.sha256).hexdigest()


def mac_matches(key: bytes, fields: dict, recorded: str | None) -> bool:
    return recorded is not None and hmac.compare_digest(mac(key, fields), recorded)
