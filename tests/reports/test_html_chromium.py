"""The HTML report opened in headless Chromium: a screenshot is taken and is not blank, and the
Japanese report's text is drawn with real Japanese glyphs, not tofu (missing-glyph boxes).

Debian's `chromium` and `fonts-noto-cjk` are installed when missing (as root, with apt-get);
where that cannot be done the test is skipped with the reason.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.quizdriver import write_bank
from trainer.scheduling import Rating, Scheduler
from trainer.store.engine import make_engine
from trainer.store.repository import Answer, Store
from trainer.store.upgrade import ensure_schema

ROOT = Path(__file__).resolve().parents[2]
CHARTS = ("heatmap", "mastery", "forecast", "trend")


def apt_install(package: str) -> subprocess.CompletedProcess[str]:
    """`apt-get install -y package` (after `apt-get update` when the first try fails); skips the
    test where that cannot be done."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip(f"{package} is not installed and installing it needs root (apt-get)")
    if shutil.which("apt-get") is None:
        pytest.skip(f"{package} is not installed and there is no apt-get to install it")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    command = ["apt-get", "install", "-y", package]
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:  # a fresh machine may have no package lists yet
            subprocess.run(["apt-get", "update"], capture_output=True, env=env, timeout=300)
            done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    except subprocess.TimeoutExpired:
        pytest.skip(f"apt-get install {package} took more than 15 minutes")
    return done


def chromium() -> str:
    """The chromium binary, installed with apt-get if missing and we are root; else skip."""
    found = shutil.which("chromium")
    if found:
        return found
    done = apt_install("chromium")
    found = shutil.which("chromium")
    if done.returncode != 0 or found is None:
        pytest.skip(f"apt-get install chromium failed: {done.stderr.strip()[-300:]}")
    return found


def japanese_fonts() -> list[str]:
    """Fonts with Japanese glyphs (fontconfig's view, which Chromium uses); Debian's
    fonts-noto-cjk is installed when there are none."""

    def listed() -> list[str]:
        if shutil.which("fc-list") is None:
            return []
        done = subprocess.run(
            ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, timeout=60
        )
        return [line for line in done.stdout.splitlines() if line.strip()]

    fonts = listed()
    if fonts:
        return fonts
    done = apt_install("fonts-noto-cjk")
    fonts = listed()
    if done.returncode != 0 or not fonts:
        pytest.skip(f"apt-get install fonts-noto-cjk failed: {done.stderr.strip()[-300:]}")
    return fonts


def make_report(folder: Path, lang: str = "en") -> Path:
    """An HTML report in `lang` for a learner with 60 answers over 30 days."""
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
    out = folder / f"report-{lang}.html"
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
            "--lang",
            lang,
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


def screenshot(binary: str, page: Path, png: Path, size: str = "1200,2000") -> None:
    profile = png.parent / f"profile-{png.stem}"
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
            "--force-device-scale-factor=1",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert png.exists(), f"no screenshot (exit {done.returncode}): {done.stderr[-1000:]}"


@pytest.mark.slow
def test_html_report_renders_in_headless_chromium(tmp_path: Path) -> None:
    binary = chromium()
    html = make_report(tmp_path)
    text = html.read_text(encoding="utf-8")
    assert '<html lang="en">' in text
    for name in CHARTS:
        start = text.index(f'<figure data-chart="{name}">')
        assert "<svg" in text[start : text.index("</figure>", start)], name
    png = tmp_path / "report.png"
    screenshot(binary, html, png)
    assert png.stat().st_size > 20_000  # a page of charts, not an empty frame
    width, height, colours = pixels(png)
    assert (width, height) == (1200, 2000)
    assert colours > 50  # text and charts in several colours, not a single-colour page


# The probe: characters of the Japanese report, each alone in a box of its own at the top left
# of the page, in the report's own font stack; the last one a private-use code point, which no
# font draws: the browser's missing-glyph rendering (a box, or nothing) to compare with.
PROBE_CHARS = ("定", "着", "度", "分", "野", "\ue000")
BOX = 100
PROBE = (
    '<div style="position:absolute;left:0;top:0;z-index:99;background:#fff;display:flex">'
    + "".join(
        f'<span style="display:block;width:{BOX}px;height:{BOX}px;font-size:80px;'
        f'line-height:{BOX}px;text-align:center;color:#000">{char}</span>'
        for char in PROBE_CHARS
    )
    + "</div>"
)


def glyph_boxes(png: Path) -> list[Any]:
    """Each probe character's box from the screenshot, as a grey-level array in [0, 1]."""
    import numpy as np
    from PIL import Image

    with Image.open(png) as image:
        grey = np.asarray(image.convert("L"), dtype=float) / 255.0
    return [grey[0:BOX, n * BOX : (n + 1) * BOX] for n in range(len(PROBE_CHARS))]


@pytest.mark.slow
def test_japanese_report_draws_real_glyphs_in_chromium(tmp_path: Path) -> None:
    """Issue 13: the Japanese report, opened in Chromium with a CJK font installed, draws its
    Japanese text with glyphs. Tofu would draw every missing character as the same box (or as
    nothing): so each character must leave ink, no two characters may look alike, and none may
    look like the private-use code point that no font has."""
    import numpy as np

    fonts = japanese_fonts()
    binary = chromium()
    page = make_report(tmp_path, "ja")
    text = page.read_text(encoding="utf-8")
    assert '<html lang="ja">' in text and "Noto Sans CJK JP" in text
    assert "分野別の定着度" in text and "What the figures mean" not in text
    png = tmp_path / "report-ja.png"
    screenshot(binary, page, png)
    width, height, colours = pixels(png)
    assert (width, height) == (1200, 2000) and colours > 50

    probed = tmp_path / "probe-ja.html"
    probed.write_text(text.replace("<body>", "<body>" + PROBE, 1), encoding="utf-8")
    shot = tmp_path / "probe-ja.png"
    screenshot(binary, probed, shot)
    boxes = glyph_boxes(shot)
    *glyphs, missing = boxes
    for char, box in zip(PROBE_CHARS, glyphs, strict=False):
        ink = float((box < 0.5).mean())
        assert 0.03 < ink < 0.6, f"{char}: {ink:.1%} of its box inked (fonts: {fonts[:3]})"
    for n, first in enumerate(glyphs):
        assert float(np.abs(first - missing).mean()) > 0.02, f"{PROBE_CHARS[n]} looks like tofu"
        for m in range(n + 1, len(glyphs)):
            gap = float(np.abs(first - glyphs[m]).mean())
            assert gap > 0.02, f"{PROBE_CHARS[n]} and {PROBE_CHARS[m]} look alike: tofu"
