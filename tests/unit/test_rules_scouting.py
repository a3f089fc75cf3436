"""Scouting: summoned scouts watch a place, and a debrief turns what they saw into facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import ContentError, Impossible, World
from bonds.rules import scouting, travel

from .rules_pack import ctx_at, kinds, make_rules_pack


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_a_watch_of_eight_hours_becomes_intelligence_at_the_debrief(world: World) -> None:
    ctx = ctx_at(world)
    scouting.scout(ctx, "ada", "market")
    assert ctx.values["chakra.ada"] == 48 and scouting.watching(ctx, "market")
    scouting.scout(ctx, "ada", "market")  # already out: nothing spent
    assert ctx.values["chakra.ada"] == 48
    travel.pass_hours(ctx, 7)
    scouting.debrief(ctx)
    assert scouting.watching(ctx, "market") and not scouting.intel(ctx, "storm_coming")
    travel.pass_hours(ctx, 1)
    scouting.debrief(ctx)
    assert scouting.intel(ctx, "smugglers") and scouting.intel(ctx, "storm_coming")
    assert not scouting.watching(ctx, "market")
    assert ctx.events[-1].to_json() == {"kind": "debriefed", "who": "ada", "place": "market",
                                        "hours": 8, "facts": ["smugglers", "storm_coming"]}


def test_a_fact_is_seen_only_while_its_condition_holds_and_learnt_once(world: World) -> None:
    ctx = ctx_at(world, values={"oil": 4, "intel.storm_coming": True})
    scouting.scout(ctx, "ada", "market")
    travel.pass_hours(ctx, 9)
    scouting.debrief(ctx)
    assert ctx.events[-1].data["facts"] == []
    assert "intel_learnt" not in kinds(ctx)


def test_learning_a_fact_directly(world: World) -> None:
    ctx = ctx_at(world)
    scouting.learn(ctx, "smugglers")
    scouting.learn(ctx, "smugglers")
    assert kinds(ctx) == ["intel_learnt"]


def test_no_summoning_no_scouts(world: World) -> None:
    with pytest.raises(Impossible, match="^Bo has nothing to summon$"):
        scouting.scout(ctx_at(world), "bo", "market")


def test_an_undeclared_fact_is_a_load_error(tmp_path: Path) -> None:
    storm = (make_rules_pack(tmp_path / "a") / "scenes" / "storm.yaml").read_text()
    root = make_rules_pack(tmp_path / "pack", {"scenes/storm.yaml": storm.replace(
        "when: \"has_injury('bo', 'cut')\"", "when: \"intel('pirates')\"")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "scenes/storm.yaml:61:14: 'intel' expected a fact (smugglers, storm_coming), "
        "found 'pirates'"]
