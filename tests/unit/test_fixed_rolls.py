"""An author's fixed roll: ``scene/choice!success`` takes the choice with its roll decided, is
never offered, replays from a save like any action, and lets the canonical road tell the
story on any seed (canon entries ``{action: ..., roll: ...}``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import IllegalAction, World, legal_actions, replay, start, step
from bonds.narration import play_bot


@pytest.mark.parametrize(("roll", "ending"), [("success", "safe_harbour"),
                                              ("failure", "dark_night")])
def test_a_fixed_roll_decides_the_check_on_every_seed(lighthouse: World, roll: str,
                                                      ending: str) -> None:
    for seed in range(20):
        state, events = replay(lighthouse, seed, ["shore.arrive/climb", f"tower.lamp/light!{roll}"])
        assert state.ending == ending
        made = [e for e in events if e.kind == "choice_made"]
        assert made[-1].data["action"] == "tower.lamp/light"  # the same choice, told as such


def test_a_fixed_roll_is_never_offered_and_needs_a_roll_to_fix(lighthouse: World) -> None:
    state, _ = start(lighthouse, 1)
    assert all("!" not in a for a in legal_actions(lighthouse, state))
    with pytest.raises(IllegalAction, match="fixes a roll"):
        step(lighthouse, state, "shore.arrive/climb!success")
    state, _ = step(lighthouse, state, "shore.arrive/climb")
    with pytest.raises(IllegalAction, match="fixes a roll"):
        step(lighthouse, state, "tower.lamp/light!maybe")


def test_canon_entries_fix_their_rolls(pack_copy: Callable[..., Path]) -> None:
    world = load_pack(pack_copy({"canon.yaml": "- shore.arrive/climb\n"
                                               "- {action: tower.lamp/light, roll: failure}\n"}))
    assert world.canon == ("shore.arrive/climb", "tower.lamp/light!failure")
    assert {play_bot(world, "canon", seed).state.ending for seed in range(10)} == {"dark_night"}
