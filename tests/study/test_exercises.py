"""Exercise results saved through the service layer: a verdict and a timing sweep, read back."""

from __future__ import annotations

from datetime import UTC, datetime

from trainer.grading.verdict import CheckResult, Status, Verdict
from trainer.store.engine import make_engine
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.exercises import record_submission, record_timing, submissions

T0 = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def test_a_verdict_and_a_timing_sweep_are_stored_and_read_back() -> None:
    engine = make_engine("sqlite://")
    ensure_schema(engine)
    store = Store(engine)
    try:
        user = store.user_id("tester")
        verdict = Verdict(
            "softmax",
            "softmax.py",
            "abc",
            Status.PASSED,
            [CheckResult("shape", Status.PASSED, cases=3)],
            stdout="not kept",
            timings={"total": 12.4},
        )
        record_submission(store, user, verdict, T0)
        record_timing(store, user, "gpu_timing", [{"rows": [1]}], T0)
        checked, timed = submissions(store, user)
        assert (checked.exercise_id, checked.verdict, checked.duration_ms) == (
            "softmax",
            "passed",
            12,
        )
        assert checked.details is not None and "stdout" not in str(checked.details)
        assert checked.details["code_hash"] == "abc"
        assert (timed.verdict, timed.duration_ms) == ("timed", None)
        assert timed.details == {"kind": "timing", "timings": [{"rows": [1]}]}
        assert [s.exercise_id for s in submissions(store, user, "softmax")] == ["softmax"]
    finally:
        store.close()
