"""`trainer exam` in a subprocess on a temporary database, and its time limit in process."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.reports.test_exam_session import right_text, wrong_text
from trainer.bank.loader import Bank, load_bank
from trainer.bank.variants import Variant, make_variant
from trainer.commands.exam import PlainExam
from trainer.reports.exam import AREA_EN, AREAS, ExamPick, draw
from trainer.reports.query import load_exams, question_metas
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.models_reports import ExamAttempt
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.exam import draw_exam

ROOT = Path(__file__).resolve().parents[2]
COUNT = 12
SEED = 2026


@pytest.fixture(scope="module")
def bank() -> Bank:
    return load_bank()


def variant_of(bank: Bank, pick: ExamPick) -> Variant:
    return make_variant(bank.questions[pick.question.id], pick.seed)


def right_answer(bank: Bank, pick: ExamPick) -> str:
    return right_text(variant_of(bank, pick))


def wrong_answer(bank: Bank, pick: ExamPick) -> str:
    variant = variant_of(bank, pick)
    wrong = [str(c.label) for c in variant.choices if not c.correct]
    return wrong[0] if wrong else ""  # an empty line skips the item: unanswered, no review


def test_exam_in_a_subprocess(bank: Bank, tmp_path: Path) -> None:
    picks = draw_exam(bank, COUNT, SEED)  # what the command draws: sets whole, PyTorch items
    assert len(picks) == COUNT
    answered = picks[:-1]  # the input ends before the last item: it counts as wrong
    right = {p.question.id for n, p in enumerate(answered) if n % 3 != 1}
    typed = [
        right_answer(bank, p) if p.question.id in right else wrong_answer(bank, p) for p in answered
    ]
    typed[1] = ""  # one item skipped whatever its kind (item 1 is one of the wrong ones)
    db = tmp_path / "exam.db"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    env.pop("TRAINER_BANK", None)
    done = subprocess.run(
        [
            *(sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}", "--user", "eve"),
            *("exam", "--questions", str(COUNT), "--seed", str(SEED), "--lang", "en", "--plain"),
        ],
        input="".join(f"{t}\n" for t in typed),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.count(" min left  answer> ") == COUNT  # the last one meets the end of input
    assert "120 min left" in out
    skipped = {p.question.id for p, t in zip(answered, typed, strict=True) if not t}
    assert f"Score: {len(right)}/{COUNT} correct" in out
    assert f"{COUNT - 1 - len(skipped)} answered" in out
    per_area = Counter(p.question.area for p in picks)
    good = Counter(p.question.area for p in picks if p.question.id in right)
    for area in AREAS:
        assert f"  {AREA_EN[area]:<16} {good[area]}/{per_area[area]} " in out
    missed = [p for p in picks if p.question.id not in right]
    for p in missed:
        assert f"- {p.question.id}\n" in out
        assert f"  answer: {right_answer(bank, p)}\n" in out
    assert "(not answered)" in out

    engine = make_engine(f"sqlite:///{db}")
    store = Store(engine)
    try:
        user = store.user_id("eve")
        with store.reading() as session:
            attempt = session.scalars(select(ExamAttempt)).one()
            assert attempt.user_id == user
            assert (attempt.questions, attempt.answered, attempt.correct) == (
                COUNT,
                COUNT - 1 - len(skipped),
                len(right),
            )
            assert attempt.time_limit_s == 120 * 60
            assert attempt.areas == {
                a: {"questions": per_area[a], "correct": good[a]} for a in AREAS
            }
            assert [i["id"] for i in attempt.items] == [p.question.id for p in picks]
            assert [i["seed"] for i in attempt.items] == [p.seed for p in picks]
            assert attempt.items[-1]["answer"] is None
            assert all(i["answer"] is None for i in attempt.items if i["id"] in skipped)
        reviews = store.user_reviews(user)  # skipped items leave no review
        assert [q for q, _ in reviews] == [
            p.question.id for p in answered if p.question.id not in skipped
        ]
        for question_id, review in reviews:
            expected = Rating.GOOD if question_id in right else Rating.AGAIN
            assert review.rating == expected and review.correct == (question_id in right)
        (latest,) = load_exams(store, user)
        assert latest.correct == len(right)
    finally:
        store.close()
        engine.dispose()

    command = [sys.executable, "-m", "trainer", "--db", f"sqlite:///{db}", "--user", "eve"]
    report = subprocess.run(
        [*command, "report", "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    assert "Mock exam " in report.stdout
    assert f": {len(right)}/{COUNT} (" in report.stdout


class Ticks:
    """A monotonic clock that moves `step` seconds each time it is read."""

    def __init__(self, step: float) -> None:
        self.now = 0.0
        self.step = step

    def __call__(self) -> float:
        self.now += self.step
        return self.now


def test_time_up_ends_the_exam(bank: Bank) -> None:
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    store = Store(engine)
    picks = draw(question_metas(bank), 6, 1)
    out = io.StringIO()
    exam = PlainExam(
        store=store,
        bank=bank,
        scheduler=Scheduler(),
        user_id=store.user_id("tim"),
        minutes=1,
        seed=1,
        lang="en",
        stdin=io.StringIO("".join(f"{right_answer(bank, p)}\n" for p in picks)),
        stdout=out,
        clock=lambda: datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
        monotonic=Ticks(10.0),  # 3 reads per item: 30 s each, so the second answer is late
    )
    result = exam.run(picks)
    text = out.getvalue()
    assert "Time is up." in text
    assert "1 min left" in text
    assert (result.questions, result.answered, result.correct) == (6, 1, 1)
    assert len(store.user_reviews(store.user_id("tim"))) == 1
    (saved,) = load_exams(store, store.user_id("tim"))
    assert (saved.questions, saved.answered, saved.correct) == (6, 1, 1)
    assert text.count("(not answered)") == 5
    engine.dispose()


def plain_exam(
    bank: Bank, store: Store, lines: list[str], out: io.StringIO, lang: str
) -> PlainExam:
    return PlainExam(
        store=store,
        bank=bank,
        scheduler=Scheduler(),
        user_id=store.user_id("sam"),
        minutes=30,
        seed=4,
        lang=lang,
        stdin=io.StringIO("".join(f"{line}\n" for line in lines)),
        stdout=out,
        clock=lambda: datetime(2026, 6, 1, 9, 0, tzinfo=UTC),
        monotonic=lambda: 0.0,
    )


def test_skipped_items_come_back_in_line_mode(bank: Bank) -> None:
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    store = Store(engine)
    picks = draw(question_metas(bank), 4, 4)
    ids = [p.question.id for p in picks]
    lines = [
        right_answer(bank, picks[0]),
        "",  # 2 skipped
        "",  # 3 skipped
        wrong_text(variant_of(bank, picks[3])),  # readable: an empty line would skip
        right_answer(bank, picks[1]),  # the second pass: 2 answered right...
        "",  # ...3 skipped again: a third pass, over 3 alone
        "",  # skipped again: the asking ends before the input does
        "never read",
    ]
    out = io.StringIO()
    result = plain_exam(bank, store, lines, out, "en").run(picks)
    text = out.getvalue()
    assert text.count(" min left  answer> ") == 7
    assert text.count("Back to the 2 questions you skipped.") == 1
    assert text.count("Back to the question you skipped.") == 1
    assert text.index("Back to the 2") < text.index(f"[2/4] (skipped earlier) {ids[1]}\n")
    assert text.index(f"[2/4] (skipped earlier) {ids[1]}\n") < text.index(
        f"[3/4] (skipped earlier) {ids[2]}\n"
    )
    assert text.count(f"[3/4] (skipped earlier) {ids[2]}\n") == 2
    assert f"[1/4] {ids[0]}\n" in text and f"[4/4] {ids[3]}\n" in text
    assert text.count("(skipped earlier)") == 3
    assert "Score: 2/4 correct (50%), 3 answered" in text
    assert f"- {ids[1]}\n" not in text  # answered right in the second pass: not missed
    assert f"- {ids[2]}\n  (not answered)" in text and f"- {ids[3]}\n" in text
    assert (result.questions, result.answered, result.correct) == (4, 3, 2)

    user = store.user_id("sam")
    found = [(q, r.rating, r.correct) for q, r in store.user_reviews(user)]
    assert found == [
        (ids[0], Rating.GOOD, True),
        (ids[3], Rating.AGAIN, False),
        (ids[1], Rating.GOOD, True),
    ]
    (saved,) = load_exams(store, user)
    assert (saved.questions, saved.answered, saved.correct) == (4, 3, 2)
    with store.reading() as session:
        attempt = session.scalars(select(ExamAttempt)).one()
        assert [i["id"] for i in attempt.items] == ids
        assert [i["correct"] for i in attempt.items] == [True, True, False, False]
        assert [i["answer"] for i in attempt.items] == [lines[0], lines[4], None, lines[3]]
    engine.dispose()


def test_the_end_of_input_in_the_second_pass_ends_the_exam(bank: Bank) -> None:
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    store = Store(engine)
    picks = draw(question_metas(bank), 3, 5)
    out = io.StringIO()
    lines = ["", right_answer(bank, picks[1]), "", right_answer(bank, picks[0])]
    result = plain_exam(bank, store, lines, out, "ja").run(picks)
    text = out.getvalue()
    assert text.count("とばした 2 問に戻ります。") == 1
    assert f"[1/3] （とばした問題） {picks[0].question.id}\n" in text
    assert f"[3/3] （とばした問題） {picks[2].question.id}\n" in text  # asked; the input ends
    assert "結果: 2/3 問正解（67%）、解答 2 問" in text
    assert (result.answered, result.correct) == (2, 2)
    assert len(store.user_reviews(store.user_id("sam"))) == 2
    engine.dispose()
