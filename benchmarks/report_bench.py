"""Report benchmarks on a SQLite file with 5,000 cards and 500,000 review logs.

Measured in process: the report data plus its JSON text, and the HTML report (four matplotlib
SVG charts); the baseline is the plain `sqlite3` run of the same queries (rows fetched, nothing
else), so the ratio is what SQLAlchemy, FSRS retrievability per card and rendering add.
Measured as a user runs it: `trainer report --format json|html` in a new process, with the real
bank (its questions' ids given to the first cards), against `trainer --version` as the baseline.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/report_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.store_bench import CARDS, TOPICS, _fill
from benchmarks.timing import command_ms, entry, median_ms

ROOT = Path(__file__).resolve().parents[1]
SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"


def main() -> list[dict[str, object]]:
    from trainer.reports.render_html import render_html
    from trainer.reports.report import build, to_json
    from trainer.reports.rows import QuestionMeta
    from trainer.store.engine import make_engine
    from trainer.store.repository import Store

    now = datetime.now(UTC).replace(microsecond=0)
    areas = ("applied_math", "machine_learning", "deep_learning", "dev_env")
    with tempfile.TemporaryDirectory(prefix="trainer-bench-") as folder:
        path = Path(folder) / "bench.db"
        started = time.perf_counter()
        question_ids = _fill(path, now)
        fill_s = time.perf_counter() - started
        questions = [
            QuestionMeta(qid, f"{areas[n % 4]}/t{n % TOPICS:02d}/leaf{n % 7}", areas[n % 4])
            for n, qid in enumerate(question_ids)
        ]
        store = Store(make_engine(f"sqlite:///{path}"))
        plain = sqlite3.connect(path)
        try:
            user = store.user_id("bench")

            def report() -> object:
                return build(store, user, "bench", questions, now, 540)

            def as_json() -> object:
                return json.dumps(to_json(report()), ensure_ascii=False)

            def as_html() -> object:
                return render_html(report())

            since = (now - timedelta(days=30)).replace(tzinfo=None).strftime(SQLITE_TIME)

            def baseline() -> object:
                plain.execute(
                    "SELECT date(starts_at, '+540 minutes') d, sum(reviews), sum(correct)"
                    " FROM review_tally WHERE user_id = ? GROUP BY d ORDER BY d",
                    (user,),
                ).fetchall()
                plain.execute(
                    "SELECT question_id, count(*), sum(correct) FROM review_log JOIN card"
                    " ON card.id = review_log.card_id WHERE card.user_id = ?"
                    " AND reviewed_at >= ? GROUP BY question_id",
                    (user, since),
                ).fetchall()
                plain.execute(
                    "SELECT sum(interday), sum(interday_passed),"
                    " sum(CASE WHEN starts_at >= ? THEN interday ELSE 0 END),"
                    " sum(CASE WHEN starts_at >= ? THEN interday_passed ELSE 0 END)"
                    " FROM review_tally WHERE user_id = ?",
                    (since, since, user),
                ).fetchall()
                return plain.execute(
                    "SELECT * FROM card WHERE user_id = ? AND reps > 0", (user,)
                ).fetchall()

            base = median_ms(baseline, repeat=5)
            json_ms = median_ms(as_json, repeat=5)
            html_ms = median_ms(as_html, repeat=3)
            reviews = plain.execute("SELECT count(*) FROM review_log").fetchone()[0]
            _use_the_real_bank(plain)
        finally:
            plain.close()
            store.close()
        cli = [sys.executable, "-m", "trainer", "--db", f"sqlite:///{path}", "--user", "bench"]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        env.pop("TRAINER_BANK", None)
        start_ms = command_ms([*cli, "--version"], env=env)
        cli_json_ms = command_ms([*cli, "report", "--format", "json"], repeat=5, env=env)
        html_out = ["--out", str(Path(folder) / "report.html")]
        cli_html_ms = command_ms([*cli, "report", "--format", "html", *html_out], 3, env)
    shared = {"cards": CARDS, "review_logs": reviews, "fill_s": round(fill_s, 1)}
    return [
        entry("report_json", json_ms, base, "< 1000 ms", **shared),
        entry("report_html", html_ms, base, "< 3000 ms"),
        entry("report_json_command", cli_json_ms, start_ms, "< 1000 ms, process start to exit"),
        entry("report_html_command", cli_html_ms, start_ms, "< 3000 ms, process start to exit"),
    ]


def _use_the_real_bank(connection: sqlite3.Connection) -> None:
    """Give the first cards the ids of the shipped bank's questions, so that the command (which
    loads the real bank) has per-topic work to do; the other cards stay outside the bank."""
    from trainer.bank.loader import load_bank

    ids = sorted(load_bank().questions)
    connection.executemany(
        "UPDATE card SET question_id = ? WHERE id = ?", [(q, n) for n, q in enumerate(ids, 1)]
    )
    connection.commit()


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
