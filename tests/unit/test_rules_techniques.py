"""Techniques: knowing one, its needs and cost, held water, and combined techniques."""

from __future__ import annotations

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, World
from bonds.rules import techniques, travel

from .rules_pack import ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_using_a_technique_spends_its_cost_and_records_its_effect(world: World) -> None:
    ctx = ctx_at(world, "shore.arrive", {"travel.at": "market"})
    techniques.use_technique(ctx, "ada", "hound")
    assert ctx.values["chakra.ada"] == 48
    assert techniques.used(ctx, "ada", "hound") == 1
    assert ctx.events[-1].to_json() == {
        "kind": "technique_used", "who": "ada", "technique": "hound", "effect": "summon",
        "power": 0, "range": 0, "cost": 12, "place": "market"}


@pytest.mark.parametrize("user,technique,values,reason", [
    ("bo", "lamp_sense", {}, "Bo does not know Listening Light"),
    ("ada", "twin_beam", {}, "Twin Beam takes two; it is used with a partner"),
    ("ada", "lamp_sense", {"injury.ada.burn": "blistered"},
     "Ada cannot form hand signs with a blistered burn"),
    ("ada", "lamp_sense", {"frozen.ada": True}, "Ada is frozen and cannot move"),
    ("ada", "tide_lift", {}, "Tide Lift needs water, and there is none at hand"),
    ("ada", "lamp_sense", {"chakra.ada": 9},
     "Ada has 9 chakra left and Listening Light needs 10"),
])
def test_a_technique_is_refused_with_the_reason(world: World, user: str, technique: str,
                                                values: dict, reason: str) -> None:
    ctx = ctx_at(world, values=values)
    assert not techniques.can_use(ctx, user, technique)
    with pytest.raises(Impossible) as err:
        techniques.use_technique(ctx, user, technique)
    assert str(err.value) == reason
    assert ctx.events == []


def test_shaping_water_leaves_it_held_until_time_passes(world: World) -> None:
    ctx = ctx_at(world, "shore.arrive", {"travel.at": "shore"})
    techniques.use_technique(ctx, "ada", "tide_lift")
    assert ctx.values["water.held.ada"] is True
    assert kinds(ctx) == ["resource_changed", "technique_used", "water_held"]
    travel.pass_hours(ctx, 1)
    assert ctx.values["water.held.ada"] is False


def test_a_combined_technique_is_gated_by_each_partners_coordination(world: World) -> None:
    ctx = ctx_at(world, "shore.arrive", {"travel.at": "shore"})
    with pytest.raises(Impossible, match=r"^Bo is not yet in step with Ada \(coordination 25, "
                                         r"Twin Beam needs 30\)$"):
        techniques.combine(ctx, "ada", "bo", "twin_beam")
    ctx.values["bond.bo.ada.coordination"] = 30
    assert techniques.can_combine(ctx, "ada", "bo", "twin_beam")
    techniques.combine(ctx, "ada", "bo", "twin_beam")
    assert (ctx.values["chakra.ada"], ctx.values["chakra.bo"]) == (49, 30)  # 21: 11 and 10
    assert ctx.events[-1].to_json() == {
        "kind": "technique_combined", "who": "ada", "partner": "bo", "technique": "twin_beam",
        "effect": "guard", "power": 0, "range": 0, "cost": 21, "place": "shore"}


def test_water_held_by_one_partner_lets_the_pair_combine_away_from_water(world: World
                                                                        ) -> None:
    ctx = ctx_at(world, "tower.lamp", {"bond.bo.ada.coordination": 30})
    assert techniques.combine_problem(ctx, "ada", "bo", "twin_beam") == (
        "Twin Beam needs water, and there is none at hand")
    ctx.values["water.held.bo"] = True
    techniques.combine(ctx, "ada", "bo", "twin_beam")
    assert ctx.values["water.held.bo"] is False
    assert kinds(ctx)[-1] == "water_spent"


def test_released_water_counts_as_a_source_at_that_place(world: World) -> None:
    ctx = ctx_at(world, "tower.lamp")
    techniques.release_water(ctx, "tower")
    assert techniques.can_use(ctx, "ada", "tide_lift")


def test_combining_refuses_a_solo_technique_the_same_person_or_a_short_share(world: World
                                                                           ) -> None:
    ctx = ctx_at(world, "shore.arrive", {"travel.at": "shore", "bond.bo.ada.coordination": 90,
                                         "chakra.bo": 9})
    assert techniques.combine_problem(ctx, "ada", "bo", "mend") == (
        "Mending Touch is not a combined technique")
    assert techniques.combine_problem(ctx, "ada", "ada", "twin_beam") == (
        "Twin Beam takes two different people")
    assert techniques.combine_problem(ctx, "ada", "bo", "twin_beam") == (
        "Bo has 9 chakra left and needs 10 for Twin Beam")
