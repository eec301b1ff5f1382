"""Expression answers: numbers decide first, sympy only where they cannot (it is slow to load)."""

from __future__ import annotations

import pytest

from tests.bank.helpers import question
from tests.conftest import modules_after
from trainer.bank.checking import check_answer
from trainer.bank.variants import make_variant

ROOT_X = question("expression", answer="x", symbols={"x": [-2, 2]})


def test_right_and_clearly_wrong_answers_are_checked_without_sympy() -> None:
    loaded = modules_after(
        "from trainer.bank.loader import load_bank\n"
        "from trainer.bank.checking import check_answer\n"
        "from trainer.bank.variants import make_variant\n"
        "v = make_variant(load_bank().questions['fam.bptt-tanh-derivative'], 0)\n"
        "assert check_answer(v, 'sech(x)**2').correct\n"
        "assert check_answer(v, '4/(exp(x) + exp(-x))**2').correct\n"
        "assert not check_answer(v, 'sech(x)').correct\n"
        "assert not check_answer(v, '1 - tanh(x)').correct"
    )
    assert "sympy" not in loaded


def test_sympy_still_decides_where_the_answer_is_undefined_at_a_sample_point() -> None:
    # sqrt(x)**2 cannot be evaluated in floats for x < 0, but it is x.
    assert check_answer(make_variant(ROOT_X, 0), "sqrt(x)**2").correct  # type: ignore[arg-type]


def test_without_a_proof_an_undefined_point_is_a_counterexample(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trainer.bank.symbolic as symbolic

    monkeypatch.setattr(symbolic, "_symbolic_difference_is_zero", lambda a, b: None)
    verdict = check_answer(make_variant(ROOT_X, 0), "sqrt(x)**2")  # type: ignore[arg-type]
    assert not verdict.correct
