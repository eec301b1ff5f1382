"""Leech flag on cards, a guard on the counters, and an index for "what is due".

`suspended` marks a leech (a card lapsed 8 times) so the queue stops repeating it. Adding a CHECK
constraint makes SQLite rebuild `card` (batch "move and copy"), the parent of `review_log`: the
case where foreign keys must be off, or every review would be cascade-deleted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("card") as batch_op:
        batch_op.add_column(
            sa.Column("suspended", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_check_constraint(
            op.f("ck_card_counts_not_negative"), "reps >= 0 AND lapses >= 0"
        )
        batch_op.create_index("ix_card_user_id_due", ["user_id", "due"])


def downgrade() -> None:
    with op.batch_alter_table("card") as batch_op:
        batch_op.drop_index("ix_card_user_id_due")
        batch_op.drop_constraint(op.f("ck_card_counts_not_negative"), type_="check")
        batch_op.drop_column("suspended")
