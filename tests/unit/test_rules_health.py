"""Chakra and health: pools, exhaustion, injuries and their scale, healing, poison, pills."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, World
from bonds.rules import health, travel

from .rules_pack import ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_a_pool_starts_full_and_spending_is_an_event(world: World) -> None:
    ctx = ctx_at(world)
    assert health.resource(ctx, "ada", "chakra") == 60
    assert health.resource_pct(ctx, "ada", "chakra") == 100
    health.spend(ctx, "ada", "chakra", 15, "a long climb")
    assert ctx.values["chakra.ada"] == 45
    assert health.resource_pct(ctx, "ada", "chakra") == 75
    assert ctx.values["_spent"] == 15
    assert [e.to_json() for e in ctx.events] == [
        {"kind": "resource_changed", "who": "ada", "resource": "chakra", "old": 60, "new": 45,
         "delta": -15, "reason": "a long climb"}]


def test_spending_more_than_there_is_is_refused_and_changes_nothing(world: World) -> None:
    ctx = ctx_at(world, values={"chakra.ada": 45})
    with pytest.raises(Impossible, match="^Ada has 45 chakra left and needs 50 for a ward$"):
        health.spend(ctx, "ada", "chakra", 50, "a ward")
    with pytest.raises(Impossible, match="whole number from 0 up"):
        health.spend(ctx, "ada", "chakra", -3, "nothing")
    assert ctx.values["chakra.ada"] == 45 and ctx.events == []


def test_exhaustion_begins_under_a_fifth_and_passes_on_restoring(world: World) -> None:
    ctx = ctx_at(world)
    health.spend(ctx, "ada", "chakra", 48, "x")  # 12 of 60 is exactly 20%: not yet exhausted
    assert not health.exhausted(ctx, "ada") and kinds(ctx) == ["resource_changed"]
    health.spend(ctx, "ada", "chakra", 1, "x")
    assert health.exhausted(ctx, "ada") and kinds(ctx)[-1] == "exhausted"
    health.restore(ctx, "ada", "chakra", 1, "a breath")
    assert not health.exhausted(ctx, "ada") and kinds(ctx)[-1] == "exhaustion_passed"
    assert not health.exhausted(ctx, "dee")  # no pool, never exhausted


def test_restoring_stops_at_the_maximum(world: World) -> None:
    ctx = ctx_at(world, values={"chakra.bo": 35})
    health.restore(ctx, "bo", "chakra", 30, "sleep")
    assert ctx.values["chakra.bo"] == 40
    assert ctx.events[0].data["delta"] == 5
    health.restore(ctx, "bo", "chakra", 30, "more sleep")
    assert len(ctx.events) == 1  # nothing changed, nothing told


def test_injuries_keep_the_worse_step_and_hurt_sums_severities(world: World) -> None:
    ctx = ctx_at(world)
    health.injure(ctx, "bo", "bruise", "yellow", "a fall")
    assert (health.injury_step(ctx, "bo", "bruise"), health.hurt(ctx, "bo")) == ("yellow", 2)
    health.injure(ctx, "bo", "bruise", "faint", "a knock")  # milder: no change
    assert health.hurt(ctx, "bo") == 2 and len(ctx.events) == 1
    health.injure(ctx, "bo", "bruise", "black", "a beam")
    health.injure(ctx, "bo", "cut", "deep", "glass")
    assert health.hurt(ctx, "bo") == 5
    assert health.has_injury(ctx, "bo", "cut") and not health.has_injury(ctx, "bo", "burn")
    assert ctx.values["_wounds"] == 3
    assert ctx.events[-1].to_json() == {"kind": "injured", "who": "bo", "injury": "cut",
                                        "step": "deep", "old": "", "reason": "glass"}


def test_healing_moves_one_step_down_at_the_kinds_cost(world: World) -> None:
    ctx = ctx_at(world, values={"injury.bo.cut": "deep"})
    health.heal(ctx, "ada", "bo", "cut")
    assert ctx.values["injury.bo.cut"] == "shallow" and ctx.values["chakra.ada"] == 52
    health.heal(ctx, "ada", "bo", "cut")
    assert "injury.bo.cut" not in ctx.values and ctx.values["chakra.ada"] == 44
    assert ctx.events[-1].to_json() == {
        "kind": "injury_healed", "who": "bo", "healer": "ada", "injury": "cut",
        "old": "shallow", "step": "", "cost": 8, "technique": "mend"}
    with pytest.raises(Impossible, match="^Bo has no cut to heal$"):
        health.heal(ctx, "ada", "bo", "cut")


def test_healing_needs_a_healing_technique_and_the_chakra(world: World) -> None:
    ctx = ctx_at(world, values={"injury.ada.fever": "raging", "chakra.bo": 9})
    with pytest.raises(Impossible, match="^Cy knows no healing technique$"):
        health.heal(ctx, "cy", "ada", "fever")
    with pytest.raises(Impossible, match="^Bo has 9 chakra left and needs 10"):
        health.heal(ctx, "bo", "ada", "fever")
    assert ctx.values["injury.ada.fever"] == "raging"


def test_immunity_shrugs_off_a_poison(world: World) -> None:
    ctx = ctx_at(world)
    health.injure(ctx, "cy", "fever", "raging", "a bad oyster")
    assert not health.has_injury(ctx, "cy", "fever")
    assert kinds(ctx) == ["injury_resisted"]


def test_a_spreading_poison_drains_each_hour_and_halves_rest(world: World) -> None:
    ctx = ctx_at(world, values={"injury.bo.fever": "raging"})
    travel.pass_hours(ctx, 3)
    assert ctx.values["chakra.bo"] == 34  # 2 an hour
    travel.rest(ctx, "bo", 5)  # 10% of 40 is 4 an hour: 20, halved to 10
    assert ctx.values["chakra.bo"] == 40
    ctx.values["injury.bo.fever"] = "mild"
    ctx.values["chakra.bo"] = 10
    travel.pass_hours(ctx, 3)
    assert ctx.values["chakra.bo"] == 10


def test_an_injury_at_its_worst_step_impairs_what_it_names(world: World) -> None:
    ctx = ctx_at(world, values={"injury.ada.burn": "blistered"})
    assert health.body_problem(ctx, "ada", "hand_signs") == (
        "Ada cannot form hand signs with a blistered burn")
    assert health.body_problem(ctx, "ada", "free_hand") is None
    ctx.values["injury.ada.burn"] = "red"
    assert health.body_problem(ctx, "ada", "hand_signs") is None


def test_soldier_pills_restore_half_the_pool(world: World) -> None:
    ctx = ctx_at(world, values={"chakra.cy": 20})
    health.use_item(ctx, "cy", "soldier_pill")
    assert (ctx.values["chakra.cy"], health.items(ctx, "cy", "soldier_pill")) == (70, 1)
    health.use_item(ctx, "cy", "soldier_pill")
    assert (ctx.values["chakra.cy"], health.items(ctx, "cy", "soldier_pill")) == (100, 0)
    with pytest.raises(Impossible, match="^Cy has no soldier pills$"):
        health.use_item(ctx, "cy", "soldier_pill")
    health.give_items(ctx, "ada", "soldier_pill", 3)
    assert health.items(ctx, "ada", "soldier_pill") == 3


def test_a_freeze_lasts_until_time_passes(world: World) -> None:
    ctx = ctx_at(world)
    health.freeze(ctx, "bo", "a shadow")
    assert health.frozen(ctx, "bo")
    assert health.body_problem(ctx, "bo", "act") == "Bo is frozen and cannot move"
    travel.pass_hours(ctx, 1)
    assert not health.frozen(ctx, "bo")
    assert kinds(ctx) == ["frozen", "time_passed", "unfrozen"]


def test_a_misspelt_step_in_a_scene_is_a_load_error(tmp_path: Path) -> None:
    from bonds.engine import ContentError

    storm = (make_rules_pack(tmp_path / "a") / "scenes" / "storm.yaml").read_text()
    root = make_rules_pack(tmp_path / "pack", {"scenes/storm.yaml": storm.replace(
        "injure('bo', 'cut', 'deep'", "injure('bo', 'cut', 'black'")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "scenes/storm.yaml:54:12: 'injure' expected a step of cut (deep, shallow), "
        "found 'black'"]
