"""Benchmark: what building a play page and a choice's answer costs the server, in-process.

Plays seeded runs through the pack the way the browser game's server does it
(:mod:`bonds.web.routes`): a fresh game, then for each step a *choice POST* (the game
advanced by a random open choice, its save document written to JSON, the play page's view
built by ``Site.play_context`` and the ``_play.html`` fragment rendered) and a *page* (the
same game's play page built and rendered again, as a reload does). A *cold page* is the
play page of a game rebuilt from its save (the replay, then the page, as a worker does for
a game it does not hold), every ``--cold-every`` steps; the storyteller has told that run
in this process already, so it is not told again.

Prints the median milliseconds (CPU time of this process) per page, per choice POST and
per cold page: for each repeat the median over every step of every run, then the median
over the repeats. The caches narration keeps between pages are emptied before each repeat.

With ``--digest`` it also prints a SHA-256 of every rendered page, so two versions of the
code can be checked to build the very same pages; with ``--verify`` every page's telling is
checked against the run told afresh from its first event (slow).

    .venv/bin/python benchmarks/page_build.py [--pack P] [--runs 3] [--steps 120]
        [--repeats 3] [--seed 1] [--cold-every 10] [--no-render] [--digest] [--verify]
        [--profile FILE]
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import json
import os
import random
import statistics
import time
from typing import Any

from starlette.requests import Request

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import World
from bonds.saves import parse_save
from bonds.views import Game
from bonds.web.app import create_app
from bonds.web.db import SaveStore
from bonds.web.site import Site

clock = time.process_time


def _request() -> Request:
    """An htmx request of a player with a session (what ``Site.render`` reads of it)."""
    session = {"player": "p" * 32, "csrf": "c" * 32}
    return Request({"type": "http", "method": "POST", "path": "/choose", "query_string": b"",
                    "headers": [(b"hx-request", b"true")], "session": session,
                    "app": None, "client": ("127.0.0.1", 1)})


RENDER = True
"""Whether pages are rendered (``--no-render``: the view only, as text)."""


def _render(site: Site, game: Game) -> str:
    """The play fragment as the server renders it: the view, then the template."""
    context = site.play_context(game)
    if not RENDER:
        return repr({k: v for k, v in context.items() if k != "game"})
    response = site.render(_request(), "_play.html", context)
    return bytes(response.body).decode()


def _site(world: World) -> Site:
    """The app's shared state, made as the server makes it (its database is never used)."""
    site: Site = create_app(world, store=SaveStore("sqlite://")).state.site
    return site


def _forget() -> None:
    """Empty the caches narration keeps between pages (each repeat starts cold)."""
    from bonds.narration import step

    for name in ("forget", "clear"):
        function = getattr(step, name, None)
        if callable(function):
            function()
            return
    kept = getattr(step, "_KEPT", None)
    if kept is not None:
        kept.clear()


def _verify(game: Game) -> None:
    """The page's telling is the run told afresh from its first event."""
    from bonds.narration.step import tell_step, told_afresh

    start = game.opened if game.history else 0
    got = tell_step(game.world, game.seed, game.history, start)
    if got != told_afresh(game.world, game.seed, game.history, start):
        raise SystemExit(f"telling differs: seed {game.seed}, turn {game.turn}")


def play(world: World, site: Site, seed: int, steps: int, cold_every: int,
         pages: list[float], posts: list[float], colds: list[float],
         digest: Any = None, verify: bool = False) -> None:
    """One seeded run: a POST and a page per step, a cold page every ``cold_every``."""
    rng = random.Random(seed)
    game = Game.new(world, seed)
    _render(site, game)
    for n in range(steps):
        if not game.options or game.ended:
            break
        action = rng.choice(game.options)
        t = clock()
        following = game.advance(action)
        document = following.to_save().to_json()
        html = _render(site, following)
        posts.append(clock() - t)
        game = following
        t = clock()
        again = _render(site, game)
        pages.append(clock() - t)
        if again != html:
            raise SystemExit(f"a page rendered twice differs: seed {seed}, step {n}")
        if digest is not None:
            digest.update(html.encode())
        if verify:
            _verify(game)
        if cold_every and n % cold_every == cold_every - 1:
            t = clock()
            rebuilt = Game.from_save(world, parse_save(document))
            cold = _render(site, rebuilt)
            colds.append(clock() - t)
            if cold != html:
                raise SystemExit(f"a page rebuilt from its save differs: seed {seed}, "
                                 f"step {n}")


def measure(world: World, args: argparse.Namespace, digest: Any = None) -> dict[str, Any]:
    """One repeat: every run, cold caches at the start."""
    _forget()
    site = _site(world)
    pages: list[float] = []
    posts: list[float] = []
    colds: list[float] = []
    load = os.getloadavg()[0]
    for r in range(args.runs):
        play(world, site, args.seed + r, args.steps, args.cold_every, pages, posts, colds,
            digest, args.verify)
    return {"page_ms": statistics.median(pages) * 1000,
            "post_ms": statistics.median(posts) * 1000,
            "cold_ms": statistics.median(colds) * 1000 if colds else None,
            "page_mean_ms": statistics.fmean(pages) * 1000,
            "post_mean_ms": statistics.fmean(posts) * 1000,
            "steps": len(posts), "load_avg": round(load, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pack", default=None, help="the pack (default: the campaign)")
    parser.add_argument("--runs", type=int, default=3, help="seeded runs per repeat")
    parser.add_argument("--steps", type=int, default=120, help="choices per run at most")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1, help="the first run's seed")
    parser.add_argument("--cold-every", type=int, default=10,
                        help="a cold page (the game rebuilt from its save) every N steps")
    parser.add_argument("--digest", action="store_true",
                        help="print a SHA-256 of every page rendered")
    parser.add_argument("--verify", action="store_true",
                        help="check every page's telling against the run told afresh")
    parser.add_argument("--profile", metavar="FILE",
                        help="write a cProfile of one more repeat to FILE")
    parser.add_argument("--no-render", action="store_true",
                        help="build the page's view only, not the template")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    global RENDER
    RENDER = not args.no_render
    world = load_pack(resolve_pack(args.pack))
    digest = hashlib.sha256() if args.digest else None
    results = [measure(world, args, digest if n == 0 else None) for n in range(args.repeats)]
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        measure(world, args)
        profiler.disable()
        profiler.dump_stats(args.profile)
    summary = {
        "page_ms": statistics.median(r["page_ms"] for r in results),
        "post_ms": statistics.median(r["post_ms"] for r in results),
        "cold_ms": statistics.median(r["cold_ms"] for r in results)
        if results[0]["cold_ms"] is not None else None,
        "page_mean_ms": statistics.median(r["page_mean_ms"] for r in results),
        "post_mean_ms": statistics.median(r["post_mean_ms"] for r in results),
        "steps_per_repeat": results[0]["steps"],
        "load_avg": [r["load_avg"] for r in results],
    }
    if digest is not None:
        summary["digest"] = digest.hexdigest()
    if args.json:
        print(json.dumps(summary))
        return
    print(f"pages and choice POSTs over {args.runs} runs of at most {args.steps} steps "
          f"(seeds {args.seed}..{args.seed + args.runs - 1}), {args.repeats} repeats; "
          f"CPU ms, median (mean)")
    print(f"  page        {summary['page_ms']:8.2f} ({summary['page_mean_ms']:.2f})")
    print(f"  choice POST {summary['post_ms']:8.2f} ({summary['post_mean_ms']:.2f})")
    if summary["cold_ms"] is not None:
        print(f"  cold page   {summary['cold_ms']:8.2f}")
    print(f"  steps a repeat {summary['steps_per_repeat']}; load average at each repeat's "
          f"start {summary['load_avg']}")
    if digest is not None:
        print(f"  digest {summary['digest']}")


if __name__ == "__main__":
    main()
