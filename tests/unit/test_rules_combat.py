"""The skirmish rules: set-up, actions and their odds, foes' choices, partner rules, the end."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Ctx, State, World, legal_actions, start, step
from bonds.rules import combat
from bonds.rules._fight_foes import change_morale, foe_turn, hurt_foe
from bonds.rules._fight_heroes import apply
from bonds.rules._fight_odds import spec_of

from ._duel import DUEL, duel_copy, load_errors

FIGHTS = (DUEL / "fights.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(DUEL)


def in_fight(world: World, seed: int = 7) -> State:
    state, _ = start(world, seed)
    state, _ = step(world, state, "road.gate/fight")
    return state


def ctx_in_fight(world: World, values: dict[str, object] | None = None,
                 forced: bool | None = None) -> Ctx:
    state = in_fight(world)
    table = dict(state.values)
    table.update(values or {})  # type: ignore[arg-type]
    return Ctx(world, table, state.rng, state.scene, forced)


def do(ctx: Ctx, action: str) -> None:
    """Apply a hero action directly (its rolls use the context's forcing)."""
    apply(ctx, spec_of(ctx), action.split(":"))


def test_the_rules_are_the_engines_fight_rules(world: World) -> None:
    import bonds.rules
    assert bonds.rules.FIGHT_RULES is combat.SKIRMISH
    assert world.fight_rules is combat.SKIRMISH


def test_begin_sets_the_field_and_plays_the_faster_foes(world: World) -> None:
    state, events = step(world, start(world, 7)[0], "road.gate/fight")
    fight = {k: v for k, v in state.values.items() if k.startswith("fight.")}
    assert fight["fight.id"] == "toll_yard"
    assert (fight["fight.round"], fight["fight.pos"]) == (1, 1)
    assert [fight[f"fight.h.ash.{f}"] for f in ("hp", "ck", "st", "zone")] == [10, 100, "in",
                                                                               "yard"]
    assert [fight[f"fight.f.raiders.{f}"] for f in ("n", "morale", "zone")] == [10, 70, "yard"]
    assert fight["fight.f.captain.zone"] == "yard"
    assert [e.kind for e in events][-2:] == ["fight_started", "foes_moved"]
    assert spec_of(Ctx(world, state.values, 0, state.scene)).order == (
        "f:captain", "h:ash", "h:fen", "f:raiders", "f:slingers")


def test_the_actions_of_the_hero_whose_turn_it_is(world: World) -> None:
    assert legal_actions(world, in_fight(world)) == [
        "fight:ash:strike:raiders", "fight:ash:strike:captain",
        "fight:ash:tech:spark:raiders", "fight:ash:tech:spark:captain",
        "fight:ash:tech:fingertalk:fen", "fight:ash:guard:fen",
        "fight:ash:break:gatehouse", "fight:ash:break:cistern", "fight:ash:dodge"]


def test_every_roll_is_shown_before_it_is_made(world: World) -> None:
    state = in_fight(world)
    view = combat.SKIRMISH.describe_action(world, state, "fight:ash:tech:spark:raiders")
    assert view.label == "Ash: Spark Lash (the raiders)"
    assert view.cost == "20 breath"
    assert view.chance is not None and view.chance.percent == 56
    assert view.chance.parts == (("Ash's skill", 55), ("their guard", -10), ("Spark Lash", 8),
                                 ("fighting for Fen", 3))
    breaking = combat.fight_chance(world, state, "fight:ash:break:cistern")
    assert breaking is not None and breaking.percent == 40 + 27 - 30 + 3
    assert combat.fight_chance(world, state, "fight:ash:dodge") is None
    after, events = step(world, state, "fight:ash:tech:spark:raiders")
    roll = next(e for e in events if e.kind == "roll")
    assert roll.data["chance"] == 56


def test_the_creed_grows_with_trust(world: World) -> None:
    state = in_fight(world)
    values = dict(state.values, **{"bond.ash.fen.trust": 80})
    trusting = State(state.scene, values, state.rng, state.turn)
    chance = combat.fight_chance(world, trusting, "fight:ash:strike:raiders")
    assert chance is not None and chance.parts[-1] == ("fighting for Fen", 10)


def test_combined_techniques_need_coordination_both_ways(world: World) -> None:
    state = in_fight(world)
    combo = "fight:ash:combo:riptide:yard"
    for ash_fen, fen_ash, offered in ((60, 60, True), (60, 59, False), (90, 30, False)):
        values = dict(state.values, **{"bond.ash.fen.coordination": ash_fen,
                                       "bond.fen.ash.coordination": fen_ash})
        actions = legal_actions(world, State(state.scene, values, state.rng, state.turn))
        assert (combo in actions) is offered


def test_a_combined_technique_strikes_the_whole_zone(world: World) -> None:
    values = {"bond.ash.fen.coordination": 60, "bond.fen.ash.coordination": 60}
    ctx = ctx_in_fight(world, values, forced=True)
    do(ctx, "fight:ash:combo:riptide:yard")
    assert ctx.values["fight.h.ash.ck"] == 80 and ctx.values["fight.h.fen.ck"] == 80
    assert ctx.values["fight.f.raiders.n"] == 0
    assert ctx.values["fight.f.captain.st"] == "down"
    assert ctx.values["bond.ash.fen.coordination"] == 62
    assert ctx.values["suspicion.tollmen"] == 6
    assert ctx.values["fight.property"] == 1 + 8


def test_a_strike_puts_down_one_an_area_blow_carries_over(world: World) -> None:
    ctx = ctx_in_fight(world, forced=True)
    spec = spec_of(ctx)
    do(ctx, "fight:ash:strike:raiders")
    assert ctx.values["fight.f.raiders.n"] == 9
    assert ctx.values["fight.f.raiders.morale"] == 62
    do(ctx, "fight:ash:tech:spark:raiders")
    assert ctx.values["fight.f.raiders.n"] == 7
    assert ctx.values["fight.h.ash.ck"] == 80
    assert ctx.values["suspicion.tollmen"] == 3
    captain = spec.foe("captain")
    assert hurt_foe(ctx, spec, captain, 7, False, "ash") == 0
    assert hurt_foe(ctx, spec, captain, 1, False, "ash") == 1
    assert ctx.values["fight.f.captain.st"] == "down"


def test_broken_morale_runs_or_yields_and_a_fallen_leader_disheartens(world: World) -> None:
    ctx = ctx_in_fight(world)
    spec = spec_of(ctx)
    change_morale(ctx, spec, spec.foe("raiders"), -50, "a fright")
    assert ctx.values["fight.f.raiders.st"] == "fled"
    change_morale(ctx, spec, spec.foe("captain"), -80, "his men ran")
    assert ctx.values["fight.f.captain.st"] == "yielded"
    assert ctx.values["fight.f.slingers.morale"] == 25
    assert ctx.values["fight.f.slingers.st"] == "fled"


def test_a_partner_pulls_the_other_clear(world: World) -> None:
    ctx = ctx_in_fight(world, forced=True)
    spec = spec_of(ctx)
    foe_turn(ctx, spec, spec.foe("raiders"))
    kinds = [e.kind for e in ctx.events]
    assert kinds == ["roll", "roll", "reflex_save", "bond_changed"]
    assert ctx.events[3].data["reason"] == "Fen pulled Ash clear of a blow"
    assert ctx.values["fight.h.ash.hp"] == 10
    # Only once a round: the next blow lands.
    foe_turn(ctx, spec, spec.foe("raiders"))
    assert ctx.values["fight.h.ash.hp"] == 8
    assert ctx.values["injury.ash.cut"] == "shallow"


def test_foes_choose_by_utility_a_guarded_target_is_worth_less(world: World) -> None:
    ctx = ctx_in_fight(world, {"fight.h.fen.guard": "ash"}, forced=False)
    spec = spec_of(ctx)
    foe_turn(ctx, spec, spec.foe("raiders"))
    assert ctx.events[0].data["what"] == "fight:raiders:attack:fen"
    assert ctx.events[0].data["chance"] == 55 + 16 - 15


def test_a_guard_takes_the_blow(world: World) -> None:
    values = {"fight.h.fen.guard": "ash", "fight.h.fen.dodge": True}
    ctx = ctx_in_fight(world, values, forced=True)
    spec = spec_of(ctx)
    foe_turn(ctx, spec, spec.foe("captain"))
    taken = next(e for e in ctx.events if e.kind == "blow_taken")
    assert taken.data["guard"] == "fen"
    assert ctx.values["bond.ash.fen.trust"] == 32


def test_hidden_foes_wait_and_show_themselves_when_they_strike(world: World) -> None:
    ctx = ctx_in_fight(world, forced=False)
    spec = spec_of(ctx)
    foe_turn(ctx, spec, spec.foe("slingers"))
    assert ctx.events[0].kind == "foes_revealed"
    assert ctx.events[1].data["chance"] == 40 + 8 - 15 - 15 + 20


def test_a_burst_tank_is_a_water_source(world: World) -> None:
    ctx = ctx_in_fight(world, {"fight.h.ash.zone": "cistern"})
    assert "fight:ash:burst:cistern" in combat.SKIRMISH.legal(
        world, State(ctx.scene, ctx.values, 0))
    do(ctx, "fight:ash:burst:cistern")
    assert ctx.values["fight.z.cistern.water"] is True
    assert ctx.values["fight.z.yard.water"] is True
    assert ctx.values["fight.property"] == 10


def test_fleeing_leaves_the_partner_behind(world: World) -> None:
    ctx = ctx_in_fight(world, {"fight.h.ash.zone": "road"})
    do(ctx, "fight:ash:flee")
    assert ctx.values["fight.h.ash.st"] == "gone"
    assert ctx.values["bond.fen.ash.trust"] == 18
    change = next(e for e in ctx.events if e.kind == "bond_changed")
    assert change.data["reason"] == "Ash fled and left Fen to fight alone"
    assert change.data["watershed"] is True


def test_a_won_fight_ends_clears_its_values_and_is_heard(world: World) -> None:
    state = in_fight(world)
    values = dict(state.values, **{"fight.f.raiders.n": 1, "fight.f.captain.st": "yielded",
                                   "fight.f.slingers.st": "fled", "fight.property": 5})
    state = State(state.scene, values, state.rng, state.turn)
    after, events = step(world, state, "fight:ash:strike:raiders", forced=True)
    assert after.ending == "through"
    assert not any(k.startswith("fight.") for k in after.values)
    ended = next(e for e in events if e.kind == "fight_ended")
    assert ended.data == {"fight": "toll_yard", "outcome": "win", "rounds": 1, "property": 6,
                          "harmed": 0, "downed": 1}
    assert after.values["infamy.saltmarch"] == 8 + 3
    assert after.values["memory.tollmen.ash.grudge"] is True


def test_a_fight_ends_at_its_bound(world: World) -> None:
    state = in_fight(world, seed=3)
    actions = 0
    while state.ending is None:
        hero_actions = legal_actions(world, state)
        state, events = step(world, state, hero_actions[-1])
        actions += 1
    assert actions <= 8 * 2 + 1
    assert state.ending == "beaten"


def test_the_field_as_the_screen_shows_it(world: World) -> None:
    view = combat.SKIRMISH.describe_field(world, in_fight(world))
    assert view.name == "The fight at the toll yard"
    assert view.zones[0].occupants == ("Ash", "Fen", "the raiders ×10", "the raider captain")
    assert view.facts[0] == ("round", "1 of 8")


def test_bad_fight_data_is_a_load_error_with_its_line(tmp_path: Path) -> None:
    bad = (FIGHTS.replace("      - {id: cistern, name: the cistern, tank: true}",
                          "      - {id: cistern, name: the cistern, tank: true}\n"
                          "      - {id: loft, name: the loft}")
           .replace("joins: [gatehouse, cistern]", "joins: [gatehouse, cistern, attic]")
           .replace("by: [ash, fen]", "by: [ash]"))
    text = load_errors(duel_copy(tmp_path, {"fights.yaml": bad}))
    lines = bad.splitlines()
    loft = next(n for n, line in enumerate(lines, 1) if "id: loft" in line)
    yard = next(n for n, line in enumerate(lines, 1) if "attic" in line)
    combo = next(n for n, line in enumerate(lines, 1) if "by: [ash]" in line)
    assert f"fights.yaml:{loft}:" in text and "joined to nothing" in text
    assert f"fights.yaml:{yard}:" in text and "found 'attic'" in text
    assert f"fights.yaml:{combo}:" in text
    assert "expected two different characters for a combined technique, found 'ash'" in text


def test_a_combined_technique_must_be_marked_combined(tmp_path: Path) -> None:
    bad = FIGHTS.replace("technique: riptide", "technique: spark")
    text = load_errors(duel_copy(tmp_path, {"fights.yaml": bad}))
    assert "expected a technique marked 'combined', found 'spark'" in text
