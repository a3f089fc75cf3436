"""The web game, the terminal and the export tell the same step with the same sentences."""

from __future__ import annotations

import html
import io
import re
import warnings

import pytest
from rich.console import Console

from bonds.content import load_pack
from bonds.engine import World, legal_actions, start, step
from bonds.narration import tell
from bonds.narration.runs import Run
from bonds.terminal.play import _show
from bonds.views import Game, Names
from bonds.web.app import create_app
from bonds.web.db import SaveStore

from .conftest import TINY

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

DUEL = TINY.parent / "duel"
SEED = 4


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def _in_order(sentences: list[str], text: str) -> bool:
    at = 0
    for sentence in sentences:
        found = text.find(sentence, at)
        if found < 0:
            return False
        at = found + len(sentence)
    return True


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(DUEL)


def _road(world: World, turns: int) -> tuple[list[str], list[int], Run]:
    """A run of ``turns`` steps: the fourth choice where open (the oath), else the first."""
    state, events = start(world, SEED)
    actions: list[str] = []
    firsts: list[int] = []
    while state.ending is None and len(actions) < turns:
        options = legal_actions(world, state)
        action = options[3] if not actions and len(options) > 3 else options[0]
        actions.append(action)
        firsts.append(len(events))
        state, more = step(world, state, action)
        events.extend(more)
    return actions, firsts, Run(world, SEED, tuple(actions), state, tuple(events), "test")


@pytest.mark.parametrize("turn", [1, 3, 6])
def test_web_terminal_and_export_tell_a_step_alike(duel: World, turn: int) -> None:
    actions, firsts, run = _road(duel, turn)
    first = firsts[-1]
    work = tell(run)
    exported = [t.text for t in work.told() if t.events and t.events[0] >= first]
    # A fight's small moment past its round's budget is told in the margin only.
    margin = [t.text for t in work.notes() if t.events and t.events[0] >= first]
    assert exported or margin, "the step tells something"

    game = Game.new(duel, SEED)
    for action in actions:
        game = game.advance(action)
    out = io.StringIO()
    _show(game, Names(duel), Console(file=out, width=10_000, color_system=None))
    terminal = " ".join(out.getvalue().split())

    store = SaveStore("sqlite://")
    try:
        with TestClient(create_app(duel, store=store)) as client:
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
            assert token
            client.post("/new", data={"csrf": token.group(1), "seed": str(SEED)})
            page = client.get("/play").text
            for action in actions:
                token = re.search(r'name="csrf" value="([^"]+)"', page)
                rev = re.search(r'name="rev" value="(\d+)"', page)
                assert token and rev
                client.post("/choose", data={"csrf": token.group(1), "rev": rev.group(1),
                                             "action": action})
                page = client.get("/play").text
    finally:
        store.close()
    story = page[page.index('<div class="passage" id="now">'):]
    web = _plain(story[:story.index("</div>")])

    assert _in_order(exported, terminal), (exported, terminal)
    assert _in_order(exported, web), (exported, web)
    for note in margin:
        assert note in terminal and note in _plain(page), note
    if turn == 1:  # the oath: a watershed woven into the prose, on every screen alike
        assert any("an oath kept on the road" in s for s in exported)
