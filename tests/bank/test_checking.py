"""Answer checking by kind: exact about what is right, helpful about what is wrong."""

from __future__ import annotations

import pytest

from tests.bank.helpers import question
from trainer.bank.checking import check_answer, normalise_text
from trainer.bank.errors import AnswerError
from trainer.bank.variants import make_variant

QUARTER = question(
    "numeric",
    answer=0.25,
    tolerance={"abs": 0, "rel": 0.001},
    slips=[{"id": "half", "value": 0.5, "message": {"ja": "半分", "en": "You halved it."}}],
)


@pytest.mark.parametrize("typed", ["0.25", "1/4", "2.5e-1", "25%", " ０．２５ ", "0.2502"])
def test_numeric_accepts_equivalent_forms(typed: str) -> None:
    assert check_answer(make_variant(QUARTER, 0), typed).correct  # type: ignore[arg-type]


def test_numeric_outside_tolerance_is_wrong_with_the_key_once() -> None:
    verdict = check_answer(make_variant(QUARTER, 0), "0.26")  # type: ignore[arg-type]
    assert not verdict.correct
    assert verdict.expected == "0.25"  # the "answer:" line shows the key ...
    assert "0.26" in verdict.message.en and "0.26" in verdict.message.ja
    assert "0.25" not in verdict.message.en + verdict.message.ja  # ... the message does not


def test_numeric_answer_typed_as_a_fraction_is_shown_with_its_value() -> None:
    verdict = check_answer(make_variant(QUARTER, 0), "1/3")  # type: ignore[arg-type]
    assert "1/3 = 0.333333" in verdict.message.en and "0.3333333" not in verdict.message.en


def test_numeric_slip_is_named() -> None:
    verdict = check_answer(make_variant(QUARTER, 0), "1/2")  # type: ignore[arg-type]
    assert not verdict.correct
    assert verdict.slip == "half"
    assert "You halved it." in verdict.message.en and "半分" in verdict.message.ja


def test_numeric_garbage_raises_not_wrong() -> None:
    with pytest.raises(AnswerError):
        check_answer(make_variant(QUARTER, 0), "a quarter")  # type: ignore[arg-type]


CHOICE = question(
    "choice",
    correct=[{"text": {"ja": "正", "en": "right"}}],
    distractors=[
        {
            "text": {"ja": f"誤{i}", "en": f"wrong {i}"},
            "why": {"ja": f"理由{i}", "en": f"reason {i}"},
        }
        for i in range(3)
    ],
)


def test_choice_shuffle_is_reproducible_and_varies() -> None:
    orders = {tuple(c.text.en for c in make_variant(CHOICE, seed).choices) for seed in range(30)}  # type: ignore[arg-type]
    assert len(orders) > 1
    first = make_variant(CHOICE, 7)  # type: ignore[arg-type]
    assert first == make_variant(CHOICE, 7)  # type: ignore[arg-type]


def test_choice_right_label_and_distractor_reason() -> None:
    variant = make_variant(CHOICE, 3)  # type: ignore[arg-type]
    right = next(c for c in variant.choices if c.correct)
    wrong = next(c for c in variant.choices if not c.correct)
    assert check_answer(variant, str(right.label)).correct
    assert check_answer(variant, f"（{right.label}）".replace("（", "(").replace("）", ")")).correct
    verdict = check_answer(variant, str(wrong.label))
    assert not verdict.correct
    assert wrong.why is not None and wrong.why.en in verdict.message.en


@pytest.mark.parametrize("typed", ["5", "0", "x", "1,2", ""])
def test_choice_invalid_labels_raise(typed: str) -> None:
    with pytest.raises(AnswerError):
        check_answer(make_variant(CHOICE, 0), typed)  # type: ignore[arg-type]


def test_multiple_choice_needs_the_exact_set() -> None:
    multi = question(
        "choice",
        multiple=True,
        correct=[
            {"text": {"ja": "重み", "en": "weights"}},
            {"text": {"ja": "バイアス", "en": "biases"}},
        ],
        distractors=[
            {
                "text": {"ja": "学習率", "en": "learning rate"},
                "why": {"ja": "ハイパーパラメータ", "en": "a hyperparameter"},
            }
        ],
    )
    variant = make_variant(multi, 1)  # type: ignore[arg-type]
    right = sorted(c.label for c in variant.choices if c.correct)
    assert check_answer(variant, f"{right[1]}, {right[0]}").correct
    assert check_answer(variant, f"{right[0]} {right[1]}").correct
    verdict = check_answer(variant, str(right[0]))
    assert not verdict.correct and str(right[1]) in verdict.message.en


TANH = question("expression", answer="1 - tanh(x)**2", symbols={"x": [-3, 3]})


@pytest.mark.parametrize(
    "typed",
    [
        "sech(x)**2",
        "1 - tanh(x)^2",
        "1/cosh(x)**2",
        "4/(exp(x) + exp(-x))**2",
        "(1-tanh(x))*(1+tanh(x))",
    ],
)
def test_expression_equivalent_forms_are_right(typed: str) -> None:
    assert check_answer(make_variant(TANH, 0), typed).correct  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["1 - tanh(x)", "tanh(x)**2", "1 + tanh(x)**2", "sech(x)"])
def test_expression_wrong_forms_are_wrong_with_a_point(typed: str) -> None:
    verdict = check_answer(make_variant(TANH, 0), typed)  # type: ignore[arg-type]
    assert not verdict.correct
    assert "x = " in verdict.message.en and "x = " in verdict.message.ja


def test_expression_unknown_symbol_raises() -> None:
    with pytest.raises(AnswerError, match="unknown name 'y'"):
        check_answer(make_variant(TANH, 0), "1 - tanh(y)**2")  # type: ignore[arg-type]


def test_expression_numeric_fallback_decides_when_sympy_cannot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import trainer.bank.symbolic as symbolic

    monkeypatch.setattr(symbolic, "_symbolic_difference_is_zero", lambda a, b: None)
    assert check_answer(make_variant(TANH, 0), "sech(x)**2").correct  # type: ignore[arg-type]
    assert not check_answer(make_variant(TANH, 0), "sech(x)").correct  # type: ignore[arg-type]


TEXT = question(
    "text",
    answer={"ja": "勾配消失問題", "en": "vanishing gradient problem"},
    accept=["勾配消失", "vanishing gradient"],
)


@pytest.mark.parametrize(
    "typed",
    [
        "勾配消失問題",
        "Vanishing Gradient Problem",
        "vanishing  gradient",
        "ＶＡＮＩＳＨＩＮＧ gradient problem",
        "勾配 消失",
    ],
)
def test_text_normalises_case_width_and_spaces(typed: str) -> None:
    assert check_answer(make_variant(TEXT, 0), typed).correct  # type: ignore[arg-type]


def test_text_wrong_answer() -> None:
    verdict = check_answer(make_variant(TEXT, 0), "勾配爆発")  # type: ignore[arg-type]
    assert not verdict.correct and "勾配消失問題" in verdict.expected


def test_normalise_text_folds_width() -> None:
    assert normalise_text("ＲｅＬＵ　関数") == normalise_text("relu関数")
