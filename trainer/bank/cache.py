"""A validated bank kept between runs, so that a start whose YAML has not changed skips the
parsing and the checks (about half of a command's start-up).

The key is a digest of everything the loaded bank depends on: the contents of each question file
and of the syllabus, the bank package's own code (path, size, modification time), the Python and
trainer versions, and the working folder (messages name files relative to it). A cache file that
cannot be read back (truncated, another format) is ignored and replaced; one that cannot be
written is no error. A bank with problems is never cached, so its errors are reported on every
run. The file is the user's own (a pickle in their cache folder), read only by them.
`TRAINER_CACHE=off` turns the cache off; `TRAINER_CACHE=DIR` moves it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import trainer

if TYPE_CHECKING:
    from trainer.bank.loader import Bank

CODE = Path(__file__).resolve().parent  # trainer/bank: a changed schema or generator counts too
OFF = {"off", "0", "no", "false"}
KEEP = 4  # entries: a few banks or working folders in turn do not push each other out


def cache_dir() -> Path | None:
    setting = os.environ.get("TRAINER_CACHE", "")
    if setting.lower() in OFF:
        return None
    if setting:
        return Path(setting)
    from platformdirs import user_cache_path

    return user_cache_path("trainer", appauthor=False) / "bank"


def fingerprint(inputs: Iterable[Path]) -> str:
    """A digest of the inputs' contents (a few milliseconds: an edit within one clock tick that
    keeps the size is still seen), and of the names, sizes and times of the code reading them."""
    digest = hashlib.sha256(f"{trainer.__version__} {sys.version} {os.getcwd()}".encode())
    for path in inputs:
        try:
            digest.update(f"{path.resolve()}\n".encode() + path.read_bytes())
        except OSError:
            digest.update(f"{path} unreadable\n".encode())
    for path in sorted(CODE.rglob("*.py")):
        info = path.stat()
        digest.update(f"{path} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:32]


def read(key: str) -> Bank | None:
    from trainer.bank.loader import Bank

    folder = cache_dir()
    if folder is None:
        return None
    try:
        bank = pickle.loads((folder / f"{key}.pickle").read_bytes())
    except Exception:  # missing, truncated, written by other code: load the YAML instead
        return None
    return bank if isinstance(bank, Bank) else None


def write(key: str, bank: Bank) -> None:
    """Keep `bank` under `key` (and the newest few others); quietly does nothing if it cannot."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as handle:
            handle.write(pickle.dumps(bank, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(handle.name, folder / f"{key}.pickle")
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        return
