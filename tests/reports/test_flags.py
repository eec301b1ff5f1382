"""`trainer.reports.flags`: the flagged questions with their notes, and the report's line."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from trainer.reports.flags import FlaggedQuestion, flagged_line, load_flagged
from trainer.store import cards
from trainer.store.repository import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_flagged_questions_oldest_first_with_notes(store: Store) -> None:
    ann, bob = store.user_id("ann"), store.user_id("bob")
    assert load_flagged(store, ann) == [] and flagged_line([]) is None
    cards.flag(store, ann, "q.b", NOW + timedelta(minutes=1), "two right options")
    cards.flag(store, ann, "q.a", NOW)
    cards.flag(store, ann, "q.c", NOW)
    cards.unflag(store, ann, "q.c")
    cards.flag(store, bob, "q.z", NOW)
    flagged = load_flagged(store, ann)
    assert flagged == [
        FlaggedQuestion("q.a", NOW, None),
        FlaggedQuestion("q.b", NOW + timedelta(minutes=1), "two right options"),
    ]
    assert flagged[1].as_json() == {
        "id": "q.b",
        "flagged_at": "2026-11-20T09:01:00+00:00",
        "note": "two right options",
    }
    line = flagged_line(flagged, "en")
    assert line is not None and ": 2 (q.a, q.b (two right options));" in line
    assert "Flagged as possibly wrong" in line and "trainer cards list --state flagged" in line
    japanese = flagged_line(flagged, "ja")
    assert japanese is not None and japanese.startswith("誤りの可能性ありとした問題: 2（q.a")
    assert "Flagged" not in japanese
