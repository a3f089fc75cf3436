"""Property tests of the bond, cover, infamy and fight rules on the duel pack.

Measures stay in range and every change carries a reason; a preview equals the change an
action makes when no roll is involved, and its expected value when one is; a fight always
ends within its bound of rounds; the same seed and actions give the same fight, also after a
save and load in the middle of it.
"""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from bonds.content import load_pack
from bonds.engine import (
    Ctx,
    State,
    World,
    legal_actions,
    start,
    state_from_json,
    state_hash,
    state_to_json,
    step,
)
from bonds.engine.preview import preview
from bonds.engine.rng import seed_state
from bonds.rules import bond, cover, infamy

DUEL = Path(__file__).resolve().parents[1] / "packs" / "duel"
PEOPLE = ("ash", "fen", "marro")
CHANGES = ("bond_changed", "suspicion_changed", "infamy_changed", "attention_changed",
           "act_changed")
MEASURES = ("trust", "ease", "coordination", "openness")


@cache
def duel() -> World:
    return load_pack(DUEL)


def with_levels(state: State, level: int, tension: int = 0) -> State:
    values = dict(state.values, **{"bond.ash.fen.tension": tension})
    for x, y in (("ash", "fen"), ("fen", "ash")):
        for m in MEASURES:
            values[f"bond.{x}.{y}.{m}"] = level
    return dataclasses.replace(state, values=values)


operation = st.one_of(
    st.tuples(st.sampled_from(("bond", "bond_both")), st.sampled_from(PEOPLE),
              st.sampled_from(PEOPLE), st.sampled_from(bond.ALL_MEASURES),
              st.integers(-150, 150)),
    st.tuples(st.just("suspect"), st.sampled_from(("watchers", "tollmen", "guild", "ash")),
              st.integers(-150, 150)),
    st.tuples(st.just("noise"), st.just("saltmarch"), st.integers(-150, 150)),
    st.tuples(st.just("notice"), st.sampled_from(("guild", "tollmen")), st.integers(-150, 150)),
    st.tuples(st.just("rehearse"), st.just("ash"), st.just("fen"), st.integers(-150, 150)),
    st.tuples(st.just("scene"), st.sampled_from(("road.gate", "road.yard", "market.tea"))),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(operation, max_size=40))
def test_measures_stay_in_range_and_every_change_has_a_reason(ops: list[tuple]) -> None:
    world = duel()
    ctx = Ctx(world, dict(world.initial_values), seed_state(1), "road.gate")
    for op in ops:
        kind, *args = op
        if kind in ("bond", "bond_both"):
            if args[0] != args[1]:
                getattr(bond, kind)(ctx, *args, "a moment that mattered")
        elif kind == "suspect":
            cover.suspect(ctx, *args, "a tell")
        elif kind == "rehearse":
            cover.rehearse(ctx, *args, "practice")
        elif kind == "scene":
            ctx.scene = args[0]
            ctx.values["seen." + args[0]] = int(ctx.values.get("seen." + args[0], 0)) + 1
        else:
            getattr(infamy, kind)(ctx, *args, "a noise")
    for key, value in ctx.values.items():
        if key.startswith(("bond.", "suspicion.", "infamy.", "attention.", "cover.")):
            assert isinstance(value, bool) or 0 <= int(value) <= 100, key
    for event in ctx.events:
        if event.kind in CHANGES:
            assert isinstance(event.data["reason"], str) and event.data["reason"].strip()
            assert event.data["delta"] == event.data["new"] - event.data["old"] != 0


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 100), st.integers(0, 100), st.integers(0, 10_000),
       st.sampled_from(("road.gate/quiet", "road.gate/oath")))
def test_a_preview_without_a_roll_is_the_change(level: int, tension: int, seed: int,
                                                 action: str) -> None:
    world = duel()
    state = with_levels(start(world, seed)[0], level, tension)
    shown = preview(world, state, action)
    assert shown.exact and shown.chance is None
    after, _ = step(world, state, action)
    for change in shown.changes:
        assert change.on_success == change.on_failure == change.expected
        assert after.values[change.key] - state.values[change.key] == change.expected
    moved = {k for k in after.values if k.startswith("bond.")
             and after.values[k] != state.values.get(k)}
    assert moved == {c.key for c in shown.changes}


def test_a_preview_with_a_roll_is_the_expected_change_over_many_runs() -> None:
    world = duel()
    for level in (10, 70):
        base = with_levels(start(world, 0)[0], level)
        shown = preview(world, base, "road.gate/spar")
        assert shown.exact and shown.rolls == 1
        assert shown.chance == min(95, 10 + level // 2 + level // 5)
        runs = 4000
        totals = {c.key: 0 for c in shown.changes}
        for seed in range(runs):
            state = dataclasses.replace(base, rng=seed_state(seed))
            after, _ = step(world, state, "road.gate/spar")
            for key in totals:
                totals[key] += int(after.values.get(key, 0)) - int(base.values.get(key, 0))
        for change in shown.changes:
            mean = totals[change.key] / runs
            print(f"level {level}: {change.key} expected {change.expected:.3f}, "
                  f"measured {mean:.3f}")
            assert abs(mean - change.expected) < 0.15


def _play(world: World, seed: int, picks: list[int], level: int) -> tuple[State, list, int]:
    state = with_levels(start(world, seed)[0], level)
    state, events = step(world, state, "road.gate/fight")
    taken = 0
    while state.ending is None:
        legal = legal_actions(world, state)
        state, more = step(world, state, legal[picks[taken % len(picks)] % len(legal)])
        events.extend(more)
        taken += 1
    return state, events, taken


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 50), min_size=1, max_size=30),
       st.sampled_from((10, 40, 90)))
def test_a_fight_always_ends_within_its_bound(seed: int, picks: list[int], level: int) -> None:
    world = duel()
    state, events, taken = _play(world, seed, picks, level)
    spec = world.data["fight_specs"]["toll_yard"]
    assert taken <= spec.max_rounds * len(spec.heroes) + 1
    ended = [e for e in events if e.kind == "fight_ended"]
    assert len(ended) == 1 and ended[0].data["rounds"] <= spec.max_rounds
    assert not any(k.startswith("fight.") for k in state.values)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 2**32), st.lists(st.integers(0, 50), min_size=1, max_size=30))
def test_the_same_seed_gives_the_same_fight(seed: int, picks: list[int]) -> None:
    world = duel()
    first, first_events, _ = _play(world, seed, picks, 40)
    second, second_events, _ = _play(world, seed, picks, 40)
    assert state_hash(first) == state_hash(second)
    assert [e.to_json() for e in first_events] == [e.to_json() for e in second_events]


def test_a_fight_saved_and_loaded_midway_plays_on_the_same() -> None:
    world = duel()
    state = with_levels(start(world, 11)[0], 60)
    state, _ = step(world, state, "road.gate/fight")
    for _ in range(3):
        state, _ = step(world, state, legal_actions(world, state)[0])
    loaded = state_from_json(state_to_json(state))
    straight, reloaded = state, loaded
    while straight.ending is None:
        action = legal_actions(world, straight)[0]
        assert legal_actions(world, reloaded)[0] == action
        straight, _ = step(world, straight, action)
        reloaded, _ = step(world, reloaded, action)
    assert state_hash(straight) == state_hash(reloaded)
