"""Moving the bank's files into the syllabus tree changed nothing a learner has.

The listing was recorded before the move (see `move_listing.py`): the same question ids, the same
questions, and for every question the same variants at several seeds. Reviews in an existing
database name questions by id, so they keep pointing at the same questions.
"""

from __future__ import annotations

import json

from tests.bank.move_listing import LISTING, listing
from tests.bank.test_shipped_bank import shipped


def test_every_question_id_stays_and_its_variants_are_unchanged() -> None:
    recorded = json.loads(LISTING.read_text(encoding="utf-8"))
    now = listing(shipped())
    lost = sorted(set(recorded) - set(now))
    assert not lost, f"question ids lost: {lost}"
    changed = [qid for qid in recorded if now[qid] != recorded[qid]]
    assert not changed, f"{len(changed)} questions changed, e.g. {changed[:5]}"
