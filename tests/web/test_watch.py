"""``bonds play --watch``: an edit saved to a scene file shows on the open page without a
click, the run's place kept; a broken edit is shown plainly and the last good pack plays on;
an edit that removes a step of the run's road says so and offers the last step that stands.

The long poll itself is tested over a plain client; the page's own reloading in Chromium.
"""

from __future__ import annotations

import statistics
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.web.app import create_app
from bonds.web.db import SaveStore
from bonds.web.watch import watch_app

from .browser import chromium, shoot
from .support import csrf_of
from .watching import SENTENCE, WatchedServer, copy_pack, edit, shown_after

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

SEED = 3


def test_the_poll_answers_with_each_saved_version(tmp_path: Path) -> None:
    pack = copy_pack(tmp_path)
    web = create_app(load_pack(pack), store=SaveStore("sqlite://"), seed=SEED)
    watch_app(web, pack)
    with TestClient(web) as client:
        title = client.get("/").text
        assert 'src="/static/watch.js' in title and 'data-version="0"' in title
        client.post("/new", data={"csrf": csrf_of(title), "seed": str(SEED)})
        assert client.get("/watch?since=-1").json() == {"version": 0, "problems": []}
        threading.Timer(0.3, edit, (pack, "The wind had teeth", "The wind had claws")).start()
        assert client.get("/watch?since=0").json() == {"version": 1, "problems": []}
        page = client.get("/play").text
        assert "The wind had claws tonight" in page and "The story was revised" in page
        threading.Timer(0.3, edit, (pack, "goto: tower.lamp", "goto: tower.lam")).start()
        broken = client.get("/watch?since=1").json()
        assert broken["version"] == 2
        assert any("did you mean 'tower.lamp'?" in line for line in broken["problems"])
        assert "The wind had claws tonight" in client.get("/play").text  # still playing


def test_without_watching_no_script_is_included(tmp_path: Path) -> None:
    web = create_app(load_pack(copy_pack(tmp_path)), store=SaveStore("sqlite://"))
    with TestClient(web) as client:
        assert "watch.js" not in client.get("/").text
        assert client.get("/watch").status_code == 404


# -- in Chromium -------------------------------------------------------------------------------

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


@pytest.fixture
def watched(tmp_path: Path) -> Iterator[WatchedServer]:
    pack = copy_pack(tmp_path)
    live = WatchedServer(pack, f"sqlite:///{tmp_path / 'saves.sqlite3'}", SEED)
    yield live
    live.stop()


@pytest.mark.browser
def test_an_edit_shows_on_the_open_page_and_the_place_is_kept(browser: Any,
                                                              watched: WatchedServer) -> None:
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(watched.url + "/")
    page.get_by_role("button", name="Begin the story").click()
    page.wait_for_url("**/play*")
    page.locator('button.choice[value="shore.arrive/fetch_oil"]').click()
    page.wait_for_selector('#play[data-turn="1"]')
    page.locator('button.choice[value="shore.arrive/climb"]').click()
    page.wait_for_selector('#play[data-turn="2"]')
    assert SENTENCE in page.locator("#now").inner_text()

    # A sentence edited in the scene file appears without a click; the run stays at turn 2.
    times = []
    text = SENTENCE
    for n in range(3):
        new = f"The lamp room smelt of salt and fresh paint, edit {n}."
        saved = edit(watched.pack, text, new)
        times.append(shown_after(page, new, saved))
        text = new
        assert page.locator("#play").get_attribute("data-turn") == "2"
        assert "The story was revised" in page.locator("#play").inner_text()
        assert page.locator('button.choice[value="tower.lamp/light"]').count() == 1
    print(f"\nsave to page: median {statistics.median(times) * 1000:.0f} ms over {len(times)} "
          f"edits ({', '.join(f'{t * 1000:.0f}' for t in times)} ms)")
    shoot(page, "watch-reloaded")

    # A broken edit is shown plainly; the page still shows the last good version.
    edit(watched.pack, "goto: end.dark", "goto: end.drak")
    problems = page.locator("#watch-problems")
    problems.wait_for()
    assert "did you mean 'end.dark'?" in problems.inner_text()
    assert text in page.locator("#now").inner_text()
    shoot(page, "watch-problems")
    saved = edit(watched.pack, "goto: end.drak", "goto: end.dark")  # mended: the page reloads
    shown_after(page, text, saved)
    problems.wait_for(state="detached")

    # An edit that renames a choice the run took: the title page says which step broke
    # and offers to go on from the last step that stands.
    edit(watched.pack, "- id: fetch_oil", "- id: fetch_lamp_oil")
    page.get_by_text("step 1 of this save (shore.arrive/fetch_oil)").first.wait_for()
    assert page.url.endswith("/")
    shoot(page, "watch-broken-road")
    assert errors == []
    context.close()


@pytest.mark.browser
def test_a_page_drawn_while_the_pack_is_broken_shows_why(browser: Any,
                                                         watched: WatchedServer) -> None:
    edit(watched.pack, "goto: end.dark", "goto: end.drak")
    deadline = time.monotonic() + 10
    while not watched.reloader.problems:
        assert time.monotonic() < deadline, "the broken edit was not seen"
        time.sleep(0.05)
    context = browser.new_context()
    page = context.new_page()
    page.goto(watched.url + "/")
    page.locator("#watch-problems").wait_for(timeout=10_000)
    assert "end.drak" in page.locator("#watch-problems").inner_text()
    context.close()
