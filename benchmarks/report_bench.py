"""Report benchmarks on a SQLite file with 5,000 cards and 500,000 review logs.

Measured: the report data plus its JSON text, and the HTML report (four matplotlib SVG charts).
The baseline is the plain `sqlite3` run of the same GROUP BY queries (rows fetched, nothing
else), so the ratio is what SQLAlchemy, FSRS retrievability per card and rendering add.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

if __package__ in (None, ""):  # run as a script: `python benchmarks/report_bench.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.store_bench import CARDS, TOPICS, _fill
from benchmarks.timing import entry, median_ms

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
                mine = "card_id IN (SELECT id FROM card WHERE user_id = ?)"
                plain.execute(
                    "SELECT substr(reviewed_at, 1, 13) h, count(*), sum(correct)"
                    f" FROM review_log WHERE {mine} GROUP BY h",
                    (user,),
                ).fetchall()
                plain.execute(
                    "SELECT question_id, count(*), sum(correct) FROM review_log JOIN card"
                    " ON card.id = review_log.card_id WHERE card.user_id = ?"
                    " AND reviewed_at >= ? GROUP BY question_id",
                    (user, since),
                ).fetchall()
                plain.execute(
                    "SELECT count(*), sum(rating > 1), sum(reviewed_at >= ?),"
                    " sum(reviewed_at >= ? AND rating > 1) FROM (SELECT reviewed_at, rating,"
                    " lag(reviewed_at) OVER (PARTITION BY card_id ORDER BY reviewed_at, id) prev"
                    f" FROM review_log WHERE {mine}) WHERE prev IS NOT NULL"
                    " AND substr(prev, 1, 10) != substr(reviewed_at, 1, 10)",
                    (since, since, user),
                ).fetchall()
                return plain.execute(
                    "SELECT * FROM card WHERE user_id = ? AND reps > 0", (user,)
                ).fetchall()

            base = median_ms(baseline, repeat=5)
            json_ms = median_ms(as_json, repeat=5)
            html_ms = median_ms(as_html, repeat=3)
            reviews = plain.execute("SELECT count(*) FROM review_log").fetchone()[0]
        finally:
            plain.close()
            store.close()
    shared = {"cards": CARDS, "review_logs": reviews, "fill_s": round(fill_s, 1)}
    return [
        entry("report_json", json_ms, base, "< 1000 ms", **shared),
        entry("report_html", html_ms, base, "< 3000 ms"),
    ]


if __name__ == "__main__":
    print(json.dumps(main(), indent=2))
