"""`trainer optimize` and the study service: fitted parameters are stored and then used."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fsrs.scheduler import DEFAULT_PARAMETERS

from tests.personal.helpers import SLOW_START, learner_log, write_log
from trainer.bank.loader import load_bank
from trainer.cli import main
from trainer.store.engine import make_engine
from trainer.store.parameters import parameters_in_force
from trainer.store.repository import Store
from trainer.store.upgrade import ensure_schema
from trainer.study.personal import learner_parameters, optimize
from trainer.study.session import StudyService

NOW = datetime(2026, 12, 7, 10, tzinfo=UTC)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'p.db'}"


@pytest.fixture
def store(url: str) -> Store:
    engine = make_engine(url)
    ensure_schema(engine)
    return Store(engine)


def test_a_better_fit_is_stored_and_schedules_every_later_review(store: Store) -> None:
    user = store.user_id("ann")
    write_log(store, user, learner_log(SLOW_START, reviews=5000, seed=1))
    study = StudyService(store, load_bank(), user, clock=lambda: NOW)
    assert study.scheduler.config.parameters == tuple(DEFAULT_PARAMETERS)

    dry = optimize(store, user, dry_run=True, now=NOW)
    assert dry.fit.better and not dry.applied and not dry.saved
    assert parameters_in_force(store, user) is None

    result = optimize(store, user, now=NOW)
    assert result.applied and result.saved and result.fit.parameters is not None
    stored = parameters_in_force(store, user)
    assert stored is not None and stored.fitted_at == NOW
    assert stored.parameters == result.fit.parameters == learner_parameters(store, user)
    assert result.fit.fitted is not None and stored.log_loss == result.fit.fitted.log_loss
    study.reload_settings()
    assert study.scheduler.config.parameters == stored.parameters
    fresh = StudyService(store, load_bank(), user, clock=lambda: NOW)
    assert fresh.scheduler.config.parameters == stored.parameters

    again = optimize(store, user, now=NOW)  # the same log: not better than what is in force
    assert again.fit.current is not None and not again.applied and again.saved
    assert learner_parameters(store, user) == stored.parameters


def test_another_learner_keeps_the_defaults(store: Store) -> None:
    ann, bob = store.user_id("ann"), store.user_id("bob")
    write_log(store, ann, learner_log(SLOW_START, reviews=3000, seed=2))
    assert optimize(store, ann).applied
    assert learner_parameters(store, bob) == tuple(DEFAULT_PARAMETERS)


def run(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    code = main(["--db", url, "--user", "ann", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_an_empty_history_is_a_message_in_either_language(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, url, "optimize", "--lang", "en")
    assert code == 0 and not err
    assert "0 interday reviews of the 400 needed, 400 more" in out
    code, out, _ = run(capsys, url, "optimize", "--lang", "ja")
    assert code == 0 and "あと 400 回" in out
    code, out, _ = run(capsys, url, "optimize", "--json")
    data = json.loads(out)
    assert data["needed"] == 400 and data["parameters"] is None and not data["applied"]


def test_the_command_reports_figures_and_applies(
    capsys: pytest.CaptureFixture[str], url: str, store: Store
) -> None:
    write_log(store, store.user_id("ann"), learner_log(SLOW_START, reviews=3000, seed=3))
    code, out, _ = run(capsys, url, "optimize", "--dry-run", "--json")
    data = json.loads(out)
    assert code == 0 and data["dry_run"] and data["better"] and not data["applied"]
    fitted, default = data["figures"]["fitted"], data["figures"]["default"]
    assert fitted["log_loss"] < default["log_loss"]
    code, out, _ = run(capsys, url, "optimize", "--lang", "en")
    assert code == 0 and "Applied" in out and "log loss" in out and "RMSE(bins)" in out
    code, out, _ = run(capsys, url, "optimize", "--lang", "en")
    assert "your current parameters" in out and "Not applied" in out


def test_bad_options_are_one_clear_line(capsys: pytest.CaptureFixture[str], url: str) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--db", url, "optimize", "--dryrun"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "unrecognized arguments: --dryrun" in err and "Traceback" not in err


def test_the_report_says_which_parameters_were_in_force(
    capsys: pytest.CaptureFixture[str], url: str, store: Store
) -> None:
    code, out, _ = run(capsys, url, "report", "--format", "json")
    assert code == 0
    assert json.loads(out)["retention"]["calibration"]["parameters"] == {"source": "default"}
    write_log(store, store.user_id("ann"), learner_log(SLOW_START, reviews=3000, seed=5))
    assert run(capsys, url, "optimize")[0] == 0
    code, out, _ = run(capsys, url, "report", "--format", "json")
    shown = json.loads(out)["retention"]["calibration"]["parameters"]
    stored = parameters_in_force(store, store.user_id("ann"))
    assert stored is not None and shown["source"] == "own"
    assert shown["parameters"] == list(stored.parameters)
    assert shown["log_loss"] < shown["default_log_loss"]
