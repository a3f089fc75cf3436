"""Cover and suspicion: suspicion per observer, who suspects, who knows, the act (exact values)."""

from __future__ import annotations

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, World, start
from bonds.rules import cover as c

from ._duel import DUEL, all_at, ctx_of


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(DUEL)


def test_suspicion_moves_with_a_reason_and_stays_in_range(world: World) -> None:
    ctx = ctx_of(world)
    assert c.suspect(ctx, "tollmen", 12, "a professional slip") == 12
    assert c.suspicion(ctx, "tollmen") == 12
    assert ctx.events[0].kind == "suspicion_changed"
    assert ctx.events[0].data == {"observer": "tollmen", "key": "suspicion.tollmen", "old": 0,
                                  "new": 12, "delta": 12, "reason": "a professional slip"}
    assert c.suspect(ctx, "tollmen", -30, "a public quarrel") == -12
    assert c.suspect(ctx, "tollmen", -3, "more of it") == 0
    assert c.suspect(ctx, "guild", 150, "everything at once") == 100


def test_who_suspects_is_half_the_threshold(world: World) -> None:
    ctx = ctx_of(world)
    c.suspect(ctx, "watchers", 17, "a cold moment")
    assert not c.suspects(ctx, "watchers")
    c.suspect(ctx, "watchers", 1, "a flinch")
    assert c.suspects(ctx, "watchers") and not c.exposed(ctx, "watchers")
    assert [e.kind for e in ctx.events][-1] == "cover_suspected"


def test_exposure_is_a_lasting_state_and_word_spreads(world: World) -> None:
    ctx = ctx_of(world)
    c.suspect(ctx, "watchers", 35, "a kiss like a handshake")
    assert c.exposed(ctx, "watchers")
    assert ctx.values["cover.watchers.knows"] is True
    assert [e.kind for e in ctx.events][:3] == ["suspicion_changed", "cover_suspected",
                                                "cover_exposed"]
    spread = "word from the market watchers that the story is false"
    assert (c.suspicion(ctx, "tollmen"), c.suspicion(ctx, "guild")) == (10, 10)
    assert ctx.events[-1].data["reason"] == spread
    c.suspect(ctx, "watchers", -35, "time passes")
    assert c.exposed(ctx, "watchers") and c.suspects(ctx, "watchers")
    assert c.suspicion(ctx, "watchers") == 0


def test_a_character_observer_has_the_person_threshold(world: World) -> None:
    ctx = ctx_of(world)
    assert c.threshold(ctx, "marro") == 80
    c.suspect(ctx, "marro", 79, "he has seen a lot")
    assert not c.exposed(ctx, "marro")
    c.suspect(ctx, "marro", 1, "one thing more")
    assert c.exposed(ctx, "marro")


def test_cover_chance_weighs_the_act_against_real_ease(world: World) -> None:
    seeded = c.cover_chance(ctx_of(world), "watchers", "ash", "fen")
    assert seeded.percent == 43
    assert seeded.parts == (("the story they tell", 50), ("the act outruns the real ease", -10),
                            ("moving as one", 3))
    close = c.cover_chance(ctx_of(world, all_at(90)), "watchers", "ash", "fen")
    assert close.percent == 79
    assert close.parts == (("the story they tell", 50), ("real ease shows", 20),
                           ("moving as one", 9))
    doubted = ctx_of(world, {"suspicion.watchers": 30, "cover.ash.fen.act": 80})
    chance = c.cover_chance(doubted, "watchers", "fen", "ash")
    assert chance.percent == 50 + 15 - 25 + 3 - 10
    assert chance.parts[-1] == ("the doubts of the market watchers", -10)


def test_rehearsal_moves_the_act_not_the_bond(world: World) -> None:
    ctx = ctx_of(world)
    assert c.performance(ctx, "ash", "fen") == 50
    assert c.rehearse(ctx, "fen", "ash", 20, "practising at camp") == 20
    assert c.performance(ctx, "ash", "fen") == 70
    assert ctx.values["bond.ash.fen.ease"] == 30
    assert ctx.events[0].data["key"] == "cover.ash.fen.act"
    with pytest.raises(Impossible, match="needs a reason"):
        c.rehearse(ctx, "fen", "ash", 2, "")


def test_a_touch_in_public_flinch_or_not(world: World) -> None:
    flinch = ctx_of(world, {"suspicion.watchers": 10})
    flinch.forced = True
    assert c.public_touch(flinch, "ash", "fen", "watchers") is True
    assert c.suspicion(flinch, "watchers") == 16
    roll = next(e for e in flinch.events if e.kind == "roll")
    assert roll.data["chance"] == 30
    steady = ctx_of(world, {"suspicion.watchers": 10})
    steady.forced = False
    assert c.public_touch(steady, "ash", "fen", "watchers") is False
    assert c.suspicion(steady, "watchers") == 8
    assert steady.events[-1].data["reason"] == "Ash took Fen's touch without a flinch"


def test_no_roll_when_there_is_nothing_to_flinch_at(world: World) -> None:
    ctx = ctx_of(world, {"bond.ash.fen.ease": 70, "suspicion.watchers": 5})
    assert c.public_touch(ctx, "ash", "fen", "watchers") is False
    assert "roll" not in [e.kind for e in ctx.events]
    assert c.suspicion(ctx, "watchers") == 3


def test_cover_state_lists_who_knows_and_who_suspects(world: World) -> None:
    state, _ = start(world, 1)
    values = dict(state.values, **{"suspicion.tollmen": 40, "cover.guild.knows": True})
    from dataclasses import replace
    assert c.cover_state(world, replace(state, values=values)) == {
        "watchers": "unaware", "tollmen": "suspects", "guild": "knows"}
