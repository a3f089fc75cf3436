"""Recruitment tests: the ambush, the loyalty question and the verdict, with exact values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, World
from bonds.rules import recruitment as r

from ._duel import DUEL, all_at, ctx_of, duel_copy, load_errors


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(DUEL)


def test_ambush_chance(world: World) -> None:
    chance = r.ambush_chance(ctx_of(world), "ash", "marro")
    assert chance.percent == 20 + 30 + 10 - 15
    assert chance.parts == (("instincts", 20), ("nerve", 30), ("training", 10),
                            ("Marro's menace", -15))
    assert r.ambush_chance(ctx_of(world), "fen", "guild").percent == 20 + 25 + 10


def test_loyalty_chance_follows_the_bond_and_the_cover(world: World) -> None:
    seeded = r.loyalty_chance(ctx_of(world), "guild", "ash", "fen")
    assert seeded.percent == 25 + 10 + 6 + 15
    assert seeded.parts[-1] == ("the Couriers' Guild is inclined to believe", 15)
    real = r.loyalty_chance(ctx_of(world, all_at(90)), "guild", "ash", "fen")
    assert real.percent == 25 + 30 + 18 + 10 + 15
    doubted = r.loyalty_chance(ctx_of(world, {"suspicion.guild": 70}), "guild", "ash", "fen")
    assert doubted.percent == 25 + 10 + 6 - 20
    assert doubted.parts[-1] == ("the doubts of the Couriers' Guild", -20)


def test_a_verdict_is_recorded_and_moves_suspicion(world: World) -> None:
    ctx = ctx_of(world, {"suspicion.guild": 20})
    assert r.verdict(ctx, "guild", "ash") == "untested"
    r.judge(ctx, "guild", "ash", "passed", "she chose him over the road")
    assert r.verdict(ctx, "guild", "ash") == "passed"
    assert ctx.values["suspicion.guild"] == 10
    assert ctx.events[0].data == {"tester": "guild", "candidate": "ash",
                                  "key": "recruit.guild.ash", "old": "untested",
                                  "verdict": "passed", "reason": "she chose him over the road"}
    r.judge(ctx, "guild", "fen", "failed", "he hesitated")
    assert ctx.values["suspicion.guild"] == 25
    with pytest.raises(Impossible, match="'passed' or 'failed'"):
        r.judge(ctx, "guild", "fen", "maybe", "unsure")


def test_a_bad_verdict_is_a_load_error(tmp_path: Path) -> None:
    scene = ("- id: extra\n  choices:\n    - id: a\n      label: A\n"
             "      effects: [\"judge('guild', 'ash', 'perhaps', 'x')\"]\n      goto: extra\n")
    text = load_errors(duel_copy(tmp_path, {"scenes/extra.yaml": scene}))
    assert "scenes/extra.yaml:5:" in text and "found 'perhaps'" in text
