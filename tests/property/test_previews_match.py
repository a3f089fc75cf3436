"""Previews equal results: at every scene choice of bot runs on every shipped campaign, each
choice's preview is exactly what the step then does, on the side its deciding roll fell:
each value's change as the state moved, and as the step's events tell it ("What changed"),
in whole numbers, and no value moves that the preview did not name. A choice without a roll
has one side, so its preview is simply its change. The ``words`` setting's preview, the
success side alone (:func:`preview_success`), is the full preview's success side.

Every legal choice is taken (on a copy) at each step, not only the bot's, so the runs cover
every choice the player was shown. ``BONDS_PREVIEW_RUNS`` sets the runs per campaign (CI
runs a few hundred in all; the closing note of the change gives the larger figure).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bonds.content.loader import load_pack
from bonds.engine import Event, State, World, legal_actions, start, step
from bonds.engine.preview import DEFAULT_PREFIXES, preview, preview_success
from bonds.playtest.bots import make_bot

CAMPAIGNS = sorted(p for p in (Path(__file__).resolve().parents[2] / "campaigns").iterdir()
                   if (p / "pack.yaml").is_file())
RUNS = int(os.environ.get("BONDS_PREVIEW_RUNS", "100"))
"""Runs per campaign (two campaigns: 200 in all by default)."""
BOTS = ("random", "explorer", "greedy", "cautious", "romantic")
MAX_STEPS = 400


def applied(before: State, after: State, events: list[Event]) -> dict[str, int]:
    """What a step did to the previewed values: the state's change, a value the step made
    measured from the ``old`` its first event gives (a bond starts at 20, not 0)."""
    out: dict[str, int] = {}
    for key in {k for k in (*before.values, *after.values) if k.startswith(DEFAULT_PREFIXES)
                and not isinstance(after.values.get(k, before.values.get(k)), bool)}:
        start_at = before.values.get(key)
        if start_at is None:
            start_at = next((e.data["old"] for e in events if e.data.get("key") == key
                             and isinstance(e.data.get("old"), int)), 0)
        now = after.values.get(key, 0)
        delta = int(now) - int(start_at)
        if delta:
            out[key] = delta
    return out


def told(events: list[Event]) -> dict[str, int]:
    """The same, summed from the events' own deltas: the figures "What changed" shows."""
    out: dict[str, int] = {}
    for e in events:
        key, delta = e.data.get("key"), e.data.get("delta")
        if (isinstance(key, str) and key.startswith(DEFAULT_PREFIXES)
                and isinstance(delta, int) and not isinstance(delta, bool)):
            out[key] = out.get(key, 0) + delta
    return {k: v for k, v in out.items() if v}


def mismatches(world: World, state: State) -> list[str]:
    """Each choice open in ``state`` whose preview differs from what taking it does."""
    found: list[str] = []
    for action in legal_actions(world, state):
        shown = preview(world, state, action)
        after, events = step(world, state, action)
        rolls = [e for e in events if e.kind == "roll"]
        side = bool(rolls[0].data["success"]) if rolls else True
        promised = {c.key: (c.on_success if side else c.on_failure) for c in shown.changes}
        promised = {k: v for k, v in promised.items() if v}
        assert all(isinstance(v, int) for v in promised.values())
        success = {c.key: c.on_success for c in shown.changes if c.on_success}
        if preview_success(world, state, action) != success:  # the words setting's preview
            found.append(f"{state.scene}: {action}: preview_success differs from {success}")
        if (shown.chance is None) != (not rolls):
            found.append(f"{state.scene}: {action}: preview chance {shown.chance}, "
                         f"{len(rolls)} rolls")
        for name, done in (("state", applied(state, after, events)), ("told", told(events))):
            if done != promised:
                found.append(f"{state.scene}: {action} ({'success' if side else 'failure'}): "
                             f"previewed {promised}, {name} {done}")
    return found


def run(world: World, bot_name: str, seed: int) -> list[str]:
    bot = make_bot(bot_name, world, seed)
    state, _ = start(world, seed)
    found: list[str] = []
    while state.ending is None and state.turn < MAX_STEPS:
        options = legal_actions(world, state)
        if not state.values.get("fight.id"):  # fight actions are shown without a preview
            found += mismatches(world, state)
        state, _ = step(world, state, bot.choose(state, options))
    return found


@pytest.mark.parametrize("pack", CAMPAIGNS, ids=lambda p: p.name)
def test_every_preview_is_what_the_step_does(pack: Path) -> None:
    world = load_pack(pack)
    found = [f for seed in range(RUNS) for f in run(world, BOTS[seed % len(BOTS)], seed)]
    assert found[:10] == [] and len(found) == 0


def test_a_created_value_is_previewed_from_its_rule_start() -> None:
    """A bond the pack did not seed starts at 20: its first change previews as that change
    (+12), not as the level it reaches (+32)."""
    world = load_pack(CAMPAIGNS[0])
    state, _ = start(world, 1)
    values = {k: v for k, v in state.values.items() if not k.startswith("bond.")}
    bare = State(state.scene, values, state.rng, state.turn, state.ending)
    for action in legal_actions(world, bare):
        shown = preview(world, bare, action)
        after, events = step(world, bare, action)
        if shown.chance is None:
            assert {c.key: c.on_success for c in shown.changes if c.on_success} == \
                applied(bare, after, events) == preview_success(world, bare, action)
