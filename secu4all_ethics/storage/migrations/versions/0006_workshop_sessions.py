"""Workshops become sessions a facilitator runs from a scenario card (issue #16): the card and
settings, the phase, a join code, a timer and the facilitator's conclusion on `workshops`; the
participants (a pseudonym and the hash of their token, no account) and their inputs per round in
two new tables that closing or expiry empties.

Workshops made before (no card) keep their rows: no join code, phase `reveal_1` when they were
revealed, `joining` otherwise, and `revealed` stays for the assessments filed in them.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def new_workshop_columns() -> list[sa.Column]:
    return [
        sa.Column("card_id", sa.String(64), nullable=True),
        sa.Column("card_version", sa.String(20), nullable=True),
        sa.Column("language", sa.String(2), nullable=False, server_default="en"),
        sa.Column("weighting_mode", sa.String(10), nullable=False, server_default="pillars"),
        sa.Column("scores_adjustable", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("rounds", sa.Integer, nullable=False, server_default="1"),
        sa.Column("expires_at", sa.String(40), nullable=True),
        sa.Column("phase", sa.String(10), nullable=False, server_default="joining"),
        sa.Column("timer_ends_at", sa.String(40), nullable=True),
        sa.Column("join_code", sa.String(6), nullable=True),
        sa.Column("conclusion", sa.Text, nullable=False, server_default=""),
        sa.Column("facilitator_authenticated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("closed_at", sa.String(40), nullable=True),
    ]


def upgrade() -> None:
    # Plain ADD COLUMNs on both databases; the code's uniqueness is an index, which SQLite can add
    # without copying the table (NULL codes of older workshops do not collide).
    for column in new_workshop_columns():
        op.add_column("workshops", column)
    op.create_index("ux_workshops_join_code", "workshops", ["join_code"], unique=True)
    op.execute("UPDATE workshops SET phase = 'reveal_1' WHERE revealed = " + ("true" if op.get_bind().dialect.name == "postgresql" else "1"))
    op.create_table(
        "workshop_participants",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.String(64), sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("pseudonym", sa.String(40), nullable=False),
        sa.Column("pseudonym_key", sa.String(200), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("workshop_id", "pseudonym_key", name="uq_workshop_pseudonym"),
    )
    op.create_table(
        "workshop_inputs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("participant_id", sa.String(32), sa.ForeignKey("workshop_participants.id", ondelete="CASCADE"), nullable=False),
        sa.Column("round", sa.Integer, nullable=False),
        sa.Column("input", sa.Text, nullable=False),
        sa.Column("submitted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("participant_id", "round", name="uq_participant_round"),
    )


def downgrade() -> None:
    op.drop_table("workshop_inputs")
    op.drop_table("workshop_participants")
    op.drop_index("ux_workshops_join_code", table_name="workshops")
    with op.batch_alter_table("workshops") as batch:
        for column in reversed(new_workshop_columns()):
            batch.drop_column(column.name)
