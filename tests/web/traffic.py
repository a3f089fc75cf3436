"""Real servers and simulated players for the fault tests: ``bonds serve`` in a process of its
own, and players in threads that count every choice the server acknowledged.

A choice is *acknowledged* when the server answered it with the next page. After a failed
choice a player reloads the play page to learn whether it went through after all. Before a
player starts a new game, and at the end, it downloads its autosave: the actions there must
be exactly those acknowledged, else a save was lost.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

__all__ = ["Player", "Server", "play_for"]

HIDDEN = re.compile(r'<input type="hidden" name="(csrf|rev)" value="([^"]*)"')
ACTION = re.compile(r'name="action" value="([^"]+)"')
TURN = re.compile(r'data-turn="(\d+)"')
AUTOSAVE = re.compile(r'href="(/saves/\d+/download)"[^>]*aria-label="Download the autosave')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``bonds serve`` on a free loopback port, in a process group of its own."""

    def __init__(self, pack: Path, db: str, workers: int = 1, *options: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "bonds.cli", "serve", "--pack", str(pack),
                        "--db", db, "--port", str(self.port), "--workers", str(workers),
                        "--session-limit", "none", *options]
        self.log = b""
        self.process: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE, start_new_session=True,
                                        env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.process.stderr.read()!r}")
            try:
                if httpx.get(self.base + "/static/style.css", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self) -> None:
        """SIGKILL the server and every worker: no chance to finish anything."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.log += self.process.communicate()[1]

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.log += self.process.communicate(timeout=20)[1]
            except subprocess.TimeoutExpired:
                self.kill()


@dataclass
class Player:
    """One browser: its own cookies, its acknowledged choices, what went wrong."""

    base: str
    n: int
    acked: list[str] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    """The status of every refused or failed choice (0: no answer at all)."""
    lost: list[str] = field(default_factory=list)
    choices: int = 0
    html: str = ""

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base, follow_redirects=True, timeout=10)

    def get(self, path: str, until: float) -> httpx.Response:
        """GET ``path``, retrying through an outage until ``until`` (every method takes
        ``until``: the time to give up retrying)."""
        while True:
            try:
                r = self.client.get(path)
                if r.status_code == 200 or time.monotonic() > until:
                    return r
            except httpx.HTTPError:
                if time.monotonic() > until:
                    raise
            time.sleep(0.1)

    def begin(self, until: float) -> None:
        if self.html:
            self.check(until)
        while True:
            token = dict(HIDDEN.findall(self.get("/", until).text)).get("csrf")
            try:
                r = self.client.post("/new", data={"csrf": token or "",
                                                   "seed": str(self.n * 1000 + self.choices)})
            except httpx.HTTPError:
                r = None
            if r is not None and r.status_code == 200 and TURN.search(r.text):
                self.html = r.text
                self.acked = []
                return
            if time.monotonic() > until:
                raise RuntimeError("no new game could be started")
            time.sleep(0.1)

    def step(self, until: float) -> None:
        options = ACTION.findall(self.html)
        if not options:
            self.begin(until)
            return
        action = options[(self.n + self.choices) % len(options)]
        self.choices += 1
        before = len(self.acked)
        try:
            r = self.client.post("/choose", data={**dict(HIDDEN.findall(self.html)),
                                                  "action": action},
                                 headers={"HX-Request": "true"})
        except httpx.HTTPError:
            r = None
        if r is not None and r.status_code == 200:
            self.acked.append(action)
            self.html = r.text
            return
        self.statuses.append(0 if r is None else r.status_code)
        page = self.get("/play", until)
        found = TURN.search(page.text)
        turn = int(found.group(1)) if found else -1
        if turn == before + 1:
            self.acked.append(action)  # it was taken; only the answer was lost
        elif turn != before:
            self.lost.append(f"player {self.n}: turn {turn} after {before} acknowledged")
            self.acked = self.acked[:max(turn, 0)]
        self.html = page.text

    def check(self, until: float) -> None:
        """The autosave holds exactly the acknowledged choices."""
        page = self.get("/saves", until).text
        link = AUTOSAVE.search(page)
        if link is None:
            self.lost.append(f"player {self.n}: no autosave")
            return
        doc = self.get(link.group(1), until).json()
        if doc["actions"] != self.acked:
            self.lost.append(f"player {self.n}: saved {doc['actions']}, acknowledged "
                             f"{self.acked}")


def play_for(base: str, players: int, seconds: float, pause: float = 0.02
             ) -> list[Player]:
    """``players`` threads, each playing for ``seconds``; returns them, checked."""
    crowd = [Player(base, n) for n in range(players)]
    until = time.monotonic() + seconds
    errors: list[BaseException] = []

    def run(p: Player) -> None:
        patience = until + 60  # how long a player retries through an outage
        try:
            p.begin(patience)
            while time.monotonic() < until:
                p.step(patience)
                time.sleep(pause)
            p.check(patience)
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(p,)) for p in crowd]
    for t in threads:
        t.start()
    for t in threads:
        t.join(seconds + 120)
    if errors:
        raise errors[0]
    return crowd
