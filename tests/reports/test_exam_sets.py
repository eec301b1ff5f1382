"""The mock exam asks item sets as the exam does (whole, items one after another, in order) and
code items of a framework only for the candidate who chose it."""

from __future__ import annotations

import pytest

from tests.bank.test_shipped_bank import shipped
from trainer.study.exam import draw_exam


@pytest.mark.parametrize("seed", range(12))
def test_a_drawn_set_comes_whole_and_in_order(seed: int) -> None:
    bank = shipped()
    picks = draw_exam(bank, 60, seed)
    ids = [p.question.id for p in picks]
    assert len(ids) == len(set(ids)) and 60 - 3 <= len(ids) <= 60
    for set_id, items in bank.sets.items():
        drawn = [i for i in ids if bank.questions[i].item_set == set_id]
        if drawn:
            assert tuple(drawn) == items  # whole, in the set's order...
            start = ids.index(items[0])
            assert tuple(ids[start : start + len(items)]) == items  # ...and consecutive


def test_every_set_can_be_drawn_whole() -> None:
    bank = shipped()
    ids = [p.question.id for p in draw_exam(bank, len(bank.questions), 3)]
    for items in bank.sets.values():
        start = ids.index(items[0])
        assert tuple(ids[start : start + len(items)]) == items


def test_framework_items_only_for_the_framework_chosen() -> None:
    bank = shipped()
    everything = len(bank.questions)
    chosen = {p.question.id for p in draw_exam(bank, everything, 1, framework="pytorch")}
    numpy_only = {p.question.id for p in draw_exam(bank, everything, 1, framework="none")}
    pytorch = {
        q.id for q in bank.questions.values() if q.framework and q.framework.value == "pytorch"
    }
    numpy = {q.id for q in bank.questions.values() if q.framework and q.framework.value == "numpy"}
    assert pytorch and pytorch <= chosen and not pytorch & numpy_only
    assert numpy <= chosen and numpy <= numpy_only
    with pytest.raises(ValueError, match="framework"):
        draw_exam(bank, 10, 1, framework="tensorflow")
