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


class Style(StrEnum):
    """The shape of an item on the exam paper (exam.md §1): recall, a calculation, a formula or
    a code listing with blanks (あ)(い)… to fill."""

    KNOWLEDGE = "knowledge"
    CALCULATION = "calculation"
    FORMULA_BLANK = "formula-blank"
    CODE_BLANK = "code-blank"


class Framework(StrEnum):
    """The library a code item is written against; the exam asks NumPy of everyone and one
    framework of the candidate's choosing (PyTorch here)."""

    NUMPY = "numpy"
    PYTORCH = "pytorch"


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


def _text_from_fills(data: Any) -> Any:
    """An option of a blank question may give only `fills`; it then reads as its fragments."""
    if isinstance(data, dict) and "text" not in data and isinstance(data.get("fills"), dict):
        from trainer.bank.blanks import fills_text

        fills = {str(k): str(v) for k, v in data["fills"].items()}
        text = fills_text(fills) if fills else ""
        return {**data, "text": {"ja": text, "en": text}}
    return data


Fills = dict[Annotated[str, StringConstraints(pattern=r"^[あいうえおかきくけこ]$")], str]


class ChoiceOption(Strict):
    """A correct option; `why` (optional) says why it is the key: in a "which is WRONG"
    question, what is false about it. The feedback shows it after a wrong pick. In a blank
    question, `fills` gives the fragment for each blank (see trainer.bank.blanks)."""

    text: Localized
    why: Localized | None = None
    fills: Fills | None = None

    _from_fills = model_validator(mode="before")(_text_from_fills)


class Distractor(Strict):
    """A wrong option. In a code-blank question, `fails` names how it fails when run: the
    exception it raises (`ValueError`) or the check it does not pass (tests prove it)."""

    text: Localized
    why: Localized
    fills: Fills | None = None
    fails: NonEmpty | None = None

    _from_fills = model_validator(mode="before")(_text_from_fills)


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
    style: Style | None = None  # unset: calculation for numeric and expression, else knowledge
    framework: Framework | None = None
    listing: NonEmpty | None = None  # code shown with the prompt, blanks marked (あ)…
    formula: Localized | None = None  # a formula block shown with the prompt, blanks marked
    check: NonEmpty | None = None  # test-only Python proving the key (tests/bank/blank_harness)
    # Set by the loader for an item of a set (never written in an item): the set and its stem.
    item_set: str | None = None
    stem: Localized | None = None
    stem_listing: str | None = None
    # Former ids of questions merged into this one: a learner's cards and reviews kept under them
    # follow this question, and an id typed by a learner resolves to it (the loader checks them).
    aliases: tuple[QuestionId, ...] | None = None

    @model_validator(mode="after")
    def _params_need_generator(self) -> QuestionBase:
        if self.params and self.generator is None:
            raise ValueError("'params' is only allowed together with 'generator'")
        return self

    @property
    def parametric(self) -> bool:
        return self.generator is not None

    @property
    def shape(self) -> Style:
        """The item's style on the paper, stated or implied by its kind."""
        if self.style is not None:
            return self.style
        if self.kind in ("numeric", "expression"):  # type: ignore[attr-defined]
            return Style.CALCULATION
        return Style.KNOWLEDGE


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
        self._check_blanks()
        return self

    def _check_blanks(self) -> None:
        """A blank question names its blanks in its listing or formula, every option fills all
        of them, and (code) every distractor says how it fails; the test suite runs `check`."""
        from trainer.bank.blanks import blanks_in

        blank_style = self.style in (Style.CODE_BLANK, Style.FORMULA_BLANK)
        if not blank_style:
            if self.check is not None:
                raise ValueError("'check' belongs to code-blank and formula-blank questions")
            return
        if self.style is Style.CODE_BLANK:
            if self.listing is None or self.framework is None:
                raise ValueError("a code-blank question needs 'listing' and 'framework'")
            blanks = blanks_in(self.listing)
        else:
            if self.formula is None:
                raise ValueError("a formula-blank question needs 'formula'")
            blanks = blanks_in(self.formula.ja, self.formula.en)
        if not blanks:
            raise ValueError("no blank marked (あ), (い), … in the listing or formula")
        if self.check is None:
            raise ValueError("a blank question needs 'check' (test-only code proving the key)")
        options: list[ChoiceOption | Distractor] = [*self.correct, *self.distractors]
        for option in options:
            keys = sorted(option.fills) if option.fills is not None else blanks[:1]
            if option.fills is None and len(blanks) > 1:
                raise ValueError(f"option {option.text.en!r} needs 'fills' for {blanks}")
            if sorted(keys) != sorted(blanks):
                raise ValueError(f"option {option.text.en!r} fills {keys}, the blanks are {blanks}")
        if self.style is Style.CODE_BLANK:
            for distractor in self.distractors:
                if distractor.fails is None:
                    raise ValueError(
                        f"distractor {distractor.text.en!r} needs 'fails': the exception it "
                        "raises or the check it fails"
                    )


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


class ItemSet(Strict):
    """Several items around one stem (a case, a listing, a table), asked as the exam does:
    each item shown with the stem; a mock exam draws the set whole, its items consecutive."""

    set: QuestionId
    stem: Localized
    listing: NonEmpty | None = None
    items: list[dict[str, Any]] = Field(min_length=2, max_length=4)


MODEL_BY_KIND: dict[str, type[QuestionBase]] = {
    Kind.NUMERIC.value: NumericQuestion,
    Kind.CHOICE.value: ChoiceQuestion,
    Kind.EXPRESSION.value: ExpressionQuestion,
    Kind.TEXT.value: TextQuestion,
}
