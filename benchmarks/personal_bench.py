"""Personal scheduling benchmarks (issue 19): optimising 50,000 simulated reviews < 30 s;
`trainer plan` < 2 s.

Optimising: a simulated learner whose memory differs from FSRS's defaults reviews until the log
holds 50,000 reviews; measured is the whole fit (preprocessing, fsrs-rs's five time-series splits
and the final fit, the defaults scored on the held-out reviews), against preprocessing alone as
the baseline. Planning: the shipped bank, a learner with 60 days of simulated history on half of
it and an exam 90 days ahead; measured in process (`make_plan`, four retentions and fsrs-rs's
optimal retention) and as a user runs it (`trainer plan`, against `trainer --version`).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/personal_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import command_ms, entry, median_ms

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = 50_000


def _learner() -> list[float]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    true = list(DEFAULT_PARAMETERS)
    true[0:4] = [0.1, 0.5, 1.2, 4.0]
    true[8], true[11], true[20] = 1.2, 1.0, 0.5
    return true


def main() -> list[dict[str, object]]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from trainer.scheduling.personal import fit, training_items
    from trainer.scheduling.simulated import simulate_learner

    log = simulate_learner(
        _learner(), scheduled_with=DEFAULT_PARAMETERS, cards=4000, days=5000, new_per_day=15,
        seed=1, max_reviews=REVIEWS,
    )  # fmt: skip
    prep_ms = median_ms(lambda: training_items(log), repeat=3)
    started = time.perf_counter()
    result = fit(log)
    fit_ms = (time.perf_counter() - started) * 1000
    assert result.fitted is not None and result.default is not None
    figures = {
        "reviews": len(log),
        "interday_reviews": result.items,
        "default_log_loss": round(result.default.log_loss, 4),
        "fitted_log_loss": round(result.fitted.log_loss, 4),
        "default_rmse_bins": round(result.default.rmse_bins, 4),
        "fitted_rmse_bins": round(result.fitted.rmse_bins, 4),
    }
    return [
        entry("optimize_50k_reviews", fit_ms, prep_ms, "< 30000 ms", **figures),
        *_plan(),
    ]


def _plan() -> list[dict[str, object]]:
    from fsrs.scheduler import DEFAULT_PARAMETERS

    from trainer.bank.loader import load_bank
    from trainer.scheduling import Rating, ReviewEvent, Scheduler
    from trainer.scheduling.simulated import simulate_learner
    from trainer.store.engine import make_engine
    from trainer.store.models import Card, ReviewLog
    from trainer.store.repository import Store
    from trainer.store.upgrade import ensure_schema
    from trainer.study.plan import make_plan
    from trainer.study.settings import load_settings, save_setting

    names = sorted(load_bank().questions)
    now = datetime.now(UTC)
    log = simulate_learner(
        _learner(), scheduled_with=DEFAULT_PARAMETERS, cards=len(names) // 2, days=60,
        new_per_day=10, seed=2, start=now - timedelta(days=60),
    )  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'plan.db'}"
        engine = make_engine(url)
        ensure_schema(engine)
        store = Store(engine)
        try:
            user = store.user_id("bench")
            scheduler = Scheduler()
            by_card: dict[int, list[ReviewEvent]] = {}
            for review in log:
                event = ReviewEvent(Rating(review.rating), review.reviewed_at, review.duration_ms)
                by_card.setdefault(review.card_id, []).append(event)
            with store.writing() as session:
                for card_id, events in by_card.items():
                    state = scheduler.replay(card_id, events)
                    card = Card(
                        user_id=user, question_id=names[card_id], state=int(state.state),
                        step=state.step, stability=state.stability, difficulty=state.difficulty,
                        due=state.due, last_review=state.last_review, reps=state.reps,
                        lapses=state.lapses, first_review=events[0].reviewed_at,
                    )  # fmt: skip
                    session.add(card)
                    session.flush()
                    rows = [
                        ReviewLog(
                            card_id=card.id, rating=int(e.rating), answer="", correct=True,
                            seed=0, duration_ms=e.duration_ms, reviewed_at=e.reviewed_at,
                        )
                        for e in events
                    ]  # fmt: skip
                    session.add_all(rows)
            exam = (now + timedelta(days=90)).date().isoformat()
            save_setting(store, user, "exam-date", exam)
            save_setting(store, user, "minutes-per-day", "20")
            settings = load_settings(store, user)
            ids = set(names)
            started = time.perf_counter()
            make_plan(store, user, ids, settings, now)  # the day's first: optimal retention too
            cold_ms = (time.perf_counter() - started) * 1000
            plan_ms = median_ms(lambda: make_plan(store, user, ids, settings, now), repeat=5)
            simulate_ms = median_ms(
                lambda: make_plan(store, user, ids, settings, now, with_optimal=False), repeat=5
            )
        finally:
            store.close()
        cli = [sys.executable, "-m", "trainer", "--db", url, "--user", "bench"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("TRAINER_BANK", None)
        start_ms = command_ms([*cli, "--version"], repeat=3, env=env)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        command = command_ms([*cli, "plan", "--json"], repeat=3, env=env)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    shared = {"questions": len(names), "history_reviews": len(log), "days": 90}
    return [
        entry("plan_first_of_the_day", cold_ms, simulate_ms,
              "< 2000 ms (baseline: without optimal retention)", **shared),
        entry("plan", plan_ms, simulate_ms, "< 2000 ms (optimal retention kept for the day)"),
        entry("plan_command", command, start_ms, "< 2000 ms, process start to exit",
              cpu_ms_per_run=round(cpu * 1000 / 4, 1)),
    ]  # fmt: skip


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
