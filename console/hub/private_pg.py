"""A private, throwaway PostgreSQL server that may be restarted on purpose.

A shared PostgreSQL server is not ours to restart (other tests and people use it), so the
database-restart drill (tests/console/hub/test_hub_pg_restart.py and ``dispatch-console
bench outage --private-pg``) runs its own: ``initdb`` into a temporary directory, ``pg_ctl
start`` on a free loopback port with its socket in that directory, ``pg_ctl restart`` in the
middle of the traffic, and ``pg_ctl stop`` plus removal of the directory at the end.

PostgreSQL refuses to run as root, so when this process is root the server programs run as
the ``postgres`` OS user (``runuser``) and the directory is given to that user. Missing
programs raise :class:`PrivatePostgresUnavailable` saying what was looked for.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

from console.db.engine import Database

OS_USER = "postgres"


class PrivatePostgresUnavailable(RuntimeError):
    """The PostgreSQL server programs cannot be found or the server would not start."""


def find_bindir() -> Path:
    """The directory holding ``initdb`` and ``pg_ctl``: $PG_BINDIR, the newest
    /usr/lib/postgresql/*/bin, ``pg_config --bindir``, or the PATH."""
    candidates: list[str] = []
    if os.environ.get("PG_BINDIR"):
        candidates.append(os.environ["PG_BINDIR"])
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted(versions, key=lambda p: int(p.split("/")[-2].split(".")[0]), reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if out.returncode == 0:
            candidates.append(out.stdout.strip())
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(str(Path(on_path).parent))
    for c in candidates:
        if (Path(c) / "initdb").is_file() and (Path(c) / "pg_ctl").is_file():
            return Path(c)
    raise PrivatePostgresUnavailable(
        "PostgreSQL server programs (initdb, pg_ctl) not found: looked in $PG_BINDIR, "
        "/usr/lib/postgresql/*/bin, `pg_config --bindir` and the PATH; install the "
        "PostgreSQL server package or set PG_BINDIR"
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PrivatePostgres:
    """``with PrivatePostgres() as pg:`` a running server; ``pg.url`` names its ``postgres``
    database, ``pg.restart()`` restarts it (fast mode: open connections are cut)."""

    def __init__(self, *, port: int | None = None, timeout: float = 120.0) -> None:
        self.bindir = find_bindir()
        self.port = port or _free_port()
        self.timeout = timeout
        self.as_user = os.geteuid() == 0
        if self.as_user and shutil.which("runuser") is None:
            raise PrivatePostgresUnavailable(
                "running as root needs `runuser` to start PostgreSQL as the postgres user"
            )
        self.tmp = Path(tempfile.mkdtemp(prefix="ndc-private-pg-"))
        self.data = self.tmp / "data"
        self.log = self.tmp / "server.log"
        self.running = False

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{OS_USER}@127.0.0.1:{self.port}/postgres"

    def _run(self, program: str, *args: str) -> None:
        cmd = [str(self.bindir / program), *args]
        if self.as_user:
            cmd = ["runuser", "-u", OS_USER, "--", *cmd]
        done = subprocess.run(
            cmd, capture_output=True, text=True, timeout=self.timeout, stdin=subprocess.DEVNULL
        )
        if done.returncode != 0:
            tail = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PrivatePostgresUnavailable(
                f"{program} {' '.join(args)} failed ({done.returncode}): "
                f"{done.stderr.strip() or done.stdout.strip()}\n{tail}"
            )

    def _pg_ctl(self, action: str) -> None:
        opts = (
            f"-p {self.port} -k {self.tmp} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c max_connections=100"
        )
        self._run(
            "pg_ctl",
            action,
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-w",
            "-t",
            str(int(self.timeout)),
            "-m",
            "fast",
            "-o",
            opts,
        )

    def start(self) -> PrivatePostgres:
        if self.as_user:
            shutil.chown(self.tmp, OS_USER, OS_USER)
        if not self.data.exists():
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "-U",
                OS_USER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
        self._pg_ctl("start")
        self.running = True
        return self

    def restart(self) -> float:
        """Restart the server (connections cut); returns the seconds it was unavailable."""
        t = time.monotonic()
        self._pg_ctl("restart")
        return time.monotonic() - t

    def stop(self) -> None:
        if self.running:
            self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w")
            self.running = False

    def close(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def database(self) -> Database:
        return Database(self.url)

    def __enter__(self) -> PrivatePostgres:
        try:
            return self.start()
        except BaseException:
            self.close()
            raise

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
