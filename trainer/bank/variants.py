"""A variant is one concrete rendering of a question for one seed: the text shown and the key.

Same question + same seed gives the same variant, always: the random generator is seeded with
both, and nothing else (time, global random state) is read.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from trainer.bank import english
from trainer.bank.schema import (
    ChoiceQuestion,
    ExpressionQuestion,
    Localized,
    NumericQuestion,
    Question,
    TextQuestion,
    Tolerance,
)


def text(ja: str, en: str) -> Localized:
    """A Localized built without re-validation: variants are made on a hot path."""
    return Localized.model_construct(ja=ja, en=en)


@dataclass(frozen=True)
class ShownChoice:
    label: int  # 1-based, in the order shown
    text: Localized
    correct: bool
    why: Localized | None  # why a distractor is wrong, or why the key is the key


@dataclass(frozen=True)
class NamedSlip:
    id: str
    value: float
    message: Localized


@dataclass(frozen=True)
class Variant:
    question_id: str
    kind: str
    seed: int
    params: dict[str, Any]
    prompt: Localized
    explanation: Localized
    # The key, by kind: numeric value; expression text; text answers; the shown choices.
    number: float | None = None
    tolerance: Tolerance | None = None
    slips: tuple[NamedSlip, ...] = ()
    expression: str | None = None
    symbols: dict[str, tuple[float, float]] = field(default_factory=dict)
    text_answer: Localized | None = None
    accepted: tuple[str, ...] = ()
    choices: tuple[ShownChoice, ...] = ()
    multiple: bool = False
    unit: str | None = None  # a numeric key's unit, which the learner may type after the number

    def answer_json(self) -> Any:
        """The expected answer as plain JSON: number, expression string, labels or text."""
        if self.kind == "numeric":
            return self.number
        if self.kind == "expression":
            return self.expression
        if self.kind == "choice":
            return [c.label for c in self.choices if c.correct]
        assert self.text_answer is not None
        return {"ja": self.text_answer.ja, "en": self.text_answer.en}


def rng_for(question_id: str, seed: int) -> random.Random:
    """The one source of randomness for a variant (str seeding is stable across runs)."""
    return random.Random(f"{question_id}#{seed}")


def make_variant(question: Question, seed: int) -> Variant:
    variant = _make_variant(question, seed)
    if question.stem or question.formula or question.listing or question.stem_listing:
        from dataclasses import replace

        from trainer.bank.blanks import compose

        shown = compose(
            variant.prompt, question.stem, question.formula, question.listing, question.stem_listing
        )
        return replace(variant, prompt=shown)
    return variant


def _make_variant(question: Question, seed: int) -> Variant:
    rng = rng_for(question.id, seed)
    if isinstance(question, ChoiceQuestion):
        return _choice_variant(question, seed, rng)
    if isinstance(question, TextQuestion):
        return Variant(
            question.id,
            "text",
            seed,
            {},
            question.prompt,
            question.explanation,
            text_answer=question.answer,
            accepted=question.accept,
        )
    if question.generator is None:
        return _fixed_variant(question, seed)
    return _generated_variant(question, seed, rng)


def _fixed_variant(question: NumericQuestion | ExpressionQuestion, seed: int) -> Variant:
    if isinstance(question, NumericQuestion):
        assert question.answer is not None
        slips = tuple(
            NamedSlip(s.id, s.value, s.message) for s in question.slips if s.value is not None
        )
        return Variant(
            question.id,
            "numeric",
            seed,
            {},
            question.prompt,
            question.explanation,
            number=question.answer,
            tolerance=question.tolerance,
            slips=slips,
            unit=question.unit,
        )
    return Variant(
        question.id,
        "expression",
        seed,
        {},
        question.prompt,
        question.explanation,
        expression=question.answer,
        symbols=dict(question.symbols),
    )


def _generated_variant(
    question: NumericQuestion | ExpressionQuestion, seed: int, rng: random.Random
) -> Variant:
    from trainer.bank.generators import get_generator  # only parametric questions need them

    assert question.generator is not None
    spec = get_generator(question.generator)
    generated = spec.run(rng, question.params)
    fields = english.fields(generated.values)  # {k:th}, {n:# update}, {H:a}: english.py
    if isinstance(question, NumericQuestion) and isinstance(generated.answer, float):
        _key_in_explanation(fields, generated.answer, question.tolerance)
    prompt = text(question.prompt.ja.format_map(fields), question.prompt.en.format_map(fields))
    explanation = text(
        question.explanation.ja.format_map(fields), question.explanation.en.format_map(fields)
    )
    if isinstance(question, NumericQuestion):
        assert isinstance(generated.answer, float)
        slips = tuple(
            NamedSlip(s.id, generated.slips[s.id], s.message)
            for s in question.slips
            if s.id in generated.slips
            and not question.tolerance.accepts(generated.answer, generated.slips[s.id])
        )
        return Variant(
            question.id,
            "numeric",
            seed,
            dict(generated.params),
            prompt,
            explanation,
            number=generated.answer,
            tolerance=question.tolerance,
            slips=slips,
            unit=question.unit,
        )
    assert isinstance(generated.answer, str)
    return Variant(
        question.id,
        "expression",
        seed,
        dict(generated.params),
        prompt,
        explanation,
        expression=generated.answer,
        symbols=dict(generated.symbols),
    )


def _key_in_explanation(
    fields: dict[str, english.Field], answer: float, tolerance: Tolerance
) -> None:
    """{answer} in a template reads as the key is shown ("answer: 0.564", not 0.5641)."""
    from trainer.bank.numbers import format_key

    drawn = fields.get("answer")
    try:
        near = drawn is not None and tolerance.accepts(answer, float(drawn))
    except ValueError:
        return  # an answer field that is not the bare number
    if near:
        fields["answer"] = english.Field(format_key(answer, tolerance.abs, tolerance.rel))


def _choice_variant(question: ChoiceQuestion, seed: int, rng: random.Random) -> Variant:
    options: list[tuple[Localized, bool, Localized | None]] = [
        (o.text, True, o.why) for o in question.correct
    ] + [(d.text, False, d.why) for d in question.distractors]
    if question.shuffle:
        rng.shuffle(options)
    shown = tuple(
        ShownChoice(i, option, correct, why)
        for i, (option, correct, why) in enumerate(options, start=1)
    )
    return Variant(
        question.id,
        "choice",
        seed,
        {"order": [c.label for c in shown]},
        question.prompt,
        question.explanation,
        choices=shown,
        multiple=question.multiple,
    )
