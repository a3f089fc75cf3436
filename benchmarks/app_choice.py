"""Benchmark: what a choice costs the whole app, in-process: middleware, handler, database.

Between ``page_build.py`` (the page's view and template alone) and ``web_latency.py`` (a
real server under many players, noisy on a shared machine), this drives the ASGI app
itself, with no HTTP server: simulated players with their own session cookies start a game
and post choices the way htmx does (``POST /choose``, answered by the page fragment), each
autosaved to the database given (PostgreSQL for a host's figure; the default is SQLite in
memory). The first round warms the app up; the second is measured.

Prints the CPU time of this process per choice (the database's own work in its server
process is not counted; its driver's is). For a figure that does not move with the
machine's other tenants, count instructions instead, e.g.::

    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \\
        .venv/bin/python benchmarks/app_choice.py --choices 300

and subtract a run with ``--choices 100``: the difference over 400 choices.

    .venv/bin/python benchmarks/app_choice.py [--db URL] [--players 20] [--choices 1500]
        [--pack P]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import time
from typing import Any
from urllib.parse import urlencode

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.web.app import Hosting, create_app

HIDDEN = re.compile(r'<input type="hidden" name="(csrf|rev|turn)" value="([^"]*)"')
ACTION = re.compile(r'name="action" value="([^"]+)"')


class Player:
    """One browser: its cookie, its form's hidden fields and the page it last saw."""

    def __init__(self, app: Any, seed: int) -> None:
        self.app = app
        self.rng = random.Random(seed)
        self.cookie = ""
        self.html = ""

    async def call(self, method: str, path: str, form: dict[str, str] | None = None,
                   htmx: bool = False) -> tuple[int, str]:
        """One request straight into the app (``htmx``: as htmx sends it, answered by the
        page fragment); keeps the session cookie it sets."""
        body = urlencode(form).encode() if form is not None else b""
        headers = [(b"host", b"127.0.0.1"), (b"cookie", self.cookie.encode())]
        if htmx:
            headers.append((b"hx-request", b"true"))
        if form is not None:
            headers += [(b"content-type", b"application/x-www-form-urlencoded"),
                        (b"content-length", str(len(body)).encode())]
        scope = {"type": "http", "http_version": "1.1", "method": method, "path": path,
                 "raw_path": path.encode(), "query_string": b"", "headers": headers,
                 "client": ("127.0.0.1", 5000), "server": ("127.0.0.1", 80),
                 "scheme": "http", "root_path": "", "app": self.app}
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            await asyncio.Event().wait()  # the client never goes away mid-answer
            raise AssertionError

        status, parts = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for key, value in message["headers"]:
                    if key == b"set-cookie":
                        self.cookie = value.decode().split(";")[0]
            else:
                parts.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(parts).decode()

    async def new_game(self) -> None:
        _, title = await self.call("GET", "/")
        csrf = dict(HIDDEN.findall(title))["csrf"]
        await self.call("POST", "/new", {"csrf": csrf, "seed": str(self.rng.randrange(10**6))})
        _, self.html = await self.call("GET", "/play")

    async def play(self, made: list[int], wanted: int) -> None:
        """Choose at random until ``wanted`` choices are made by all players together."""
        await self.new_game()
        while made[0] < wanted:
            actions = ACTION.findall(self.html)
            if not actions:  # an ending: begin again
                await self.new_game()
                continue
            form = {**dict(HIDDEN.findall(self.html)), "action": self.rng.choice(actions)}
            status, self.html = await self.call("POST", "/choose", form, htmx=True)
            if status != 200:
                raise SystemExit(f"a choice was answered {status}: {self.html[:200]}")
            made[0] += 1


async def measure(app: Any, players: int, choices: int, first_seed: int) -> tuple[int, float]:
    made = [0]
    start = time.process_time()
    await asyncio.gather(*(Player(app, first_seed + n).play(made, choices)
                           for n in range(players)))
    return made[0], time.process_time() - start


async def main_async(args: argparse.Namespace) -> None:
    world = load_pack(resolve_pack(args.pack))
    app = create_app(world, args.db, hosting=Hosting.from_env())
    async with app.router.lifespan_context(app):
        await measure(app, args.players, args.choices, 0)  # warm: templates, caches, pool
        made, cpu = await measure(app, args.players, args.choices, 10_000)
    print(f"{made} choices by {args.players} players: {cpu / made * 1000:.3f} ms of CPU a "
          f"choice (new games included); load average {os.getloadavg()[0]:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="sqlite://", help="a database URL (default: SQLite "
                        "in memory)")
    parser.add_argument("--players", type=int, default=20)
    parser.add_argument("--choices", type=int, default=1500, help="choices measured")
    parser.add_argument("--pack", default=None, help="the pack (default: the campaign)")
    args = parser.parse_args()
    os.environ.setdefault("BONDS_SESSION_LIMIT", "none")  # every player comes from one address
    asyncio.run(main_async(args))


if __name__ == "__main__":
    main()
