"""A throwaway PostgreSQL cluster for the tests: made, started, faulted and removed here.

Debian's ``postgresql`` package (installed by ``scripts/setup --tests`` when root) brings
``initdb`` and ``pg_ctl``. ``initdb`` refuses to run as root, so as root the cluster belongs
to the ``postgres`` user and every cluster command runs through ``runuser``. The cluster
listens on a free loopback port with trust authentication, keeps nothing durable (it is
thrown away) and holds one database per test.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path

__all__ = ["Cluster", "find_bindir", "why_not"]

USER = "postgres"
"""Who runs the cluster when the tests run as root."""


def find_bindir() -> Path | None:
    """The folder of the newest installed PostgreSQL's server programs, if any."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def why_not() -> str | None:
    """Why no cluster can be made here, or None when one can."""
    if find_bindir() is None:
        return "PostgreSQL's server is not installed (scripts/setup --tests installs it)"
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            return "running as root without runuser"
        try:
            import pwd

            pwd.getpwnam(USER)
        except KeyError:
            return f"running as root and there is no '{USER}' user to run PostgreSQL"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "the psycopg driver is not installed (pip install '.[postgres]')"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """One PostgreSQL cluster in a temporary folder."""

    def __init__(self) -> None:
        bindir = find_bindir()
        assert bindir is not None
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="bonds-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, user=USER)
        self._names = itertools.count(1)
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "bonds", "-E", "UTF8",
                  "--locale=C", "--no-sync")
        self.start()

    def _command(self, program: str, *args: str) -> list[str]:
        command = [str(self.bindir / program), *args]
        return ["runuser", "-u", USER, "--", *command] if self.as_root else command

    def _run(self, program: str, *args: str) -> None:
        subprocess.run(self._command(program, *args), check=True, cwd=self.root,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                   "-c fsync=off -c full_page_writes=off -c max_connections=200")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options,
                  "-w", "-t", "30", "start")

    def stop(self) -> None:
        """Stop the server (fast: connections are closed)."""
        self.resume()
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def restart(self) -> None:
        """Stop and start the server again, as an upgrade or a failover would."""
        self.stop()
        self.start()

    def pids(self) -> list[int]:
        """The server's processes: the postmaster and all its children."""
        head = (self.data / "postmaster.pid").read_text().split("\n", 1)[0]
        main = int(head)
        children = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            try:
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == main:
                children.append(int(Path(stat).parent.name))
        return [main, *children]

    def pause(self) -> None:
        """Stop every process of the cluster with SIGSTOP: a database that hangs."""
        for pid in self.pids():
            os.kill(pid, signal.SIGSTOP)

    def resume(self) -> None:
        """Let every process of the cluster go on (SIGCONT)."""
        try:
            pids = self.pids()
        except (OSError, ValueError):
            return
        for pid in pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)

    def url(self, database: str = "postgres") -> str:
        """The SQLAlchemy URL of ``database`` in this cluster."""
        return f"postgresql+psycopg://bonds@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL."""
        import psycopg

        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=bonds dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def destroy(self) -> None:
        """Stop the server and remove every file of the cluster."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
