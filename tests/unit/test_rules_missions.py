"""Missions: objectives, the desk and its reasons, acceptance, the clock and the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import ContentError, Impossible, World, start
from bonds.rules import health, missions, travel
from bonds.rules.missions import MissionReport, Verdict

from .rules_pack import MISSIONS, ctx_at, kinds, make_rules_pack

SWORN = "Both must be sworn keepers."
KNOWN = "Nobody has heard of either of them."
UNWED = "One of them is married to someone else."


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    return load_pack(make_rules_pack(tmp_path_factory.mktemp("rules") / "pack"))


def test_the_desk_weighs_every_roster_pair_with_reasons(world: World) -> None:
    state, _ = start(world, 1)
    assert missions.desk(world, state, "escort") == (
        Verdict("ada", "bo", True, (), ()),
        Verdict("ada", "dee", False, ("sworn", "unwed"), (SWORN, UNWED)),
        Verdict("bo", "eli", False, ("sworn", "known", "unwed"),
                (SWORN, KNOWN, UNWED)),
    )


def test_consulting_the_desk_tells_one_verdict_per_pair(world: World) -> None:
    ctx = ctx_at(world)
    missions.consult_desk(ctx, "keep_the_light")
    assert [e.to_json() for e in ctx.events] == [
        {"kind": "desk_verdict", "mission": "keep_the_light", "who": "ada", "partner": "bo",
         "eligible": True, "failed": [], "reasons": []},
        {"kind": "desk_verdict", "mission": "keep_the_light", "who": "ada", "partner": "dee",
         "eligible": True, "failed": [], "reasons": []},
        {"kind": "desk_verdict", "mission": "keep_the_light", "who": "bo", "partner": "eli",
         "eligible": True, "failed": [], "reasons": []},
    ]
    assert "a" not in ctx.values and "b" not in ctx.values


def test_the_desk_reads_the_state_it_is_asked_in(world: World) -> None:
    ctx = ctx_at(world)
    assert missions.eligible(ctx, "escort", "ada", "bo")
    ctx.values["married.ada"] = "cy"  # married to someone else now
    assert not missions.eligible(ctx, "escort", "ada", "bo")


def test_accepting_refuses_an_ineligible_pair_with_its_reasons(world: World) -> None:
    ctx = ctx_at(world)
    with pytest.raises(Impossible) as err:
        missions.accept_mission(ctx, "escort", "bo", "eli")
    assert str(err.value) == f"{SWORN} {KNOWN} {UNWED}"
    assert missions.mission_state(ctx, "escort") == "offered"


def test_the_clock_runs_from_acceptance_and_runs_out_once(world: World) -> None:
    ctx = ctx_at(world, values={"day": 4})
    missions.accept_mission(ctx, "escort", "ada", "bo")
    assert ctx.values["mission.escort.team"] == "ada+bo"
    assert missions.mission_state(ctx, "escort") == "active"
    assert missions.days_left(ctx, "escort") == 3
    travel.pass_hours(ctx, 2 * 24)
    assert missions.days_left(ctx, "escort") == 1 and not missions.overdue(ctx, "escort")
    travel.pass_hours(ctx, 24)
    assert missions.overdue(ctx, "escort")
    ran_out = [e.to_json() for e in ctx.events if e.kind == "mission_clock_ran_out"]
    # keep_the_light was never accepted: its 2 days ran from day 1 and were out long ago.
    assert ran_out == [{"kind": "mission_clock_ran_out", "mission": "keep_the_light", "day": 6},
                       {"kind": "mission_clock_ran_out", "mission": "escort", "day": 7}]
    travel.pass_hours(ctx, 24)
    assert kinds(ctx).count("mission_clock_ran_out") == 2


def test_objectives_change_state_and_the_report_counts_the_cost(world: World) -> None:
    ctx = ctx_at(world, values={"_spent": 30, "_wounds": 1})
    missions.accept_mission(ctx, "escort", "ada", "bo")
    assert missions.objective(ctx, "escort", "meet") == "open"
    missions.set_objective(ctx, "escort", "meet", "done")
    health.spend(ctx, "ada", "chakra", 12, "a fight at the quay")
    health.injure(ctx, "bo", "cut", "deep", "a boathook")
    travel.pass_hours(ctx, 30)
    missions.set_objective(ctx, "escort", "deliver_cargo", "dropped")
    assert missions.mission_report(world, ctx.values, "escort") == MissionReport(
        "escort", "abandoned", (("meet", "done"), ("deliver_cargo", "dropped")), 1, 12, 1,
        False)
    missions.end_mission(ctx, "escort")
    assert missions.mission_state(ctx, "escort") == "abandoned"
    assert ctx.events[-1].to_json() == {
        "kind": "mission_report", "mission": "escort", "result": "abandoned",
        "objectives": [["meet", "done"], ["deliver_cargo", "dropped"]], "days": 1,
        "spent": 12, "injuries": 1, "overdue": False}
    with pytest.raises(Impossible, match="^The Escort is already over$"):
        missions.end_mission(ctx, "escort")


@pytest.mark.parametrize("states,result", [
    (("done", "done"), "succeeded"),
    (("done", "failed"), "failed"),
    (("dropped", "failed"), "failed"),
    (("dropped", "done"), "abandoned"),
    (("open", "dropped"), "unfinished"),
    (("open", "open"), "unfinished"),
])
def test_the_result_follows_the_objectives(world: World, states: tuple[str, str],
                                           result: str) -> None:
    values = {"objective.escort.meet": states[0], "objective.escort.deliver_cargo": states[1]}
    assert missions.mission_report(world, values, "escort").result == result


def test_refusing_closes_the_offer(world: World) -> None:
    ctx = ctx_at(world)
    missions.refuse_mission(ctx, "escort")
    assert missions.mission_state(ctx, "escort") == "refused"
    with pytest.raises(Impossible, match="^The Escort is not on offer$"):
        missions.accept_mission(ctx, "escort", "ada", "bo")


def test_an_objective_of_another_mission_is_a_load_error(tmp_path: Path) -> None:
    storm = (make_rules_pack(tmp_path / "a") / "scenes" / "storm.yaml").read_text()
    root = make_rules_pack(tmp_path / "pack", {"scenes/storm.yaml": storm.replace(
        "set_objective('keep_the_light', 'walk_rounds'", "set_objective('keep_the_light', 'meet'")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "scenes/storm.yaml:55:12: expected an objective of keep_the_light (walk_rounds, "
        "light_lamp), found 'meet'"]


def test_a_requirement_that_does_not_compile_is_a_load_error_at_its_line(tmp_path: Path
                                                                        ) -> None:
    root = make_rules_pack(tmp_path / "pack", {"missions.yaml": MISSIONS.replace(
        "max(fame(a), fame(b)) >= 20", "renown(a) >= 20").replace(
        "members: [bo, eli]", "members: [bo, zed]")})
    with pytest.raises(ContentError) as err:
        load_pack(root)
    assert err.value.problems == [
        "missions.yaml:20:28: expected a pack function, found unknown function 'renown' "
        "(at column 1 of the requirement)",
        "missions.yaml:25:20: expected a character id, found 'zed'"]
