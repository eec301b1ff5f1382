"""`trainer db recount`: the tallies rebuilt from the log equal the ones kept while recording."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from tests.store.test_migrations import record_around_midnights
from trainer.cli import main
from trainer.store.repository import Store
from trainer.store.tally import recount


def _tallies(engine: Engine) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    with engine.connect() as connection:
        quarters = connection.execute(
            text("SELECT * FROM review_tally ORDER BY user_id, starts_at")
        ).all()
        bands = connection.execute(text("SELECT * FROM recall_tally ORDER BY user_id, band")).all()
    return [tuple(r) for r in quarters], [(*r[:4], round(r[4], 9)) for r in bands]


def test_recounting_gives_back_what_recording_counted(any_engine: Engine) -> None:
    engine = any_engine  # SQLite and PostgreSQL (each dialect has its own upserts)
    store = Store(engine)
    record_around_midnights(store)
    kept = _tallies(engine)
    assert kept[0] and kept[1]  # both tallies have rows to compare
    with engine.begin() as connection:  # damage them: a lost row, a wrong count
        connection.execute(
            text(
                "DELETE FROM review_tally"
                " WHERE starts_at = (SELECT min(starts_at) FROM review_tally)"
            )
        )
        connection.execute(text("UPDATE recall_tally SET reviews = reviews + 5"))
    assert _tallies(engine) != kept

    with store.writing() as session:
        reviews, quarters, bands = recount(session)

    assert reviews == 40 and (quarters, bands) == (len(kept[0]), len(kept[1]))
    assert _tallies(engine) == kept


def test_db_recount_command(
    engine: Engine, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record_around_midnights(Store(engine))
    kept = _tallies(engine)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM review_tally"))

    assert main(["db", "recount", "--db", f"sqlite:///{db_path}", "--lang", "en"]) == 0

    out = capsys.readouterr().out
    assert f"40 reviews recounted into {len(kept[0])} quarter-hour tallies" in out
    assert _tallies(engine) == kept
