"""The learner's own FSRS parameters (`trainer optimize`): one row per fit, with its figures.

One new table; nothing else changes.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fsrs_parameters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parameters", sa.JSON(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("items", sa.Integer(), nullable=False),
        sa.Column("log_loss", sa.Float(), nullable=False),
        sa.Column("rmse_bins", sa.Float(), nullable=False),
        sa.Column("default_log_loss", sa.Float(), nullable=False),
        sa.Column("default_rmse_bins", sa.Float(), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user.id"],
            name=op.f("fk_fsrs_parameters_user_id_user"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_fsrs_parameters")),
    )
    op.create_index(
        "ix_fsrs_parameters_user_id_fitted_at", "fsrs_parameters", ["user_id", "fitted_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_fsrs_parameters_user_id_fitted_at", table_name="fsrs_parameters")
    op.drop_table("fsrs_parameters")
