"""Every named slip of every shipped parametric question lies outside the key's tolerance.

A slip inside the tolerance is a mistake the checker calls right (forgetting tanh in an LSTM
whose cell value sits in tanh's linear range). The variant quietly drops such a slip, so this
test runs the generator itself, over many seeds, and judges each slip's value with the checker.
A slip that gives exactly the key is no mistake on that draw and is skipped, but every named slip
must differ from the key on some seed.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from trainer.bank.checking import check_answer
from trainer.bank.generators import get_generator
from trainer.bank.generators.registry import same_number
from trainer.bank.loader import Bank, collect
from trainer.bank.schema import NumericQuestion, Tolerance
from trainer.bank.variants import make_variant, rng_for

SEEDS = range(200)


@cache
def shipped() -> Bank:
    bank, problems = collect()
    assert not problems, "\n".join(map(str, problems))
    return bank


def with_named_slips() -> list[str]:
    return [
        q.id
        for q in shipped().questions.values()
        if isinstance(q, NumericQuestion) and q.parametric and q.slips
    ]


def slips_inside_tolerance(question: NumericQuestion, seeds: range) -> tuple[list[str], set[str]]:
    """'seed, slip, value, key' for each named slip the checker would accept as the key, and the
    named slips that showed (differed from the key) on some seed."""
    assert question.generator is not None
    spec = get_generator(question.generator)
    named = {slip.id for slip in question.slips}
    found: list[str] = []
    shown: set[str] = set()
    for seed in seeds:
        generated = spec.run(rng_for(question.id, seed), question.params)
        key = generated.answer
        assert isinstance(key, float)
        # A slip that gives the key exactly is no mistake on this draw (no remainder to floor).
        computed = {
            name: value
            for name, value in generated.slips.items()
            if name in named and not same_number(value, key)
        }
        if not computed:
            continue
        shown.update(computed)
        variant = make_variant(question, seed)
        assert variant.number == key, "the variant must use the same draw"
        # The app drops a slip inside the tolerance; judge each one as if it had stayed.
        judged = replace(variant, slips=())
        for name, value in computed.items():
            if check_answer(judged, repr(value)).correct:
                found.append(f"seed {seed}: slip {name!r} = {value!r}, key {key!r}")
    return found, shown


def test_the_bank_has_questions_with_named_slips() -> None:
    assert len(with_named_slips()) >= 100


@pytest.mark.parametrize("question_id", with_named_slips())
def test_every_named_slip_is_judged_wrong(question_id: str) -> None:
    question = shipped().questions[question_id]
    assert isinstance(question, NumericQuestion)
    found, shown = slips_inside_tolerance(question, SEEDS)
    assert not found, f"{question_id} (tolerance {question.tolerance}):\n" + "\n".join(found[:10])
    never = sorted({slip.id for slip in question.slips} - shown)
    assert not never, f"{question_id}: named slips that never differ from the key: {never}"


def test_a_slip_inside_the_tolerance_is_reported() -> None:
    """The check can fail: with a tolerance as wide as the slip's distance, it reports the slip."""
    question = shipped().questions["fnd.lstm-hidden-state"]
    assert isinstance(question, NumericQuestion)
    loose = question.model_copy(update={"tolerance": Tolerance(abs=10.0, rel=0.0)})
    found, _ = slips_inside_tolerance(loose, range(3))
    assert sum("'no-tanh'" in line for line in found) == 3
