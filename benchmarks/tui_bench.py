"""TUI benchmarks, headless, each against a bare Textual app doing the least comparable work.

- first frame: process start to the first `on_ready` (imports included), trainer vs a bare
  "hello" app, each in a fresh interpreter (median of 5).
- home counts: mount to the home table showing due counts, with 5,000 cards on a SQLite file
  (bank of 5,000 questions made by copying a shipped one), median of 5 launches; baseline: the
  first frame alone.
- key -> next question: measured inside the app, from the rating key's handler to the refresh
  that draws the next question (including the committed review), over a 50-question session;
  the rating key comes READING_S after the feedback is drawn, as a learner's does (pressed at
  once, it also paid for the feedback frame's follow-up work: the footer's keys, the scroll);
  baseline: a bare app updating one Static on a key. `pilot.press` is not timed (it sleeps).
- first expression check: in a fresh interpreter (sympy not loaded), a one-question session on
  `fam.bptt-tanh-derivative` (key `1 - tanh(x)**2`), the learner typing `sech(x)**2` and pressing
  Enter as soon as the question is drawn: from the key to the feedback drawn (median of 5);
  baseline: the bare app's key -> Static update of the same run.
- launch to first paint in a real terminal: `python -m trainer` in an 80x24 tmux session, the
  pane polled every 10 ms until the home screen's title shows (best and median of 5), against
  the bare "hello" app the same way. Skipped, with the reason, where tmux is missing.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.timing import entry

ROOT = Path(__file__).resolve().parents[1]
CARDS = 5_000
SESSION = 50
READING_S = 0.2  # from the feedback drawn to the rating key: the least a learner takes to read

FIRST_FRAME = """
import os, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
if {trainer!r}:
    from trainer.tui.app import TrainerApp as Base
    args = {{"db_url": "sqlite:///" + {db!r}, "user": "bench"}}
else:
    from textual.app import App
    from textual.widgets import Static
    class Base(App):
        def compose(self):
            yield Static("hello")
    args = {{}}
def ready(self):
    print((time.perf_counter() - t0) * 1000, flush=True)
    os._exit(0)
Base.on_ready = ready
Base(**args).run(headless=True)
"""


def _first_frame_ms(trainer: bool, db: str, repeat: int = 5) -> float:
    code = FIRST_FRAME.format(root=str(ROOT), trainer=trainer, db=db)
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return statistics.median(times)


FIRST_CHECK = """
import asyncio, json, sys, time
sys.path.insert(0, {root!r})
from trainer.bank.loader import Bank, load_bank
from trainer.study.options import SessionOptions
from trainer.tui.app import TrainerApp
from trainer.tui.screens.review import ReviewScreen

bank = load_bank()
only = Bank({{{qid!r}: bank.questions[{qid!r}]}}, bank.syllabus)
app = TrainerApp(
    db_url="sqlite:///" + {db!r}, user="bench", bank=only, start=SessionOptions(limit=1)
)


async def main():
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + 60
        while not isinstance(app.screen, ReviewScreen) or app.screen.presented is None:
            assert app.error is None and time.perf_counter() < deadline, app.error
            await asyncio.sleep(0.001)
        await pilot.pause()
        screen = app.screen
        loaded = "sympy" in sys.modules
        drawn = []
        draw = screen.draw_feedback

        def timed(feedback):
            draw(feedback)
            app.call_after_refresh(lambda: drawn.append(time.perf_counter()))

        screen.draw_feedback = timed
        screen.query_one("#answer").value = {answer!r}
        started = time.perf_counter()
        await pilot.press("enter")
        while not drawn:
            assert time.perf_counter() < started + 60, "no feedback drawn"
            await asyncio.sleep(0.001)
        ms = (drawn[0] - started) * 1000
        print(json.dumps({{"ms": ms, "correct": screen.feedback.correct, "sympy_before": loaded}}))


asyncio.run(main())
"""
CHECKED_QUESTION = "fam.bptt-tanh-derivative"
CHECKED_ANSWER = "sech(x)**2"  # right, in another form than the key


def _first_check_ms(folder: str, repeat: int = 5) -> list[float]:
    times = []
    for n in range(repeat):
        code = FIRST_CHECK.format(
            root=str(ROOT),
            qid=CHECKED_QUESTION,
            answer=CHECKED_ANSWER,
            db=str(Path(folder) / f"check-{n}.db"),
        )
        out = subprocess.run(
            [sys.executable, "-c", code], check=True, capture_output=True, text=True
        ).stdout
        result = json.loads(out.strip().splitlines()[-1])
        assert result["correct"] and not result["sympy_before"], result
        times.append(float(result["ms"]))
    return times


HELLO_APP = """
from textual.app import App
from textual.widgets import Static


class Hello(App):
    def compose(self):
        yield Static("hello")


Hello().run()
"""
TRAINER_TITLE = "trainer · E"  # the header's title, drawn with the home screen


def _pane_paint_ms(command: str, marker: str, repeat: int = 5) -> list[float]:
    """Launch `command` in a detached 80x24 tmux session; time until `marker` is on the pane.

    A private tmux server, kept up by an idle session, so each launch pays no server start.
    """
    tmux = ["tmux", "-L", f"trainer-bench-{os.getpid()}-{time.monotonic_ns()}"]
    subprocess.run([*tmux, "new-session", "-d", "-s", "keep", "sleep 600"], check=True)
    try:
        return _launches(tmux, command, marker, repeat)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)


def _launches(tmux: list[str], command: str, marker: str, repeat: int) -> list[float]:
    times = []
    for n in range(repeat):
        name = f"launch-{n}"
        started = time.perf_counter()
        subprocess.run(
            [*tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", command],
            check=True,
        )
        try:
            while True:
                pane = subprocess.run(
                    [*tmux, "capture-pane", "-p", "-t", name],
                    capture_output=True,
                    text=True,
                    check=False,
                ).stdout
                if marker in pane:
                    times.append((time.perf_counter() - started) * 1000)
                    break
                if time.perf_counter() - started > 30:
                    raise RuntimeError(f"{marker!r} never appeared in tmux; last pane:\n{pane}")
                time.sleep(0.01)
        finally:
            subprocess.run([*tmux, "kill-session", "-t", name], check=False, capture_output=True)
    return times


def _real_terminal(folder: str) -> dict[str, object]:
    name = "tui launch to first paint, real terminal (tmux 80x24, median of 5)"
    if shutil.which("tmux") is None:
        return {"name": name, "skipped": "tmux is not installed"}
    hello = Path(folder) / "hello_app.py"
    hello.write_text(HELLO_APP, encoding="utf-8")
    python = shlex.quote(sys.executable)
    db = shlex.quote(f"sqlite:///{Path(folder) / 'p.db'}")
    trainer = f"cd {shlex.quote(str(ROOT))} && {python} -m trainer --db {db} --user bench"
    ours = _pane_paint_ms(trainer, TRAINER_TITLE)
    bare = _pane_paint_ms(f"{python} {shlex.quote(str(hello))}", "hello")
    return entry(
        name,
        statistics.median(ours),
        statistics.median(bare),
        "<= 1.3x bare app; both include the tmux session start and 10 ms polling",
        best_ms=round(min(ours), 3),
        baseline_best_ms=round(min(bare), 3),
    )


def _big_bank(count: int) -> Any:
    from trainer.bank.loader import Bank, load_bank

    bank = load_bank()
    template = bank.questions["adv.vae-reparam-sigma"]
    questions = {}
    for n in range(count):
        qid = f"bench.q{n:05d}"
        topic = f"bench/t{n % 60:02d}/sub"
        questions[qid] = template.model_copy(update={"id": qid, "topic": topic})
    return Bank(questions, bank.syllabus)


def _fill(path: Path, question_ids: list[str]) -> None:
    import random
    import sqlite3
    from datetime import UTC, datetime, timedelta

    from trainer.store.engine import make_engine
    from trainer.store.upgrade import ensure_schema

    engine = make_engine(f"sqlite:///{path}")
    ensure_schema(engine)
    engine.dispose()
    fmt = "%Y-%m-%d %H:%M:%S.%f"
    now = datetime.now(UTC).replace(tzinfo=None)
    rng = random.Random(1)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("BEGIN")
    db.execute(
        "INSERT INTO user (id, name, created_at) VALUES (1, 'bench', ?)", (now.strftime(fmt),)
    )
    rows = []
    for n, qid in enumerate(question_ids, start=1):
        due = now + timedelta(days=rng.uniform(-10, 60))
        last = now - timedelta(days=rng.uniform(1, 30))
        rows.append((n, 1, qid, 2, None, 10.0, 5.0, due.strftime(fmt), last.strftime(fmt),
                     last.strftime(fmt), 5, 0, 0))  # fmt: skip
    db.executemany(
        "INSERT INTO card (id, user_id, question_id, state, step, stability, difficulty, due,"
        " last_review, first_review, reps, lapses, suspended)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.execute("COMMIT")
    db.close()


async def _home_counts_ms(db: str, bank: Any) -> tuple[float, float]:
    from trainer.tui.app import TrainerApp

    app = TrainerApp(db_url=f"sqlite:///{db}", user="bench", bank=bank)
    started = time.perf_counter()
    first = 0.0
    async with app.run_test(size=(120, 40)) as pilot:
        while app.home.overview is None and app.error is None:
            if not first and app.screen is app.home:
                first = (time.perf_counter() - started) * 1000
            await asyncio.sleep(0.001)
        # The counts are on screen at the first refresh after the table was filled (waiting for
        # the app to go idle would also wait for the streak, read after the counts).
        painted = asyncio.Event()
        app.call_after_refresh(painted.set)
        await painted.wait()
        shown = (time.perf_counter() - started) * 1000
        await pilot.pause()
        assert app.error is None, app.error
        assert app.home.overview is not None and app.home.overview.due > 0
    return shown, first


async def _key_latency(db: str) -> list[float]:
    from trainer.bank.checking import expected_text
    from trainer.study.options import SessionOptions
    from trainer.tui.app import TrainerApp
    from trainer.tui.screens.review import ReviewScreen

    app = TrainerApp(
        db_url=f"sqlite:///{db}",
        user="latency",
        new_limit=SESSION,
        start=SessionOptions(limit=SESSION),
    )
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.perf_counter() + 60
        while not isinstance(app.screen, ReviewScreen) or app.screen.presented is None:
            assert app.error is None and time.perf_counter() < deadline, app.error
            await asyncio.sleep(0.001)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        while screen.presented is not None:
            variant = screen.presented.variant
            text = expected_text(variant) if variant.kind != "text" else variant.text_answer.en  # type: ignore[union-attr]
            if variant.kind == "choice":
                await pilot.press(*text.split(", "), "enter")
            else:
                screen.query_one("#answer").value = text  # type: ignore[attr-defined]
                await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await asyncio.sleep(READING_S)
            await pilot.press("enter")
            await app.workers.wait_for_complete()
            await pilot.pause()
    return app.latencies_ms


async def _bare_latency(count: int) -> list[float]:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def __init__(self) -> None:
            super().__init__()
            self.latencies: list[float] = []
            self.n = 0

        def compose(self) -> ComposeResult:
            yield Static("0", id="s")

        def on_key(self) -> None:
            started = time.perf_counter()
            self.n += 1
            self.query_one("#s", Static).update(str(self.n))
            self.call_after_refresh(
                lambda: self.latencies.append((time.perf_counter() - started) * 1000)
            )

    app = Bare()
    async with app.run_test() as pilot:
        for _ in range(count):
            await pilot.press("x")
            await pilot.pause()
    return app.latencies


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main() -> list[dict[str, object]]:
    with tempfile.TemporaryDirectory(prefix="trainer-tui-bench-") as folder:
        small = str(Path(folder) / "small.db")
        hello = _first_frame_ms(False, small)
        ours = _first_frame_ms(True, small)
        bank = _big_bank(CARDS)
        big = Path(folder) / "big.db"
        _fill(big, list(bank.questions))
        launches = [asyncio.run(_home_counts_ms(str(big), bank)) for _ in range(5)]
        shown = statistics.median(s for s, _ in launches)
        first = statistics.median(f for _, f in launches)
        latencies = asyncio.run(_key_latency(str(Path(folder) / "session.db")))
        bare = asyncio.run(_bare_latency(SESSION))
        checks = _first_check_ms(folder)
        terminal = _real_terminal(folder)
    return [
        entry("tui first frame (headless, from process start)", ours, hello, "<= 1.5x bare app"),
        entry(
            "tui home shows due counts, 5,000 cards (from mount)",
            shown,
            first,
            "< 150 ms; baseline = first frame of the same run",
        ),
        entry(
            "tui key -> next question drawn, 50-question session (median)",
            statistics.median(latencies),
            statistics.median(bare),
            "p95 < 20 ms",
            p95_ms=round(_p95(latencies), 3),
            baseline_p95_ms=round(_p95(bare), 3),
            samples=len(latencies),
        ),
        entry(
            "tui first expression check, Enter -> feedback drawn (fresh process, median of 5)",
            statistics.median(checks),
            statistics.median(bare),
            "< 150 ms",
            max_ms=round(max(checks), 3),
        ),
        terminal,
    ]


if __name__ == "__main__":
    import json

    print(json.dumps(main(), indent=2, ensure_ascii=False))
