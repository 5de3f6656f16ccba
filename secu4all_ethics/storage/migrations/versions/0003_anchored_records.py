"""Records that cannot be replaced: versions and review records store the audit
chain's head at their time (and a MAC when an audit key is configured), audit
entries may carry a MAC, and the database refuses DELETE of audit entries and,
outside the logged deletion of an assessment, of versions and review records.

Rows written before this revision get no anchor and no MAC: `audit verify`
counts them and says so instead of failing.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

from secu4all_ethics.storage.database import require_protected_dialect

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ANCHORED_TABLES = ("assessment_versions", "reviews")
# Deleting versions and review records needs a purge permit for their assessment,
# inserted by the logged deletion in the same transaction; a signed version never goes.
PURGED_ONLY = {
    "assessment_versions": "OLD.status = 'signed_off' OR ",
    "reviews": "OLD.kind = 'sign_off' OR ",
}
NO_PERMIT = "NOT EXISTS (SELECT 1 FROM purge_permits WHERE assessment_id = OLD.assessment_id)"
PURGE_MESSAGE = "rows are deleted only by the logged deletion of their assessment, and never once signed"


def upgrade() -> None:
    # The triggers below exist for SQLite and PostgreSQL only: refuse any other type before creating anything.
    require_protected_dialect(op.get_bind().dialect.name)
    for table in ANCHORED_TABLES:
        op.add_column(table, sa.Column("audit_seq", sa.Integer, nullable=True))
        op.add_column(table, sa.Column("audit_hash", sa.String(64), nullable=True))
        op.add_column(table, sa.Column("mac", sa.String(64), nullable=True))
    op.add_column("audit_log", sa.Column("mac", sa.String(64), nullable=True))
    op.create_table("purge_permits", sa.Column("assessment_id", sa.String(64), primary_key=True))

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        _sqlite_triggers()
    elif dialect == "postgresql":
        _postgresql_triggers()


def _sqlite_triggers() -> None:
    op.execute("CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log rows are never deleted'); END")
    op.execute("CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN SELECT RAISE(ABORT, 'the audit head is never deleted'); END")
    op.execute(
        "CREATE TRIGGER audit_head_advances BEFORE UPDATE ON audit_head WHEN NEW.seq <> OLD.seq + 1 "
        "BEGIN SELECT RAISE(ABORT, 'the audit head only advances by one entry'); END"
    )
    op.execute("CREATE TRIGGER reviews_immutable BEFORE UPDATE ON reviews BEGIN SELECT RAISE(ABORT, 'reviews rows are immutable'); END")
    for table, signed in PURGED_ONLY.items():
        op.execute(
            f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} WHEN {signed}{NO_PERMIT} BEGIN SELECT RAISE(ABORT, '{table} {PURGE_MESSAGE}'); END"
        )


def _postgresql_triggers() -> None:
    op.execute(
        "CREATE FUNCTION secu4all_refuse_delete() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
    )
    op.execute(
        "CREATE FUNCTION secu4all_head_advances() RETURNS trigger AS $$ "
        "BEGIN IF NEW.seq <> OLD.seq + 1 THEN RAISE EXCEPTION 'the audit head only advances by one entry'; END IF; "
        "RETURN NEW; END; $$ LANGUAGE plpgsql"
    )
    for table in ("audit_log", "audit_head"):
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION secu4all_refuse_delete()")
    op.execute("CREATE TRIGGER audit_head_advances BEFORE UPDATE ON audit_head FOR EACH ROW EXECUTE FUNCTION secu4all_head_advances()")
    op.execute("CREATE TRIGGER reviews_immutable BEFORE UPDATE ON reviews FOR EACH ROW EXECUTE FUNCTION secu4all_refuse_update()")
    for table, signed in PURGED_ONLY.items():
        op.execute(
            f"CREATE FUNCTION secu4all_{table}_purge_only() RETURNS trigger AS $$ "
            f"BEGIN IF {signed}{NO_PERMIT} THEN RAISE EXCEPTION '{table} {PURGE_MESSAGE}'; END IF; "
            "RETURN OLD; END; $$ LANGUAGE plpgsql"
        )
        op.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} FOR EACH ROW EXECUTE FUNCTION secu4all_{table}_purge_only()")
    # TRUNCATE skips row triggers: refuse it on every guarded table.
    op.execute(
        "CREATE FUNCTION secu4all_refuse_truncate() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '% is never truncated', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql"
    )
    for table in ("audit_log", "audit_head", "assessment_versions", "reviews"):
        op.execute(f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION secu4all_refuse_truncate()")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    on = (lambda table: f" ON {table}") if dialect == "postgresql" else (lambda table: "")
    triggers = [
        ("audit_log_no_delete", "audit_log"),
        ("audit_head_no_delete", "audit_head"),
        ("audit_head_advances", "audit_head"),
        ("reviews_immutable", "reviews"),
        ("assessment_versions_no_delete", "assessment_versions"),
        ("reviews_no_delete", "reviews"),
    ]
    if dialect == "postgresql":
        triggers += [(f"{table}_no_truncate", table) for table in ("audit_log", "audit_head", "assessment_versions", "reviews")]
    for name, table in triggers:
        op.execute(f"DROP TRIGGER IF EXISTS {name}{on(table)}")
    if dialect == "postgresql":
        for function in (
            "secu4all_refuse_delete",
            "secu4all_head_advances",
            "secu4all_refuse_truncate",
            "secu4all_assessment_versions_purge_only",
            "secu4all_reviews_purge_only",
        ):
            op.execute(f"DROP FUNCTION IF EXISTS {function}()")
    op.drop_table("purge_permits")
    op.drop_column("audit_log", "mac")
    for table in ANCHORED_TABLES:
        for column in ("mac", "audit_hash", "audit_seq"):
            op.drop_column(table, column)
