"""The class server restarted, or down for a while, in the middle of a study session (issue 18):
the learner's next answer is recorded again until the server is back, or the session says it
was not saved and keeps it to save later; never lost. A server of this module's own, since it is
stopped and started (the session's shared one serves the other tests meanwhile)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from tests.pg_server import Server, postgres_server
from tests.reliability.quizdriver import write_bank
from tests.reliability.test_quiz_plain import SEED, right, run_cli
from trainer.bank.loader import Bank, load_bank
from trainer.store import repository
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.session import StudyService, StudySession

NOW = datetime(2026, 6, 1, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    if os.environ.get("TRAINER_TEST_PG_URL"):
        pytest.skip("stopping and starting needs a server the tests start themselves")
    with postgres_server() as started:
        yield started


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bank(tmp_path_factory.mktemp("bank"), 6)


@pytest.fixture(scope="module")
def bank(bank_dir: Path) -> Bank:
    return load_bank([bank_dir])


def _store(server: Server, **options: tuple[float, ...]) -> Store:
    engine = make_engine(server.url)
    ensure_schema(engine)
    with engine.begin() as sql:
        sql.execute(text("TRUNCATE review_log, review_tally, recall_tally, card CASCADE"))
    return Store(engine, **options)


def _session(store: Store, bank: Bank) -> StudySession:
    service = StudyService(store, bank, store.user_id("kai"), clock=lambda: NOW, seeds=lambda: SEED)
    return service.session()


def _answer(session: StudySession, bank: Bank) -> str:
    presented = session.present()
    assert presented is not None
    session.check(right(bank, presented.question_id))
    return presented.question_id


def _logged(server: Server) -> list[str]:
    engine = make_engine(server.url)  # a connection of its own, opened after the fault
    try:
        with engine.connect() as sql:
            rows = sql.execute(
                text(
                    "SELECT card.question_id FROM review_log JOIN card ON card.id ="
                    " review_log.card_id ORDER BY review_log.id"
                )
            )
            return [row[0] for row in rows]
    finally:
        engine.dispose()


def test_the_answer_after_a_restart_is_saved(server: Server, bank: Bank) -> None:
    store = _store(server)
    session = _session(store, bank)
    first = _answer(session, bank)
    session.record()
    server.restart()  # every pooled connection is dead now
    second = _answer(session, bank)
    session.record()
    assert _logged(server) == [first, second]
    store.close()


def test_an_answer_given_while_the_server_restarts_is_recorded_once_it_is_up(
    server: Server, bank: Bank
) -> None:
    store = _store(server)
    session = _session(store, bank)
    first = _answer(session, bank)
    session.record()
    second = _answer(session, bank)  # checked (which reads the card); then the server stops
    server.stop()
    pauses: list[float] = []

    def back_during_the_pause(seconds: float) -> None:
        pauses.append(seconds)
        server.start()

    store.sleep = back_during_the_pause
    session.record()
    assert pauses == [store.retry_pauses_s[0]]
    assert _logged(server) == [first, second]
    store.close()


def test_an_answer_not_saved_while_the_server_is_down_is_kept_to_save_later(
    server: Server, bank: Bank
) -> None:
    store = _store(server, retry_pauses_s=(0.01, 0.01))
    session = _session(store, bank)
    first = _answer(session, bank)
    session.record()
    second = _answer(session, bank)
    server.stop()
    try:
        with pytest.raises(OperationalError):  # the front end says it was not saved
            session.record()
        assert session.current is not None and session.current.question_id == second
        assert session.feedback is not None  # the checked answer, still there to record
    finally:
        server.start()
    session.record()
    assert _logged(server) == [first, second]
    assert session.tally.answered == 2
    store.close()


def test_a_restart_in_another_thread_during_the_retries(server: Server, bank: Bank) -> None:
    """The real timing: the server is stopped, and started again by someone else while the
    answer waits for it with the default pauses (about 15 s in all)."""
    store = _store(server)
    session = _session(store, bank)
    first = _answer(session, bank)
    session.record()
    second = _answer(session, bank)
    server.stop()
    starter = threading.Timer(0.3, server.start)
    starter.start()
    try:
        session.record()
    finally:
        starter.join()
    assert _logged(server) == [first, second]
    store.close()


def test_the_line_mode_quiz_says_which_answer_was_not_saved_in_the_learners_language(
    server: Server,
    bank_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Down for longer than the retries: one line, in Japanese here, naming the answer."""
    _store(server).close()
    monkeypatch.setattr(repository, "RETRY_PAUSES_S", (0.01, 0.01))
    record = Store.record_review
    calls: list[str] = []

    def stop_before_the_second(self: Store, *args: Any, **kwargs: Any) -> Any:
        calls.append(args[1].question_id)
        if len(calls) == 2:
            server.stop()
        return record(self, *args, **kwargs)

    monkeypatch.setattr(Store, "record_review", stop_before_the_second)
    command = ["--db", server.url, "--user", "zoe", "quiz", "--plain", "--limit", "2"]
    try:
        code = run_cli(monkeypatch, bank_dir, [*command, "--lang", "ja"], "3\n3\n" * 3)
    finally:
        server.start()
    err = capsys.readouterr().err
    assert code == 6, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"。{calls[1]} への解答は保存されていません" in err
    assert make_url(server.url).password not in err
    assert _logged(server) == calls[:1]
