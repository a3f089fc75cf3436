"""Pointless fight actions are not legal (``_fight_heroes``): a move technique that a free
step matches or that reaches nothing, healing at full health; the rest keep their ids."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import State, World, legal_actions, start, step

CAMPAIGN = Path(__file__).resolve().parents[2] / "campaigns" / "unbreakable_bonds"


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(CAMPAIGN)


@pytest.fixture(scope="module")
def brawl(world: World) -> State:
    """The tea-house brawl at Kakashi's first turn (the canon's choices, else the first)."""
    state, _ = start(world, 3)
    canon = set(world.canon)
    while not state.values.get("fight.id"):
        options = legal_actions(world, state)
        state, _ = step(world, state, next((a for a in options if a in canon), options[0]))
    assert state.values["fight.id"] == "teahouse_brawl"
    assert legal_actions(world, state)[0].startswith("fight:kakashi:")
    return state


def _with(state: State, **values: object) -> State:
    table = dict(state.values)
    table.update({k.replace("__", "."): v for k, v in values.items()})
    return replace(state, values=table)


def _flickers(world: World, state: State) -> list[str]:
    return [a.rsplit(":", 1)[1] for a in legal_actions(world, state) if ":tech:shunshin:" in a]


def test_body_flicker_goes_only_where_it_does_something(world: World, brawl: State) -> None:
    # On the roofs, no foe near: the window, the street and the tank are a free step away
    # (and nothing at the window is worth the chakra); the floor has foes to strike and the
    # booths have Iruka. The plain steps stay.
    roofs = _with(brawl, fight__h__kakashi__zone="roofs")
    assert _flickers(world, roofs) == ["booths", "floor"]
    assert [a for a in legal_actions(world, roofs) if ":move:" in a] == [
        "fight:kakashi:move:window", "fight:kakashi:move:street", "fight:kakashi:move:tank"]


def test_with_foes_at_hand_body_flicker_is_the_way_past_them(world: World,
                                                             brawl: State) -> None:
    # On the floor among the swordsmen: a flicker to a joined zone without foes gets past
    # them without the roll of breaking through; anywhere further is no better.
    floor = _with(brawl, fight__h__kakashi__zone="floor")
    assert _flickers(world, floor) == ["booths", "window", "street"]
    assert "fight:kakashi:break:window" in legal_actions(world, floor)


def test_no_healing_at_full_health(world: World, brawl: State) -> None:
    hurt = _with(brawl, fight__h__kakashi__hp=9)
    assert "fight:kakashi:tech:healing_palm:kakashi" in legal_actions(world, hurt)
    whole = _with(brawl, fight__h__kakashi__hp=14, fight__h__iruka__hp=12)
    assert not [a for a in legal_actions(world, whole) if "healing_palm" in a]


def test_what_is_left_keeps_its_ids_and_applies(world: World, brawl: State) -> None:
    for state in (brawl, _with(brawl, fight__h__kakashi__zone="roofs")):
        for action in legal_actions(world, state):
            assert action.split(":")[:2] == ["fight", "kakashi"]
            step(world, state, action)  # raises if a listed action is refused
