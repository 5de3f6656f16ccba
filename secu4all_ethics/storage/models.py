"""Database tables. Assessments are stored as immutable versioned documents
(the pydantic model as canonical JSON) beside a few indexed columns for
listing; the audit log is an append-only hash chain."""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint, false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(200), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    organisation: Mapped[str] = mapped_column(String(300))
    auth_source: Mapped[str] = mapped_column(String(10))
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    # A disabled account cannot sign in; its records keep its name (migration 0004).
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    # Written into every session cookie: raising it (disable, password reset) ends the sessions already given.
    session_generation: Mapped[int] = mapped_column(Integer, default=0)


class WorkshopRow(Base):
    __tablename__ = "workshops"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation: Mapped[str] = mapped_column(String(300), index=True)
    name: Mapped[str] = mapped_column(String(300))
    facilitator: Mapped[str] = mapped_column(String(200))
    # Whether the assessments filed in a workshop before migration 0006 may be seen by its other
    # participants; kept true from the first reveal on (services.workshops).
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[str] = mapped_column(String(40))
    # Migration 0006: the session a facilitator runs from a scenario card. Workshops made before
    # it have no card and no join code; timestamps are fixed-width ISO strings like created_at.
    card_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    card_version: Mapped[str | None] = mapped_column(String(20), nullable=True)
    language: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    weighting_mode: Mapped[str] = mapped_column(String(10), default="pillars", server_default="pillars")
    scores_adjustable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    rounds: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    expires_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    phase: Mapped[str] = mapped_column(String(10), default="joining", server_default="joining")
    timer_ends_at: Mapped[str | None] = mapped_column(String(40), nullable=True)
    join_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    conclusion: Mapped[str] = mapped_column(Text, default="", server_default="")
    facilitator_authenticated: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    closed_at: Mapped[str | None] = mapped_column(String(40), nullable=True)

    __table_args__ = (Index("ux_workshops_join_code", "join_code", unique=True),)


class WorkshopParticipantRow(Base):
    """Someone who joined with the code: a pseudonym and the hash of their token, nothing else."""

    __tablename__ = "workshop_participants"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    workshop_id: Mapped[str] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), index=True)
    pseudonym: Mapped[str] = mapped_column(String(40))
    # The pseudonym casefolded with its spaces collapsed: "Ada" and " ada " are one person.
    pseudonym_key: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    joined_at: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("workshop_id", "pseudonym_key", name="uq_workshop_pseudonym"),)


class WorkshopInputRow(Base):
    """A participant's input in one round (a ParticipantInput as JSON), draft or submitted."""

    __tablename__ = "workshop_inputs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("workshop_participants.id", ondelete="CASCADE"))
    round: Mapped[int] = mapped_column(Integer)
    input: Mapped[str] = mapped_column(Text)
    submitted: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_at: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("participant_id", "round", name="uq_participant_round"),)


class AssessmentRow(Base):
    __tablename__ = "assessments"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    organisation: Mapped[str] = mapped_column(String(300))
    title: Mapped[str] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(30))
    current_version: Mapped[int] = mapped_column(Integer)
    owner: Mapped[str] = mapped_column(String(200))
    workshop_id: Mapped[str | None] = mapped_column(ForeignKey("workshops.id", ondelete="CASCADE"), nullable=True)
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))
    # Archived assessments are kept (with every version) but left out of the Start page's list by default.
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    __table_args__ = (Index("ix_assessments_organisation_updated", "organisation", "updated_at"),)


class AssessmentVersionRow(Base):
    __tablename__ = "assessment_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document: Mapped[str] = mapped_column(Text)
    document_hash: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))
    framework_id: Mapped[str] = mapped_column(String(64))
    framework_version: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(30))
    author: Mapped[str] = mapped_column(String(200))
    author_authenticated: Mapped[bool] = mapped_column(Boolean)
    created_at: Mapped[str] = mapped_column(String(40))
    # The audit chain's head when the row was written, and a MAC with the audit key:
    # see repository._anchor_new_rows. NULL on rows written before migration 0003.
    audit_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audit_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)

    __table_args__ = (UniqueConstraint("assessment_id", "version", name="uq_assessment_version"),)


class ContentSnapshotRow(Base):
    __tablename__ = "content_snapshots"

    content_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    document: Mapped[str] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class ReviewRow(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    assessment_id: Mapped[str] = mapped_column(ForeignKey("assessments.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    document_hash: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str] = mapped_column(String(200))
    reviewer_authenticated: Mapped[bool] = mapped_column(Boolean, default=False)
    kind: Mapped[str] = mapped_column(String(20))
    section: Mapped[str | None] = mapped_column(String(64), nullable=True)
    verdict: Mapped[str] = mapped_column(String(30))
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    audit_seq: Mapped[int | None] = mapped_column(Integer, nullable=True)
    audit_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class AuditEntryRow(Base):
    __tablename__ = "audit_log"

    # seq is assigned, not auto-generated: a gap is how a deleted entry shows.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    actor_role: Mapped[str] = mapped_column(String(20))
    actor_authenticated: Mapped[bool] = mapped_column(Boolean)
    organisation: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(30))
    entity_type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(64))
    summary: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))
    # HMAC-SHA256 of entry_hash with the audit key, when one is configured.
    mac: Mapped[str | None] = mapped_column(String(64), nullable=True)


class PurgePermitRow(Base):
    """Present only inside the transaction that deletes an assessment through the logged
    deletion: the database refuses any other DELETE of versions and review records."""

    __tablename__ = "purge_permits"

    assessment_id: Mapped[str] = mapped_column(String(64), primary_key=True)


class AuditHeadRow(Base):
    """The chain's head: the row writers lock to append in order."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    entry_hash: Mapped[str] = mapped_column(String(64))
