"""The HTML report opened in headless Chromium: a screenshot is taken and is not blank.

Debian's `chromium` is installed when missing (as root, with apt-get); where that cannot be done
the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ("heatmap", "mastery", "forecast", "trend")


def chromium() -> str:
    """The chromium binary, installed with apt-get if missing and we are root; else skip."""
    found = shutil.which("chromium")
    if found:
        return found
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("chromium is not installed and installing it needs root (apt-get)")
    if shutil.which("apt-get") is None:
        pytest.skip("chromium is not installed and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        done = subprocess.run(
            ["apt-get", "install", "-y", "chromium"],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        if done.returncode != 0:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update"], capture_output=True, env=env, timeout=300)
            done = subprocess.run(
                ["apt-get", "install", "-y", "chromium"],
                capture_output=True,
                text=True,
                env=env,
                timeout=900,
            )
    except subprocess.TimeoutExpired:
        pytest.skip("apt-get install chromium took more than 15 minutes")
    found = shutil.which("chromium")
    if done.returncode != 0 or found is None:
        pytest.skip(f"apt-get install chromium failed: {done.stderr.strip()[-300:]}")
    return found


def make_report(folder: Path) -> Path:
    """An HTML report for a learner with 60 answers over 30 days."""
    bank = write_bank(folder / "bank", 9)
    db = folder / "progress.db"
    engine = make_engine(f"sqlite:///{db}")
    ensure_schema(engine)
    store = Store(engine)
    user = store.user_id("ann")
    scheduler = Scheduler()
    start = datetime.now(UTC) - timedelta(days=30)
    for n in range(60):
        correct = n % 5 != 0
        store.record_review(
            user,
            Answer(
                f"test.q{n % 9:04d}",
                Rating.GOOD if correct else Rating.AGAIN,
                "a",
                correct,
                n,
                2000,
                start + timedelta(hours=12 * n),
            ),
            scheduler,
        )
    store.close()
    engine.dispose()
    out = folder / "report.html"
    env = {**os.environ, "TRAINER_BANK": str(bank), "PYTHONPATH": str(ROOT), "TZ": "UTC"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "trainer",
            "--db",
            f"sqlite:///{db}",
            "--user",
            "ann",
            "report",
            "--format",
            "html",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out


def pixels(png: Path) -> tuple[int, int, int]:
    """(width, height, distinct colours) of the screenshot."""
    try:
        from PIL import Image
    except ImportError:
        import matplotlib.image as mpimg
        import numpy as np

        data = mpimg.imread(png)
        flat = data.reshape(-1, data.shape[-1])
        return data.shape[1], data.shape[0], len(np.unique(flat, axis=0))
    with Image.open(png) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 24) or []
        return rgb.width, rgb.height, len(colours)


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    binary = chromium()
    html = make_report(tmp_path)
    text = html.read_text(encoding="utf-8")
    for name in CHARTS:
        start = text.index(f'<figure data-chart="{name}">')
        assert "<svg" in text[start : text.index("</figure>", start)], name
    png = tmp_path / "report.png"
    profile = tmp_path / "profile"
    done = subprocess.run(
        [
            binary,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            "--window-size=1200,2000",
            html.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.exists(), f"no screenshot (exit {done.returncode}): {done.stderr[-1000:]}"
    assert png.stat().st_size > 20_000  # a page of charts, not an empty frame
    width, height, colours = pixels(png)
    assert (width, height) == (1200, 2000)
    assert colours > 50  # text and charts in several colours, not a single-colour page
