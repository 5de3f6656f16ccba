"""The append-only audit log, as a SHA-256 hash chain.

Each entry stores the hash of the previous entry and its own hash over its
content and that previous hash. Changing, deleting or reordering any entry
breaks the chain at that entry, and `verify_chain` names the first one.
Appends lock the chain head, so concurrent writers line up instead of
forking the chain.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import AuditEntryRow, AuditHeadRow
from .repository import GENESIS_HASH, canonical_json, sha256, utc_now

ACTIONS = (
    "create",
    "edit",
    "status_change",
    "review_verdict",
    "sign_off",
    "import",
    "export",
    "export_report",
    "changes_requested",
    "delete",
    "workshop_create",
    "workshop_reveal",
    "workshop_delete",
    "user_add",
    "login_failed",
    "account_locked",
)


@dataclass(frozen=True)
class Actor:
    """Who does something: the identity every service call carries."""

    name: str
    role: str
    organisation: str
    authenticated: bool
    display_name: str = ""  # what screens and reports call them; name stays the identity the rules compare

    @property
    def shown_name(self) -> str:
        return self.display_name or self.name


def entry_hash(fields: dict) -> str:
    return sha256(canonical_json(fields))


def _hashed_fields(row: AuditEntryRow) -> dict:
    return {
        "seq": row.seq,
        "at": row.at,
        "actor": row.actor,
        "actor_role": row.actor_role,
        "actor_authenticated": bool(row.actor_authenticated),
        "organisation": row.organisation,
        "action": row.action,
        "entity_type": row.entity_type,
        "entity_id": row.entity_id,
        "summary": row.summary,
        "prev_hash": row.prev_hash,
    }


def append(session: Session, actor: Actor, action: str, entity_type: str, entity_id: str, summary: str) -> AuditEntryRow:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    head = session.scalar(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update())
    row = AuditEntryRow(
        seq=head.seq + 1,
        at=utc_now(),
        actor=actor.name,
        actor_role=actor.role,
        actor_authenticated=actor.authenticated,
        organisation=actor.organisation,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary[:2000],
        prev_hash=head.entry_hash,
        entry_hash="",
    )
    row.entry_hash = entry_hash(_hashed_fields(row))
    session.add(row)
    head.seq, head.entry_hash = row.seq, row.entry_hash
    session.flush()
    return row


@dataclass(frozen=True)
class ChainReport:
    intact: bool
    entries: int
    message: str
    first_bad_seq: int | None = None


def verify_chain(session: Session) -> ChainReport:
    rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.seq)).all()
    head = session.scalar(select(AuditHeadRow).where(AuditHeadRow.id == 1))
    previous_hash = GENESIS_HASH
    for position, row in enumerate(rows, start=1):
        if row.seq != position:
            missing = position if row.seq > position else row.seq
            return ChainReport(False, len(rows), f"entry {missing} is missing: deleted, or the entries were renumbered", missing)
        if row.prev_hash != previous_hash:
            return ChainReport(
                False, len(rows), f"entry {row.seq} does not follow entry {row.seq - 1}: an entry was modified, deleted or reordered", row.seq
            )
        if entry_hash(_hashed_fields(row)) != row.entry_hash:
            return ChainReport(False, len(rows), f"entry {row.seq} was modified after it was written", row.seq)
        previous_hash = row.entry_hash
    if head is None or head.seq != len(rows) or head.entry_hash != previous_hash:
        last = len(rows)
        return ChainReport(False, len(rows), f"entries after {last} are missing: the chain head records entry {head.seq if head else '?'}", last + 1)
    return ChainReport(True, len(rows), f"intact: {len(rows)} entries, head {previous_hash[:16]}")


def entries(session: Session, entity_id: str | None = None, limit: int = 500) -> list[AuditEntryRow]:
    query = select(AuditEntryRow)
    if entity_id is not None:
        query = query.where(AuditEntryRow.entity_id == entity_id)
    return list(session.scalars(query.order_by(AuditEntryRow.seq.desc()).limit(limit)))
