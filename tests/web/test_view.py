"""The view data both front ends show: beats, changes, choices with odds, the panel, fights."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Event, SaveError, State, World
from bonds.web.choices import choices_of
from bonds.web.fight import fight_view
from bonds.web.game import Game
from bonds.web.names import Names
from bonds.web.narrative import beats_of, changes_of, describe
from bonds.web.panel import panel_of

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


def test_a_bond_change_is_said_with_its_reason(tiny: World) -> None:
    names = Names(tiny)
    change = describe(Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust",
                                             "delta": 3, "value": 23,
                                             "reason": "a watch kept"}), names)
    assert change.text == "Ada → Bo, trust +3 (now 23)"
    assert change.reason == "a watch kept" and change.delta == 3


def test_other_changes_name_their_subject(tiny: World) -> None:
    names = Names(tiny)
    change = describe(Event("suspicion_changed", {"observer": "bo", "delta": -5, "value": 10,
                                                  "reason": "a calm answer"}), names)
    assert change.text == "Suspicion (Bo): -5 (now 10)"
    odd = describe(Event("sensed", {"who": "ada", "found": "a_sparrow"}), names)
    assert odd.text == "Sensed: who Ada, found A sparrow" and odd.delta is None


def test_the_beats_of_a_roll_read_in_order(tiny: World) -> None:
    game = Game.new(tiny, 5).advance("shore.arrive/climb").advance("tower.lamp/light")
    kinds = [b.kind for b in beats_of(tiny, game.last, Names(tiny))]
    assert kinds == ["did", "roll", "outcome", "passage", "ending"]
    roll = beats_of(tiny, game.last, Names(tiny))[1].roll
    assert roll is not None and roll.what == "Light the lamp" and roll.chance == 80
    assert roll.parts == (("base", 50), ("plenty of oil", 30))
    changes = [c.text for c in changes_of(game.last, Names(tiny))]
    assert changes[0] == "Oil: 3 → 2"


def test_choices_carry_the_engines_chance(tiny: World) -> None:
    game = Game.new(tiny, 5).advance("shore.arrive/fetch_oil").advance("shore.arrive/climb")
    views = choices_of(tiny, game.state, game.options, Names(tiny))
    assert [(v.number, v.action, v.label) for v in views] == [
        (1, "tower.lamp/light", "Light the lamp"), (2, "tower.lamp/wait", "Wait out the storm")]
    assert views[0].chance is not None and views[0].chance.percent == 90
    assert views[1].chance is None and views[0].expected == ()


def test_a_preview_is_shown_when_the_engine_gives_one(tiny: World) -> None:
    game = Game.new(tiny, 5)

    def preview(world: World, state: State, action: str) -> dict[str, float]:
        return {"bond.ada.bo.trust": 2.5, "suspicion.bo": -3, "oil": 0}

    views = choices_of(tiny, game.state, game.options, Names(tiny), preview)
    assert [e.text for e in views[0].expected] == ["Ada → Bo, trust +2.5", "Suspicion (Bo) -3"]


def test_the_panel_groups_values_and_shows_the_last_moves(tiny: World) -> None:
    values = {"bond.ada.bo.trust": 40, "bond.ada.bo.ease": 12, "bond.bo.ada.trust": 30,
              "suspicion.bo": 15, "chakra.ada": 55, "injury.bo.ribs": "cracked",
              "flag.secret": True, "seen.x": 1, "oil": 2, "day": 2, "hour": 9, "fight.id": "",
              "chakra.nobody": 3}
    before = State("shore.arrive", {**values, "bond.ada.bo.trust": 35, "oil": 3,
                                    "chakra.ada": 60}, 0)
    panel = panel_of(tiny, State("shore.arrive", values, 0), Names(tiny), before)
    assert [b.title for b in panel.bonds] == ["Ada → Bo", "Bo → Ada"]
    assert [m.label for m in panel.bonds[0].meters] == ["trust", "ease"]
    trust = panel.bonds[0].meters[0]
    assert (trust.label, trust.value, trust.percent, trust.delta, trust.tone) == (
        "trust", "40", 40, 5, "good")
    assert panel.bonds[0].stage == "Pretence"
    ada, bo = panel.people
    assert ada.chakra is not None and (ada.chakra.value, ada.chakra.percent, ada.chakra.delta) \
        == ("55 / 60", 91, -5)
    assert bo.chakra is not None and bo.chakra.value == "40 / 40" and bo.injuries == (
        "Ribs: cracked",)
    assert [(g.key, [(m.label, m.value, m.percent) for m in g.meters]) for g in panel.groups] \
        == [("chakra", [("Nobody", "3", None)]), ("suspicion", [("Bo", "15", 15)])]
    assert panel.time == "Day 2, 09:00"
    assert [(m.label, m.value, m.delta) for m in panel.story] == [("Oil", "2", -1)]


def test_a_fight_is_shown_from_its_values(tiny: World) -> None:
    values = {"fight.id": "brawl", "fight.round": 2, "fight.ada.zone": "near",
              "fight.bo.zone": "far", "fight.thug_1.zone": "near"}
    view = fight_view(tiny, State("shore.arrive", values, 0), Names(tiny))
    assert view is not None and view.name == "Brawl"
    assert [(z.name, z.occupants) for z in view.zones] == [
        ("Near", ("Ada", "Thug 1")), ("Far", ("Bo",))]
    assert view.facts == (("Round", "2"),)
    assert fight_view(tiny, State("shore.arrive", {}, 0), Names(tiny)) is None


def test_a_game_round_trips_through_its_save(tiny: World) -> None:
    game = Game.new(tiny, 9).advance("shore.arrive/fetch_oil").advance("shore.arrive/climb")
    back = Game.from_save(tiny, game.to_save())
    assert back.state == game.state and back.actions == game.actions
    assert back.last == game.last and back.passage == game.passage
    assert back.previous == game.previous


def test_a_save_for_another_pack_or_altered_is_refused(tiny: World) -> None:
    save = Game.new(tiny, 9).advance("shore.arrive/climb").to_save()
    from dataclasses import replace

    with pytest.raises(SaveError, match="for pack 'other'"):
        Game.from_save(tiny, replace(save, pack_id="other"))
    with pytest.raises(SaveError, match="altered"):
        Game.from_save(tiny, replace(save, state_hash="0" * 64))
    with pytest.raises(SaveError, match="does not replay"):
        Game.from_save(tiny, replace(save, actions=("tower.lamp/nothing",)))


@pytest.mark.parametrize(("subject", "delta", "expected"), [
    ("bond.ada.bo.trust", 3, "good"), ("bond.ada.bo.tension", 3, "bad"),
    ("suspicion.bo", -2, "good"), ("suspicion_changed", 4, "bad"), ("infamy.port", 9, ""),
    ("foes_morale", -8, "good"), ("chakra_changed", -10, "bad"), ("oil", 0, ""),
])
def test_the_tone_of_a_change(subject: str, delta: int, expected: str) -> None:
    from bonds.web.names import tone

    assert tone(subject, delta) == expected


def test_a_desk_verdict_reads_as_a_sentence(tiny: World) -> None:
    change = describe(Event("desk_verdict", {
        "mission": "lamp_duty", "who": "ada", "partner": "bo", "eligible": False,
        "failed": ["r1"], "reasons": ["Too green.", "Too tired."]}), Names(tiny))
    assert change.text == "The desk weighs Ada and Bo for Lamp duty: not fit"
    assert change.reason == "Too green. Too tired."
