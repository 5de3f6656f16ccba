"""The append-only audit log, as a SHA-256 hash chain.

Each entry stores the hash of the previous entry and its own hash over its
content and that previous hash. Changing, deleting or reordering any entry
breaks the chain at that entry, and `verify_chain` names the first one.
Appends lock the chain head, so concurrent writers line up instead of
forking the chain.

A plain hash chain only proves that the rows agree with each other: whoever
can write to the database can also recompute it. So each entry also carries
an HMAC of its hash when an audit key is configured (outside the database),
and versions and review records keep the head as it was when they were
written (`verification.verify` cross-checks them). What this proves and what
it cannot is in docs/audit.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .hashing import canonical_json, mac, mac_matches, sha256
from .models import AuditEntryRow, AuditHeadRow
from .repository import GENESIS_HASH, utc_now

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
    "review_carry_over",
    "delete",
    "duplicate",
    "archive",
    "unarchive",
    "workshop_create",
    "workshop_reveal",  # the workshops before migration 0006
    "workshop_delete",
    "workshop_phase",
    "workshop_close",
    "workshop_expire",
    "user_add",
    "user_disable",
    "user_enable",
    "user_unlock",
    "user_password_reset",
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
    # No autoflush: a version or review added just before is flushed with this entry
    # and anchored to it (repository._anchor_new_rows).
    with session.no_autoflush:
        # The head row is made by the first migration and never deleted.
        head = session.execute(select(AuditHeadRow).where(AuditHeadRow.id == 1).with_for_update()).scalar_one()
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
    key = session.info.get("audit_key")
    if key:
        row.mac = mac(key, {"entry_hash": row.entry_hash})
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
    notes: tuple[str, ...] = ()


def verify_chain(session: Session, key: bytes | None = None) -> ChainReport:
    """The chain's own consistency, and with key each entry's MAC. Entries written before
    the key was introduced carry none (a note); one without a MAC after a MACed entry is a failure."""
    rows = session.scalars(select(AuditEntryRow).order_by(AuditEntryRow.seq)).all()
    head = session.scalar(select(AuditHeadRow).where(AuditHeadRow.id == 1))
    previous_hash = GENESIS_HASH
    first_macced: int | None = None
    for position, row in enumerate(rows, start=1):
        if row.seq != position:
            missing = position if row.seq > position else row.seq
            return ChainReport(False, len(rows), f"entry {missing} is missing: deleted, or the entries were renumbered", missing)
        if row.prev_hash != previous_hash:
            return ChainReport(False, len(rows), f"entry {row.seq} does not follow entry {row.seq - 1}: an entry was modified, deleted or reordered", row.seq)
        if entry_hash(_hashed_fields(row)) != row.entry_hash:
            return ChainReport(False, len(rows), f"entry {row.seq} was modified after it was written", row.seq)
        if key is not None:
            if row.mac is not None:
                first_macced = first_macced or row.seq
                if not mac_matches(key, {"entry_hash": row.entry_hash}, row.mac):
                    return ChainReport(
                        False, len(rows), f"entry {row.seq} does not carry a valid MAC: it was forged or rewritten without the audit key", row.seq
                    )
            elif first_macced is not None:
                return ChainReport(
                    False,
                    len(rows),
                    f"entry {row.seq} carries no MAC although entries were MACed from entry {first_macced} on: "
                    "it was forged, or written by a process without the audit key",
                    row.seq,
                )
        previous_hash = row.entry_hash
    if head is None or head.seq != len(rows) or head.entry_hash != previous_hash:
        last = len(rows)
        return ChainReport(False, len(rows), f"entries after {last} are missing: the chain head records entry {head.seq if head else '?'}", last + 1)
    return ChainReport(True, len(rows), f"intact: {len(rows)} entries, head {previous_hash[:16]}", notes=_mac_notes(rows, key, first_macced))


def _mac_notes(rows, key: bytes | None, first_macced: int | None) -> tuple[str, ...]:
    if not rows:
        return ()
    if key is None:
        if any(row.mac is not None for row in rows):
            return ("entries carry MACs that were not checked: set SECU4ALL_AUDIT_KEY to check them",)
        return (
            "no audit key configured: a chain recomputed by someone with write access to the database is detected "
            "only where versions and review records contradict it (docs/audit.md)",
        )
    if first_macced is None:
        return ("no entry carries a MAC: they were all written before the audit key was configured",)
    if first_macced > 1:
        return (f"the first {first_macced - 1} entries were written before the audit key was configured and carry no MAC",)
    return ()


def entries(session: Session, entity_id: str | None = None, limit: int = 500) -> list[AuditEntryRow]:
    query = select(AuditEntryRow)
    if entity_id is not None:
        query = query.where(AuditEntryRow.entity_id == entity_id)
    return list(session.scalars(query.order_by(AuditEntryRow.seq.desc()).limit(limit)))
