"""Helpers of the web tests: which packs to test, the path through act one, form fields."""

from __future__ import annotations

import os
import re
from pathlib import Path

from bonds.engine import State, World, legal_actions, start, step

ROOT = Path(__file__).resolve().parents[2]
PACKS = [ROOT / p.strip() for p in
         os.environ.get("BONDS_UI_PACKS", "tests/packs/tiny").split(",") if p.strip()]
"""The packs the UI tests play; set BONDS_UI_PACKS (comma-separated folders) for others."""
MAX_ACT_STEPS = 300
"""A first act longer than this is a stuck test, not a long act."""


def first_act(world: World, seed: int) -> tuple[list[str], State]:
    """The actions that play the first act: the canon's choice where open, else the first.

    Stops when the story leaves the first act's chapter or ends; returns the actions and
    the state reached.
    """
    state, _ = start(world, seed)
    act = world.scenes[state.scene].act
    canon = set(world.canon)
    actions: list[str] = []
    while state.ending is None and world.scenes[state.scene].act == act:
        options = legal_actions(world, state)
        assert options, f"stuck in {state.scene}"
        action = next((a for a in options if a in canon), options[0])
        state, _ = step(world, state, action)
        actions.append(action)
        assert len(actions) < MAX_ACT_STEPS, "the first act does not end"
    return actions, state


def csrf_of(html: str) -> str:
    """The CSRF token in a page's forms."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def turn_of(html: str) -> str:
    """The turn a play page was drawn for."""
    found = re.search(r'data-turn="(\d+)"', html)
    assert found, "no turn on the page"
    return found.group(1)


def rev_of(html: str) -> str:
    """The revision of the autosave a play page was drawn from (the choice form's version)."""
    found = re.search(r'name="rev" value="(\d+)"', html)
    assert found, "no revision on the page"
    return found.group(1)
