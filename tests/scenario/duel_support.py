"""A plain fight bot and set-up helpers for the duel scenario pack (no story names)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bonds.content import load_pack
from bonds.engine import State, World, legal_actions, start, step
from bonds.rules.combat import SKIRMISH

DUEL = Path(__file__).resolve().parents[1] / "packs" / "duel"
PAIR = ("ash", "fen")
MEASURES = ("trust", "ease", "coordination", "openness")


def duel() -> World:
    """The duel pack, compiled."""
    return load_pack(DUEL)


def with_bond(state: State, level: int) -> State:
    """``state`` with every directed measure of the pair set to ``level``."""
    values = dict(state.values)
    a, b = PAIR
    for x, y in ((a, b), (b, a)):
        for m in MEASURES:
            values[f"bond.{x}.{y}.{m}"] = level
    return dataclasses.replace(state, values=values)


def _score(world: World, state: State, action: str) -> float:
    parts = action.split(":")
    if action == "fight:end":
        return 1.0
    verb = parts[2]
    view = SKIRMISH.describe_action(world, state, action)
    p = view.chance.percent / 100 if view.chance is not None else 1.0
    if verb == "combo":
        return p * 10
    if verb == "strike":
        return p * 2
    if verb == "throw":
        return p
    if verb == "tech":
        tech = world.data["techniques"][parts[3]]
        if tech.effect == "damage":
            return p * max(1, tech.power // 10)
        if tech.effect == "heal":
            down = state.values.get(f"fight.h.{parts[4]}.st") == "down"
            return 5.0 if down else 0.3
        if tech.effect == "signal":
            return 0.5
        if tech.effect == "boost":
            return 0.9
        if tech.effect == "shape":
            return 0.2
        return 0.1
    if verb == "burst":
        return 0.4
    if verb == "guard":
        return 0.3
    if verb == "dodge":
        return 0.2
    return 0.0


def pick(world: World, state: State) -> str:
    """The bot's action: the best expected damage (first on ties)."""
    actions = legal_actions(world, state)
    return max(actions, key=lambda a: _score(world, state, a))


def fight_once(world: World, seed: int, level: int) -> str:
    """Play the toll-yard fight from ``seed`` with the pair's bond at ``level``; the ending."""
    state, _ = start(world, seed)
    state = with_bond(state, level)
    state, _ = step(world, state, "road.gate/fight")
    while state.ending is None:
        state, _ = step(world, state, pick(world, state))
    return state.ending
