"""The line-mode quiz, in process: prompts, re-asking, ratings, end of input, summary."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from trainer.bank.loader import Bank
from trainer.bank.variants import make_variant
from trainer.cli import main
from trainer.commands.quiz import PlainQuiz
from trainer.scheduling import QueueItem, Rating, Scheduler, SchedulerConfig
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema, head_revision


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL 15."""
    return any_store


SEED = 5
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)


def right(bank: Bank, question_id: str) -> str:
    variant = make_variant(bank.questions[question_id], SEED)
    return str(next(c.label for c in variant.choices if c.correct))


def wrong(bank: Bank, question_id: str) -> str:
    variant = make_variant(bank.questions[question_id], SEED)
    return str(next(c.label for c in variant.choices if not c.correct))


def play(
    store: Store, bank: Bank, typed: list[str], count: int = 3, **options: object
) -> tuple[PlainQuiz, str, int]:
    out = io.StringIO()
    quiz = PlainQuiz(
        store=store,
        bank=bank,
        scheduler=options.pop("scheduler", Scheduler()),  # type: ignore[arg-type]
        user_id=store.user_id("ann"),
        lang="en",
        stdin=io.StringIO("".join(line + "\n" for line in typed)),
        stdout=out,
        clock=lambda: NOW,
        new_seed=lambda: SEED,
    )
    queue = [QueueItem(q.id, q.topic, True, None) for q in list(bank.questions.values())[:count]]
    code = quiz.run(queue)
    return quiz, out.getvalue(), code


def ratings(store: Store) -> list[tuple[str, Rating, str, bool, int]]:
    return [
        (q, r.rating, r.answer, r.correct, r.seed)
        for q, r in store.user_reviews(store.user_id("ann"))
    ]


def test_a_full_session(store: Store, bank: Bank) -> None:
    q0, q1, q2 = list(bank.questions)[:3]
    typed = [right(bank, q0), "4", "x", "9", wrong(bank, q1), right(bank, q2), ""]
    _, out, code = play(store, bank, typed)
    assert code == 0
    assert ratings(store) == [
        (q0, Rating.EASY, right(bank, q0), True, SEED),
        (q1, Rating.AGAIN, wrong(bank, q1), False, SEED),
        (q2, Rating.GOOD, right(bank, q2), True, SEED),
    ]
    # where the question sits in the syllabus: the leaf it cites, by number and name
    assert "[1/3] 3-1-4 Activation functions (new)  test.q0000" in out
    assert "  1. " in out and "  3. " in out  # numbered choices
    assert out.count("not a valid answer") == 2  # "x" and "9" were asked again, not recorded
    assert out.count("rating [Enter=Good") == 2  # no rating asked after the wrong answer
    flowing = " ".join(out.split())  # line mode wraps at 80 columns (trainer.wrap)
    assert "Explanation 1" in flowing and "test section 1" in flowing
    assert "answered 3, correct 2 (accuracy 67%)" in out
    assert "next review due: " in out


def test_end_of_input_ends_the_session_with_a_summary(store: Store, bank: Bank) -> None:
    q0 = next(iter(bank.questions))
    _, out, code = play(store, bank, [wrong(bank, q0)])
    assert code == 0
    assert [r[:2] for r in ratings(store)] == [(q0, Rating.AGAIN)]
    assert "next review due" in out
    assert "answered 1, correct 0 (accuracy 0%)" in out


def test_end_of_input_at_the_rating_prompt_still_records_the_answer(
    store: Store, bank: Bank
) -> None:
    q0 = next(iter(bank.questions))
    _, out, _ = play(store, bank, [right(bank, q0)])
    assert [r[:2] for r in ratings(store)] == [(q0, Rating.GOOD)]
    assert "[2/3]" not in out


def test_unreadable_ratings_are_asked_again(store: Store, bank: Bank) -> None:
    q0 = next(iter(bank.questions))
    _, out, _ = play(store, bank, [right(bank, q0), "1", "great", "2"], count=1)
    assert [r[:2] for r in ratings(store)] == [(q0, Rating.HARD)]
    assert out.count("Type Enter, 2, 3 or 4.") == 2


def test_nothing_to_study(store: Store, bank: Bank) -> None:
    _, out, code = play(store, bank, [], count=0)
    assert code == 0 and "Nothing to study right now." in out and "answered 0" in out


def test_a_leech_is_announced(store: Store, bank: Bank) -> None:
    q0 = next(iter(bank.questions))
    user = store.user_id("ann")
    scheduler = Scheduler(SchedulerConfig(leech_threshold=1, fuzz=False))
    store.record_review(
        user, Answer(q0, Rating.EASY, "1", True, 1, None, NOW - timedelta(days=30)), scheduler
    )
    _, out, _ = play(store, bank, [wrong(bank, q0)], count=1, scheduler=scheduler)
    assert "suspended as a leech" in out and f"suspended as leeches: {q0}" in out
    [info] = store.card_infos(user)
    assert info.suspended


# -- through the command line ----------------------------------------------------------------


def run_cli(
    monkeypatch: pytest.MonkeyPatch, bank_dir: Path, args: list[str], typed: str = ""
) -> int:
    monkeypatch.setenv("TRAINER_BANK", str(bank_dir))
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))
    return main(args)


def test_cli_quiz_records_and_db_current_reports(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    code = run_cli(
        monkeypatch,
        bank_dir,
        ["--db", url, "--user", "zoe", "quiz", "--plain", "--lang", "en", "--limit", "2"],
        "1\n\n1\n\n",
    )
    out = capsys.readouterr().out
    assert code == 0 and "answered 2," in out
    assert run_cli(monkeypatch, bank_dir, ["db", "current", "--db", url, "--lang", "en"]) == 0
    assert capsys.readouterr().out.strip() == f"{head_revision()} (head)"
    assert run_cli(monkeypatch, bank_dir, ["db", "upgrade", "--db", url, "--lang", "en"]) == 0
    assert "(up to date)" in capsys.readouterr().out


def test_cli_quiz_sub_command_options_do_not_clobber_global_ones(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    monkeypatch.setenv("TRAINER_DB", f"sqlite:///{tmp_path / 'env.db'}")
    assert run_cli(monkeypatch, bank_dir, ["--db", url, "quiz", "--plain", "--limit", "1"]) == 0
    assert (tmp_path / "g.db").exists() and not (tmp_path / "env.db").exists()
    assert run_cli(monkeypatch, bank_dir, ["quiz", "--plain", "--limit", "1"]) == 0
    assert (tmp_path / "env.db").exists()
    capsys.readouterr()


def test_cli_unknown_topic_is_a_usage_error_and_creates_nothing(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    code = run_cli(monkeypatch, bank_dir, ["--db", url, "quiz", "--plain", "--topic", "nope"])
    err = capsys.readouterr().err
    # in Japanese (no database to read the learner's language from), with what it takes: the
    # sections the bank has questions in, by number and name, under their majors
    assert code == 2 and err.startswith("trainer: トピック「nope」に当たる問題はありません。")
    assert err.splitlines()[1:] == ["  3 深層学習の基礎", "    3-1 順伝播型ネットワーク"]
    assert not (tmp_path / "p.db").exists()
    args = ["--db", url, "quiz", "--plain", "--lang", "en", "--topic", "nope"]
    assert run_cli(monkeypatch, bank_dir, args) == 2
    assert capsys.readouterr().err.startswith("trainer: No question is under the topic 'nope'.")


def test_cli_topic_filter(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'p.db'}"
    args = ["--db", url, "quiz", "--plain", "--lang", "en", "--topic", "deep_learning/test/beta"]
    assert run_cli(monkeypatch, bank_dir, args) == 0
    out = capsys.readouterr().out
    # an old topic path still selects its questions (an alias): q1 and q4 of the six
    assert "[1/2] 3-1-4 Activation functions (new)  test.q0001" in out


def test_ctrl_c_still_prints_the_summary(store: Store, bank: Bank) -> None:
    class Interrupting(io.StringIO):
        def readline(self, size: int | None = -1) -> str:
            raise KeyboardInterrupt

    out = io.StringIO()
    quiz = PlainQuiz(
        store=store, bank=bank, scheduler=Scheduler(), user_id=store.user_id("ann"),
        lang="en", stdin=Interrupting(), stdout=out, clock=lambda: NOW,
    )  # fmt: skip
    with pytest.raises(KeyboardInterrupt):
        quiz.run([QueueItem("test.q0000", "deep_learning/test/alpha", True, None)])
    assert "answered 0, correct 0" in out.getvalue()


def test_cli_a_write_that_fails_names_the_lost_answer(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    bank_dir: Path,
    tmp_path: Path,
) -> None:
    path = tmp_path / "p.db"
    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    Store(engine).user_id("zoe")
    engine.dispose()
    url = f"sqlite:///file:{path}?mode=ro&uri=true"  # readable, but every write fails
    args = ["--db", url, "--user", "zoe", "quiz", "--plain", "--lang", "en", "--limit", "1"]
    code = run_cli(monkeypatch, bank_dir, args, "1\n\n")
    err = capsys.readouterr().err
    assert code == 4, err
    assert "is read-only" in err and "your answer to test.q0000 was not saved" in err
    assert err.count("\n") == 1
