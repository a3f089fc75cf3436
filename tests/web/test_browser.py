"""The game in real Chromium: by clicks, by keyboard, without JavaScript; saves; isolation.

One browser for the session; each test opens its own context (its own cookies, so its own
player). Screenshots of the title page, a scene, the status panel and a fight are written to
``screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.engine import World, legal_actions, start, step

from .browser import LiveServer, chromium, serious_violations, shoot
from .support import ROOT, first_act

pytestmark = pytest.mark.browser
SEED = 11
DUEL = ROOT / "tests" / "packs" / "duel"

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


@pytest.fixture(scope="session")
def server(world: World, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("web") / "saves.sqlite3"
    live = LiveServer(world, f"sqlite:///{db}", SEED)
    yield live
    live.stop()


class Player:
    """A browser context on the server, with its console watched."""

    def __init__(self, browser: Any, server: LiveServer, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript,
                                           viewport={"width": 1200, "height": 900})
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.url = server.url
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def goto(self, path: str) -> None:
        self.page.goto(self.url + path)

    def turn(self) -> int:
        return int(self.page.locator("#play").get_attribute("data-turn"))

    def wait_after(self, turn: int) -> None:
        """Wait until the page shows the game after ``turn`` actions, settled in."""
        self.page.wait_for_selector(f'#play[data-turn="{turn}"], section.after',
                                    state="attached")
        self.page.wait_for_selector(".htmx-request, .htmx-swapping, .htmx-settling",
                                    state="detached")

    def begin(self) -> None:
        self.goto("/")
        self.page.get_by_role("button", name="Begin the story").click()
        self.page.wait_for_url("**/play*")


@pytest.fixture
def player(browser: Any, server: LiveServer) -> Iterator[Player]:
    p = Player(browser, server)
    yield p
    assert p.errors == [], f"console errors: {p.errors}"
    p.context.close()


def reached_end_of_act(page: Any, world: World, final: Any) -> None:
    if final.ending is not None:
        assert page.locator("section.after").count() == 1
        assert world.endings[final.ending].title in page.locator("#ending-h").inner_text()
    else:
        act = world.scenes[final.scene].act
        assert f"Chapter {act}" in page.locator("#chapter-h").inner_text()


def test_clicks_through_the_first_act(player: Player, world: World) -> None:
    actions, final = first_act(world, SEED)
    player.goto("/")
    assert serious_violations(player.page) == []
    shoot(player.page, "title")
    player.begin()
    shoot(player.page, "scene")
    assert serious_violations(player.page) == []
    for n, action in enumerate(actions, 1):
        player.page.locator(f'button.choice[value="{action}"]').click()
        player.wait_after(n)
        assert player.page.url.endswith("/play")  # htmx swapped the page in place
        if n == 1:
            shoot(player.page.locator("#status"), "status")
    reached_end_of_act(player.page, world, final)
    assert serious_violations(player.page) == []


def test_keyboard_only(player: Player, world: World) -> None:
    actions, final = first_act(world, SEED)
    page = player.page
    player.goto("/")
    for _ in range(40):  # tab to the begin button, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "new-game":
            break
    else:
        pytest.fail("the begin button cannot be reached with Tab")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url("**/play*")
    for n, action in enumerate(actions, 1):
        number = legal_actions(world, _state(world, actions[:n - 1])).index(action) + 1
        if n == 1 or number > 9:  # Tab to the button and press Enter
            for _ in range(60):
                page.keyboard.press("Tab")
                if page.evaluate("document.activeElement.value") == action:
                    break
            page.keyboard.press("Enter")
        else:
            page.keyboard.press(str(number))
        player.wait_after(n)
        assert page.evaluate("document.activeElement.id") == "main"  # reading goes on
    reached_end_of_act(page, world, final)


def test_without_javascript(browser: Any, server: LiveServer, world: World) -> None:
    actions, final = first_act(world, SEED)
    p = Player(browser, server, javascript=False)
    try:
        p.begin()
        assert p.page.locator(".keys-hint").is_hidden()
        for n, action in enumerate(actions, 1):
            p.page.locator(f'button.choice[value="{action}"]').click()
            p.page.wait_for_load_state()
            p.wait_after(n)
        reached_end_of_act(p.page, world, final)
        p.goto("/saves")
        p.page.get_by_label("Name for this save").fill("no script")
        p.page.get_by_role("button", name="Save the current story").click()
        assert p.page.get_by_role("status").inner_text() == "Saved as “no script”."
        assert p.errors == []
    finally:
        p.context.close()


def test_save_reload_continue(player: Player, world: World) -> None:
    actions, _ = first_act(world, SEED)
    page = player.page
    player.begin()
    page.locator(f'button.choice[value="{actions[0]}"]').click()
    player.wait_after(1)
    page.reload()
    if page.locator("#play").count():
        assert player.turn() == 1
    page.get_by_role("link", name="Saves").first.click()
    page.get_by_label("Name for this save").fill("after one")
    page.get_by_role("button", name="Save the current story").click()
    assert "after one" in page.locator("table.slots").inner_text()
    assert serious_violations(page) == []
    player.goto("/settings")
    page.get_by_label("Dark").check()
    page.get_by_label("Larger").check()
    page.get_by_role("button", name="Save settings").click()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert serious_violations(page) == []
    player.goto("/")
    page.get_by_role("button", name="Begin a new story").click()
    page.wait_for_url("**/play*")
    assert player.turn() == 0
    player.goto("/saves")
    page.get_by_role("button", name="Load after one").click()
    page.wait_for_url("**/play*")
    page.reload()
    player.goto("/")
    page.locator("#continue").click()
    page.wait_for_url("**/play*")
    if page.locator("#play").count():
        assert player.turn() == 1


def test_two_browsers_cannot_see_each_others_saves(browser: Any, server: LiveServer) -> None:
    alice, bob = Player(browser, server), Player(browser, server)
    try:
        alice.begin()
        alice.goto("/saves")
        alice.page.get_by_label("Name for this save").fill("alice's secret")
        alice.page.get_by_role("button", name="Save the current story").click()
        href = alice.page.get_by_role("link", name="Download alice's secret as a file") \
            .get_attribute("href")
        assert href is not None
        bob.goto("/saves")
        assert "alice" not in bob.page.content()
        assert bob.page.request.get(server.url + href).status == 404
        assert alice.page.request.get(server.url + href).status == 200
        bob.begin()
        bob.goto("/saves")
        assert bob.page.locator("table.slots tbody tr").count() == 1  # only bob's autosave
    finally:
        alice.context.close()
        bob.context.close()


def test_an_illegal_choice_posted_by_hand_is_refused(player: Player) -> None:
    page = player.page
    player.begin()
    token = page.locator('input[name="csrf"]').first.get_attribute("value")
    rev = page.locator('input[name="rev"]').first.get_attribute("value")
    before = page.locator("#main").inner_text()
    answer = page.request.post(player.url + "/choose", form={
        "csrf": token, "rev": rev, "action": "not.a/choice"})
    assert answer.status == 409
    assert "That choice is not open at this point of the story" in answer.text()
    page.reload()
    assert player.turn() == 0 and page.locator("#main").inner_text() == before


def test_a_fight_on_screen(browser: Any, tmp_path: Path) -> None:
    if not DUEL.is_dir():
        pytest.skip("tests/packs/duel (a pack with a fight) is not there yet")
    p, live, _, _ = _at_the_fight(browser, tmp_path)
    try:
        assert p.page.locator("section.fight").count() == 1
        assert p.page.locator("button.choice").count() >= 1
        shoot(p.page, "fight")
        shoot(p.page.locator("#status"), "status")  # a richer panel than the tiny pack's
        assert serious_violations(p.page) == []
        assert p.errors == []
    finally:
        p.context.close()
        live.stop()


def _state(world: World, actions: list[str]) -> Any:
    state, _ = start(world, SEED)
    for action in actions:
        state, _ = step(world, state, action)
    return state


def _at_the_fight(browser: Any, tmp_path: Path, javascript: bool = True
                  ) -> tuple[Player, LiveServer, Any, int]:
    """A player on a server of the duel pack, clicked through to its fight: the player, the
    server (the caller stops both), the engine's state there and the turn."""
    duel = load_pack(DUEL)
    seed, actions = _path_to_fight(duel)
    live = LiveServer(duel, f"sqlite:///{tmp_path / 'duel.sqlite3'}", seed)
    p = Player(browser, live, javascript)
    p.begin()
    for n, action in enumerate(actions, 1):
        p.page.locator(f'button.choice[value="{action}"]').click()
        if javascript:
            p.wait_after(n)
        else:
            p.page.wait_for_load_state()
    state, _ = start(duel, seed)
    for action in actions:
        state, _ = step(duel, state, action)
    return p, live, state, len(actions)


def _path_to_fight(world: World) -> tuple[int, list[str]]:
    """A seed and the first-choice actions that lead into a fight."""
    for seed in range(1, 30):
        state, _ = start(world, seed)
        actions: list[str] = []
        while not state.values.get("fight.id") and state.ending is None and len(actions) < 50:
            options = legal_actions(world, state)
            if not options:
                break
            state, _ = step(world, state, options[0])
            actions.append(options[0])
        if state.values.get("fight.id"):
            return seed, actions
    pytest.fail("no run of the duel pack reaches its fight")


def _keyed(page: Any) -> list[tuple[str, str, str]]:
    """The number-keyed buttons of the choices on screen: (key, name, value)."""
    return [tuple(b) for b in page.locator("#choices button.choice[data-key]").evaluate_all(
        "bs => bs.map(b => [b.dataset.key, b.name, b.value])")]


def _press_and_wait(page: Any, key: str) -> None:
    """Press a number key and wait until the choices it opened are in place."""
    old = page.locator("#choices").element_handle()
    page.keyboard.press(key)
    page.wait_for_function("el => !el.isConnected", arg=old)
    page.wait_for_selector(".htmx-request, .htmx-swapping, .htmx-settling", state="detached")


def _reach_all(page: Any, depth: int = 0) -> set[str]:
    """Every fight action reachable by number keys from the level on screen (0: back)."""
    keyed = _keyed(page)
    numbered = [k for k in keyed if k[0] != "0"]
    assert 1 <= len(numbered) <= 9 and [k[0] for k in numbered] == [
        str(n) for n in range(1, len(numbered) + 1)]
    assert (depth > 0) == any(k[0] == "0" for k in keyed)
    reached = set()
    for key, name, value in numbered:
        if name == "action":
            reached.add(value)
            continue
        assert name == "group" and depth < 4
        _press_and_wait(page, key)
        # The level opened with the keyboard's focus on its first entry.
        assert page.evaluate("() => document.activeElement.dataset.key") == "1"
        reached |= _reach_all(page, depth + 1)
        _press_and_wait(page, "0")
    return reached


def test_every_fight_action_is_reachable_by_keyboard(browser: Any, tmp_path: Path) -> None:
    p, live, state, turn = _at_the_fight(browser, tmp_path)
    try:
        assert _reach_all(p.page) == set(legal_actions(load_pack(DUEL), state))
        # And one is taken from inside a group, by keys alone.
        group = next(k for k, name, _ in _keyed(p.page) if name == "group")
        _press_and_wait(p.page, group)
        p.page.keyboard.press("1")
        p.wait_after(turn + 1)
        assert p.page.locator("#choices h2").inner_text() == "Your move"
        assert serious_violations(p.page) == []
        assert p.errors == []
    finally:
        p.context.close()
        live.stop()


def test_fight_groups_open_without_javascript(browser: Any, tmp_path: Path) -> None:
    p, live, _, _ = _at_the_fight(browser, tmp_path, javascript=False)
    try:
        turn = p.turn()
        p.page.locator("button.choice.group").first.click()
        p.page.wait_for_url("**/play?group=*")
        assert p.page.locator("button.choice.back").count() == 1
        assert p.page.locator("#choices button.choice[data-key]").count() <= 10
        p.page.locator('#choices button.choice[name="action"]').first.click()
        p.page.wait_for_url("**/play*")
        assert p.turn() == turn + 1 and "group=" not in p.page.url
    finally:
        p.context.close()
        live.stop()
