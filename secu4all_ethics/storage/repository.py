"""The storage interface the services use: a small repository over
SQLAlchemy, the same code for SQLite and PostgreSQL.

Every write happens inside `Storage.transaction()`, so a failure anywhere in
it leaves the database as it was: the previous version stays intact. A
database failure about the place (read-only, full, unreachable) leaves it as
a StorageError, text holding NUL as a ContentError, never as a raw SQLAlchemy
error.

Versions and review records are anchored to the audit chain when they are
flushed (`_anchor_new_rows`), and MACed when an audit key is configured;
`verification.verify` cross-checks them.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from sqlalchemy import CursorResult, Engine, Table, bindparam, delete, event, func, inspect, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from .database import READING_OPTION, make_session_factory
from .faults import StorageError, refuse_nul, translated
from .group_commit import GroupCommit
from .hashing import audit_key as configured_audit_key
from .hashing import canonical_json, mac, sha256
from .models import (
    AssessmentRow,
    AssessmentVersionRow,
    AuditEntryRow,
    AuditHeadRow,
    ContentSnapshotRow,
    PurgePermitRow,
    ReviewRow,
    UserRow,
    WorkshopInputRow,
    WorkshopParticipantRow,
    WorkshopRow,
)

GENESIS_HASH = "0" * 64


def utc_now() -> str:
    """Timestamps are stored as fixed-width ISO strings: they sort, compare
    and hash the same way on every database."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class ConflictError(Exception):
    """Someone else saved a newer version since this one was loaded."""

    def __init__(self, assessment_id: str, expected: int, current: int):
        self.assessment_id = assessment_id
        self.expected = expected
        self.current = current
        super().__init__(f"assessment {assessment_id} is at version {current}, not {expected}: someone else saved it meanwhile")


class NotFoundError(Exception):
    pass


@dataclass(frozen=True)
class StoredVersion:
    assessment_id: str
    version: int
    document: dict
    document_hash: str
    content_hash: str
    status: str
    author: str
    author_authenticated: bool
    created_at: str


@dataclass(frozen=True)
class AssessmentSummary:
    id: str
    title: str
    organisation: str
    status: str
    version: int
    owner: str
    workshop_id: str | None
    updated_at: str
    archived: bool = False


# One group commit per database of this process: the pages make a Storage per call.
_group_commits: weakref.WeakKeyDictionary[Engine, GroupCommit] = weakref.WeakKeyDictionary()
_group_commits_lock = threading.Lock()
T = TypeVar("T")


class Storage:
    """audit_key: the key that MACs records, held outside the database; by default
    $SECU4ALL_AUDIT_KEY, and no MAC when neither is set."""

    def __init__(self, engine: Engine, audit_key: bytes | None = None):
        self.engine = engine
        self.audit_key = audit_key if audit_key is not None else configured_audit_key()
        self._sessions = make_session_factory(engine)
        event.listen(self._sessions, "before_flush", _before_flush)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def grouped(self, work: Callable[[Session], T]) -> T:
        """work(session) committed together with the writes of this process that wait beside it
        (storage/group_commit.py): for many small writes at the same moment, one disk sync. On SQLite
        only: PostgreSQL runs concurrent writers side by side, and queueing them behind one committer
        made 40 simultaneous saves slower there (p95 391 ms against 290 ms, bench/workshop.py)."""
        if self.dialect != "sqlite":
            with self.transaction() as session:
                return work(session)
        with _group_commits_lock:
            group = _group_commits.get(self.engine)
            if group is None:
                group = _group_commits[self.engine] = GroupCommit()
        return group.run(work, self.transaction)

    @contextmanager
    def transaction(self, *, reading: bool = False) -> Iterator[Session]:
        """A transaction; reading=True for one that only reads (on SQLite it takes no write lock,
        so a database that cannot be written can still be read)."""
        session = self._sessions()
        session.info["audit_key"] = self.audit_key
        try:
            with session.begin():
                if reading:
                    session.connection(execution_options={READING_OPTION: True})
                yield session
        except DBAPIError as error:
            domain = translated(error)
            if domain is None:
                raise
            raise domain from error
        finally:
            session.close()


# --- what every flush checks and stamps -------------------------------------------------


def version_fields(row: AssessmentVersionRow) -> dict:
    """What a version's MAC covers: its identity, its content's hash and its anchor."""
    return {
        "assessment_id": row.assessment_id,
        "version": row.version,
        "document_hash": row.document_hash,
        "status": row.status,
        "author": row.author,
        "created_at": row.created_at,
        "audit_seq": row.audit_seq,
        "audit_hash": row.audit_hash,
    }


def review_fields(row: ReviewRow) -> dict:
    return {
        "assessment_id": row.assessment_id,
        "version": row.version,
        "document_hash": row.document_hash,
        "reviewer": row.reviewer,
        "reviewer_authenticated": bool(row.reviewer_authenticated),
        "kind": row.kind,
        "section": row.section,
        "verdict": row.verdict,
        "comment": row.comment,
        "created_at": row.created_at,
        "audit_seq": row.audit_seq,
        "audit_hash": row.audit_hash,
    }


def _before_flush(session: Session, _context, _instances) -> None:
    for row in session.new:
        if hasattr(row, "__table__"):
            refuse_nul(row.__table__.name, {column.key: getattr(row, column.key, None) for column in row.__table__.columns})
    for row in session.dirty:
        # Only what changes: a value stored before NUL was refused does not block other updates.
        state = inspect(row)
        changed = {attr.key: attr.value for attr in state.attrs if attr.history.added}
        refuse_nul(row.__table__.name, changed)
    _anchor_new_rows(session)


def _anchor_new_rows(session: Session) -> None:
    """Stamp new versions and review records with the audit chain's head: the entry written
    in the same flush when there is one (so deleting that entry is seen), else the head as
    it stands. Truncating or rewriting the chain then contradicts rows it does not reach."""
    anchored = [row for row in session.new if isinstance(row, (AssessmentVersionRow, ReviewRow)) and row.audit_seq is None]
    if not anchored:
        return
    written = [row for row in session.new if isinstance(row, AuditEntryRow)]
    if written:
        newest = max(written, key=lambda row: row.seq)
        head = (newest.seq, newest.entry_hash)
    else:
        with session.no_autoflush:
            head_row = session.get(AuditHeadRow, 1)
        if head_row is None:  # a damaged database: audit verify says so; the rows stay unanchored
            return
        head = (head_row.seq, head_row.entry_hash)
    key = session.info.get("audit_key")
    for record in anchored:
        record.audit_seq, record.audit_hash = head
        if key:
            record.mac = mac(key, version_fields(record) if isinstance(record, AssessmentVersionRow) else review_fields(record))


# --- assessments ---------------------------------------------------------------------


def _version_from_row(row: AssessmentVersionRow) -> StoredVersion:
    # A version is never trusted on its stored hash alone: replacing its row with other
    # content (and the old hash) is refused here rather than shown as what was signed.
    if sha256(row.document) != row.document_hash:
        raise StorageError("tampered", version=str(row.version), assessment=row.assessment_id)
    return StoredVersion(
        assessment_id=row.assessment_id,
        version=row.version,
        document=json.loads(row.document),
        document_hash=row.document_hash,
        content_hash=row.content_hash,
        status=row.status,
        author=row.author,
        author_authenticated=row.author_authenticated,
        created_at=row.created_at,
    )


def _summary(row: AssessmentRow) -> AssessmentSummary:
    return AssessmentSummary(
        id=row.id,
        title=row.title,
        organisation=row.organisation,
        status=row.status,
        version=row.current_version,
        owner=row.owner,
        workshop_id=row.workshop_id,
        updated_at=row.updated_at,
        archived=row.archived,
    )


def document_hash(document: dict) -> str:
    return sha256(canonical_json(document))


def create_assessment(
    session: Session,
    *,
    assessment_id: str,
    document: dict,
    organisation: str,
    owner: str,
    author_authenticated: bool,
    content_hash: str,
    framework_id: str,
    framework_version: str,
    workshop_id: str | None = None,
) -> StoredVersion:
    now = utc_now()
    session.add(
        AssessmentRow(
            id=assessment_id,
            organisation=organisation,
            title=document["title"],
            status=document["status"],
            current_version=1,
            owner=owner,
            workshop_id=workshop_id,
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()
    return _add_version(session, assessment_id, 1, document, owner, author_authenticated, content_hash, framework_id, framework_version, now)


def _add_version(session, assessment_id, version, document, author, authenticated, content_hash, framework_id, framework_version, now):
    row = AssessmentVersionRow(
        assessment_id=assessment_id,
        version=version,
        document=canonical_json(document),
        document_hash=document_hash(document),
        content_hash=content_hash,
        framework_id=framework_id,
        framework_version=framework_version,
        status=document["status"],
        author=author,
        author_authenticated=authenticated,
        created_at=now,
    )
    # Not flushed here: it goes with the audit entry of the same change, and is anchored to it.
    session.add(row)
    return _version_from_row(row)


def append_version(
    session: Session,
    *,
    assessment_id: str,
    expected_version: int,
    document: dict,
    author: str,
    author_authenticated: bool,
    content_hash: str,
    framework_id: str,
    framework_version: str,
) -> StoredVersion:
    """Add version expected_version + 1, or raise ConflictError if another save came first."""
    now = utc_now()
    refuse_nul("assessments", {"title": document["title"]})  # this UPDATE does not pass through a flush
    # No autoflush: a review record added just before (a sign-off) is flushed with this
    # change's audit entry and anchored to it.
    with session.no_autoflush:
        # An UPDATE or DELETE gives a cursor result, whose rowcount says whether the row was there.
        moved = cast(
            CursorResult[Any],
            session.execute(
                update(AssessmentRow)
                .where(AssessmentRow.id == assessment_id, AssessmentRow.current_version == expected_version)
                .values(current_version=expected_version + 1, title=document["title"], status=document["status"], updated_at=now)
                .execution_options(synchronize_session=False)
            ),
        )
    if moved.rowcount != 1:
        current = session.scalar(select(AssessmentRow.current_version).where(AssessmentRow.id == assessment_id))
        if current is None:
            raise NotFoundError(assessment_id)
        raise ConflictError(assessment_id, expected_version, current)
    return _add_version(
        session, assessment_id, expected_version + 1, document, author, author_authenticated, content_hash, framework_id, framework_version, now
    )


def get_summary(session: Session, assessment_id: str) -> AssessmentSummary:
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFoundError(assessment_id)
    return _summary(row)


def get_version(session: Session, assessment_id: str, version: int | None = None) -> StoredVersion:
    if version is None:
        version = session.scalar(select(AssessmentRow.current_version).where(AssessmentRow.id == assessment_id))
        if version is None:
            raise NotFoundError(assessment_id)
    row = session.scalar(select(AssessmentVersionRow).where(AssessmentVersionRow.assessment_id == assessment_id, AssessmentVersionRow.version == version))
    if row is None:
        raise NotFoundError(f"{assessment_id} version {version}")
    return _version_from_row(row)


def version_history(session: Session, assessment_id: str) -> list[StoredVersion]:
    rows = session.scalars(select(AssessmentVersionRow).where(AssessmentVersionRow.assessment_id == assessment_id).order_by(AssessmentVersionRow.version))
    return [_version_from_row(row) for row in rows]


def authors_of(session: Session, assessment_id: str) -> set[str]:
    """Who wrote the assessment's content: every edit makes a draft version, while submitting,
    asking for changes and signing off only change the status, so they do not make an author."""
    owner = session.scalar(select(AssessmentRow.owner).where(AssessmentRow.id == assessment_id))
    authors = set(
        session.scalars(select(AssessmentVersionRow.author).where(AssessmentVersionRow.assessment_id == assessment_id, AssessmentVersionRow.status == "draft"))
    )
    return authors | ({owner} if owner else set())


def list_assessments(session: Session, organisation: str, limit: int = 1000, offset: int = 0, workshop_id: str | None = None) -> list[AssessmentSummary]:
    query = select(AssessmentRow).where(AssessmentRow.organisation == organisation)
    if workshop_id is not None:
        query = query.where(AssessmentRow.workshop_id == workshop_id)
    rows = session.scalars(query.order_by(AssessmentRow.updated_at.desc(), AssessmentRow.id).limit(limit).offset(offset))
    return [_summary(row) for row in rows]


def signed_versions(session: Session, assessment_id: str) -> list[int]:
    return list(
        session.scalars(
            select(AssessmentVersionRow.version).where(AssessmentVersionRow.assessment_id == assessment_id, AssessmentVersionRow.status == "signed_off")
        )
    )


def set_archived(session: Session, assessment_id: str, archived: bool) -> None:
    """Archive or restore an assessment: a flag on the assessment, its versions are untouched."""
    row = session.get(AssessmentRow, assessment_id)
    if row is None:
        raise NotFoundError(assessment_id)
    row.archived = archived


def delete_assessment(session: Session, assessment_id: str) -> None:
    """The one path that deletes versions and review records: the database refuses any
    other DELETE of them (migration 0003), and always refuses signed ones. The caller logs it."""
    session.add(PurgePermitRow(assessment_id=assessment_id))
    session.flush()
    session.execute(delete(ReviewRow).where(ReviewRow.assessment_id == assessment_id))
    session.execute(delete(AssessmentVersionRow).where(AssessmentVersionRow.assessment_id == assessment_id))
    deleted = cast(CursorResult[Any], session.execute(delete(AssessmentRow).where(AssessmentRow.id == assessment_id)))
    session.execute(delete(PurgePermitRow).where(PurgePermitRow.assessment_id == assessment_id))
    if deleted.rowcount != 1:
        raise NotFoundError(assessment_id)


# --- content snapshots --------------------------------------------------------------------


def store_content_snapshot(session: Session, content_hash: str, make_document: Callable[[], dict]) -> None:
    """Keep the content a version was made with; the document is built only when
    this hash is not stored yet (nearly every save finds it there)."""
    if session.get(ContentSnapshotRow, content_hash) is None:
        session.add(ContentSnapshotRow(content_hash=content_hash, document=canonical_json(make_document()), created_at=utc_now()))
        session.flush()


def load_content_snapshot(session: Session, content_hash: str) -> dict:
    row = session.get(ContentSnapshotRow, content_hash)
    if row is None:
        raise NotFoundError(f"content snapshot {content_hash}")
    return json.loads(row.document)


# --- reviews ----------------------------------------------------------------------------


def add_review(
    session: Session,
    *,
    assessment_id: str,
    version: int,
    document_hash: str,
    reviewer: str,
    kind: str,
    verdict: str,
    comment: str = "",
    section: str | None = None,
    reviewer_authenticated: bool = False,
) -> None:
    session.add(
        ReviewRow(
            assessment_id=assessment_id,
            version=version,
            document_hash=document_hash,
            reviewer=reviewer,
            reviewer_authenticated=reviewer_authenticated,
            kind=kind,
            section=section,
            verdict=verdict,
            comment=comment,
            created_at=utc_now(),
        )
    )


def reviews_of(session: Session, assessment_id: str) -> list[ReviewRow]:
    return list(session.scalars(select(ReviewRow).where(ReviewRow.assessment_id == assessment_id).order_by(ReviewRow.id)))


# --- workshops ----------------------------------------------------------------------------


def add_workshop(session: Session, row: WorkshopRow) -> WorkshopRow:
    session.add(row)
    session.flush()
    return row


def _locked(query, for_update: bool, for_share: bool):
    """for_update locks the rows until the transaction ends, for_share keeps others from
    changing them (PostgreSQL; SQLite's writers take the whole database anyway)."""
    if for_update:
        return query.with_for_update()
    return query.with_for_update(read=True) if for_share else query


def get_workshop(session: Session, workshop_id: str, *, for_update: bool = False, for_share: bool = False) -> WorkshopRow:
    row = session.scalar(_locked(select(WorkshopRow).where(WorkshopRow.id == workshop_id), for_update, for_share))
    if row is None:
        raise NotFoundError(workshop_id)
    return row


def workshop_by_code(session: Session, join_code: str, *, for_share: bool = False) -> WorkshopRow | None:
    return session.scalar(_locked(select(WorkshopRow).where(WorkshopRow.join_code == join_code), False, for_share))


def carded_workshops(session: Session, organisation: str) -> list[WorkshopRow]:
    """The organisation's workshops run from a card (those made before migration 0006 have none), newest first."""
    query = select(WorkshopRow).where(WorkshopRow.organisation == organisation, WorkshopRow.card_id.is_not(None))
    return list(session.scalars(query.order_by(WorkshopRow.created_at.desc())))


def expired_workshops(session: Session, now: str) -> list[WorkshopRow]:
    """Workshops past their expiry and not yet closed, locked (PostgreSQL) so no input lands while their data goes."""
    query = select(WorkshopRow).where(WorkshopRow.expires_at.is_not(None), WorkshopRow.expires_at <= now, WorkshopRow.closed_at.is_(None))
    return list(session.scalars(query.order_by(WorkshopRow.id).with_for_update()))


def add_participant(session: Session, row: WorkshopParticipantRow) -> None:
    session.add(row)
    session.flush()


# A room's saves run these 40 times at once: built once (building a statement cost as much as running it).
_PARTICIPANT_BY_TOKEN = (
    select(WorkshopParticipantRow, WorkshopRow)
    .join(WorkshopRow, WorkshopRow.id == WorkshopParticipantRow.workshop_id)
    .where(WorkshopParticipantRow.token_hash == bindparam("token_hash"))
)
_PARTICIPANT_BY_TOKEN_SHARED = _PARTICIPANT_BY_TOKEN.with_for_update(read=True, of=WorkshopRow)


def participant_by_token_hash(session: Session, token_hash: str, *, for_share: bool = False) -> tuple[WorkshopParticipantRow, WorkshopRow] | None:
    """The participant a token's hash names and their workshop, in one query; for_share keeps
    others from changing the workshop's row until the transaction ends (PostgreSQL)."""
    query = _PARTICIPANT_BY_TOKEN_SHARED if for_share else _PARTICIPANT_BY_TOKEN
    found = session.execute(query, {"token_hash": token_hash}).one_or_none()
    return None if found is None else (found[0], found[1])


def participant_by_pseudonym_key(session: Session, workshop_id: str, pseudonym_key: str) -> WorkshopParticipantRow | None:
    query = select(WorkshopParticipantRow).where(WorkshopParticipantRow.workshop_id == workshop_id, WorkshopParticipantRow.pseudonym_key == pseudonym_key)
    return session.scalar(query)


def count_participants(session: Session, workshop_id: str) -> int:
    return session.scalar(select(func.count()).select_from(WorkshopParticipantRow).where(WorkshopParticipantRow.workshop_id == workshop_id)) or 0


def submitted_counts(session: Session, workshop_id: str) -> dict[int, int]:
    """Round -> how many participants submitted in it."""
    query = (
        select(WorkshopInputRow.round, func.count())
        .join(WorkshopParticipantRow, WorkshopParticipantRow.id == WorkshopInputRow.participant_id)
        .where(WorkshopParticipantRow.workshop_id == workshop_id, WorkshopInputRow.submitted.is_(True))
        .group_by(WorkshopInputRow.round)
    )
    return {round_number: count for round_number, count in session.execute(query)}


def inputs_of(session: Session, participant_id: str) -> list[WorkshopInputRow]:
    return list(session.scalars(select(WorkshopInputRow).where(WorkshopInputRow.participant_id == participant_id).order_by(WorkshopInputRow.round)))


def submitted_inputs(session: Session, workshop_id: str, round_number: int) -> dict[str, str]:
    """Pseudonym -> the input JSON each participant submitted in the round."""
    query = (
        select(WorkshopParticipantRow.pseudonym, WorkshopInputRow.input)
        .join(WorkshopInputRow, WorkshopInputRow.participant_id == WorkshopParticipantRow.id)
        .where(WorkshopParticipantRow.workshop_id == workshop_id, WorkshopInputRow.round == round_number, WorkshopInputRow.submitted.is_(True))
    )
    return {pseudonym: document for pseudonym, document in session.execute(query)}


def _input_upsert(insert: Callable[[Table], Any]) -> Any:
    """Insert a participant's input in a round, or replace the one there (its input, submitted, updated_at)."""
    table = cast(Table, WorkshopInputRow.__table__)
    statement = insert(table)
    changed = {name: statement.excluded[name] for name in ("input", "submitted", "updated_at")}
    return statement.on_conflict_do_update(index_elements=[table.c.participant_id, table.c.round], set_=changed)


# Only these two databases are opened (database.PROTECTED_DIALECTS); both upsert alike. Built
# once: building one took half of put_input's time.
_INPUT_UPSERTS = {"sqlite": _input_upsert(sqlite_insert), "postgresql": _input_upsert(postgresql_insert)}


def put_input(session: Session, participant_id: str, round_number: int, document: str, submitted: bool) -> None:
    """Keep the participant's input in the round, replacing the one before: one statement (an
    upsert on the participant and round) rather than a look-up and an ORM flush."""
    values = {"participant_id": participant_id, "round": round_number, "input": document, "submitted": submitted, "updated_at": utc_now()}
    refuse_nul(WorkshopInputRow.__tablename__, values)  # the ORM's flush check, which a Core statement does not pass through
    session.execute(_INPUT_UPSERTS[session.get_bind().dialect.name], values)


def delete_participants(session: Session, workshop_id: str) -> int:
    """Delete a workshop's participants and every input they made; returns how many participants went."""
    ids = select(WorkshopParticipantRow.id).where(WorkshopParticipantRow.workshop_id == workshop_id).scalar_subquery()
    session.execute(delete(WorkshopInputRow).where(WorkshopInputRow.participant_id.in_(ids)))
    removed = cast(CursorResult[Any], session.execute(delete(WorkshopParticipantRow).where(WorkshopParticipantRow.workshop_id == workshop_id))).rowcount
    return removed


# --- users ----------------------------------------------------------------------------------


def add_user(session: Session, row: UserRow) -> None:
    session.add(row)
    session.flush()


def get_user(session: Session, username: str, *, for_update: bool = False) -> UserRow | None:
    """The account; for_update locks its row until the transaction ends (PostgreSQL)."""
    query = select(UserRow).where(UserRow.username == username)
    return session.scalar(query.with_for_update() if for_update else query)


def all_users(session: Session) -> list[UserRow]:
    return list(session.scalars(select(UserRow).order_by(UserRow.organisation, UserRow.username)))


def count_assessments(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AssessmentRow)) or 0
