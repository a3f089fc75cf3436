"""Infamy, attention and faction reactions, with exact values."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, World
from bonds.rules import infamy as i

from ._duel import DUEL, all_at, ctx_of, duel_copy, load_errors


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(DUEL)


def test_noise_raises_infamy_with_a_reason(world: World) -> None:
    ctx = ctx_of(world)
    assert i.noise(ctx, "saltmarch", 10, "a brawl in the yard") == 10
    assert i.infamy(ctx, "saltmarch") == 10
    assert ctx.events[0].kind == "infamy_changed"
    assert ctx.events[0].data == {"region": "saltmarch", "key": "infamy.saltmarch", "old": 0,
                                  "new": 10, "delta": 10, "reason": "a brawl in the yard"}


def test_a_reaction_passes_infamy_on_weighed_by_how_real_the_pair_looks(world: World) -> None:
    ctx = ctx_of(world)
    i.noise(ctx, "saltmarch", 10, "a brawl in the yard")
    # realness = (100 - 0) / 2 + (30 + 30) / 4 = 65; gain = 10 * 100% * (50 + 65) / 100 = 11
    assert i.attention(ctx, "guild") == 11
    attention = [e for e in ctx.events if e.kind == "attention_changed"][0]
    assert attention.data["reason"] == "word travels: a brawl in the yard"
    real = ctx_of(world, all_at(90))
    i.noise(real, "saltmarch", 10, "a brawl in the yard")
    assert i.attention(real, "guild") == 14
    doubted = ctx_of(world, {"suspicion.guild": 100})
    i.noise(doubted, "saltmarch", 10, "a brawl in the yard")
    assert i.attention(doubted, "guild") == 6


def test_quieting_down_passes_nothing_on(world: World) -> None:
    ctx = ctx_of(world, {"infamy.saltmarch": 20})
    assert i.noise(ctx, "saltmarch", -5, "a quiet week") == -5
    assert i.attention(ctx, "guild") == 0


def test_attention_past_the_threshold_schedules_one_approach(world: World) -> None:
    ctx = ctx_of(world)
    i.notice(ctx, "guild", 29, "a letter through the tollmen")
    assert not ctx.values.get("flag.guild.approach")
    i.notice(ctx, "guild", 1, "one more rumour")
    assert ctx.values["flag.guild.approach"] is True
    assert [e.kind for e in ctx.events][-2:] == ["flag_changed", "approach_scheduled"]
    i.notice(ctx, "guild", 5, "and more")
    assert [e.kind for e in ctx.events].count("approach_scheduled") == 1


def test_refusals(world: World) -> None:
    with pytest.raises(Impossible, match="needs a reason"):
        i.noise(ctx_of(world), "saltmarch", 3, "")
    with pytest.raises(Impossible, match="whole numbers"):
        i.notice(ctx_of(world), "guild", "3", "x")  # type: ignore[arg-type]


FIGHTS = (DUEL / "fights.yaml").read_text(encoding="utf-8")
REACTIONS = FIGHTS[:FIGHTS.index("reactions:")] + """reactions:
  - id: guild_hears
    faction: guild
    region: saltmarch
    share: 50
    when: "flag('guild.listening')"
    threshold: 10
    approach: guild.approach
"""


def test_a_reaction_works_only_while_its_condition_holds(tmp_path: Path) -> None:
    world = load_pack(duel_copy(tmp_path, {"fights.yaml": REACTIONS}))
    deaf = ctx_of(world)
    i.noise(deaf, "saltmarch", 20, "shouting")
    assert i.attention(deaf, "guild") == 0
    listening = ctx_of(world, {"flag.guild.listening": True})
    i.noise(listening, "saltmarch", 20, "shouting")
    assert i.attention(listening, "guild") == 10
    assert listening.values["flag.guild.approach"] is True


def test_a_reaction_on_an_unknown_quality_or_id_is_a_load_error(tmp_path: Path) -> None:
    bad = REACTIONS.replace("flag('guild.listening')", "rumours > 3").replace(
        "region: saltmarch\n    share", "region: nowhere\n    share") + "    pair: [ash, nobody]\n"
    text = load_errors(duel_copy(tmp_path, {"fights.yaml": bad}))
    line = FIGHTS[:FIGHTS.index("reactions:")].count("\n") + 1
    assert f"fights.yaml:{line + 5}:" in text and "unknown name 'rumours'" in text
    assert f"fights.yaml:{line + 3}:" in text and "found 'nowhere'" in text
    assert f"fights.yaml:{line + 8}:" in text and "found 'nobody'" in text
