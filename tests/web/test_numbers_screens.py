"""A decision and a fight of the campaign in each numbers setting, on a desktop and a phone,
in real Chromium: the screens the numbers setting changes, left in ``screenshots/`` for a
reader to look at, and checked for what each setting promises (words: no percentages and no
figures; brief: percentages; full: the parts of a chance)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.engine import Opening, World

from .browser import LiveServer, chromium, serious_violations, shoot
from .support import ROOT

pytestmark = pytest.mark.browser
SEED = 5
SCREENS = {"decision": "roofs.escape", "fight": "brawl.fight"}
"""Where each screen opens: a choice with a roll beside a plain one, and the tea-house brawl."""
VIEWPORTS = {"desktop": {"width": 1200, "height": 900}, "phone": {"width": 390, "height": 844}}

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


@pytest.fixture(scope="module")
def campaign() -> World:
    return load_pack(ROOT / "campaigns" / "unbreakable_bonds")


@pytest.mark.parametrize("screen", SCREENS)
def test_each_numbers_setting_on_desktop_and_phone(browser: Any, campaign: World, screen: str,
                                                  tmp_path: Path) -> None:
    live = LiveServer(campaign, f"sqlite:///{tmp_path / 'screens.sqlite3'}", SEED,
                      Opening(SCREENS[screen]))
    try:
        for device, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, has_touch=device == "phone")
            context.set_default_timeout(10_000)
            page = context.new_page()
            try:
                page.goto(live.url + "/")
                page.get_by_role("button", name="Begin the story").click()
                page.wait_for_url("**/play*")
                for numbers in ("words", "brief", "full"):
                    page.goto(live.url + "/settings")
                    page.locator(f'input[name="numbers"][value="{numbers}"]').check()
                    page.get_by_role("button", name="Save settings").click()
                    page.goto(live.url + "/play")
                    if screen == "fight":  # a group opened, so its odds are on screen
                        page.locator('#choices button.choice[name="group"]').first.click()
                        page.wait_for_selector("#choices button.choice.back")
                    choices = page.locator("#choices").inner_text()
                    if numbers == "words":
                        assert "%" not in choices and not re.search(r"[+-]\d", choices)
                    else:
                        assert re.search(r"\d+%", choices), choices
                    if numbers == "full" and screen == "decision":
                        assert "They practised together at the camp" in choices or \
                            "Iruka read the signs" in choices, choices
                    assert serious_violations(page) == []
                    shoot(page, f"{screen}-{numbers}-{device}")
            finally:
                context.close()
    finally:
        live.stop()
