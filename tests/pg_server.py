"""A throwaway PostgreSQL server for the tests, started by the tests themselves.

`initdb` and `pg_ctl` refuse to run as root, so as root they run as the `postgres` user
(`runuser`), in a fresh folder under /tmp, on a free loopback port, with fsync off (a test server
loses nothing that matters); the server is stopped and its folder removed at the end. Set
TRAINER_TEST_PG_URL to use a server of your own instead (its database is emptied).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class NoPostgres(RuntimeError):
    """The PostgreSQL server programs are not installed (make test installs them)."""


def _program(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not candidates:
        raise NoPostgres(f"{name} not found: install PostgreSQL (make test does)")
    return candidates[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Server:
    """A running test server: its URL, and a restart for the fault tests."""

    def __init__(self, url: str, restart: Callable[[], None] | None) -> None:
        self.url = url
        self._restart = restart

    def restart(self) -> None:
        if self._restart is None:
            raise RuntimeError("a server named by TRAINER_TEST_PG_URL is not restarted by tests")
        self._restart()


@contextmanager
def postgres_server() -> Iterator[Server]:
    """Start a server; yields it with the URL of an empty database `trainer_test` on it."""
    own = os.environ.get("TRAINER_TEST_PG_URL")
    if own:
        yield Server(own, None)
        return
    base = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(base, postgres.pw_uid, postgres.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    try:
        run(_program("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C", "--no-sync")  # fmt: skip
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(_program("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options,
            "start")  # fmt: skip
        run(_program("psql"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "-q", "-c",
            "CREATE DATABASE trainer_test")  # fmt: skip

        def restart() -> None:
            run(_program("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-m", "fast",
                "-o", options, "restart")  # fmt: skip

        yield Server(f"postgresql+psycopg://postgres@127.0.0.1:{port}/trainer_test", restart)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, _program("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)
