"""The typed shape of a bank question, as written in YAML.

One pydantic model per answer kind. Models are frozen: a loaded bank never changes. Semantic
checks that need the whole bank (unique ids, known syllabus ids, known generators) live in the
loader; checks that need only one question live here as validators.
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Identifier = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")]
QuestionId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$")]
TopicPath = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(/[a-z0-9_]+)+$")]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]


class Area(StrEnum):
    """The four areas the exam result reports a score for."""

    APPLIED_MATH = "applied_math"
    MACHINE_LEARNING = "machine_learning"
    DEEP_LEARNING = "deep_learning"
    DEV_ENV = "dev_env"


class Kind(StrEnum):
    NUMERIC = "numeric"
    CHOICE = "choice"
    EXPRESSION = "expression"
    TEXT = "text"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(Strict):
    """Text in both languages of the bank: Japanese (the exam's) and English."""

    ja: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


class Source(Strict):
    """Where the question comes from: a seed file and the section (and lines) inside it."""

    seed: NonEmpty
    section: NonEmpty
    note: str | None = None


class Tolerance(Strict):
    """Accept |given - expected| <= max(abs, rel * |expected|)."""

    abs: float = 1e-9
    rel: float = 1e-3

    @field_validator("abs", "rel")
    @classmethod
    def _finite_non_negative(cls, value: float) -> float:
        if not math.isfinite(value) or value < 0:
            raise ValueError("a tolerance must be a finite number >= 0")
        return value

    @field_validator("rel")
    @classmethod
    def _sensible_relative(cls, value: float) -> float:
        if value >= 0.5:
            raise ValueError("a relative tolerance of 0.5 or more accepts almost anything")
        return value

    def accepts(self, expected: float, given: float) -> bool:
        return abs(given - expected) <= max(self.abs, self.rel * abs(expected))


class Slip(Strict):
    """A typical wrong answer with a name: when the learner gives it, the feedback names the slip.

    A fixed question gives the slip's `value`; a parametric one leaves it out and the generator
    computes it for each variant (the `id` must be one the generator knows).
    """

    id: Tag
    value: float | None = None
    message: Localized


class ChoiceOption(Strict):
    """A correct option; `why` (optional) says why it is the key: in a "which is WRONG"
    question, what is false about it. The feedback shows it after a wrong pick."""

    text: Localized
    why: Localized | None = None


class Distractor(Strict):
    text: Localized
    why: Localized


class QuestionBase(Strict):
    id: QuestionId
    # The loader sets `topic` to the question's syllabus section (`trainer.bank.layout`); a path
    # written in the YAML is kept as `legacy_topic`, which `--topic` still accepts as an alias.
    topic: TopicPath = ""
    legacy_topic: TopicPath | None = None
    syllabus: NonEmpty
    area: Area
    difficulty: int = Field(ge=1, le=3)
    tags: tuple[Tag, ...] = ()
    source: Source
    prompt: Localized
    explanation: Localized
    generator: NonEmpty | None = None
    params: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _params_need_generator(self) -> QuestionBase:
        if self.params and self.generator is None:
            raise ValueError("'params' is only allowed together with 'generator'")
        return self

    @property
    def parametric(self) -> bool:
        return self.generator is not None


class NumericQuestion(QuestionBase):
    """`unit` (optional): the unit the prompt asks in ("FPS"); the learner may type it after the
    number (`40 FPS`), or leave it out. One of `trainer.bank.units.UNITS`."""

    kind: Literal["numeric"]
    answer: float | None = None
    tolerance: Tolerance = Tolerance()
    slips: tuple[Slip, ...] = ()
    unit: str | None = None

    @field_validator("unit")
    @classmethod
    def _known_unit(cls, value: str | None) -> str | None:
        from trainer.bank.units import UNITS

        if value is not None and value not in UNITS:
            raise ValueError(f"unknown unit '{value}' (known: {', '.join(UNITS)})")
        return value

    @model_validator(mode="after")
    def _answer_source(self) -> NumericQuestion:
        if self.generator is None:
            if self.answer is None:
                raise ValueError("a numeric question needs 'answer' (or a 'generator')")
            if not math.isfinite(self.answer):
                raise ValueError("'answer' must be a finite number")
            for slip in self.slips:
                if slip.value is None:
                    raise ValueError(f"slip '{slip.id}' needs a 'value' in a fixed question")
        else:
            if self.answer is not None:
                raise ValueError("a parametric question gets its answer from the generator")
            for slip in self.slips:
                if slip.value is not None:
                    raise ValueError(
                        f"slip '{slip.id}' has a 'value', but the generator computes it"
                    )
        return self


class ChoiceQuestion(QuestionBase):
    kind: Literal["choice"]
    correct: tuple[ChoiceOption, ...]
    distractors: tuple[Distractor, ...] = ()
    multiple: bool = False
    shuffle: bool = True

    @model_validator(mode="after")
    def _correct_count(self) -> ChoiceQuestion:
        if not self.correct:
            raise ValueError("a choice question needs at least one correct option")
        if not self.distractors:
            raise ValueError("a choice question needs at least one distractor")
        if not self.multiple and len(self.correct) != 1:
            raise ValueError(
                f"{len(self.correct)} correct options but 'multiple' is false; "
                "set 'multiple: true' or keep exactly one"
            )
        texts = [o.text.en for o in self.correct] + [d.text.en for d in self.distractors]
        seen: set[str] = set()
        for text in texts:
            if text in seen:
                raise ValueError(f"option text appears twice: {text!r}")
            seen.add(text)
        if self.generator is not None:
            raise ValueError("parametric choice questions are not supported yet")
        return self


class ExpressionQuestion(QuestionBase):
    """A symbolic answer, compared with sympy; `symbols` maps each name to a sampling interval."""

    kind: Literal["expression"]
    answer: NonEmpty | None = None
    symbols: dict[Identifier, tuple[float, float]] = Field(default_factory=dict)

    @field_validator("symbols")
    @classmethod
    def _intervals(cls, value: dict[str, tuple[float, float]]) -> dict[str, tuple[float, float]]:
        for name, (low, high) in value.items():
            if not (math.isfinite(low) and math.isfinite(high) and low < high):
                raise ValueError(f"symbol '{name}': interval [{low}, {high}] must have low < high")
        return value

    @model_validator(mode="after")
    def _answer_source(self) -> ExpressionQuestion:
        if self.generator is None and (self.answer is None or not self.symbols):
            raise ValueError("an expression question needs 'answer' and 'symbols'")
        if self.generator is not None and self.answer is not None:
            raise ValueError("a parametric question gets its answer from the generator")
        return self


class TextQuestion(QuestionBase):
    """A short answer; `accept` lists further spellings that count as right."""

    kind: Literal["text"]
    answer: Localized
    accept: tuple[NonEmpty, ...] = ()

    @model_validator(mode="after")
    def _fixed(self) -> TextQuestion:
        if self.generator is not None:
            raise ValueError("text questions cannot be parametric")
        return self


Question = NumericQuestion | ChoiceQuestion | ExpressionQuestion | TextQuestion

MODEL_BY_KIND: dict[str, type[QuestionBase]] = {
    Kind.NUMERIC.value: NumericQuestion,
    Kind.CHOICE.value: ChoiceQuestion,
    Kind.EXPRESSION.value: ExpressionQuestion,
    Kind.TEXT.value: TextQuestion,
}
