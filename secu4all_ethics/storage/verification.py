"""`audit verify`: the audit chain, and every version and review record checked
against it. A record's anchor (the chain's head when it was written) must still
be in the chain with the same hash, so truncating or recomputing the chain
contradicts rows it does not reach; every version's content must match its
hash; every review must name the hash of the version it reviewed; with the
audit key, every record's MAC must match."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..i18n.grammar import english_count
from .audit import verify_chain
from .hashing import mac_matches, sha256
from .models import AssessmentVersionRow, AuditEntryRow, ReviewRow
from .repository import GENESIS_HASH, review_fields, version_fields

MAX_PROBLEMS = 20

# A version or review record, with the name problems give it and the function of the fields its MAC covers.
NamedRecord = tuple[str, AssessmentVersionRow | ReviewRow, Callable[[Any], dict[str, Any]]]


@dataclass(frozen=True)
class AuditReport:
    intact: bool
    entries: int
    problems: tuple[str, ...]
    notes: tuple[str, ...]

    def lines(self) -> list[str]:
        return (
            list(self.problems[:MAX_PROBLEMS])
            + ([f"… and {len(self.problems) - MAX_PROBLEMS} more problems"] if len(self.problems) > MAX_PROBLEMS else [])
            + list(self.notes)
        )


def verify(session: Session, key: bytes | None = None) -> AuditReport:
    chain = verify_chain(session, key)
    hashes = {seq: entry_hash for seq, entry_hash in session.execute(select(AuditEntryRow.seq, AuditEntryRow.entry_hash))}
    hashes[0] = GENESIS_HASH
    versions = session.scalars(select(AssessmentVersionRow).order_by(AssessmentVersionRow.id)).all()
    reviews = session.scalars(select(ReviewRow).order_by(ReviewRow.id)).all()
    problems: list[str] = [] if chain.intact else [chain.message]
    version_hashes: dict[tuple[str, int], str] = {}
    for version in versions:
        name = f"version {version.version} of assessment {version.assessment_id}"
        version_hashes[(version.assessment_id, version.version)] = version.document_hash
        if sha256(version.document) != version.document_hash:
            problems.append(f"{name}: its content does not match its recorded hash; it was changed in the database")
    for review in reviews:
        recorded = version_hashes.get((review.assessment_id, review.version))
        if recorded is not None and recorded != review.document_hash:
            problems.append(
                f"review record {review.id} ({review.kind}) of assessment {review.assessment_id} names version {review.version} "
                f"with hash {review.document_hash[:16]}, but that version's hash is now {recorded[:16]}"
            )
    named: list[NamedRecord] = [(f"version {v.version} of assessment {v.assessment_id}", v, version_fields) for v in versions]
    named += [(f"review record {r.id} ({r.kind}) of assessment {r.assessment_id}", r, review_fields) for r in reviews]
    problems += _anchor_problems(named, hashes)
    mac_problems, mac_notes = _mac_problems(named, key)
    problems += mac_problems
    unanchored = sum(1 for _, row, _ in named if row.audit_seq is None)
    notes = list(chain.notes) + mac_notes
    if unanchored:
        notes.append(
            f"{english_count(unanchored, 'stored version or review record', 'stored versions and review records')} "
            f"{'was' if unanchored == 1 else 'were'} written before anchoring (schema 0003): "
            "their hashes are checked, their place in the audit chain is not"
        )
    summary = f"{len(versions)} versions and {len(reviews)} review records checked against the chain"
    if not problems:
        return AuditReport(True, chain.entries, (), (chain.message, summary, *notes))
    return AuditReport(False, chain.entries, tuple(problems), tuple(notes))


def _anchor_problems(named: list[NamedRecord], hashes: dict[int, str]) -> list[str]:
    problems = []
    for name, row, _ in named:
        if row.audit_seq is None:
            continue
        found = hashes.get(row.audit_seq)
        if found is None:
            problems.append(f"{name} was written with audit entry {row.audit_seq}, which is missing: the audit log was truncated")
        elif found != row.audit_hash:
            problems.append(
                f"{name} was written with audit entry {row.audit_seq}, which has been rewritten since (hash "
                f"{(row.audit_hash or '')[:16]} then, {found[:16]} now)"
            )
    return problems


def _mac_problems(named: list[NamedRecord], key: bytes | None) -> tuple[list[str], list[str]]:
    if key is None:
        return [], []
    problems, first_macced = [], None
    # In the chain's order, so "after the key was introduced" means the same as for entries.
    for name, row, fields in sorted(named, key=lambda item: (item[1].audit_seq is not None, item[1].audit_seq or 0)):
        if row.mac is not None:
            first_macced = first_macced if first_macced is not None else row.audit_seq
            if not mac_matches(key, fields(row), row.mac):
                problems.append(f"{name} does not carry a valid MAC: it was forged or rewritten without the audit key")
        elif first_macced is not None:
            problems.append(f"{name} carries no MAC although it was written after the audit key was introduced")
    notes = []
    unmacced = sum(1 for _, row, _ in named if row.mac is None)
    if unmacced and not problems:
        records = english_count(unmacced, "stored version or review record", "stored versions and review records")
        was, carry = ("was", "carries") if unmacced == 1 else ("were", "carry")
        notes.append(f"{records} {was} written before the audit key was configured and {carry} no MAC")
    return problems, notes
