"""Benchmark: ``bonds play --watch``, from saving a scene file to the open page showing it.

Serves a copy of a pack (default: the tiny test pack) with its files watched, opens the game
in headless Chromium, takes a step, then saves ``--edits`` edits to a sentence of the scene
on screen, one at a time. For each it times, from the moment the file is written to the
moment the reloaded page has loaded (by the page's own clock, the navigation's
DOMContentLoaded end), and prints each time and the median.

    .venv/bin/python benchmarks/watch_reload.py [--edits 10] [--json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from web.browser import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from web.watching import SENTENCE, WatchedServer, copy_pack, edit, shown_after  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=10, help="How many edits to time.")
    parser.add_argument("--json", action="store_true", help="Print one JSON document.")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as pw:
        pack = copy_pack(Path(folder))
        server = WatchedServer(pack, f"sqlite:///{Path(folder) / 'saves.sqlite3'}", seed=3)
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_default_timeout(15_000)
            page.goto(server.url + "/")
            page.get_by_role("button", name="Begin the story").click()
            page.wait_for_url("**/play*")
            page.locator('button.choice[value="shore.arrive/climb"]').click()
            page.get_by_text(SENTENCE).wait_for()
            text = SENTENCE
            for n in range(args.edits):
                time.sleep(0.3)  # as an author would, between saves
                new = f"The lamp room smelt of salt and fresh paint, edit {n + 1}."
                saved = edit(pack, text, new)
                times.append(shown_after(page, new, saved))
                text = new
                if not args.json:
                    print(f"edit {n + 1}: {times[-1] * 1000:.0f} ms")
        finally:
            browser.close()
            server.stop()
    median = statistics.median(times)
    if args.json:
        print(json.dumps({"edits": len(times), "median_ms": round(median * 1000, 1),
                          "times_ms": [round(t * 1000, 1) for t in times]}))
    else:
        print(f"save to page: median {median * 1000:.0f} ms over {len(times)} edits "
              f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f})")


if __name__ == "__main__":
    main()
