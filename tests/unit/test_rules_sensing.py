"""Sensing pulses, chances shown with their parts, mood, killing intent and silent signals."""

from __future__ import annotations

import pytest

from bonds.content import load_pack
from bonds.engine import Chance, Impossible, World
from bonds.rules import sensing

from .rules_pack import ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_a_pulse_reveals_what_is_hidden_here_and_now(world: World) -> None:
    ctx = ctx_at(world, "tower.lamp", {"trap.tower.hatch": True})
    sensing.sense(ctx, "ada")
    assert ctx.values["chakra.ada"] == 50 and sensing.sensed(ctx, "tower")
    assert [e.to_json() for e in ctx.events[2:]] == [
        {"kind": "presence_sensed", "who": "ada", "place": "tower", "presence": "gull"},
        {"kind": "trap_sensed", "who": "ada", "place": "tower", "spot": "hatch"},
        {"kind": "pulse_made", "who": "ada", "place": "tower", "found": ["gull", "trap.hatch"],
         "technique": "lamp_sense"}]


def test_a_presence_with_a_condition_is_there_only_while_it_holds(world: World) -> None:
    ctx = ctx_at(world, "tower.lamp", {"oil": 5})
    sensing.sense(ctx, "ada")
    assert ctx.events[-1].data["found"] == ["gull", "rat"]


def test_no_sensing_technique_no_pulse(world: World) -> None:
    with pytest.raises(Impossible, match="^Bo knows no sensing technique$"):
        sensing.sense(ctx_at(world), "bo")


def test_the_sense_chance_shows_its_parts(world: World) -> None:
    ctx = ctx_at(world)
    assert sensing.sense_chance(ctx, "ada") == Chance(
        75, (("base", 30), ("rank", 20), ("a sensing technique", 25)))
    ctx.values.update({"chakra.bo": 5, "injury.bo.bruise": "yellow"})
    assert sensing.sense_chance(ctx, "bo") == Chance(
        10, (("base", 30), ("rank", 10), ("exhausted", -20), ("wounds", -10)))


def test_killing_intent_is_resisted_by_rank_and_nerve(world: World) -> None:
    ctx = ctx_at(world, forced=False)
    assert sensing.resist_chance(ctx, "bo", "cy") == Chance(
        10, (("base", 50), ("rank", -20), ("nerve", -20)))
    assert sensing.resist_chance(ctx, "cy", "dee") == Chance(
        105, (("base", 50), ("rank", 30), ("nerve", 25)))
    sensing.intimidate(ctx, "cy", "bo")
    assert ctx.values["frozen.bo"] is True
    assert ctx.events[0].data["chance"] == 10
    assert kinds(ctx) == ["roll", "intimidated", "frozen"]
    held = ctx_at(world, forced=True)
    sensing.intimidate(held, "dee", "cy")
    assert "frozen.cy" not in held.values
    assert held.events[0].data["chance"] == 95  # clamped: nothing is certain


def test_mood_reads_fear_tension_weariness_and_warmth(world: World) -> None:
    ctx = ctx_at(world)
    assert sensing.mood(ctx, "ada", "bo") == "warm"  # ease 70 towards Bo
    assert sensing.mood(ctx, "bo", "ada") == "calm"
    ctx.values["bond.ada.bo.tension"] = 35
    assert (sensing.mood(ctx, "ada", "bo"), sensing.mood(ctx, "bo", "ada")) == ("uneasy",
                                                                                "uneasy")
    ctx.values["bond.ada.bo.tension"] = 60
    assert sensing.mood(ctx, "bo", "ada") == "angry"
    ctx.values["frozen.bo"] = True
    assert sensing.mood(ctx, "bo", "ada") == "afraid"
    ctx.values.update({"bond.ada.bo.tension": 0, "chakra.cy": 10})
    assert sensing.mood(ctx, "cy", "ada") == "weary"
    sensing.read_mood(ctx, "ada", "bo")
    assert ctx.events[-1].to_json() == {"kind": "mood_read", "who": "ada", "target": "bo",
                                        "mood": "afraid"}
    with pytest.raises(Impossible, match="^Dee cannot read anyone that way$"):
        sensing.read_mood(ctx, "dee", "bo")


def test_signs_are_read_only_by_a_partner_in_step(world: World) -> None:
    ctx = ctx_at(world)
    sensing.signal(ctx, "ada", "bo", "the hatch")
    assert not sensing.agreed(ctx, "ada", "bo", "the hatch")
    assert ctx.events[-1].to_json() == {"kind": "signal_misread", "who": "ada", "to": "bo",
                                        "plan": "the hatch", "coordination": 25, "needed": 30}
    ctx.values["bond.bo.ada.coordination"] = 30
    sensing.signal(ctx, "ada", "bo", "the hatch")
    assert sensing.agreed(ctx, "bo", "ada", "the hatch")
    assert kinds(ctx)[-2:] == ["technique_used", "signal_passed"]


def test_signs_need_a_free_hand_and_a_shared_code(world: World) -> None:
    ctx = ctx_at(world, values={"injury.ada.cut": "deep"})
    with pytest.raises(Impossible, match="^Ada cannot free a hand with a deep cut$"):
        sensing.signal(ctx, "ada", "bo", "now")
    with pytest.raises(Impossible, match="^Cy knows no hand-sign code$"):
        sensing.signal(ctx, "cy", "bo", "now")
    with pytest.raises(Impossible, match="^Cy cannot read Finger Talk$"):
        sensing.signal(ctx, "bo", "cy", "now")
