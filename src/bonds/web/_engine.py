"""The saves database's SQLAlchemy engine: timeouts, private files, and one-line failures.

- **Timeouts.** Every engine gets a pool timeout; PostgreSQL (through libpq: psycopg or
  psycopg2) also a connect timeout, a statement and lock timeout enforced by the server, TCP
  keepalives, and a ping of each connection as it leaves the pool (inside the call's
  deadline, see :mod:`._offload`). SQLite waits for a lock at most the same time.
- **No data in logs.** Engines hide SQL parameters in their errors (``hide_parameters``), and
  :func:`describe` turns a database failure into one line without the statement or its data.
- **Private files.** The SQLite database (which holds the cookie-signing secret) is created
  0600, its folder 0700 when we create it; the default data folder is always 0700.
- **SQLite writes take the lock up front** (``BEGIN IMMEDIATE``) so a read-then-write
  transaction is never refused half way by another process's write.
"""

from __future__ import annotations

import importlib.util
import math
import os
import time
from pathlib import Path
from typing import Any

from platformdirs import user_data_dir
from sqlalchemy import create_engine, event, exc
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.pool import StaticPool

from ._offload import bind, unbind

__all__ = ["DEFAULT_TIMEOUT", "POOL_SIZE", "data_folder", "default_db_url", "describe",
           "is_memory", "make_engine", "normalise_url", "safe_url"]

DEFAULT_TIMEOUT = 3.0
"""Seconds a statement, a connection or a turn in the pool may take by default."""
POOL_SIZE = 10
"""Connections a worker keeps open (PostgreSQL; and up to as many again under load)."""
LIBPQ_DRIVERS = ("psycopg", "psycopg2")
"""PostgreSQL drivers built on libpq, which take the connection options set here."""
PING_AFTER = 1.0
"""Seconds a pooled connection may lie idle before it is pinged on its way out."""


def data_folder() -> Path:
    """The user's data folder for the game, made private (0700)."""
    folder = Path(user_data_dir("unbreakable-bonds", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    return folder


def default_db_url() -> str:
    """SQLite in the user's private data folder."""
    return f"sqlite:///{data_folder() / 'saves.sqlite3'}"


def normalise_url(url: str) -> URL:
    """The URL to open: a bare ``postgresql://`` uses psycopg when psycopg2 is absent."""
    parsed = make_url(url)
    if parsed.drivername == "postgresql" and importlib.util.find_spec("psycopg2") is None \
            and importlib.util.find_spec("psycopg") is not None:
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def safe_url(url: str | URL) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except (exc.SQLAlchemyError, ValueError):
        return "(unreadable URL)"


def is_memory(url: URL) -> bool:
    """Whether ``url`` is an in-memory SQLite database."""
    return url.get_backend_name() == "sqlite" and (
        url.database in (None, "", ":memory:") or "mode=memory" in str(url))


def make_engine(url: URL, timeout: float = DEFAULT_TIMEOUT) -> Engine:
    """An engine for ``url`` with the timeouts, privacy and locking described above."""
    if url.get_backend_name() == "sqlite":
        return _sqlite(url, timeout)
    connect_args: dict[str, Any] = {}
    if url.get_driver_name() in LIBPQ_DRIVERS:
        ms = max(1, int(timeout * 1000))
        connect_args = {
            "connect_timeout": max(2, math.ceil(timeout)),  # libpq's least
            "options": f"-c statement_timeout={ms} -c lock_timeout={ms} "
                       f"-c idle_in_transaction_session_timeout={max(ms * 10, 60_000)}",
            "keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
            "keepalives_count": 3, "application_name": "bonds",
        }
        connect_args = {k: v for k, v in connect_args.items() if k not in url.query}
    engine = create_engine(url, connect_args=connect_args, hide_parameters=True,
                           pool_size=POOL_SIZE, max_overflow=POOL_SIZE, pool_timeout=timeout,
                           pool_recycle=1800)
    _track(engine, ping=True)
    return engine


def _sqlite(url: URL, timeout: float) -> Engine:
    memory = is_memory(url)
    args: dict[str, Any] = {"check_same_thread": False}
    if memory:
        engine = create_engine(url, connect_args=args, poolclass=StaticPool,
                               hide_parameters=True)
    else:
        _private_file(Path(str(url.database)))
        engine = create_engine(url, connect_args={**args, "timeout": timeout},
                               hide_parameters=True, pool_timeout=timeout)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # transactions are begun below, not by the driver
        cursor = dbapi_conn.cursor()
        if not memory:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        writes = conn.get_execution_options().get("bonds_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writes and not memory else "BEGIN")

    _track(engine, ping=False)
    return engine


def _track(engine: Engine, ping: bool) -> None:
    """Tell the offloaded call which connection it uses; ping pooled ones as they go out
    when they have lain idle a while (a connection in steady use needs no ping: if it died
    since, the statement fails, and the pool drops every connection as old as it)."""

    @event.listens_for(engine, "checkin")
    def _checkin(dbapi_conn: Any, record: Any) -> None:
        unbind(dbapi_conn)
        if record is not None:
            record.info["bonds_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        bind(dbapi_conn)
        idle = time.monotonic() - record.info.get("bonds_idle_since", 0.0)
        if not ping or idle < PING_AFTER:
            return
        try:
            cursor = dbapi_conn.cursor()
            cursor.execute("SELECT 1")
            cursor.close()
            dbapi_conn.rollback()  # end the ping's transaction: the call may want autocommit
        except Exception as failure:  # any driver's "this connection is gone"
            raise exc.DisconnectionError(type(failure).__name__) from None


def _private_file(path: Path) -> None:
    """Make the SQLite file 0600 (and any folder we make for it 0700) before SQLite opens it."""
    if str(path) in ("", ":memory:"):
        return
    path = path.expanduser()
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    os.close(fd)
    for extra in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if extra.exists() and extra.stat().st_uid == os.getuid():
                os.chmod(extra, 0o600)
        except OSError:
            pass


def describe(failure: BaseException) -> str | None:
    """One line for a failure that means the database is unavailable, else None.

    The line names the error and the driver's first line of message: never the statement,
    its parameters or any row.
    """
    if isinstance(failure, exc.TimeoutError):
        return "no connection to the saves database was free in time"
    if isinstance(failure, exc.DisconnectionError):
        return "the connection to the saves database was lost"
    if not isinstance(failure, exc.OperationalError | exc.InterfaceError):
        return None
    orig = failure.orig if isinstance(failure, exc.DBAPIError) else None
    text = str(orig if orig is not None else failure).strip().splitlines()
    first = " ".join(text[0].split())[:160] if text else ""
    return f"{type(orig or failure).__name__}: {first}" if first else type(orig).__name__
