"""The engine knows no story: the second campaign, on a world of its own, played in Chromium
to an ending. No page it shows, and not its exported story, holds a word of the shinobi world
or a name of the first campaign."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.engine import State, World, legal_actions, start, step
from bonds.playtest.bots import make_bot
from bonds.views import Names, choices_of
from bonds.views.fight_menu import fight_menu

from .browser import LiveServer, chromium, shoot
from .support import ROOT

pytestmark = pytest.mark.browser
SECOND = ROOT / "campaigns" / "honeymoon_suite"
SEED = 3
FORBIDDEN = (
    "chakra", "jutsu", "shinobi", "ninja", "kunai", "ANBU", "Konoha", "Hokage", "genin",
    "chuunin", "jounin", "killing intent",
    "Kakashi", "Iruka", "Tsunade", "Sakura", "Naruto", "Riverside", "Asahi", "Kenji", "Hiroaka",
    "Sentai", "Shinsei", "Red Lotus", "Hatake", "Umino", "Kotetsu", "Izumo", "Asuma", "Kurenai",
)
PATTERN = re.compile("|".join(r"(?<![A-Za-z])" + re.escape(w) + r"(?![A-Za-z])"
                              for w in FORBIDDEN), re.IGNORECASE)

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(SECOND)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def road(world: World, seed: int) -> list[str]:
    """The actions the canon bot takes from ``seed`` to an ending."""
    bot = make_bot("canon", world, seed)
    state, _ = start(world, seed)
    actions: list[str] = []
    while state.ending is None:
        action = bot.choose(state, legal_actions(world, state))
        actions.append(action)
        state, _ = step(world, state, action)
        assert len(actions) < 500, "the canon road found no ending"
    return actions


def _levels_to(world: World, state: State, action: str) -> list[str]:
    """The group paths a player opens, in turn, to reach ``action`` (none for a scene's
    choice or a fight action at the top level)."""
    choices = choices_of(world, state, legal_actions(world, state), Names(world))

    def search(path: str, depth: int) -> list[str] | None:
        menu = fight_menu(world, choices, path)
        if menu is None or any(c.action == action for c in menu.choices):
            return []
        for item in menu.items:
            if item.path is not None and item.path != path and depth < 4:
                below = search(item.path, depth + 1)
                if below is not None:
                    return [item.path, *below]
        return None

    found = search("", 0)
    assert found is not None, f"{action} is on no level of the choices"
    return found


def test_the_second_campaign_plays_to_an_ending_with_no_word_of_the_first(
        world: World, browser: Any, tmp_path: Path) -> None:
    live = LiveServer(world, f"sqlite:///{tmp_path / 'second.sqlite3'}", SEED)
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    seen: list[str] = []
    try:
        page.goto(live.url + "/")
        seen.append(page.inner_text("body"))
        page.get_by_role("button", name=re.compile("Begin")).click()
        page.wait_for_url("**/play*")
        state, _ = start(world, SEED)
        for n, action in enumerate(road(world, SEED), 1):
            seen.append(page.inner_text("body"))
            for level in _levels_to(world, state, action):
                handle = page.locator(f'button.choice[name="group"][value="{level}"]') \
                    .element_handle()
                handle.click()
                page.wait_for_function("h => !h.isConnected", arg=handle)
                page.wait_for_selector(".htmx-request, .htmx-swapping, .htmx-settling",
                                       state="detached")
            page.locator(f'button.choice[value="{action}"]').click()
            state, _ = step(world, state, action)
            page.wait_for_selector(f'#play[data-turn="{n}"], section.after', state="attached")
            page.wait_for_selector(".htmx-request, .htmx-swapping, .htmx-settling",
                                   state="detached")
        assert page.locator("section.after").count() == 1
        seen.append(page.inner_text("body"))
        shoot(page, "second-campaign-ending")
        for extra in ("/saves", "/settings"):
            page.goto(live.url + extra)
            seen.append(page.inner_text("body"))
        story = context.request.get(live.url + "/export/md").text()
    finally:
        context.close()
        live.stop()
    assert len(story.split()) > 1000
    hits = sorted({m.group(0) for text in [*seen, story] for m in PATTERN.finditer(text)})
    assert hits == []
