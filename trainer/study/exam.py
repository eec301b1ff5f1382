"""`ExamSession`: one timed mock exam as a service, for the line mode and the TUI alike.

The picks come from `trainer.reports.exam.draw` (by weight, spread over the four areas). Nothing
is judged aloud while the exam runs: `answer` records the answer as a review at once (wrong =
Again, right = Good) and moves on, `skip` moves on without recording, and `finish` scores the
whole attempt per area, saves it and lists what was missed with the key and the explanation.

Skipped items come back, as on the real computer-based exam: the first pass asks every item in
order; when it ends with items unanswered, a second pass asks those again in their original
order, then a third those still unanswered, and so on. An answered item is never asked again
(its review is already recorded). The asking ends when no item is left unanswered, or when a
revisiting pass (the second or later) answered none of its items: every one was skipped again.
The time limit is the front ends' to enforce between items (`expired`); `answer` refuses late
answers. The wall clock (review and attempt times) and the monotonic clock (the time limit) are
injectable.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from trainer.study.session import utcnow

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.variants import Variant
    from trainer.reports.exam import ExamPick, ExamScore
    from trainer.reports.rows import QuestionMeta
    from trainer.scheduling import Scheduler
    from trainer.store.repository import Store


class ExamOver(Exception):
    """An answer came after the time limit (or after `finish`): it does not count."""


@dataclass
class ExamItem:
    """One drawn item and what was given for it; `text` None: skipped or not reached."""

    pick: ExamPick
    text: str | None = None
    correct: bool = False

    @property
    def answered(self) -> bool:
        return self.text is not None


@dataclass(frozen=True)
class ExamQuestion:
    """The item being asked: its place in the exam and in the current pass, and its variant."""

    index: int  # 1-based, in the whole exam
    total: int
    question_id: str
    area: str
    topic: str
    variant: Variant
    pass_number: int = 1  # 1: the first pass over every item; 2 on: back to the skipped ones
    pass_index: int = 1  # 1-based place in this pass
    pass_length: int = 0  # the items this pass visits

    @property
    def revisit(self) -> bool:
        """Skipped earlier and asked again."""
        return self.pass_number > 1

    @property
    def opens_pass(self) -> bool:
        """The first item of a revisiting pass: the moment to say "back to the skipped ones"."""
        return self.revisit and self.pass_index == 1


@dataclass(frozen=True)
class MissedItem:
    """An item answered wrong, skipped or never reached (`answer` None for the last two)."""

    index: int  # 1-based
    question_id: str
    area: str
    answer: str | None
    expected: str
    variant: Variant  # its prompt, choices and explanation, in both languages


@dataclass(frozen=True)
class ExamResult:
    score: ExamScore
    attempt_id: int
    missed: tuple[MissedItem, ...]
    time_up: bool  # the time limit had passed when the exam was finished


class ExamSession:
    """One mock exam in progress. The time limit starts when the session is made.

    Not thread-safe: a front end calls one method at a time (the TUI from one worker at a time).
    """

    def __init__(
        self,
        store: Store,
        bank: Bank,
        user_id: int,
        picks: Sequence[ExamPick],
        *,
        minutes: int,
        seed: int,
        scheduler: Scheduler | None = None,
        clock: Callable[[], datetime] = utcnow,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        from trainer.scheduling import Scheduler

        self.store = store
        self.bank = bank
        self.user_id = user_id
        self.items = [ExamItem(pick) for pick in picks]
        self.minutes = minutes
        self.seed = seed
        self.scheduler = scheduler or Scheduler()
        self.clock = clock
        self.monotonic = monotonic
        self.started_at = clock()
        self.deadline = monotonic() + 60 * minutes
        self.pass_number = 1
        self._pass = list(range(len(self.items)))  # the item indices this pass visits, in order
        self._cursor = 0  # place in `_pass` of the item being asked
        self._answered_in_pass = 0
        self.result: ExamResult | None = None
        self._variants: dict[int, Variant] = {}
        self._shown_at: float | None = None

    # -- where the exam stands ---------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.items)

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.answered)

    @property
    def unanswered(self) -> int:
        """Items with no answer yet (skipped, or not reached)."""
        return len(self.items) - self.answered

    @property
    def position(self) -> int:
        """Index (0-based) of the item being asked; `total` once the asking is over."""
        if self._cursor < len(self._pass):
            return self._pass[self._cursor]
        return len(self.items)

    @property
    def pass_length(self) -> int:
        """How many items the current pass visits."""
        return len(self._pass)

    @property
    def progress(self) -> int:
        """Items behind the candidate: answered before this pass, plus those this pass has gone
        past (answered or skipped). Counts up to `total` over each pass; equals `position` in the
        first."""
        return len(self.items) - len(self._pass) + self._cursor

    @property
    def revisit(self) -> bool:
        """The item being asked was skipped earlier (a second or later pass is under way)."""
        return self.pass_number > 1 and not self.done

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def done(self) -> bool:
        """Nothing is left to ask (every item answered, or a revisiting pass where every item
        was skipped again), or the exam was finished. The time limit alone does not make it
        done: front ends check `expired`."""
        return self.finished or self._cursor >= len(self._pass)

    def time_left(self, now: float | None = None) -> float:
        """Seconds until the limit (negative once it has passed); `now` defaults to the clock."""
        return self.deadline - (self.monotonic() if now is None else now)

    @property
    def expired(self) -> bool:
        return self.time_left() <= 0

    # -- asking ------------------------------------------------------------------------------

    def variant(self, index: int) -> Variant:
        """The variant of item `index` (0-based): the same on every call, from the pick's seed."""
        from trainer.bank.variants import make_variant

        variant = self._variants.get(index)
        if variant is None:
            pick = self.items[index].pick
            variant = make_variant(self.bank.questions[pick.question.id], pick.seed)
            self._variants[index] = variant
        return variant

    def present(self) -> ExamQuestion | None:
        """The item being asked (None once the exam is done); its answer time starts at the first
        call."""
        if self.done:
            return None
        position = self.position
        pick = self.items[position].pick
        question = ExamQuestion(
            index=position + 1,
            total=len(self.items),
            question_id=pick.question.id,
            area=pick.question.area,
            topic=pick.question.topic,
            variant=self.variant(position),
            pass_number=self.pass_number,
            pass_index=self._cursor + 1,
            pass_length=len(self._pass),
        )
        if self._shown_at is None:
            self._shown_at = self.monotonic()
        return question

    def answer(self, text: str) -> bool:
        """Record `text` for the current item as a review and move on; True if it was right.

        Nothing is recorded when the answer cannot be read (`AnswerError`, the item stays) or
        comes after the time limit (`ExamOver`). A blank text is recorded as a wrong answer:
        front ends call `skip` for an empty entry, which records nothing.
        """
        from trainer.bank.checking import check_answer, clean_answer

        self._refuse_when_over()
        current = self.present()
        assert current is not None
        text = clean_answer(text)  # stored as judged: never a string the database refuses
        correct = bool(text.strip()) and check_answer(current.variant, text).correct
        item = self.items[current.index - 1]
        item.text = text
        item.correct = correct
        self._record(item, current.variant.seed)
        self._answered_in_pass += 1
        self._advance()
        return correct

    def skip(self) -> None:
        """Leave the current item unanswered for now: no review is recorded, and it comes back
        in the next pass (if it is still unanswered at the end, it counts as wrong). After the
        time limit it raises `ExamOver`, as `answer` does."""
        self._refuse_when_over()
        self._advance()

    def _refuse_when_over(self) -> None:
        if self.done:
            raise ExamOver("the exam is over")
        if self.monotonic() > self.deadline:
            raise ExamOver("the time is up")

    def _advance(self) -> None:
        """Move to the next item of this pass; at its end, start the next pass over the items
        still unanswered, unless none is left or this revisiting pass answered nothing."""
        self._cursor += 1
        self._shown_at = None
        if self._cursor < len(self._pass):
            return
        left = [index for index, item in enumerate(self.items) if not item.answered]
        if left and (self.pass_number == 1 or self._answered_in_pass > 0):
            self.pass_number += 1
            self._pass = left
            self._cursor = 0
            self._answered_in_pass = 0

    def _record(self, item: ExamItem, seed: int) -> None:
        from trainer.scheduling import Rating
        from trainer.store.repository import Answer

        assert item.text is not None
        shown_at = self._shown_at if self._shown_at is not None else self.monotonic()
        self.store.record_review(
            self.user_id,
            Answer(
                question_id=item.pick.question.id,
                rating=Rating.GOOD if item.correct else Rating.AGAIN,
                text=item.text,
                correct=item.correct,
                seed=seed,
                duration_ms=round((self.monotonic() - shown_at) * 1000),
                reviewed_at=self.clock(),
            ),
            self.scheduler,
        )

    # -- the end -----------------------------------------------------------------------------

    def finish(self) -> ExamResult:
        """Score every item (skipped and unreached ones as wrong), save the attempt, and list the
        missed items with their keys. Later calls return the same result and save nothing."""
        from trainer.bank.checking import expected_text
        from trainer.reports.exam import ItemResult, score
        from trainer.store.records import save_exam_attempt

        if self.result is not None:
            return self.result
        time_up = self.expired
        result = score(
            ItemResult(i.pick.question.id, i.pick.question.area, i.answered, i.correct)
            for i in self.items
        )
        items: list[dict[str, Any]] = [
            {"id": i.pick.question.id, "seed": i.pick.seed, "answer": i.text, "correct": i.correct}
            for i in self.items
        ]
        attempt_id = save_exam_attempt(
            self.store,
            self.user_id,
            started_at=self.started_at,
            finished_at=self.clock(),
            time_limit_s=60 * self.minutes,
            questions=result.questions,
            answered=result.answered,
            correct=result.correct,
            areas={a.area: {"questions": a.questions, "correct": a.correct} for a in result.areas},
            items=items,
        )
        missed = []
        for index, item in enumerate(self.items):
            if item.correct:
                continue
            variant = self.variant(index)  # made now for items never reached
            missed.append(
                MissedItem(
                    index=index + 1,
                    question_id=item.pick.question.id,
                    area=item.pick.question.area,
                    answer=item.text,
                    expected=expected_text(variant),
                    variant=variant,
                )
            )
        self.result = ExamResult(result, attempt_id, tuple(missed), time_up)
        return self.result


def draw_exam(bank: Bank, questions: int, seed: int, framework: str = "pytorch") -> list[ExamPick]:
    """`questions` items drawn across the syllabus by weight (fewer if the bank is smaller), as
    the exam asks them: an item set is drawn whole, its items one after another in their order
    (the count may then end a little short of `questions` rather than split a set); code items
    of a framework only for the candidate who chose it (`none`: NumPy only, as for everyone)."""
    from dataclasses import replace

    from trainer.reports.exam import ExamPick, draw
    from trainer.reports.query import question_metas
    from trainer.study.options import FRAMEWORKS

    if framework not in FRAMEWORKS:
        raise ValueError(f"framework: expected one of {', '.join(FRAMEWORKS)}, got {framework!r}")
    metas = []
    for meta in question_metas(bank):
        chosen_by = bank.questions[meta.id].framework
        if chosen_by is None or chosen_by.value == "numpy" or chosen_by.value == framework:
            metas.append(meta)
    in_sets: dict[str, list[QuestionMeta]] = {}
    units: list[QuestionMeta] = []
    for meta in metas:
        set_id = bank.questions[meta.id].item_set
        if set_id is None:
            units.append(meta)
        else:
            in_sets.setdefault(set_id, []).append(meta)
    for set_id, items in sorted(in_sets.items()):
        weight = sum(m.weight for m in items) / len(items)
        units.append(replace(items[0], id=SET_MARK + set_id, weight=weight))
    picks: list[ExamPick] = []
    for pick in draw(units, questions, seed):
        if not pick.question.id.startswith(SET_MARK):
            picks.append(pick)
            continue
        members = {m.id: m for m in in_sets[pick.question.id.removeprefix(SET_MARK)]}
        order = bank.sets.get(pick.question.id.removeprefix(SET_MARK), tuple(members))
        picks.extend(
            ExamPick(members[i], (pick.seed + n) % SEED_SPAN)
            for n, i in enumerate(order)
            if i in members
        )
    return _trimmed(picks, questions, bank)


SET_MARK = "set:"  # a drawn unit standing for a whole item set
SEED_SPAN = 2**31


def _trimmed(picks: list[ExamPick], questions: int, bank: Bank) -> list[ExamPick]:
    """Down to `questions` by dropping the last items that stand alone (never part of a set)."""
    over = len(picks) - questions
    if over <= 0:
        return picks
    keep = list(picks)
    for index in range(len(keep) - 1, -1, -1):
        if over == 0:
            break
        if bank.questions[keep[index].question.id].item_set is None:
            del keep[index]
            over -= 1
    return keep
