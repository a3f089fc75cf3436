"""Database work off the event loop: deadlines that hold, stuck calls cut loose, no leaks."""

from __future__ import annotations

import socket
import time

import anyio
import pytest

from bonds.web._offload import Offload, Unavailable, bind


class Hung:
    """A connection whose server stopped answering: a read on its socket never returns."""

    def __init__(self) -> None:
        self.ours, self.theirs = socket.socketpair()

    def fileno(self) -> int:
        return self.ours.fileno()

    def query(self) -> bytes:
        bind(self)
        return self.ours.recv(1)  # blocks until the socket is shut


def never_down(_exc: BaseException) -> str | None:
    return None


def test_a_hung_call_answers_at_its_deadline_and_its_thread_is_cut_loose() -> None:
    offload = Offload(2, 0.2, never_down)
    hung = Hung()

    async def main() -> float:
        t = time.perf_counter()
        with pytest.raises(Unavailable, match="did not answer within 0.2 s"):
            await offload.run(hung.query)
        return time.perf_counter() - t

    assert anyio.run(main) < 1.0
    for _ in range(100):  # the socket was shut: the thread returned
        if offload.stuck == 0:
            break
        time.sleep(0.01)
    assert offload.stuck == 0
    hung.ours.close()
    hung.theirs.close()


def test_calls_given_up_while_waiting_for_a_turn_never_run_and_leak_nothing() -> None:
    offload = Offload(1, 0.2, never_down)
    ran: list[str] = []

    def quick() -> None:
        ran.append("quick")

    async def main() -> None:
        await offload.run(quick)  # makes this loop's limiter
        limiter = next(iter(offload._limiters.values()))

        async def hold() -> None:  # every turn is taken, for longer than the deadline
            async with limiter:
                await anyio.sleep(0.5)

        async with anyio.create_task_group() as tasks:
            tasks.start_soon(hold)
            await anyio.sleep(0.05)
            with pytest.raises(Unavailable):
                await offload.run(quick)
        await offload.run(quick)

    anyio.run(main)
    assert ran == ["quick", "quick"] and offload.stuck == 0


def test_a_failure_that_means_the_database_is_down_becomes_unavailable() -> None:
    offload = Offload(2, 1.0, lambda exc: "down" if isinstance(exc, ConnectionError) else None)

    def refuse() -> None:
        raise ConnectionError("refused")

    def bug() -> None:
        raise KeyError("bug")

    with pytest.raises(Unavailable, match="^down$"):
        anyio.run(offload.run, refuse)
    with pytest.raises(KeyError):
        anyio.run(offload.run, bug)
