"""Wards that ping, chakra traps that spring on intruders, and trapped seals."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import ContentError, Impossible, World
from bonds.rules import wards

from .rules_pack import WORLD, ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_a_ward_pings_for_everyone_and_opens_to_keyed_chakra(world: World) -> None:
    ctx = ctx_at(world)
    wards.set_ward(ctx, "tower", "ada")
    wards.set_ward(ctx, "tower", "bo")
    assert wards.warded(ctx, "tower") and wards.keyed(ctx, "tower", "bo")
    wards.enter(ctx, "bo", "tower")
    wards.enter(ctx, "cy", "tower", "hatch")
    assert [e.to_json() for e in ctx.events if e.kind == "ward_pinged"] == [
        {"kind": "ward_pinged", "place": "tower", "who": "bo", "keyed": True},
        {"kind": "ward_pinged", "place": "tower", "who": "cy", "keyed": False}]
    wards.lift_ward(ctx, "tower")
    wards.enter(ctx, "cy", "tower")
    assert kinds(ctx)[-2:] == ["ward_lifted", "entered"]


def test_a_trap_springs_on_an_intruder_once(world: World) -> None:
    ctx = ctx_at(world)
    wards.set_trap(ctx, "tower", "door", "ada")
    wards.enter(ctx, "ada", "tower", "door")
    assert wards.trapped(ctx, "tower", "door")
    wards.enter(ctx, "cy", "tower", "door")
    assert not wards.trapped(ctx, "tower", "door")
    assert ctx.values["frozen.cy"] is True and ctx.values["injury.cy.cut"] == "shallow"
    assert kinds(ctx) == ["trap_set", "ward_keyed", "entered", "entered", "trap_sprung",
                          "frozen", "injured"]
    wards.enter(ctx, "bo", "tower", "door")
    assert "injury.bo.cut" not in ctx.values


def test_a_trap_only_on_a_declared_spot(world: World) -> None:
    with pytest.raises(Impossible, match="^the lighthouse has no chimney to trap$"):
        wards.set_trap(ctx_at(world), "tower", "chimney")


def test_a_trapped_seal_opens_to_its_owner_and_burns_anyone_else(world: World) -> None:
    ctx = ctx_at(world)
    wards.seal_away(ctx, "ada", "logbook")
    with pytest.raises(Impossible, match="^the logbook is sealed already$"):
        wards.seal_away(ctx, "bo", "logbook")
    wards.open_seal(ctx, "bo", "logbook")
    assert wards.sealed(ctx, "logbook") and ctx.values["injury.bo.burn"] == "red"
    wards.open_seal(ctx, "ada", "logbook")
    assert not wards.sealed(ctx, "logbook")
    assert kinds(ctx) == ["sealed", "seal_backlash", "injured", "seal_opened"]
    with pytest.raises(Impossible, match="^nothing called logbook is sealed$"):
        wards.open_seal(ctx, "ada", "logbook")


def test_wards_in_the_pack_start_up(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path / "pack", {"world.yaml": WORLD.replace(
        "    spots: [door, hatch]\n", "    spots: [door, hatch]\n    ward: {keyed_to: [bo]}\n")})
    world = load_pack(root)
    assert world.initial_values["ward.tower"] is True
    assert world.initial_values["ward.tower.bo"] is True


def test_a_ward_keyed_to_no_one_or_a_stranger_is_a_load_error(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path / "pack", {"world.yaml": WORLD.replace(
        "    spots: [door, hatch]\n", "    spots: [door, hatch]\n    ward: {keyed_to: []}\n"
    ).replace("{id: cellar, name: the cellar, region: coast}",
              "{id: cellar, name: the cellar, region: coast, ward: {keyed_to: [zed]}}")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "world.yaml:10:22: expected the ward on 'tower' to be keyed to someone, found no one",
        "world.yaml:14:69: expected a character id, found 'zed'"]


def test_a_trap_on_an_undeclared_spot_in_a_scene_is_a_load_error(tmp_path: Path) -> None:
    storm = (make_rules_pack(tmp_path / "a") / "scenes" / "storm.yaml").read_text()
    root = make_rules_pack(tmp_path / "pack", {"scenes/storm.yaml": storm.replace(
        "\"set_ward('tower', 'ada')\"", "\"set_trap('tower', 'chimney')\"")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "scenes/storm.yaml:52:12: expected a spot of tower (door, hatch), found 'chimney'"]
