"""Review records say whether the reviewer was authenticated, so a signature
given in sign-in mode `none` can be printed as self-declared.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing rows predate the record: they are taken as not authenticated,
    # which is the cautious reading of a signature whose origin is unknown.
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("reviewer_authenticated", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("reviewer_authenticated")
