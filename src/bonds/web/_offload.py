"""Database work off the event loop, each call with a deadline it cannot overstay.

The app's handlers are ``async``; SQLAlchemy is synchronous. :class:`Offload` runs each piece
of database work in a worker thread of its own pool (never the pool that serves static
files), at most ``size`` at once, and gives up on it at its deadline. Giving up does not
leave the thread hanging on a database that stopped answering: the connection the work is
using (which the engine's events report with :func:`bind`) has its socket shut (PostgreSQL)
or is interrupted (SQLite), so the driver raises and the thread returns. The caller has
already been answered with :class:`Unavailable`.
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
import anyio.to_thread

from bonds.engine import BondsError

__all__ = ["Offload", "Unavailable", "bind", "unbind"]

T = TypeVar("T")
_local = threading.local()


class Unavailable(BondsError):
    """The saves database did not answer (down, stalled or overloaded); one line, no data."""


class _Work:
    """One call's connection, so that a deadline can cut it."""

    __slots__ = ("abandoned", "connection", "done", "lock", "started", "stuck")

    def __init__(self) -> None:
        self.connection: Any = None
        """The DB-API connection the call is using, once it has one."""
        self.started = False
        """A thread has begun the call."""
        self.done = False
        """The thread has returned."""
        self.abandoned = False
        """The caller gave up at the deadline (a call not yet begun is then never begun)."""
        self.stuck = False
        """Given up on while its thread was still in it: counted in :attr:`Offload.stuck`."""
        self.lock = threading.Lock()


def _cut(connection: Any) -> None:
    interrupt = getattr(connection, "interrupt", None)
    if callable(interrupt):  # sqlite3
        interrupt()
        return
    fileno = getattr(connection, "fileno", None)
    if not callable(fileno):
        return
    try:
        fd = int(fileno())
        dup = socket.socket(fileno=os.dup(fd))
    except (OSError, ValueError, TypeError):
        return
    try:
        dup.shutdown(socket.SHUT_RDWR)  # the shared socket, so the blocked read returns
    except OSError:
        pass
    finally:
        dup.close()


def bind(connection: Any) -> None:
    """Record ``connection`` as the one the current offloaded call is using (engine events)."""
    work: _Work | None = getattr(_local, "work", None)
    if work is not None:
        with work.lock:
            if not work.done:
                work.connection = connection


def unbind(connection: Any) -> None:
    """Forget ``connection`` as the current call's: it went back to the pool (engine events),
    where a deadline must no longer cut it from under the next call that takes it."""
    work: _Work | None = getattr(_local, "work", None)
    if work is not None:
        with work.lock:
            if work.connection is connection:
                work.connection = None


class Offload:
    """Runs database calls in threads, ``size`` at once, each within ``deadline`` seconds."""

    def __init__(self, size: int, deadline: float,
                 describe: Callable[[BaseException], str | None]) -> None:
        self.size = size
        """How many calls may run at once (the engine's pool size); 1 runs them one by one
        whichever event loop they come from (one shared connection, e.g. SQLite in memory)."""
        self.deadline = deadline
        """Seconds a call may take, waiting for its turn included."""
        self.describe = describe
        """One line for an exception that means the database is unavailable, else None."""
        self._limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop,
                                                  anyio.CapacityLimiter] = (
            weakref.WeakKeyDictionary())
        self._serial = threading.Lock() if size == 1 else None
        self._stuck = 0
        self._stuck_lock = threading.Lock()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` in a worker thread.

        Raises:
            Unavailable: the deadline passed, too many calls are stuck, or the database
                failed in a way that means it is down.
        """
        loop = asyncio.get_running_loop()
        limiter = self._limiters.get(loop)
        if limiter is None:  # one per event loop (a test may drive an app from several)
            limiter = self._limiters[loop] = anyio.CapacityLimiter(self.size)
        if self._stuck >= self.size:
            raise Unavailable(f"{self._stuck} calls to the saves database are still waiting")
        work = _Work()
        try:
            with anyio.fail_after(self.deadline):
                return await anyio.to_thread.run_sync(self._call, work, fn, args,
                                                      abandon_on_cancel=True,
                                                      limiter=limiter)
        except TimeoutError:
            with work.lock:
                work.abandoned = True
                if work.started and not work.done:
                    work.stuck = True
                    with self._stuck_lock:
                        self._stuck += 1
                    if work.connection is not None:
                        _cut(work.connection)
            raise Unavailable(f"the saves database did not answer within "
                              f"{self.deadline:g} s") from None
        except Exception as exc:
            reason = self.describe(exc)
            if reason is None:
                raise
            raise Unavailable(reason) from None

    @property
    def stuck(self) -> int:
        """Calls given up on whose threads have not returned yet."""
        return self._stuck

    def _call(self, work: _Work, fn: Callable[..., T], args: tuple[Any, ...]) -> T:
        with work.lock:
            if work.abandoned:  # the caller gave up before a thread was free
                raise Unavailable("given up before it began")
            work.started = True
        _local.work = work
        try:
            if self._serial is None:
                return fn(*args)
            with self._serial:
                if work.abandoned:  # given up while the call before it held the connection
                    raise Unavailable("given up before it began")
                return fn(*args)
        finally:
            _local.work = None
            with work.lock:
                work.done = True
                work.connection = None
                if work.stuck:
                    with self._stuck_lock:
                        self._stuck -= 1
