"""The tiny pack drives the world rules from its own data, with no story in the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World, legal_actions, replay

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"

ROUNDS = ["shore.arrive/fetch_oil", "shore.arrive/fetch_oil", "shore.arrive/climb",
          "tower.lamp/rounds", "tower.lamp/mend", "tower.lamp/mend", "tower.lamp/light"]


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


def test_the_rounds_use_the_desk_a_ward_a_technique_chakra_and_an_injury(tiny: World
                                                                        ) -> None:
    state, events = replay(tiny, 3, ROUNDS)
    seen = [e.kind for e in events]
    for kind in ("desk_verdict", "ward_set", "technique_used", "presence_sensed",
                 "resource_changed", "injured", "injury_healed", "objective_changed",
                 "time_passed"):
        assert kind in seen, kind
    verdicts = [e.data for e in events if e.kind == "desk_verdict"]
    assert [(v["who"], v["eligible"], v["reasons"]) for v in verdicts] == [
        ("ada", True, []), ("bo", False, ["The senior keeper holds the lamp key."])]
    assert state.values["stamina.ada"] == 34  # 60 - 10 (the light) - 8 - 8 (two mendings)
    assert "injury.bo.cut" not in state.values
    assert state.ending == "safe_harbour"


def test_the_canon_is_untouched_by_the_side_of_the_rounds(tiny: World) -> None:
    state, _ = replay(tiny, 1, ["shore.arrive/climb"])
    assert legal_actions(tiny, state) == ["tower.lamp/light", "tower.lamp/wait"]
    state, _ = replay(tiny, 1, list(tiny.canon))
    assert state.ending is not None
