"""Benchmark: the browser game under many players at once, over loopback.

Starts ``bonds serve`` (on a fresh SQLite database, or on PostgreSQL with ``--db``) in a
separate process, then drives N simulated players for a bounded time. Each player has its
own cookies, starts a game, and makes random legal choices the way a browser with htmx does
(one POST answered by the new page fragment), pausing a think time between choices; at an
ending it starts anew. Prints the median and p99 latency of a choice, the choices a second,
the errors and the saves lost.

A choice counts as *acknowledged* when the server answered it with the next page. After a
failed choice the player reloads the play page to learn whether it was taken after all.
At the end every player downloads its autosave, which must hold exactly the choices
acknowledged to it: anything else is a lost save.

    .venv/bin/python benchmarks/web_latency.py [--players 50] [--seconds 20] [--think 1.0]
        [--pack P] [--db URL [--reset-db]] [--workers N] [--clients K]
        [--restart-at S --restart-cmd 'COMMAND']

``--db`` names a PostgreSQL database (``postgresql+psycopg://user@127.0.0.1:5432/bench``);
``--reset-db`` drops the game's tables there first. ``--restart-cmd`` is run (by the shell)
``--restart-at`` seconds into the run, e.g. a database restart; errors are then counted
apart for the requests in flight in the window, from the command's start until the first
choice succeeds after it (the report says when the last of them was answered).
``--clients`` splits the players over several client processes. Each player speaks HTTP/1.1
over one kept-alive connection with a few lines of asyncio (:class:`Browser`): a general
client library costs the small machine more CPU per request than the server's own work.

Exits 1 when there were errors (outside a restart window) or lost saves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

HIDDEN = re.compile(r'<input type="hidden" name="(csrf|rev|turn)" value="([^"]*)"')
ACTION = re.compile(r'name="action" value="([^"]+)"')
TURN = re.compile(r'data-turn="(\d+)"|name="turn" value="(\d+)"')
AUTOSAVE = re.compile(r'href="(/saves/\d+/download)"[^>]*aria-label="Download the autosave')
LIMIT_ENV = {"BONDS_SESSION_LIMIT": "1000000/minute"}
"""Every simulated player comes from 127.0.0.1: lift the limit on new sessions."""


@dataclass
class Player:
    """One simulated browser."""

    n: int
    rng: random.Random
    actions: list[str] = field(default_factory=list)
    """The choices of the current game the server acknowledged, in order."""
    latencies: list[float] = field(default_factory=list)
    errors: list[tuple[float, float, str]] = field(default_factory=list)
    """(when the failed request was sent, when it was answered: seconds since the run
    began; what failed)."""
    ok_times: list[float] = field(default_factory=list)
    games: int = 0
    lost: int = 0


class HTTPError(Exception):
    """The connection failed or the answer could not be read."""


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    text: str


class Browser:
    """One browser's cookie and kept-alive connection; follows redirects after a POST."""

    def __init__(self, host: str, port: int, timeout: float = 30.0) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.cookie = ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.reader = self.writer = None

    async def get(self, path: str) -> Answer:
        return await self.request("GET", path)

    async def post(self, path: str, data: dict[str, str],
                   headers: dict[str, str] | None = None) -> Answer:
        answer = await self.request("POST", path, urlencode(data).encode(), headers or {})
        if answer.status == 303:
            return await self.get(answer.headers["location"])
        return answer

    async def request(self, method: str, path: str, body: bytes = b"",
                      headers: dict[str, str] | None = None) -> Answer:
        try:
            return await asyncio.wait_for(self._request(method, path, body, headers or {}),
                                          self.timeout)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, KeyError) as exc:
            await self.close()
            raise HTTPError(type(exc).__name__) from None

    async def _request(self, method: str, path: str, body: bytes, headers: dict[str, str]
                       ) -> Answer:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookie:
            lines.append(f"Cookie: {self.cookie}")
        if method == "POST":
            lines += ["Content-Type: application/x-www-form-urlencoded",
                      f"Content-Length: {len(body)}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(head[0].split()[1])
        found: dict[str, str] = {}
        for line in head[1:]:
            if ":" in line:
                name, value = line.split(":", 1)
                name = name.lower()
                if name == "set-cookie" and value.strip().startswith("bonds_session="):
                    self.cookie = value.strip().split(";", 1)[0]
                found[name] = value.strip()
        if "content-length" in found:
            data = await self.reader.readexactly(int(found["content-length"]))
        else:
            data = await self._chunks()
        if found.get("connection", "").lower() == "close":
            await self.close()
        return Answer(status, found, data.decode("utf-8", "replace"))

    async def _chunks(self) -> bytes:
        assert self.reader is not None
        data = b""
        while True:
            size = int((await self.reader.readuntil(b"\r\n")).strip(), 16)
            data += await self.reader.readexactly(size + 2)
            if size == 0:
                return data
            data = data[:-2]


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fields(html: str) -> dict[str, str]:
    """The hidden fields of the choice form (the CSRF token and the page's version)."""
    return dict(HIDDEN.findall(html))


async def start_game(client: Browser, p: Player, token: str) -> str:
    r = await client.post("/new", data={"csrf": token, "seed": str(p.n * 1000 + p.games)})
    if r.status != 200:  # the redirect is followed to /play
        raise RuntimeError(f"new game: {r.status}")
    p.games += 1
    p.actions = []
    return r.text


async def resync(client: Browser, p: Player, action: str, turn_before: int) -> str:
    """After a failed choice: reload the play page and learn whether the choice was taken."""
    for _ in range(300):
        try:
            r = await client.get("/play")
        except HTTPError:
            await asyncio.sleep(0.2)
            continue
        if r.status == 200:
            break
        await asyncio.sleep(0.2)
    else:
        raise RuntimeError("the play page did not come back")
    html = r.text
    turn = _turn(html)
    if not action:  # after a new game that may or may not have been made
        return html
    if turn == turn_before + 1:
        p.actions.append(action)  # it went through before the answer was lost
    elif turn != turn_before and turn is not None:
        p.lost += 1
    return html


def _turn(html: str) -> int | None:
    found = TURN.search(html)
    return int(found.group(1) or found.group(2)) if found else None


async def play(base: str, p: Player, t0: float, deadline: float, think: float) -> None:
    host, port = base.removeprefix("http://").split(":")
    client = Browser(host, int(port))
    try:
        await _play(client, p, t0, deadline, think)
    finally:
        await client.close()


async def _play(client: Browser, p: Player, t0: float, deadline: float, think: float) -> None:
    for _ in range(100):
        try:
            r = await client.get("/")
            if r.status == 200:
                break
        except HTTPError:
            pass
        await asyncio.sleep(0.5)
    token = fields(r.text).get("csrf")
    if token is None:
        raise RuntimeError("no CSRF token on the title page")
    html = await start_game(client, p, token)
    while time.monotonic() < deadline:
        if think:
            await asyncio.sleep(p.rng.uniform(0.5 * think, 1.5 * think))
        options = ACTION.findall(html)
        form = fields(html)
        sent = time.monotonic() - t0
        if not options or not ({"rev", "turn"} & form.keys()):
            try:
                html = await start_game(client, p, token)
            except (HTTPError, RuntimeError) as exc:
                p.errors.append((sent, time.monotonic() - t0, f"new game: {exc}"))
                html = await resync(client, p, "", len(p.actions))
                if _turn(html) == 0:  # the new game was made; only the answer was lost
                    p.actions = []
            continue
        action = p.rng.choice(options)
        before = len(p.actions)
        t = time.perf_counter()
        try:
            r = await client.post("/choose", data={**form, "action": action},
                                  headers={"HX-Request": "true"})
        except HTTPError as exc:
            p.errors.append((sent, time.monotonic() - t0, str(exc)))
            html = await resync(client, p, action, before)
            continue
        p.latencies.append(time.perf_counter() - t)
        if r.status != 200:
            p.errors.append((sent, time.monotonic() - t0, f"choose: {r.status}"))
            html = await resync(client, p, action, before)
            continue
        p.ok_times.append(time.monotonic() - t0)
        p.actions.append(action)
        html = r.text
    for _ in range(300):
        try:
            saves = (await client.get("/saves")).text
            link = AUTOSAVE.search(saves)
            if link is None:
                raise RuntimeError("no autosave listed")
            doc = json.loads((await client.get(link.group(1))).text)
            break
        except (HTTPError, ValueError, RuntimeError):
            await asyncio.sleep(0.2)
    else:
        now = time.monotonic() - t0
        p.errors.append((now, now, "the autosave could not be read"))
        return
    if doc.get("actions") != p.actions:
        p.lost += 1


async def drive(base: str, first: int, players: int, seconds: float, think: float,
                t0_wall: float) -> list[Player]:
    # every client process measures from the same wall-clock start
    t0 = time.monotonic() - (time.time() - t0_wall)
    deadline = t0 + seconds
    crowd = [Player(n, random.Random(n)) for n in range(first, first + players)]
    results = await asyncio.gather(*(play(base, p, t0, deadline, think) for p in crowd),
                                   return_exceptions=True)
    for p, result in zip(crowd, results, strict=True):
        if isinstance(result, BaseException):
            p.errors.append((seconds, seconds, f"crashed: {result!r}"))
    return crowd


def _client(args: tuple[str, int, int, float, float, float]) -> list[Player]:
    return asyncio.run(drive(*args))


def wait_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(base + "/static/style.css", timeout=1) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not start")


def cpu_seconds(root: int | None = None) -> float:
    """CPU time used so far by process ``root`` and its children, or (None) by every
    PostgreSQL server process on the machine. A process's own time counts with the time of
    the children it has reaped: a PostgreSQL backend that ends during the run is counted
    in its postmaster's."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    stats = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text[text.rindex(")") + 2:].split()
        stats[int(stat.parent.name)] = (name, int(fields[1]),
                                        sum(int(f) for f in fields[11:15]))
    if root is None:
        return sum(t for name, _, t in stats.values() if name.startswith("postgres")) / tick
    family = {root}
    grew = True
    while grew:
        more = {pid for pid, (_, ppid, _) in stats.items() if ppid in family} - family
        family |= more
        grew = bool(more)
    total = sum(stats[pid][2] for pid in family if pid in stats)
    return total / tick


def reset(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS bonds_saves"))
        conn.execute(text("DROP TABLE IF EXISTS bonds_meta"))
    engine.dispose()


def run_restart(command: str, at: float, t0_wall: float, window: list[float]) -> None:
    time.sleep(max(0.0, t0_wall + at - time.time()))
    window.append(time.time() - t0_wall)
    subprocess.run(command, shell=True, check=False, stdout=subprocess.DEVNULL)
    window.append(time.time() - t0_wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a player reads before choosing (0: no pause)")
    parser.add_argument("--pack", default=None, help="the pack (default: the campaign)")
    parser.add_argument("--db", default=None, help="a database URL (default: fresh SQLite)")
    parser.add_argument("--reset-db", action="store_true", help="drop the game's tables first")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--clients", type=int, default=1, help="client processes")
    parser.add_argument("--restart-at", type=float, default=None)
    parser.add_argument("--restart-cmd", default=None)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    import threading

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        if args.db and args.reset_db:
            reset(args.db)
        command = [sys.executable, "-m", "bonds.cli", "serve", "--port", str(port), "--db", db,
                   "--workers", str(args.workers)]
        if args.pack:
            command += ["--pack", args.pack]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1", **LIMIT_ENV})
        window: list[float] = []
        try:
            wait_up(base, server)
            t0_wall = time.time() + 0.5
            restarter = None
            if args.restart_cmd and args.restart_at is not None:
                restarter = threading.Thread(target=run_restart, args=(
                    args.restart_cmd, args.restart_at, t0_wall, window), daemon=True)
                restarter.start()
            cpu0 = (cpu_seconds(server.pid), cpu_seconds(), time.process_time())
            k = max(1, args.clients)
            shares = [args.players // k + (1 if i < args.players % k else 0) for i in range(k)]
            jobs, first = [], 0
            for share in shares:
                jobs.append((base, first, share, args.seconds, args.think, t0_wall))
                first += share
            if k == 1:
                crowd = _client(jobs[0])
            else:
                with multiprocessing.get_context("spawn").Pool(k) as pool:
                    crowd = [p for part in pool.map(_client, jobs) for p in part]
            if restarter is not None:
                restarter.join()
            cpu = [b - a for a, b in zip(cpu0, (cpu_seconds(server.pid), cpu_seconds(),
                                                 time.process_time()), strict=True)]
        finally:
            server.terminate()
            try:
                _, log = server.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                _, log = server.communicate()
    report(args, crowd, window, log.decode(errors="replace"), cpu)


def report(args: argparse.Namespace, crowd: list[Player], window: list[float], log: str,
           cpu: list[float]) -> None:
    latencies = sorted(t for p in crowd for t in p.latencies)
    errors = [e for p in crowd for e in p.errors]
    inside: list[tuple[float, float, str]] = []
    if window:
        # A request in flight while the database was away (from the command's start until
        # the first choice answered after it) belongs to the window: under load one sent
        # just before may wait its turn into the outage, one sent during it past its end.
        after = [t for p in crowd for t in p.ok_times if t > window[1]]
        healed = min(after) if after else args.seconds
        window.append(healed)
        inside = [e for e in errors if e[0] <= healed and e[1] >= window[0]]
        errors = [e for e in errors if not (e[0] <= healed and e[1] >= window[0])]
    lost = sum(p.lost for p in crowd)
    if not latencies:
        sys.exit("no choice was made")
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    result = {
        "players": args.players, "seconds": args.seconds, "think_s": args.think,
        "workers": args.workers, "db": "postgresql" if args.db else "sqlite",
        "choices": len(latencies), "choices_per_s": round(len(latencies) / args.seconds, 1),
        "games": sum(p.games for p in crowd),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2), "max_ms": round(latencies[-1] * 1000, 2),
        "errors": len(errors), "lost_saves": lost,
        "server_log_lines": len(log.splitlines()),
        "cpu_ms_per_choice": {name: round(c / len(latencies) * 1000, 2) for name, c in zip(
            ("server", "postgresql", "client"), cpu, strict=True)},
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    if window:
        result["restart_window_s"] = [round(w, 2) for w in window]
        result["errors_in_restart_window"] = len(inside)
        result["last_window_error_answered_s"] = round(max((e[1] for e in inside),
                                                           default=window[0]), 2)
    print(json.dumps(result))
    kinds: dict[str, int] = {}
    for _, _, error in errors + inside:
        kinds[error] = kinds.get(error, 0) + 1
    for error, count in sorted(kinds.items(), key=lambda k: -k[1])[:10]:
        print(f"error: {error} (x{count})", file=sys.stderr)
    lines: dict[str, int] = {}
    for line in log.splitlines():
        key = re.sub(r"\d+", "N", line)[:150]
        lines[key] = lines.get(key, 0) + 1
    for line, count in sorted(lines.items(), key=lambda k: -k[1])[:6]:
        print(f"server log: {line} (x{count})", file=sys.stderr)
    if errors or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
