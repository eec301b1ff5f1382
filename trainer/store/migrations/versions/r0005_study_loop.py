"""The study loop as in Anki: bury until tomorrow, flag a question, mark an overridden verdict.

`buried_until` keeps a card out of the queue until the next study day (bury); `flagged_at` and
`flag_note` mark a question the learner thinks is wrong, for the author to look at; a review's
`overridden` says the learner overruled the checker ("I was right"), so such answers stay
recognisable in the log. Suspension reuses the existing `suspended` column. Only columns are
added (nullable, or with a server default), so SQLite alters the tables in place.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("card", sa.Column("buried_until", sa.DateTime(timezone=True), nullable=True))
    op.add_column("card", sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("card", sa.Column("flag_note", sa.Text(), nullable=True))
    op.add_column(
        "review_log",
        sa.Column("overridden", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    with op.batch_alter_table("review_log") as batch_op:
        batch_op.drop_column("overridden")
    with op.batch_alter_table("card") as batch_op:
        batch_op.drop_column("flag_note")
        batch_op.drop_column("flagged_at")
        batch_op.drop_column("buried_until")
