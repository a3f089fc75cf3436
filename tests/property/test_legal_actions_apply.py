"""Legal means it applies: at every step of bot runs on every shipped campaign, each action
``legal_actions`` offers goes through when taken (whichever way its roll falls), and no rule
refuses it. This is the contract OpenSpiel's State API keeps, and the UI relies on it.

``BONDS_LEGAL_RUNS`` sets the runs per bot (CI runs a small sample; the closing note of the
change that added this gives the full figure).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bonds.content.loader import load_pack
from bonds.engine import Impossible, World, legal_actions, start, step
from bonds.playtest.bots import make_bot

CAMPAIGNS = sorted(p for p in (Path(__file__).resolve().parents[2] / "campaigns").iterdir()
                   if (p / "pack.yaml").is_file())
RUNS = int(os.environ.get("BONDS_LEGAL_RUNS", "60"))
BOTS = ("random", "explorer", "greedy", "cautious", "romantic")


def refusals(world: World, bot_name: str, seed: int, max_steps: int = 400) -> list[str]:
    """Every legal action of one bot run that a rule refused, as ``scene: action: reason``."""
    bot = make_bot(bot_name, world, seed)
    state, _ = start(world, seed)
    found: list[str] = []
    while state.ending is None and state.turn < max_steps:
        options = legal_actions(world, state)
        assert options, f"no action open in {state.scene}"
        scene = world.scenes[state.scene]
        for action in options:
            choice = None if state.values.get("fight.id") else scene.choice_by_action[action]
            rolls = (True, False) if choice is None or choice.check is not None else (None,)
            for forced in rolls:
                try:
                    step(world, state, action, forced)
                except Impossible as exc:
                    found.append(f"{state.scene}: {action}: {exc}")
        state, _ = step(world, state, bot.choose(state, options))
    return found


@pytest.mark.parametrize("pack", CAMPAIGNS, ids=lambda p: p.name)
@pytest.mark.parametrize("bot_name", BOTS)
def test_every_legal_action_applies(pack: Path, bot_name: str) -> None:
    world = load_pack(pack)
    found = [r for seed in range(RUNS) for r in refusals(world, bot_name, seed)]
    assert found == []


def test_the_check_can_fail_an_action_that_would_be_refused(tmp_path: Path) -> None:
    """Without trying a refusable choice first, the old campaign offered one it refused: the
    window healing Sakura cannot afford. ``tried`` is what keeps it out."""
    world = load_pack(CAMPAIGNS[[p.name for p in CAMPAIGNS].index("unbreakable_bonds")])
    heal = next(c for s in world.scenes.values() for c in s.choices
                if c.action == "window.knock/heal_everything")
    assert heal.tried
    scene = world.scenes["window.knock"]
    state, _ = start(world, 1)
    state = type(state)(scene.id, {**state.values, "chakra.sakura": 5}, state.rng, 0, None)
    assert heal.action not in legal_actions(world, state)
    with pytest.raises(Impossible):
        step(world, state, heal.action)
