"""The card browser's core: every question of the bank with its card, filtered; one card in
detail with its review log; and what a learner may do to a card from the browser.

Shared by `trainer cards` and the TUI's browser screen. Questions never answered have no card
row and are listed as new. Cards of questions no longer in the bank are left out. Every message
meant for the learner comes in both languages (`BrowserError`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from trainer.locale import Section

if TYPE_CHECKING:
    from trainer.bank.loader import Bank
    from trainer.bank.schema import Question
    from trainer.scheduling import Scheduler
    from trainer.store.cards import CardRecord
    from trainer.store.repository import Store

# The --state filters, in the order the TUI cycles through them.
STATES = ("new", "learning", "review", "due", "suspended", "buried", "flagged", "leech")
ACTIONS = ("suspend", "unsuspend", "bury", "unbury", "flag", "unflag", "reset")
PROMPT_LENGTH = 80  # the short prompt: its first line, cut here

STATE_NAMES = {
    "ja": {
        "new": "新規",
        "learning": "学習中",
        "relearning": "再学習",
        "review": "復習",
        "due": "期限",
        "suspended": "停止",
        "buried": "保留",
        "flagged": "フラグ",
        "leech": "リーチ",
    },
    "en": {
        "new": "new",
        "learning": "learning",
        "relearning": "relearning",
        "review": "review",
        "due": "due",
        "suspended": "suspended",
        "buried": "buried",
        "flagged": "flagged",
        "leech": "leech",
    },
}


class BrowserError(ValueError):
    """Bad input to the browser (an unknown question, state or action), said in both languages."""

    def __init__(self, ja: str, en: str) -> None:
        super().__init__(en)
        self.ja = ja
        self.en = en

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True)
class CardView:
    """One bank question with its card as the browser lists it (a new one: no card row)."""

    question_id: str
    topic: str
    kind: str
    prompt_ja: str  # the first line of the prompt (a parametric question's template)
    prompt_en: str
    state: str  # new, learning, review or relearning
    due: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None  # predicted recall now; None while new
    reps: int
    lapses: int
    suspended: bool
    buried_until: datetime | None  # only while buried (a past date is no longer burying)
    flagged_at: datetime | None
    flag_note: str | None
    leech: bool  # lapses >= the scheduler's leech threshold
    is_due: bool  # due now, neither suspended nor buried
    card_id: int | None = None  # None: never answered nor acted on

    @property
    def buried(self) -> bool:
        return self.buried_until is not None

    @property
    def flagged(self) -> bool:
        return self.flagged_at is not None

    def prompt(self, lang: str) -> str:
        return self.prompt_ja if lang == "ja" else self.prompt_en

    def marks(self) -> tuple[str, ...]:
        """Which of suspended, buried, flagged and leech apply (keys of `STATE_NAMES`)."""
        shown = (
            ("suspended", self.suspended),
            ("buried", self.buried),
            ("flagged", self.flagged),
            ("leech", self.leech),
        )
        return tuple(name for name, on in shown if on)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.question_id,
            "topic": self.topic,
            "kind": self.kind,
            "prompt": {"ja": self.prompt_ja, "en": self.prompt_en},
            "state": self.state,
            "due": _iso(self.due),
            "is_due": self.is_due,
            "stability": _round(self.stability),
            "difficulty": _round(self.difficulty),
            "retrievability": _round(self.retrievability),
            "reps": self.reps,
            "lapses": self.lapses,
            "suspended": self.suspended,
            "buried": self.buried,
            "buried_until": _iso(self.buried_until),
            "flagged": self.flagged,
            "flagged_at": _iso(self.flagged_at),
            "flag_note": self.flag_note,
            "leech": self.leech,
        }


@dataclass(frozen=True)
class ReviewLine:
    """One answer from the card's review log."""

    reviewed_at: datetime
    rating: int  # 1 Again, 2 Hard, 3 Good, 4 Easy
    correct: bool
    overridden: bool  # judged wrong, the learner said "I was right"
    answer: str
    seed: int
    duration_ms: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "reviewed_at": self.reviewed_at.isoformat(),
            "rating": self.rating,
            "rating_name": RATING_NAMES.get(self.rating, str(self.rating)),
            "correct": self.correct,
            "overridden": self.overridden,
            "answer": self.answer,
            "seed": self.seed,
            "duration_ms": self.duration_ms,
        }


RATING_NAMES = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


@dataclass(frozen=True)
class CardDetail:
    """A card with its whole question (drawn with the seed last shown) and every review."""

    view: CardView
    question_ja: str
    question_en: str
    answer_ja: str
    answer_en: str
    seed: int
    reviews: tuple[ReviewLine, ...]
    topic_labels: dict[str, str] = field(default_factory=dict)  # lang -> the topic's name

    def question(self, lang: str) -> str:
        return self.question_ja if lang == "ja" else self.question_en

    def answer(self, lang: str) -> str:
        return self.answer_ja if lang == "ja" else self.answer_en

    def as_json(self) -> dict[str, Any]:
        return {
            **self.view.as_json(),
            "question": {"ja": self.question_ja, "en": self.question_en},
            "answer": {"ja": self.answer_ja, "en": self.answer_en},
            "seed": self.seed,
            "reviews": [review.as_json() for review in self.reviews],
        }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def short_prompt(text: str) -> str:
    """The first non-empty line of `text`, cut to `PROMPT_LENGTH` characters."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    return line if len(line) <= PROMPT_LENGTH else line[: PROMPT_LENGTH - 1] + "…"


def check_state(state: str | None) -> str | None:
    """`state` if it is one of `STATES` (None: no filter); raises `BrowserError` otherwise."""
    if state is None or state in STATES:
        return state
    names = ", ".join(STATES)
    raise BrowserError(
        f"状態 {state!r} はありません。使えるもの: {names}",
        f"unknown state {state!r}; use one of: {names}",
    )


def check_question(bank: Bank, question_id: str) -> Question:
    """The bank's question `question_id` (or the one a merged id is now an alias of); raises
    `BrowserError` (with close matches) if none."""
    question = bank.question(question_id)
    if question is not None:
        return question
    close = difflib.get_close_matches(question_id, list(bank.questions), n=3)
    hint_ja = f"（候補: {', '.join(close)}）" if close else ""
    hint_en = f" (did you mean {', '.join(close)}?)" if close else ""
    raise BrowserError(
        f"問題 {question_id!r} は問題集にありません{hint_ja}。"
        "trainer cards list --search で探せます。",
        f"no question {question_id!r} in the bank{hint_en}; "
        "find one with trainer cards list --search TEXT",
    )


def _scheduler(scheduler: Scheduler | None) -> Scheduler:
    from trainer.scheduling import Scheduler

    return scheduler or Scheduler()


def _view(
    question: Question, record: CardRecord | None, now: datetime, scheduler: Scheduler
) -> CardView:
    prompt_ja, prompt_en = short_prompt(question.prompt.ja), short_prompt(question.prompt.en)
    if record is None:
        return CardView(
            question.id,
            question.topic,
            question.kind,
            prompt_ja,
            prompt_en,
            "new",
            None,
            None,
            None,
            None,
            0,
            0,
            False,
            None,
            None,
            None,
            False,
            False,
        )
    card = record.state
    buried = record.buried(now)
    is_due = (
        not card.is_new
        and card.due is not None
        and card.due <= now
        and not record.suspended
        and not buried
    )
    return CardView(
        question.id,
        question.topic,
        question.kind,
        prompt_ja,
        prompt_en,
        "new" if card.is_new else card.state.name.lower(),
        None if card.is_new else card.due,
        card.stability,
        card.difficulty,
        None if card.is_new else scheduler.retrievability(card, now),
        card.reps,
        card.lapses,
        record.suspended,
        record.buried_until if buried else None,
        record.flagged_at,
        record.flag_note,
        scheduler.is_leech(card),
        is_due,
        record.card_id,
    )


def views(
    store: Store, bank: Bank, user_id: int, now: datetime, scheduler: Scheduler | None = None
) -> list[CardView]:
    """Every bank question with its card, by topic then id (one query for all the cards)."""
    from trainer.store.cards import card_records

    scheduler = _scheduler(scheduler)
    records = {record.question_id: record for record in card_records(store, user_id)}
    questions = sorted(bank.questions.values(), key=lambda q: (q.topic, q.id))
    return [_view(q, records.get(q.id), now, scheduler) for q in questions]


def _in_state(view: CardView, state: str) -> bool:
    if state in ("new", "review"):
        return view.state == state
    if state == "learning":
        return view.state in ("learning", "relearning")
    if state == "due":
        return view.is_due
    if state == "suspended":
        return view.suspended
    if state == "buried":
        return view.buried
    if state == "flagged":
        return view.flagged
    return view.leech  # "leech" (check_state let nothing else through)


def filter_views(
    cards: Iterable[CardView],
    bank: Bank,
    *,
    search: str | None = None,
    topic: str | None = None,
    state: str | None = None,
) -> list[CardView]:
    """The cards matching all of: `search` (case-insensitive, in the id, the topic or the whole
    prompt in either language), `topic` (a topic as `--topic` takes it) and `state` (one of
    `STATES`)."""
    from trainer.bank.topics import in_topic, resolve_topic

    if topic:
        topic = resolve_topic(bank, topic) or topic
    state = check_state(state)
    needle = (search or "").strip().casefold()
    chosen = []
    for view in cards:
        if topic and not in_topic(view.topic, _legacy_topic(bank, view.question_id), topic):
            continue
        if state is not None and not _in_state(view, state):
            continue
        if needle and not _matches(view, bank, needle):
            continue
        chosen.append(view)
    return chosen


def _matches(view: CardView, bank: Bank, needle: str) -> bool:
    question = bank.questions.get(view.question_id)
    texts: Sequence[str] = (
        (view.question_id, view.topic, view.prompt_ja, view.prompt_en)
        if question is None
        else (
            view.question_id,
            view.topic,
            question.legacy_topic or "",  # an old path still finds its questions
            *(question.aliases or ()),  # so does the id of a question merged into it
            question.prompt.ja,
            question.prompt.en,
        )
    )
    return any(needle in text.casefold() for text in texts)


def browse(
    store: Store,
    bank: Bank,
    user_id: int,
    now: datetime,
    *,
    search: str | None = None,
    topic: str | None = None,
    state: str | None = None,
    scheduler: Scheduler | None = None,
) -> list[CardView]:
    """The bank's questions with their cards, filtered (see `filter_views`); a bad `state`
    raises `BrowserError` before the database is read."""
    check_state(state)
    every = views(store, bank, user_id, now, scheduler)
    return filter_views(every, bank, search=search, topic=topic, state=state)


def review_lines(store: Store, card_id: int) -> list[ReviewLine]:
    """The card's review log, oldest first, with the `overridden` mark."""
    from sqlalchemy import select

    from trainer.store.models import ReviewLog

    query = (
        select(
            ReviewLog.reviewed_at,
            ReviewLog.rating,
            ReviewLog.correct,
            ReviewLog.overridden,
            ReviewLog.answer,
            ReviewLog.seed,
            ReviewLog.duration_ms,
        )
        .where(ReviewLog.card_id == card_id)
        .order_by(ReviewLog.id)
    )
    with store.reading() as session:
        return [
            ReviewLine(at, int(rating), bool(correct), bool(overridden), answer, seed, duration)
            for at, rating, correct, overridden, answer, seed, duration in session.execute(query)
        ]


def card_detail(
    store: Store,
    bank: Bank,
    user_id: int,
    question_id: str,
    now: datetime,
    scheduler: Scheduler | None = None,
) -> CardDetail:
    """One card with its question drawn as last shown (seed 0 if never) and every review.
    Raises `BrowserError` for a question not in the bank."""
    from trainer.bank.checking import expected_text
    from trainer.bank.topics import question_place
    from trainer.bank.variants import make_variant
    from trainer.store.cards import card_record

    question = check_question(bank, question_id)
    record = card_record(store, user_id, question.id)
    view = _view(question, record, now, _scheduler(scheduler))
    reviews = () if record is None else tuple(review_lines(store, record.card_id))
    seed = reviews[-1].seed if reviews else 0
    variant = make_variant(question, seed)
    texts = {}
    for lang in ("ja", "en"):
        lines = [getattr(variant.prompt, lang)]
        lines += [f"{c.label}. {getattr(c.text, lang)}" for c in variant.choices]
        texts[lang] = "\n".join(lines)
    answer = expected_text(variant)
    localized = variant.text_answer
    return CardDetail(
        view,
        texts["ja"],
        texts["en"],
        answer if localized is None else localized.ja,
        answer if localized is None else localized.en,
        seed,
        reviews,
        {lang: question_place(bank, question.id, lang) for lang in ("ja", "en")},
    )


def act(
    store: Store,
    user_id: int,
    question_id: str,
    action: str,
    now: datetime,
    note: str | None = None,
    *,
    bank: Bank | None = None,
) -> CardRecord:
    """Do `action` (one of `ACTIONS`) to the user's card for `question_id`; bury lasts until
    the next study day starts. With `bank`, a question not in it is refused (`BrowserError`)."""
    from trainer.scheduling.queue import day_start
    from trainer.store import cards

    if action not in ACTIONS:
        names = ", ".join(ACTIONS)
        raise BrowserError(
            f"操作 {action!r} はありません。使えるもの: {names}",
            f"unknown action {action!r}; use one of: {names}",
        )
    if bank is not None:
        question_id = check_question(bank, question_id).id
    if action == "suspend":
        return cards.suspend(store, user_id, question_id)
    if action == "unsuspend":
        return cards.unsuspend(store, user_id, question_id)
    if action == "bury":
        return cards.bury(store, user_id, question_id, day_start(now) + timedelta(days=1))
    if action == "unbury":
        return cards.unbury(store, user_id, question_id)
    if action == "flag":
        return cards.flag(store, user_id, question_id, now, note)
    if action == "unflag":
        return cards.unflag(store, user_id, question_id)
    return cards.reset(store, user_id, question_id)


# -- text for the learner (both front ends) ----------------------------------------------------

TEXT = Section("browser")  # trainer/locale/{ja,en}.json, [browser]


def _say(lang: str, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values)


def when_text(moment: datetime | None) -> str:
    """A moment in local time to the minute; "-" for none."""
    return "-" if moment is None else f"{moment.astimezone():%Y-%m-%d %H:%M}"


def days_text(lang: str, value: float | None) -> str:
    return "-" if value is None else _say(lang, "days", value=value)


def state_text(lang: str, view: CardView) -> str:
    """The card's state name; a `*` marks one due now."""
    name = STATE_NAMES[lang][view.state]
    return f"{name}*" if view.is_due else name


def marks_text(lang: str, view: CardView) -> str:
    return ",".join(STATE_NAMES[lang][mark] for mark in view.marks())


def detail_lines(detail: CardDetail, lang: str) -> list[str]:
    """A card in detail as plain lines: `trainer cards show` and the TUI's detail panel."""
    view = detail.view
    recall = "-" if view.retrievability is None else f"{view.retrievability:.0%}"
    difficulty = "-" if view.difficulty is None else f"{view.difficulty:.2f}"
    lines = [
        f"{view.question_id}  ({detail.topic_labels.get(lang, view.topic)}, {view.kind})",
        "",
        _say(lang, "question", seed=detail.seed) + ":",
        *(f"  {line}" for line in detail.question(lang).splitlines()),
        f"{_say(lang, 'answer')}: {detail.answer(lang)}",
        "",
        _say(
            lang,
            "facts",
            state=state_text(lang, view),
            due=when_text(view.due),
            stability=days_text(lang, view.stability),
            difficulty=difficulty,
            recall=recall,
        ),
        _say(lang, "counts", reps=view.reps, lapses=view.lapses),
    ]
    marks = []
    if view.suspended:
        marks.append(STATE_NAMES[lang]["suspended"])
    if view.buried_until is not None:
        marks.append(_say(lang, "buried_until", when=when_text(view.buried_until)))
    if view.flagged_at is not None:
        when = when_text(view.flagged_at)
        marks.append(
            _say(lang, "flag_note", when=when, note=view.flag_note)
            if view.flag_note
            else _say(lang, "flag_plain", when=when)
        )
    if view.leech:
        marks.append(STATE_NAMES[lang]["leech"])
    if marks:
        lines.append(" · ".join(marks))
    lines.append("")
    if not detail.reviews:
        lines.append(_say(lang, "no_reviews"))
        return lines
    lines.append(_say(lang, "reviews", n=len(detail.reviews)) + ":")
    for review in detail.reviews:
        verdict = _say(lang, "right" if review.correct else "wrong")
        if review.overridden:
            verdict += " " + _say(lang, "overridden")
        rating = _rating_name(review.rating, lang)
        answer = review.answer or "-"
        lines.append(
            f"  {when_text(review.reviewed_at)}  {rating}  {verdict}  "
            f"{_say(lang, 'your_answer')}: {answer}"
        )
    return lines


def _rating_name(rating: int, lang: str) -> str:
    """The rating as the review screen names it, padded to one width (the widest is 5 cells in
    English and 8 in Japanese)."""
    from rich.cells import cell_len

    from trainer.locale import text

    name = RATING_NAMES.get(rating)
    label = str(rating) if name is None else text(lang, "tui", name.lower())
    return label + " " * max(0, (5 if lang == "en" else 8) - cell_len(label))


def _legacy_topic(bank: Bank, question_id: str) -> str | None:
    question = bank.questions.get(question_id)
    return None if question is None else question.legacy_topic
