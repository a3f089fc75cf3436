"""Properties of the world rules over random sequences of actions on the rules test pack.

- chakra never goes below zero or above its maximum;
- injuries only ever sit on a step of their own kind's scale;
- every refusal carries a reason;
- the desk gives the same answer for the same roster, mission and state, and every pair it
  rejects is given at least one reason (one per failed requirement).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonds.content import load_pack
from bonds.engine import Impossible, World, start
from bonds.rules import health, missions, scouting, sensing, standing, techniques, travel, wards
from unit.rules_pack import ctx_at, make_rules_pack

PEOPLE = ("ada", "bo", "cy", "dee", "eli")
KINDS = {"cut": ("deep", "shallow"), "bruise": ("black", "yellow", "faint"),
         "burn": ("blistered", "red"), "fever": ("raging", "mild")}
TECHS = ("lamp_sense", "mend", "twin_beam", "signs", "snare_craft", "scroll_seal", "hound",
         "tide_lift")
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


person = st.sampled_from(PEOPLE)
amount = st.integers(min_value=-5, max_value=120)
kind = st.sampled_from(sorted(KINDS))
action = st.one_of(
    st.tuples(st.just("spend"), person, amount),
    st.tuples(st.just("restore"), person, amount),
    st.tuples(st.just("injure"), person, kind, st.integers(0, 2)),
    st.tuples(st.just("heal"), person, person, kind),
    st.tuples(st.just("pill"), person),
    st.tuples(st.just("hours"), st.integers(0, 30)),
    st.tuples(st.just("rest"), person, st.integers(0, 12)),
    st.tuples(st.just("use"), person, st.sampled_from(TECHS)),
    st.tuples(st.just("combine"), person, person),
    st.tuples(st.just("sense"), person),
    st.tuples(st.just("intent"), person, person),
    st.tuples(st.just("trap_and_enter"), person),
    st.tuples(st.just("scout"), person),
    st.tuples(st.just("debrief"),),
)


def _apply(ctx: Any, act: tuple[Any, ...]) -> None:
    name, *args = act
    if name == "spend":
        health.spend(ctx, args[0], "chakra", args[1], "a test")
    elif name == "restore":
        health.restore(ctx, args[0], "chakra", args[1], "a test")
    elif name == "injure":
        steps = KINDS[args[1]]
        health.injure(ctx, args[0], args[1], steps[args[2] % len(steps)], "a test")
    elif name == "heal":
        health.heal(ctx, args[0], args[1], args[2])
    elif name == "pill":
        health.use_item(ctx, args[0], "soldier_pill")
    elif name == "hours":
        travel.pass_hours(ctx, args[0])
    elif name == "rest":
        travel.rest(ctx, args[0], args[1])
    elif name == "use":
        techniques.use_technique(ctx, args[0], args[1])
    elif name == "combine":
        techniques.combine(ctx, args[0], args[1], "twin_beam")
    elif name == "sense":
        sensing.sense(ctx, args[0])
    elif name == "intent":
        sensing.intimidate(ctx, args[0], args[1])
    elif name == "trap_and_enter":
        wards.set_trap(ctx, "tower", "door")
        wards.enter(ctx, args[0], "tower", "door")
    elif name == "scout":
        scouting.scout(ctx, args[0], "market")
    else:
        scouting.debrief(ctx)


@SETTINGS
@given(acts=st.lists(action, max_size=40), scene=st.sampled_from(["tower.lamp",
                                                                   "shore.arrive"]))
def test_chakra_and_injuries_stay_in_their_ranges(world: World, acts: list, scene: str
                                                  ) -> None:
    ctx = ctx_at(world, scene, {"travel.at": "shore", "bond.bo.ada.coordination": 40})
    for act in acts:
        try:
            _apply(ctx, act)
        except Impossible as refusal:
            assert str(refusal).strip(), f"{act} was refused without a reason"
        for who in PEOPLE:
            most = health.resource_max(ctx, who, "chakra")
            assert 0 <= health.resource(ctx, who, "chakra") <= most, (act, who)
            for k, steps in KINDS.items():
                step = ctx.values.get(f"injury.{who}.{k}")
                assert step is None or step in steps, (act, who, k, step)
            assert health.hurt(ctx, who) <= sum(len(s) for s in KINDS.values())


roster_pair = st.tuples(person, person).filter(lambda p: p[0] != p[1])


@SETTINGS
@given(pairs=st.lists(roster_pair, min_size=1, max_size=8),
       mission=st.sampled_from(["keep_the_light", "escort"]),
       weddings=st.lists(roster_pair, max_size=3),
       falls=st.lists(st.tuples(person, st.sampled_from(["disgraced", "exiled"])), max_size=3))
def test_the_desk_is_a_function_of_roster_mission_and_state(
        world: World, pairs: list, mission: str, weddings: list, falls: list) -> None:
    from bonds.content.schema.systems import RosterPairModel

    roster = [RosterPairModel(members=list(p)) for p in pairs]
    local = dataclasses.replace(world, data={**world.data, "roster": roster})
    ctx = ctx_at(local, values={"_": 0})
    for a, b in weddings:
        try:
            standing.marry(ctx, a, b)
        except Impossible as refusal:
            assert str(refusal)
    for who, state in falls:
        standing.set_standing(ctx, who, state)
    state, _ = start(local, 1)
    state = dataclasses.replace(state, values=dict(ctx.values))
    first = missions.desk(local, state, mission)
    assert first == missions.desk(local, state, mission)
    assert len(first) == len(pairs)
    missions.consult_desk(ctx, mission)
    told = [e.data for e in ctx.events if e.kind == "desk_verdict"]
    assert [(t["who"], t["partner"], t["eligible"], tuple(t["reasons"])) for t in told] == [
        (v.a, v.b, v.eligible, v.reasons) for v in first]
    for verdict in first:
        assert verdict.eligible == (not verdict.reasons)
        assert len(verdict.reasons) == len(verdict.failed)
        assert missions.eligible(ctx, mission, verdict.a, verdict.b) == verdict.eligible
        if not verdict.eligible:
            with pytest.raises(Impossible) as err:
                missions.accept_mission(ctx, mission, verdict.a, verdict.b)
            assert str(err.value) == " ".join(verdict.reasons)


def test_the_rules_pack_exists() -> None:
    assert Path(make_rules_pack.__code__.co_filename).is_file()
