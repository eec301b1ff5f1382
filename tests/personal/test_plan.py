"""`trainer plan`: the days to the exam on a simulated history, for four retentions."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from tests.personal.helpers import SLOW_START, write_log
from trainer.bank.loader import load_bank
from trainer.cli import main
from trainer.scheduling.planning import Costs, Deck, budget_retention, simulate_to_exam
from trainer.scheduling.simulated import simulate_learner
from trainer.store.engine import make_engine
from trainer.store.parameters import review_history
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.plan import answer_costs, make_plan
from trainer.study.settings import Settings

START = datetime(2026, 9, 1, 9, tzinfo=UTC)
NOW = START + timedelta(days=60, hours=5)
NAMES = [f"q{n}" for n in range(600)]


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'p.db'}"


@pytest.fixture
def store(url: str) -> Store:
    engine = make_engine(url)
    ensure_schema(engine)
    return Store(engine)


def _history(store: Store, names: list[str] = NAMES) -> int:
    user = store.user_id("ann")
    log = simulate_learner(
        SLOW_START, scheduled_with=DEFAULT_PARAMETERS, cards=len(names) // 2, days=60,
        new_per_day=10, seed=1, start=START,
    )  # fmt: skip
    write_log(store, user, log, names)
    return user


def test_higher_retention_costs_more_and_is_remembered_better(store: Store) -> None:
    user = _history(store)
    settings = Settings(exam_date=(NOW + timedelta(days=70)).date(), minutes_per_day=15)
    plan = make_plan(store, user, set(NAMES), settings, NOW)
    assert plan.days == 70 and plan.cards == 600 and plan.new == 300
    assert [o.retention for o in plan.outlooks] == [0.80, 0.85, 0.90, 0.95]
    reviews = [sum(d.reviews for d in o.days) for o in plan.outlooks]
    minutes = [o.minutes_per_day for o in plan.outlooks]
    recall = [o.exam_recall for o in plan.outlooks]
    assert reviews == sorted(reviews) and reviews[0] < reviews[-1]
    assert minutes[0] < minutes[-1] and recall == sorted(recall) and recall[0] < recall[-1]
    for outlook in plan.outlooks:
        assert len(outlook.days) == 70 and outlook.learned == 600
        assert sum(d.new for d in outlook.days) == 300  # the rest of the bank, 20 a day
        assert outlook.days[0].reviews > 0  # the history's due cards
        assert 0.5 < outlook.exam_recall < 1
    assert plan.own_costs and 5 < plan.costs.pass_s < 12 and 12 < plan.costs.new_s < 30
    assert plan.within_budget == budget_retention(plan.outlooks, 15).retention  # type: ignore[union-attr]
    assert plan.optimal is not None and 0.7 <= plan.optimal <= 0.95


def test_the_budget_picks_the_highest_retention_that_fits() -> None:
    deck = Deck(new=400)
    outlooks = [
        simulate_to_exam(DEFAULT_PARAMETERS, deck, 60, r, new_per_day=20, seed=1)
        for r in (0.8, 0.85, 0.9, 0.95)
    ]
    generous = budget_retention(outlooks, 10_000)
    assert generous is not None and generous.retention == 0.95
    assert budget_retention(outlooks, 0.01) is None
    middle = (outlooks[0].minutes_per_day + outlooks[-1].minutes_per_day) / 2
    chosen = budget_retention(outlooks, middle)
    assert chosen is not None and chosen.minutes_per_day <= middle < 0.95 * 10_000


def test_answer_costs_come_from_the_log(store: Store) -> None:
    user = _history(store)
    costs, own = answer_costs(review_history(store, user))
    assert own and sum(costs.first_ratings) == pytest.approx(1)
    assert costs.pass_ratings[1] > costs.pass_ratings[0]  # Good is the common pass
    few, own_few = answer_costs(review_history(store, user)[:5])
    assert not own_few and few == Costs()


def test_without_an_exam_date_it_says_how_to_set_one(store: Store) -> None:
    user = _history(store)
    plan = make_plan(store, user, set(NAMES), Settings(), NOW)
    assert plan.exam_date is None and plan.outlooks == []
    past = make_plan(store, user, set(NAMES), Settings(exam_date=NOW.date()), NOW)
    assert past.outlooks == [] and past.days == 0


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, "--user", "ann", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command(capsys: pytest.CaptureFixture[str], url: str, store: Store) -> None:
    code, out, err = run(capsys, url, "plan", "--lang", "en")
    assert code == 0 and "trainer config exam-date YYYY-MM-DD" in out and not err
    code, out, _ = run(capsys, url, "plan", "--lang", "ja")
    assert "受験日が設定されていません" in out
    names = sorted(load_bank().questions)
    _history(store, names)
    exam = date.today() + timedelta(days=45)
    assert run(capsys, url, "config", "exam-date", exam.isoformat())[0] == 0
    code, out, _ = run(capsys, url, "plan", "--lang", "en")
    assert code == 0 and "No daily time budget set" in out and "Optimal retention" in out
    assert run(capsys, url, "config", "set", "minutes-per-day", "25")[0] == 0
    code, out, _ = run(capsys, url, "plan", "--json")
    data = json.loads(out)
    assert data["exam_date"] == exam.isoformat() and data["minutes_per_day"] == 25
    assert [r["retention"] for r in data["retentions"]] == [0.8, 0.85, 0.9, 0.95]
    assert all(len(r["days"]) == data["days"] for r in data["retentions"])
    assert data["message"] is None and data["answer_seconds"]["own"]
    code, out, _ = run(capsys, url, "plan", "--lang", "en")
    assert "Your budget of 25 minutes a day" in out


def test_a_bad_budget_is_one_line(capsys: pytest.CaptureFixture[str], url: str) -> None:
    code, _, err = run(capsys, url, "config", "set", "minutes-per-day", "0", "--lang", "en")
    assert code == 2 and err.count("\n") == 1 and "1 to 1440" in err
    code, _, err = run(capsys, url, "config", "set", "minutes-per-day", "lots", "--lang", "ja")
    assert code == 2 and "1〜1440" in err


def test_settings_default_leaves_the_budget_unset() -> None:
    assert Settings().minutes_per_day is None
    assert replace(Settings(), minutes_per_day=30).minutes_per_day == 30


def test_the_daily_review_limit_holds_and_the_rest_waits() -> None:
    deck = Deck(
        stability=[1.0] * 300, difficulty=[5.0] * 300, elapsed_days=[10] * 300,
        due_in_days=[-5] * 300, new=0,
    )  # fmt: skip
    capped = simulate_to_exam(
        DEFAULT_PARAMETERS, deck, 10, 0.9, new_per_day=0, reviews_per_day=50, seed=2
    )
    assert all(d.reviews <= 50 for d in capped.days)
    assert [d.reviews for d in capped.days[:6]] == [50] * 6  # the backlog takes six days
    free = simulate_to_exam(DEFAULT_PARAMETERS, deck, 10, 0.9, new_per_day=0, seed=2)
    assert free.days[0].reviews == 300
