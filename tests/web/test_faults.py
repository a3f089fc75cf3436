"""Faults under traffic, against real servers and a real PostgreSQL: a database that hangs
(every process of the cluster stopped with SIGSTOP), a database restarted mid-traffic, and
the server killed with SIGKILL mid-traffic. No acknowledged choice may be lost.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .pg import Cluster
from .support import PACKS
from .traffic import Player, Server, play_for

PLAYERS = 6
SECONDS = 6.0
STATEMENT_TIMEOUT = 0.25
"""The database timeout of the stall test: well under the second static files are given."""


@pytest.fixture
def server(pg_url: str) -> Iterator[Server]:
    running = Server(PACKS[0], pg_url, 2, "--db-timeout", str(STATEMENT_TIMEOUT))
    yield running
    running.stop()


def lost(crowd: list[Player]) -> list[str]:
    return [line for p in crowd for line in p.lost]


def test_a_stalled_database_never_holds_up_static_files(server: Server,
                                                        pg_cluster: Cluster) -> None:
    players = [Player(server.base, n) for n in range(4)]
    for p in players:
        p.begin(time.monotonic() + 10)
    pool = ThreadPoolExecutor(len(players))
    pg_cluster.pause()
    try:
        waiting = [pool.submit(p.step, time.monotonic() + 30) for p in players]
        time.sleep(0.2)  # the choices are now waiting on the database
        for _ in range(5):
            t = time.perf_counter()
            r = httpx.get(server.base + "/static/style.css", timeout=5)
            assert r.status_code == 200
            assert time.perf_counter() - t < 1.0
        for p in players:  # what a player sees while it hangs: 503 and Retry-After, soon
            t = time.perf_counter()
            r = httpx.get(server.base + "/play", cookies=p.client.cookies, timeout=10)
            assert r.status_code == 503 and r.headers["retry-after"]
            assert time.perf_counter() - t < 2 * STATEMENT_TIMEOUT + 1.0
    finally:
        pg_cluster.resume()
        pool.shutdown(wait=False)
    for w in waiting:
        w.result(timeout=60)  # each waiting choice came back (503, then a reload)
    assert all(s == 503 for p in players for s in p.statuses)
    for p in players:
        p.step(time.monotonic() + 30)
        p.check(time.monotonic() + 30)
    assert lost(players) == []
    server.stop()
    log = server.log.decode(errors="replace")
    assert "Traceback" not in log and "saves database unavailable" in log


def test_a_database_restart_mid_traffic_loses_no_acknowledged_choice(
        server: Server, pg_cluster: Cluster) -> None:
    restart = threading.Timer(SECONDS / 3, pg_cluster.restart)
    restart.start()
    crowd = play_for(server.base, PLAYERS, SECONDS)
    restart.join()
    assert sum(len(p.acked) + p.choices for p in crowd) > 0
    assert lost(crowd) == []
    assert {s for p in crowd for s in p.statuses} <= {503, 409}
    server.stop()
    assert "Traceback" not in server.log.decode(errors="replace")


def test_the_server_killed_mid_traffic_loses_no_acknowledged_choice(server: Server) -> None:
    def kill_and_restart() -> None:
        server.kill()
        server.start()

    crash = threading.Timer(SECONDS / 3, kill_and_restart)
    crash.start()
    crowd = play_for(server.base, PLAYERS, SECONDS)
    crash.join()
    acknowledged = sum(p.choices - len(p.statuses) for p in crowd)
    assert acknowledged > 0
    assert lost(crowd) == []
    assert {s for p in crowd for s in p.statuses} <= {0, 503, 409}
