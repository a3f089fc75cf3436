"""Benchmark: the browser game under many players at once, over loopback.

Starts ``bonds serve`` on a fresh SQLite database in a separate process, then drives N
simulated players (default 50) for a bounded time. Each player has its own cookies, starts a
game, and makes random legal choices the way a browser with htmx does (one POST answered by
the new page fragment), pausing a think time between choices; at an ending it starts anew.
Prints the median and p99 latency of a choice, the error count, and the saves lost: at the
end every player downloads its autosave, which must hold exactly the choices it made.

    .venv/bin/python benchmarks/web_latency.py [--players 50] [--seconds 20] [--think 1.0]
                                                [--pack P]

Exits 1 when there were errors or lost saves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

CSRF = re.compile(r'name="csrf" value="([^"]+)"')
TURN = re.compile(r'name="turn" value="(\d+)"')
ACTION = re.compile(r'name="action" value="([^"]+)"')
AUTOSAVE = re.compile(r'href="(/saves/\d+/download)"[^>]*aria-label="Download the autosave')


@dataclass
class Player:
    """One simulated browser."""

    n: int
    rng: random.Random
    actions: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    games: int = 0


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def start_game(client: httpx.AsyncClient, p: Player, token: str) -> str:
    r = await client.post("/new", data={"csrf": token, "seed": str(p.n * 1000 + p.games)})
    p.games += 1
    p.actions = []
    if r.status_code != 200:  # the redirect is followed to /play
        raise RuntimeError(f"new game: {r.status_code}")
    return r.text


async def play(base: str, p: Player, deadline: float, think: float) -> None:
    async with httpx.AsyncClient(base_url=base, follow_redirects=True, timeout=30) as client:
        found = CSRF.search((await client.get("/")).text)
        if found is None:
            raise RuntimeError("no CSRF token on the title page")
        token = found.group(1)
        html = await start_game(client, p, token)
        while time.monotonic() < deadline:
            await asyncio.sleep(p.rng.uniform(0.5 * think, 1.5 * think))
            options = ACTION.findall(html)
            turn = TURN.search(html)
            if not options or turn is None:
                html = await start_game(client, p, token)
                continue
            action = p.rng.choice(options)
            t = time.perf_counter()
            try:
                r = await client.post("/choose", data={"csrf": token, "turn": turn.group(1),
                                                       "action": action},
                                      headers={"HX-Request": "true"})
            except httpx.HTTPError as exc:
                p.errors.append(f"{type(exc).__name__}")
                continue
            p.latencies.append(time.perf_counter() - t)
            if r.status_code != 200:
                p.errors.append(f"choose: {r.status_code}")
                html = (await client.get("/play")).text
                continue
            p.actions.append(action)
            html = r.text
        saves = (await client.get("/saves")).text
        link = AUTOSAVE.search(saves)
        if link is None:
            p.errors.append("no autosave listed")
            return
        doc = (await client.get(link.group(1))).json()
        if doc.get("actions") != p.actions:
            p.errors.append("lost save")


async def drive(base: str, players: int, seconds: float, think: float) -> list[Player]:
    deadline = time.monotonic() + seconds
    crowd = [Player(n, random.Random(n)) for n in range(players)]
    results = await asyncio.gather(*(play(base, p, deadline, think) for p in crowd),
                                   return_exceptions=True)
    for p, result in zip(crowd, results, strict=True):
        if isinstance(result, BaseException):
            p.errors.append(f"crashed: {result!r}")
    return crowd


def wait_up(base: str, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            sys.exit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(base + "/", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    sys.exit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds a player reads before choosing (0: no pause)")
    parser.add_argument("--pack", default=None, help="the pack (default: the campaign)")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        command = [sys.executable, "-m", "bonds.cli", "serve", "--port", str(port), "--db", db]
        if args.pack:
            command += ["--pack", args.pack]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        try:
            wait_up(base, server)
            crowd = asyncio.run(drive(base, args.players, args.seconds, args.think))
        finally:
            server.terminate()
            server.wait(timeout=10)
    latencies = sorted(t for p in crowd for t in p.latencies)
    errors = [e for p in crowd for e in p.errors if e != "lost save"]
    lost = sum(1 for p in crowd if "lost save" in p.errors)
    if not latencies:
        sys.exit("no choice was made")
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    result = {
        "players": args.players, "seconds": args.seconds, "think_s": args.think,
        "choices": len(latencies), "choices_per_s": round(len(latencies) / args.seconds, 1),
        "games": sum(p.games for p in crowd),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(p99 * 1000, 2), "max_ms": round(latencies[-1] * 1000, 2),
        "errors": len(errors), "lost_saves": lost,
    }
    print(json.dumps(result))
    for error in sorted(set(errors))[:10]:
        print("error:", error, file=sys.stderr)
    if errors or lost:
        sys.exit(1)


if __name__ == "__main__":
    main()
