"""Initial schema: users, workshops, assessments and their immutable versions,
content snapshots, reviews, and the hash-chained audit log.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

from secu4all_ethics.storage.database import require_protected_dialect

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABLE_TABLES = ("assessment_versions", "audit_log")


def upgrade() -> None:
    # The triggers below exist for SQLite and PostgreSQL only: refuse any other type before creating anything.
    require_protected_dialect(op.get_bind().dialect.name)
    op.create_table(
        "users",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("username", sa.String(200), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("auth_source", sa.String(10), nullable=False),
        sa.Column("email", sa.String(320), nullable=True),
        sa.Column("password_hash", sa.String(200), nullable=True),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.String(40), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("organisation", sa.String(300), nullable=False, index=True),
        sa.Column("name", sa.String(300), nullable=False),
        sa.Column("facilitator", sa.String(200), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "assessments",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("current_version", sa.Integer, nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("workshop_id", sa.String(64), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_assessments_organisation_updated", "assessments", ["organisation", "updated_at"])
    op.create_table(
        "assessment_versions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("assessment_id", sa.String(64), sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("document_hash", sa.String(64), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("framework_id", sa.String(64), nullable=False),
        sa.Column("framework_version", sa.String(20), nullable=False),
        sa.Column("status", sa.String(30), nullable=False),
        sa.Column("author", sa.String(200), nullable=False),
        sa.Column("author_authenticated", sa.Boolean, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("assessment_id", "version", name="uq_assessment_version"),
    )
    op.create_index("ix_assessment_versions_assessment_id", "assessment_versions", ["assessment_id"])
    op.create_table(
        "content_snapshots",
        sa.Column("content_hash", sa.String(64), primary_key=True),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("assessment_id", sa.String(64), sa.ForeignKey("assessments.id", ondelete="CASCADE"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("document_hash", sa.String(64), nullable=False),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("section", sa.String(64), nullable=True),
        sa.Column("verdict", sa.String(30), nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_reviews_assessment_id", "reviews", ["assessment_id"])
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("actor_role", sa.String(20), nullable=False),
        sa.Column("actor_authenticated", sa.Boolean, nullable=False),
        sa.Column("organisation", sa.String(300), nullable=False),
        sa.Column("action", sa.String(30), nullable=False),
        sa.Column("entity_type", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("entry_hash", sa.String(64), nullable=False),
    )
    op.execute(sa.text("INSERT INTO audit_head (id, seq, entry_hash) VALUES (1, 0, :genesis)").bindparams(genesis="0" * 64))

    # Versions and audit entries are never updated by the application; these
    # triggers make an accidental UPDATE fail loudly. (A database owner can
    # still drop them; the audit hash chain is what detects that.)
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for table in IMMUTABLE_TABLES:
            op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END")
    elif dialect == "postgresql":
        op.execute(
            "CREATE FUNCTION secu4all_refuse_update() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION '% rows are immutable', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
        )
        for table in IMMUTABLE_TABLES:
            op.execute(f"CREATE TRIGGER {table}_immutable BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION secu4all_refuse_update()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for table in IMMUTABLE_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_immutable" + (f" ON {table}" if dialect == "postgresql" else ""))
    if dialect == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS secu4all_refuse_update()")
    for table in ("audit_head", "audit_log", "reviews", "content_snapshots", "assessment_versions", "assessments", "workshops", "users"):
        op.drop_table(table)
