"""Benchmark: the bytes a scene page costs over the wire, on a first visit and on the next.

Serves the pack with uvicorn over loopback (a fresh SQLite database in a temporary folder),
starts a game with a fixed seed, makes ``--choices`` choices (the first open one each time)
and then loads the play page the way a browser does: the HTML, then every stylesheet,
script and icon it links. It prints, per resource, the bytes of the body as sent (after any
compression), the headers' size and the ``Cache-Control`` given, then two totals:

- **first visit**: everything, as a browser with an empty cache fetches it;
- **next page**: only what a browser must fetch again (the HTML, and any asset whose
  ``Cache-Control`` does not let it be kept).

    .venv/bin/python benchmarks/page_weight.py [--pack P] [--seed 7] [--choices 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urljoin

import httpx
import uvicorn

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.web.app import create_app
from bonds.web.server import bind

ASSET = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="(/static/[^"]+)"')
ACTION = re.compile(r'name="action" value="([^"]+)"')
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
REV = re.compile(r'name="rev" value="(\d+)"')


def _serve(pack: str | None) -> tuple[uvicorn.Server, str, threading.Thread]:
    world = load_pack(resolve_pack(pack))
    db = Path(tempfile.mkdtemp(prefix="bonds-weight-")) / "saves.sqlite3"
    app = create_app(world, f"sqlite:///{db}")
    sock = bind("127.0.0.1", 0, fallback=False)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    return server, f"http://127.0.0.1:{sock.getsockname()[1]}", thread


def _get(client: httpx.Client, url: str) -> dict[str, object]:
    """One GET, counting what came over the wire (the body as sent, and the headers)."""
    with client.stream("GET", url) as response:
        response.read()
        wire = response.num_bytes_downloaded
        head = sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 17
        return {"url": url.split("://", 1)[1].split("/", 1)[1], "status": response.status_code,
                "body": wire, "headers": head, "decoded": len(response.content),
                "encoding": response.headers.get("content-encoding", "identity"),
                "cache": response.headers.get("cache-control", "")}


def measure(base: str, seed: int, choices: int, gzip: bool) -> list[dict[str, object]]:
    """The play page after ``choices`` choices, and each asset it links."""
    accept = "gzip, deflate, br" if gzip else "identity"
    with httpx.Client(base_url=base, headers={"accept-encoding": accept}) as client:
        title = client.get("/").text
        client.post("/new", data={"csrf": CSRF.findall(title)[0], "seed": str(seed)})
        for _ in range(choices):
            page = client.get("/play").text
            actions = ACTION.findall(page)
            if not actions:
                break
            client.post("/choose", data={"csrf": CSRF.findall(page)[0],
                                         "rev": REV.findall(page)[0], "action": actions[0]})
        rows = [_get(client, base + "/play")]
        html = client.get("/play").text
        for href in dict.fromkeys(ASSET.findall(html)):
            rows.append(_get(client, urljoin(base, href)))
    return rows


def _kept(cache: object) -> bool:
    return "max-age=" in str(cache) and "no-store" not in str(cache) and \
        "max-age=0" not in str(cache)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pack", default=None)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--choices", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    server, base, thread = _serve(args.pack)
    try:
        results = {name: measure(base, args.seed, args.choices, gz)
                   for name, gz in (("identity", False), ("gzip", True))}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    if args.json:
        json.dump(results, sys.stdout, indent=1)
        return 0
    for name, rows in results.items():
        print(f"-- Accept-Encoding: {name}")
        for r in rows:
            print(f"  {r['url']:<40} {r['body']:>7} B body ({r['encoding']}, "
                  f"{r['decoded']} B decoded) + {r['headers']} B headers; "
                  f"cache-control: {r['cache']}")
        first = sum(int(str(r["body"])) + int(str(r["headers"])) for r in rows)
        again = sum(int(str(r["body"])) + int(str(r["headers"])) for r in rows
                    if not _kept(r["cache"]))
        print(f"  first visit: {first} B ({first / 1000:.1f} KB); next page: {again} B "
              f"({again / 1000:.1f} KB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
