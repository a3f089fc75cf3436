"""Travel and time: the clock, routes and their hours, rest, and camp choices."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Chance, ContentError, Impossible, World
from bonds.rules import travel

from .rules_pack import WORLD, ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_hours_roll_over_into_days(world: World) -> None:
    ctx = ctx_at(world)
    assert travel.part_of_day(ctx) == "morning"
    travel.pass_hours(ctx, 20)
    assert (ctx.values["day"], ctx.values["hour"]) == (2, 4)
    assert travel.part_of_day(ctx) == "night"
    assert ctx.events[0].to_json() == {"kind": "time_passed", "hours": 20, "old_day": 1,
                                       "day": 2, "old_hour": 8, "hour": 4}
    travel.pass_until(ctx, 18)
    assert (ctx.values["day"], ctx.values["hour"]) == (2, 18)
    assert travel.part_of_day(ctx) == "evening"
    travel.pass_hours(ctx, 0)
    assert len(ctx.events) == 2


@pytest.mark.parametrize("hour,part", [(0, "night"), (4, "night"), (5, "dawn"), (7, "morning"),
                                       (12, "afternoon"), (17, "evening"), (21, "night")])
def test_parts_of_the_day(world: World, hour: int, part: str) -> None:
    assert travel.part_of_day(ctx_at(world, values={"hour": hour})) == part


def test_travel_takes_the_quickest_chain_of_routes(world: World) -> None:
    ctx = ctx_at(world, "shore.arrive")
    assert travel.travel_hours(ctx, "market", "cellar") == 8
    travel.travel(ctx, "market", "cellar")
    assert (ctx.values["hour"], travel.here(ctx)) == (16, "cellar")
    assert ctx.events[0].to_json() == {"kind": "travelled", "start": "market", "end": "cellar",
                                       "hours": 8}
    with pytest.raises(Impossible, match="^no road joins the cellar and the island$"):
        travel.travel(ctx, "cellar", "island")
    with pytest.raises(Impossible, match="^the party is already at the cellar$"):
        travel.travel(ctx, "cellar", "cellar")


def test_the_scenes_place_is_where_the_story_stands(world: World) -> None:
    assert travel.here(ctx_at(world, "tower.lamp", {"travel.at": "market"})) == "tower"
    assert travel.here(ctx_at(world, "shore.arrive")) == ""


def test_rest_restores_a_tenth_an_hour_and_more_by_a_fire(world: World) -> None:
    ctx = ctx_at(world, values={"chakra.ada": 10})
    travel.rest(ctx, "ada", 3)
    assert ctx.values["chakra.ada"] == 28
    travel.make_camp(ctx, "fire")
    travel.rest(ctx, "ada", 2)
    assert ctx.values["chakra.ada"] == 46
    assert kinds(ctx) == ["resource_changed", "exhaustion_passed", "rested", "camp_made",
                          "resource_changed", "rested"]


def test_camp_choices_make_up_the_chance_of_being_found(world: World) -> None:
    ctx = ctx_at(world)
    assert travel.exposure_chance(ctx) == Chance(15, (("base", 15),))
    for option in ("fire", "upwind", "by_water"):
        travel.make_camp(ctx, option)
    assert travel.exposure_chance(ctx) == Chance(25, (
        ("base", 15), ("a fire's glow and smoke", 25), ("smoke and scent carried away", -10),
        ("the water covers sound", -5)))
    travel.travel(ctx, "shore", "tower")
    assert travel.exposure_chance(ctx).percent == 15
    assert [e.to_json() for e in ctx.events if e.kind == "camp_broken"] == [
        {"kind": "camp_broken", "options": ["fire", "upwind", "by_water"]}]
    with pytest.raises(Impossible, match="not a way to camp"):
        travel.make_camp(ctx, "tent")


def test_a_route_to_nowhere_is_a_load_error(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path / "pack", {"world.yaml": WORLD.replace(
        "{from: tower, to: cellar, hours: 2}", "{from: tower, to: nowhere, hours: 2}").replace(
        "{from: shore, to: market, hours: 5}", "{from: shore, to: shore, hours: 5}")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "world.yaml:23:23: expected a route to lead to a known place (cellar, island, market, "
        "shore, tower), found 'nowhere'",
        "world.yaml:24:23: expected a route between two places, found 'shore' to itself"]


def test_travel_between_unjoined_places_in_a_scene_is_a_load_error(tmp_path: Path) -> None:
    storm = (make_rules_pack(tmp_path / "a") / "scenes" / "storm.yaml").read_text()
    root = make_rules_pack(tmp_path / "pack", {"scenes/storm.yaml": storm.replace(
        "\"pass_hours(1)\"", "\"travel('tower', 'island')\"")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "scenes/storm.yaml:56:12: expected places joined by routes in world.yaml, found none "
        "from 'tower' to 'island'"]
