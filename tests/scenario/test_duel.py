"""The bond decides: over 1,000 seeded runs each, a pair with a low bond loses the toll-yard
fight that a pair with a high bond wins, and a low bond's cover cracks under the market's eyes
where a high bond's holds. The win and hold rates are printed (run with ``-s`` to see them).
"""

from __future__ import annotations

import pytest

from bonds.engine import World, legal_actions, start, step

from .duel_support import duel, fight_once, with_bond

RUNS = 1000
LOW, HIGH = 10, 90


@pytest.fixture(scope="module")
def world() -> World:
    return duel()


def test_a_high_bond_wins_the_fight_a_low_bond_loses(world: World) -> None:
    rates = {level: sum(fight_once(world, seed, level) == "through" for seed in range(RUNS))
             / RUNS for level in (LOW, HIGH)}
    print(f"\ntoll yard over {RUNS} seeded runs: win rate with a low bond ({LOW}) "
          f"{rates[LOW]:.1%}, with a high bond ({HIGH}) {rates[HIGH]:.1%}")
    assert rates[LOW] < 0.3
    assert rates[HIGH] > 0.9


def _market(world: World, seed: int, level: int) -> str:
    state = with_bond(start(world, seed)[0], level)
    state, _ = step(world, state, "road.gate/market")
    while state.ending is None:
        state, _ = step(world, state, legal_actions(world, state)[0])
    return state.ending


def test_a_high_bond_holds_its_cover_under_watching_eyes(world: World) -> None:
    rates = {level: sum(_market(world, seed, level) == "unnoticed" for seed in range(RUNS))
             / RUNS for level in (LOW, HIGH)}
    print(f"\nmarket over {RUNS} seeded runs: cover held with a low bond ({LOW}) "
          f"{rates[LOW]:.1%}, with a high bond ({HIGH}) {rates[HIGH]:.1%}")
    assert rates[LOW] < 0.45
    assert rates[HIGH] > 0.9
