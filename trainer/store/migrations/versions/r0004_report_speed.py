"""Reports without scanning the review log: days since the previous review, tallies per quarter.

A report grouped all of a learner's reviews by day and found each review's predecessor with a
window function (true retention counts interday reviews: the card's previous review was on an
earlier UTC day); on 500,000 reviews that was most of its second. Now each review stores the days
since its card's previous one (`elapsed_days`), and `review_tally` keeps per user and UTC quarter
hour the reviews, correct answers, interday reviews and interday passes, counted as reviews are
recorded. History, heatmap, streaks and retention read the tallies. Both are backfilled here
from the log with the same definitions.

Each review also stores FSRS's predicted recall at that moment (`predicted_recall`), and
`recall_tally` counts interday reviews per tenth of predicted recall: the scheduler's
calibration. Old reviews are not replayed to predict them (a migration should not run the
scheduler of the day), so calibration starts with the reviews recorded from this version on.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# UTC days between a review and the previous review of its card, as each dialect spells it.
DAYS = {
    "sqlite": (
        "CAST(julianday(substr(reviewed_at, 1, 10))"
        " - julianday(substr(lag(reviewed_at) OVER history, 1, 10)) AS INTEGER)"
    ),
    "postgresql": (
        "CAST(timezone('UTC', reviewed_at) AS date)"
        " - CAST(timezone('UTC', lag(reviewed_at) OVER history) AS date)"
    ),
}
BACKFILL_DAYS = """
UPDATE review_log SET elapsed_days = prior.days
FROM (
    SELECT id, {days} AS days FROM review_log
    WINDOW history AS (PARTITION BY card_id ORDER BY reviewed_at, id)
) AS prior
WHERE prior.id = review_log.id AND prior.days IS NOT NULL
"""

# The UTC quarter hour a review falls in, in the form each dialect stores an instant.
QUARTER = {
    "sqlite": (  # SQLAlchemy's SQLite DateTime text: 'YYYY-MM-DD HH:MM:SS.ffffff'
        "substr(reviewed_at, 1, 14)"
        " || printf('%02d', CAST(substr(reviewed_at, 15, 2) AS INTEGER) / 15 * 15)"
        r" || '\:00.000000'"  # a backslash keeps text() from reading :00 as a parameter
    ),
    "postgresql": (
        "timezone('UTC', date_trunc('hour', timezone('UTC', reviewed_at))"
        " + floor(extract(minute FROM timezone('UTC', reviewed_at)) / 15) * interval '15 minutes')"
    ),
}
BACKFILL_TALLY = """
INSERT INTO review_tally (user_id, starts_at, reviews, correct, interday, interday_passed)
SELECT card.user_id, {quarter} AS quarter, count(*),
       sum(CASE WHEN review_log.correct THEN 1 ELSE 0 END),
       sum(CASE WHEN review_log.elapsed_days > 0 THEN 1 ELSE 0 END),
       sum(CASE WHEN review_log.elapsed_days > 0 AND review_log.rating > 1 THEN 1 ELSE 0 END)
FROM review_log JOIN card ON card.id = review_log.card_id
GROUP BY card.user_id, quarter
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.add_column("review_log", sa.Column("elapsed_days", sa.Integer(), nullable=True))
    op.add_column("review_log", sa.Column("predicted_recall", sa.Float(), nullable=True))
    op.execute(sa.text(BACKFILL_DAYS.format(days=DAYS.get(dialect, DAYS["postgresql"]))))
    op.create_table(
        "review_tally",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("interday", sa.Integer(), nullable=False),
        sa.Column("interday_passed", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_review_tally_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "starts_at", name=op.f("pk_review_tally")),
    )
    op.execute(sa.text(BACKFILL_TALLY.format(quarter=QUARTER.get(dialect, QUARTER["postgresql"]))))
    op.create_table(
        "recall_tally",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("reviews", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Integer(), nullable=False),
        sa.Column("predicted", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_recall_tally_user_id_user"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "band", name=op.f("pk_recall_tally")),
    )


def downgrade() -> None:
    op.drop_table("recall_tally")
    op.drop_table("review_tally")
    with op.batch_alter_table("review_log") as batch_op:
        batch_op.drop_column("predicted_recall")
        batch_op.drop_column("elapsed_days")
