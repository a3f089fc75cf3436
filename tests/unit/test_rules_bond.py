"""The bond rules: measures, reasons, pacing, stages and the partner effects, with exact values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Ctx, Impossible, World
from bonds.rules import bond as b

from ._duel import DUEL, all_at, ctx_of, duel_copy, load_errors


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(DUEL)


def kinds(ctx: Ctx) -> list[str]:
    return [e.kind for e in ctx.events]


def test_seeds_set_every_measure_and_the_shared_tension(world: World) -> None:
    values = world.initial_values
    assert [values[f"bond.ash.fen.{m}"] for m in b.MEASURES] == [30, 30, 30, 30]
    assert values["bond.ash.fen.tension"] == 0
    assert "bond.fen.ash.tension" not in values


def test_an_unseeded_pair_starts_at_twenty_and_no_tension(world: World) -> None:
    ctx = ctx_of(world)
    assert (b.trust(ctx, "ash", "marro"), b.ease(ctx, "marro", "ash")) == (20, 20)
    assert b.tension(ctx, "marro", "ash") == 0


def test_a_change_is_an_event_with_its_reason(world: World) -> None:
    ctx = ctx_of(world)
    assert b.bond(ctx, "ash", "fen", "trust", 5, "shared a meal") == 5
    assert ctx.values["bond.ash.fen.trust"] == 35
    assert ctx.values["bond.fen.ash.trust"] == 30
    event = ctx.events[0]
    assert event.kind == "bond_changed"
    assert event.data == {"from": "ash", "to": "fen", "measure": "trust",
                          "key": "bond.ash.fen.trust", "old": 30, "new": 35, "delta": 5,
                          "reason": "shared a meal", "watershed": False}


def test_ordinary_gains_are_capped_per_scene_visit(world: World) -> None:
    ctx = ctx_of(world)
    assert b.bond(ctx, "ash", "fen", "ease", 5, "a first warm word") == 5
    assert b.bond(ctx, "ash", "fen", "ease", 5, "another warm word") == 3
    capped = [e for e in ctx.events if e.kind == "bond_capped"]
    assert capped[0].data["requested"] == 5 and capped[0].data["allowed"] == 3
    assert b.bond(ctx, "ash", "fen", "ease", 2, "and another") == 0
    assert ctx.values["bond.ash.fen.ease"] == 38
    # The other direction and other measures have caps of their own.
    assert b.bond(ctx, "fen", "ash", "ease", 6, "his side of it") == 6
    assert b.bond(ctx, "ash", "fen", "trust", 6, "trust is its own") == 6


def test_a_watershed_is_never_capped_and_fills_the_cap(world: World) -> None:
    ctx = ctx_of(world)
    b.bond(ctx, "ash", "fen", "trust", 8, "small kindnesses")
    assert b.bond(ctx, "ash", "fen", "trust", 15, "a life saved") == 15
    assert ctx.events[-1].data["watershed"] is True
    assert b.bond(ctx, "ash", "fen", "trust", 3, "one more") == 0
    assert ctx.values["bond.ash.fen.trust"] == 53


def test_a_new_scene_visit_opens_a_new_cap(world: World) -> None:
    ctx = ctx_of(world)
    b.bond(ctx, "ash", "fen", "openness", 8, "talking late")
    ctx.values["seen.road.gate"] = 2
    assert b.bond(ctx, "ash", "fen", "openness", 8, "talking later") == 8
    ctx.scene = "road.yard"
    assert b.bond(ctx, "ash", "fen", "openness", 4, "elsewhere") == 4


def test_losses_and_tension_are_not_capped(world: World) -> None:
    ctx = ctx_of(world)
    assert b.bond(ctx, "ash", "fen", "trust", -9, "a sharp word") == -9
    assert b.bond(ctx, "ash", "fen", "trust", -9, "another") == -9
    assert b.bond(ctx, "ash", "fen", "tension", 9, "a quarrel") == 9
    assert b.bond(ctx, "fen", "ash", "tension", 9, "it goes on") == 9
    assert ctx.values["bond.ash.fen.tension"] == 18


def test_measures_are_clamped_and_a_clamped_nothing_is_no_event(world: World) -> None:
    ctx = ctx_of(world, {"bond.ash.fen.trust": 97})
    assert b.bond(ctx, "ash", "fen", "trust", 25, "the truth told") == 3
    assert b.bond(ctx, "ash", "fen", "trust", 25, "and again") == 0
    assert kinds(ctx).count("bond_changed") == 1
    ctx = ctx_of(world, {"bond.ash.fen.ease": 4})
    assert b.bond(ctx, "ash", "fen", "ease", -30, "an abandonment") == -4


def test_tension_is_one_value_for_the_pair(world: World) -> None:
    ctx = ctx_of(world)
    b.bond(ctx, "fen", "ash", "tension", 7, "a door slammed")
    assert b.bond_key("fen", "ash", "tension") == "bond.ash.fen.tension"
    assert b.tension(ctx, "ash", "fen") == b.tension(ctx, "fen", "ash") == 7
    b.bond_both(ctx, "ash", "fen", "tension", 4, "both of them sulking")
    assert b.tension(ctx, "ash", "fen") == 11


def test_openness_gained_talks_tension_down(world: World) -> None:
    ctx = ctx_of(world, {"bond.ash.fen.tension": 20})
    b.bond_both(ctx, "ash", "fen", "openness", 5, "an honest talk")
    assert b.tension(ctx, "ash", "fen") == 10
    tension_events = [e.data for e in ctx.events
                      if e.kind == "bond_changed" and e.data["measure"] == "tension"]
    assert [(e["delta"], e["reason"]) for e in tension_events] == [(-5, "an honest talk")] * 2


@pytest.mark.parametrize(("level", "tension", "stage"), [
    (10, 0, "pretence"), (29, 0, "pretence"), (30, 0, "thaw"), (49, 0, "thaw"),
    (50, 0, "trust"), (55, 40, "friction"), (30, 39, "thaw"), (70, 0, "real"),
    (75, 60, "real"), (69, 0, "trust")])
def test_stages(world: World, level: int, tension: int, stage: str) -> None:
    ctx = ctx_of(world, all_at(level, tension))
    assert b.stage(ctx, "ash", "fen") == b.stage(ctx, "fen", "ash") == stage


def test_real_needs_trust_both_ways(world: World) -> None:
    values = all_at(90)
    values["bond.fen.ash.trust"] = 59
    assert b.stage(ctx_of(world, values), "ash", "fen") == "trust"


def test_a_change_of_stage_is_an_event(world: World) -> None:
    ctx = ctx_of(world, all_at(28))
    b.bond(ctx, "ash", "fen", "ease", 8, "a laugh at the same joke")
    assert kinds(ctx) == ["bond_changed"]
    b.bond(ctx, "fen", "ash", "ease", 8, "laughing back")
    assert kinds(ctx)[-1] == "bond_stage_changed"
    assert ctx.events[-1].data["old"] == "pretence" and ctx.events[-1].data["new"] == "thaw"


def test_partner_effects(world: World) -> None:
    ctx = ctx_of(world)
    reflex = b.reflex_chance(ctx, "fen", "ash")
    assert reflex.percent == 31
    assert reflex.parts == (("quick hands", 10), ("coordination", 15), ("trust", 6))
    assert b.creed(ctx, "fen", "ash") == 3
    flinch = b.flinch_chance(ctx, "ash", "fen")
    assert flinch.percent == 30 and flinch.parts == (("unease with closeness", 30),)
    easy = ctx_of(world, {"bond.ash.fen.ease": 75, "bond.ash.fen.tension": 12})
    assert b.flinch_chance(easy, "ash", "fen").percent == 2
    assert not b.strained(ctx, "ash", "fen")
    assert b.strained(ctx_of(world, {"bond.ash.fen.tension": 40}), "fen", "ash")


@pytest.mark.parametrize(("args", "why"), [
    (("ash", "ash", "trust", 3, "x"), "two different people"),
    (("ash", "fen", "warmth", 3, "x"), "not a measure"),
    (("ash", "fen", "trust", 3, " "), "needs a reason"),
    (("ash", "fen", "trust", True, "x"), "whole numbers")])
def test_refusals(world: World, args: tuple, why: str) -> None:
    with pytest.raises(Impossible, match=why):
        b.bond(ctx_of(world), *args)


def test_bad_bond_calls_and_seeds_are_load_errors(tmp_path: Path) -> None:
    root = duel_copy(tmp_path, {
        "characters.yaml": (
            "characters:\n"
            "  - {id: ash, name: Ash, rank: chuunin}\n"
            "  - {id: fen, name: Fen, rank: chuunin}\n"
            "  - {id: marro, name: Marro}\n"
            "bonds:\n"
            "  - {from: ash, to: cy}\n"
            "  - {from: fen, to: fen}\n"),
        "scenes/extra.yaml": (
            "- id: extra\n"
            "  choices:\n"
            "    - id: a\n"
            "      label: A\n"
            "      effects: [\"bond('ash', 'ash', 'trust', 2, 'x')\"]\n"
            "      goto: extra\n"
            "    - id: b\n"
            "      label: B\n"
            "      effects: [\"bond_both('ash', 'fen', 'ease', 2, '')\"]\n"
            "      goto: extra\n")})
    text = load_errors(root)
    assert "characters.yaml:6:" in text and "found 'cy'" in text
    assert "characters.yaml:7:" in text and "found 'fen' twice" in text
    assert "scenes/extra.yaml:5:" in text and "found 'ash' twice" in text
    assert "scenes/extra.yaml:9:" in text and "expected a reason" in text
