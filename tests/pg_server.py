"""A throwaway PostgreSQL server for the tests, started by the tests themselves.

`initdb` and `pg_ctl` refuse to run as root, so as root they run as the `postgres` user
(`runuser`), in a fresh folder under /tmp, on a free loopback port, with fsync off (a test server
loses nothing that matters); the server is stopped and its folder removed at the end. Set
TRAINER_TEST_PG_URL to use a server of your own instead (its database is emptied).

Connections over TCP must give a password (SCRAM), as on a real class server, so that a wrong
password is refused; the tests' own set-up goes through the Unix socket, which is trusted.
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
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
    """A running test server: its URL, and `pg_ctl` for the fault tests (restart, stop, start)."""

    def __init__(self, url: str, control: Callable[[str], None] | None) -> None:
        self.url = url
        self._control = control

    def _pg_ctl(self, action: str) -> None:
        if self._control is None:
            raise RuntimeError("a server named by TRAINER_TEST_PG_URL is not restarted by tests")
        self._control(action)

    def restart(self) -> None:
        self._pg_ctl("restart")

    def stop(self) -> None:
        """Down (fast shutdown: sessions are cut) until `start`."""
        self._pg_ctl("stop")

    def start(self) -> None:
        self._pg_ctl("start")


@contextmanager
def postgres_server() -> Iterator[Server]:
    """Start a server; yields it with the URL of an empty database `trainer_test` on it."""
    own = os.environ.get("TRAINER_TEST_PG_URL")
    if own:
        yield Server(own, None)
        return
    base = Path(tempfile.mkdtemp(prefix="trainer-pg-"))
    password = secrets.token_hex(12)
    password_file = base / "password"
    password_file.write_text(password + "\n")
    as_user: list[str] = []
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        for path in (base, password_file):
            os.chown(path, postgres.pw_uid, postgres.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "server.log"
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_user, *command], check=True, capture_output=True, timeout=120)

    try:
        run(_program("initdb"), "-D", str(data), "--auth-local=trust",
            "--auth-host=scram-sha-256", f"--pwfile={password_file}", "-U", "postgres",
            "-E", "UTF8", "--locale=C", "--no-sync")  # fmt: skip
        options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off"
        run(_program("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-o", options,
            "start")  # fmt: skip
        run(_program("psql"), "-h", str(base), "-p", str(port), "-U", "postgres", "-q", "-c",
            "CREATE DATABASE trainer_test")  # fmt: skip

        def control(action: str) -> None:
            run(_program("pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-t", "60", "-m", "fast",
                "-o", options, action)  # fmt: skip

        url = f"postgresql+psycopg://postgres:{password}@127.0.0.1:{port}/trainer_test"
        yield Server(url, control)
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [*as_user, _program("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                timeout=60,
                check=False,
            )
        shutil.rmtree(base, ignore_errors=True)
