"""Assessments can be archived: kept with every version, but left out of the Start page's
list unless the user asks to see them (issue #15 point 5).

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A plain ADD COLUMN on both databases (SQLite's batch mode would copy the table). Existing
    # assessments are not archived.
    op.add_column("assessments", sa.Column("archived", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as batch:
        batch.drop_column("archived")
