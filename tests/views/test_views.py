"""The view data both front ends show: beats, changes, choices with odds, the panel, fights."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Event, SaveError, State, World
from bonds.narration import replay_save, sentences, tell, tell_step
from bonds.rules import combat
from bonds.views import (
    Figure,
    Game,
    Names,
    beats_of,
    changes_of,
    choices_of,
    fight_view,
    panel_of,
    step_view,
)

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"
DUEL = TINY.parent / "duel"


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


def test_a_bond_change_is_told_by_narration_with_its_figure(tiny: World) -> None:
    event = Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust", "delta": 3,
                                   "old": 20, "new": 23, "reason": "a watch kept",
                                   "watershed": False})
    [line] = tell_step(tiny, 1, [event]).lines
    [change] = changes_of(tiny, 1, [event], Names(tiny), "shore.arrive", numbers="full")
    assert change.kind == "bond_changed" and change.text == line.text
    assert "a watch kept" in change.text
    assert change.figures == (Figure("Ada → Bo, trust", "+3 (now 23)", 3, "good", None),)


def test_the_same_change_both_ways_is_one_line_and_one_figure(tiny: World) -> None:
    data = {"measure": "ease", "delta": 2, "reason": "a shared joke", "watershed": False}
    events = [Event("bond_changed", {"from": "ada", "to": "bo", **data, "new": 12}),
              Event("bond_changed", {"from": "bo", "to": "ada", **data, "new": 9})]
    [change] = changes_of(tiny, 1, events, Names(tiny), numbers="full")
    assert change.figures == (Figure("Ada ↔ Bo, ease", "+2 each", 2, "good", None),)
    assert "Ada" in change.text and "Bo" in change.text and "a shared joke" in change.text


def test_a_figure_keeps_the_reason_its_sentence_leaves_out(tiny: World) -> None:
    reason = "a calm answer at the door"
    events = [Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust",
                                     "delta": 2, "new": 30, "reason": reason,
                                     "watershed": False}),
              Event("suspicion_changed", {"observer": "bo", "key": "suspicion.bo",
                                          "delta": 4, "new": 14, "reason": reason})]
    first, second = changes_of(tiny, 1, events, Names(tiny), numbers="full")
    assert reason in first.text and first.figures[0].reason is None
    assert reason in second.text  # a margin note stands alone: it says why
    assert second.figures == (Figure("Suspicion (Bo)", "+4 (now 14)", 4, "bad", None),)
    alone = changes_of(tiny, 1, events[1:], Names(tiny), numbers="full")[0]
    assert reason in alone.text and alone.figures[0].reason is None


def test_an_untold_rules_change_still_shows_its_figure_with_its_reason(tiny: World) -> None:
    events = [Event("resource_changed", {"who": "ada", "resource": "stamina", "old": 60,
                                         "new": 50, "delta": -10, "reason": "Listening Light"}),
              Event("value_changed", {"key": "oil", "old": 3, "new": 4}),
              Event("flag_changed", {"flag": "lit", "value": True}),
              Event("sensed", {"who": "ada", "found": "a_sparrow"})]
    changes = changes_of(tiny, 1, events, Names(tiny), numbers="full")
    assert [(c.kind, c.text, c.figures) for c in changes] == [
        ("resource_changed", "", (Figure("Stamina (Ada)", "-10 (now 50)", -10, "bad",
                                         "Listening Light"),))]
    brief = changes_of(tiny, 1, events, Names(tiny), numbers="brief")
    assert brief[0].figures == (Figure("Stamina (Ada)", "-10", -10, "bad", None),)
    words = changes_of(tiny, 1, events, Names(tiny), numbers="words")
    assert words[0].figures == (Figure("Stamina (Ada)", "fell", -10, "bad", None),)


def test_a_change_of_state_reads_from_and_to(tiny: World) -> None:
    event = Event("standing_changed", {"who": "bo", "old": "good", "new": "disgraced"})
    [change] = changes_of(tiny, 1, [event], Names(tiny), numbers="full")
    assert change.text in ("Bo's name was mud at home now.",
                           "Word went round that Bo had fallen from grace.")
    assert change.figures == (Figure("Standing (Bo)", "good → disgraced", None, "", None),)


def test_the_screen_words_each_step_as_the_export_does() -> None:
    duel = load_pack(DUEL)
    names = Names(duel)
    game = Game.new(duel, 3)
    shown: list[str] = []
    while not game.ended and game.turn < 60:
        game = game.advance(game.options[game.turn % len(game.options)])
        view = step_view(game, names)
        shown += [c.text for c in view.changes if c.text]
        shown += [b.text for b in view.beats if b.kind != "ending" and b.text]
        shown += [p for b in view.beats if b.passage is not None for p in b.passage.paragraphs]
    work = tell(replay_save(duel, game.to_save()))
    story = "\n".join([*(p for c in work.chapters for s in c.sections for p in s.paragraphs),
                       *(n.text for n in work.notes())])
    assert len(shown) > 20
    said = [sentence for t in shown for sentence in sentences.split(t)]
    assert [t for t in said if t not in story] == []


def test_the_beats_of_a_roll_read_in_order(tiny: World) -> None:
    game = Game.new(tiny, 5).advance("shore.arrive/climb").advance("tower.lamp/light")
    kinds = [b.kind for b in beats_of(tiny, game.last, Names(tiny))]
    assert kinds == ["did", "roll", "outcome", "passage", "ending"]
    roll = beats_of(tiny, game.last, Names(tiny))[1].roll
    assert roll is not None and roll.what == "Light the lamp" and roll.chance == 80
    assert roll.parts == (("base", 50), ("plenty of oil", 30))
    assert step_view(game, Names(tiny)).changes == ()  # oil: a story value, told by no line


def test_choices_carry_the_engines_chance(tiny: World) -> None:
    game = Game.new(tiny, 5).advance("shore.arrive/fetch_oil").advance("shore.arrive/climb")
    views = choices_of(tiny, game.state, game.options, Names(tiny))
    assert [(v.number, v.action, v.label) for v in views] == [
        (1, "tower.lamp/light", "Light the lamp"), (2, "tower.lamp/wait", "Wait out the storm")]
    assert views[0].chance is not None and views[0].chance.percent == 90
    assert views[1].chance is None and views[0].expected == ()


def test_a_preview_is_shown_when_the_engine_gives_one(tiny: World) -> None:
    game = Game.new(tiny, 5)

    def preview(world: World, state: State, action: str) -> dict[str, int]:
        return {"bond.ada.bo.trust": 2, "suspicion.bo": -3, "oil": 0, "camp.nowhere": 4}

    views = choices_of(tiny, game.state, game.options, Names(tiny), preview, "full")
    # A value the pack does not name (camp.nowhere) is never shown.
    assert [e.text for e in views[0].expected] == ["Ada → Bo, trust +2", "Suspicion (Bo) -3"]
    brief = choices_of(tiny, game.state, game.options, Names(tiny), preview, "brief")
    assert [e.text for e in brief[0].expected] == ["Ada → Bo, trust +2", "Suspicion (Bo) -3"]
    words = choices_of(tiny, game.state, game.options, Names(tiny), preview, "words")
    assert words[0].expected == ()
    assert words[0].hints == ("Ada will trust Bo more", "Bo will grow less suspicious")


def test_the_panel_groups_values_and_shows_the_last_moves(tiny: World) -> None:
    values = {"bond.ada.bo.trust": 40, "bond.ada.bo.ease": 12, "bond.bo.ada.trust": 30,
              "suspicion.bo": 15, "stamina.ada": 55, "injury.bo.ribs": "cracked",
              "flag.secret": True, "seen.x": 1, "oil": 2, "day": 2, "hour": 9, "fight.id": "",
              "stamina.nobody": 3}
    before = State("shore.arrive", {**values, "bond.ada.bo.trust": 35, "oil": 3,
                                    "stamina.ada": 60}, 0)
    panel = panel_of(tiny, State("shore.arrive", values, 0), Names(tiny), before)
    # Each direction's measures, then what the pair shares: its stage (and tension).
    assert [b.title for b in panel.bonds] == ["Ada → Bo", "Bo → Ada", "Ada and Bo"]
    assert [m.label for m in panel.bonds[0].meters] == ["trust", "ease"]
    trust = panel.bonds[0].meters[0]
    assert (trust.label, trust.value, trust.percent, trust.delta, trust.tone) == (
        "trust", "40", 40, 5, "good")
    assert panel.bonds[2].stage == "Pretence" and panel.bonds[0].stage is None
    ada, bo = panel.people
    [stamina] = ada.resources  # each pool the world declares, named as the world names it
    assert (stamina.label, stamina.value, stamina.percent, stamina.delta, stamina.tone) == (
        "stamina", "55 / 60", 91, -5, "bad")
    assert [m.value for m in bo.resources] == ["40 / 40"] and bo.injuries == ("Ribs: cracked",)
    assert [(g.key, g.title, [(m.label, m.value, m.percent) for m in g.meters])
            for g in panel.groups] == [("suspicion", "Suspicion", [("Bo", "15", 15)])]
    # stamina.nobody: an id the pack names nowhere is not shown (no "Nobody" made up)
    assert panel.time == "Day 2, 09:00"
    assert panel.story == ()  # the raw story values only in the debug view
    debug = panel_of(tiny, State("shore.arrive", values, 0), Names(tiny), before, debug=True)
    assert [(m.label, m.value, m.delta) for m in debug.story] == [("oil", "2", -1)]


def test_the_fight_board_and_its_actions_are_the_rules_own_descriptions(tiny: World) -> None:
    duel = load_pack(DUEL)
    game = Game.new(duel, 7).advance("road.gate/fight")
    view = fight_view(duel, game.state)
    assert view == combat.SKIRMISH.describe_field(duel, game.state)
    assert view is not None and view.name == "The fight at the toll yard"
    assert view.zones[0].name == "the yard" and "Ash" in view.zones[0].occupants
    choices = choices_of(duel, game.state, game.options, Names(duel))
    assert [(c.label, c.chance, c.cost) for c in choices] == [
        (d.label, d.chance, d.cost) for d in
        (combat.SKIRMISH.describe_action(duel, game.state, a) for a in game.options)]
    assert fight_view(tiny, State("shore.arrive", {}, 0)) is None


def test_a_game_round_trips_through_its_save(tiny: World) -> None:
    game = Game.new(tiny, 9).advance("shore.arrive/fetch_oil").advance("shore.arrive/climb")
    back = Game.from_save(tiny, game.to_save())
    assert back.state == game.state and back.actions == game.actions
    assert back.last == game.last and back.passage == game.passage
    assert back.previous == game.previous
    before = len(Game.new(tiny, 9).last) + len(Game.new(tiny, 9).advance(
        "shore.arrive/fetch_oil").last)
    assert back.first == game.first == before


def test_a_save_for_another_pack_or_altered_is_refused(tiny: World) -> None:
    save = Game.new(tiny, 9).advance("shore.arrive/climb").to_save()
    from dataclasses import replace

    with pytest.raises(SaveError, match="for pack 'other'"):
        Game.from_save(tiny, replace(save, pack_id="other"))
    with pytest.raises(SaveError, match="altered"):
        Game.from_save(tiny, replace(save, state_hash="0" * 64))
    with pytest.raises(SaveError, match=r"^step 1 of this save \(tower\.lamp/nothing\) is no "
                                        r"longer a choice the story offers there"):
        Game.from_save(tiny, replace(save, actions=("tower.lamp/nothing",)))


@pytest.mark.parametrize(("subject", "delta", "expected"), [
    ("bond.ada.bo.trust", 3, "good"), ("bond.ada.bo.tension", 3, "bad"),
    ("suspicion.bo", -2, "good"), ("suspicion_changed", 4, "bad"), ("infamy.port", 9, ""),
    ("foes_morale", -8, "good"), ("resource_changed", -10, "bad"), ("oil", 0, ""),
])
def test_the_tone_of_a_change(subject: str, delta: int, expected: str) -> None:
    from bonds.views.names import tone

    assert tone(subject, delta) == expected


def test_a_desk_verdict_reads_as_a_sentence(tiny: World) -> None:
    event = Event("desk_verdict", {"mission": "lamp_duty", "who": "ada", "partner": "bo",
                                   "eligible": False, "failed": ["r1"],
                                   "reasons": ["Too green.", "Too tired."]})
    [change] = changes_of(tiny, 2, [event], Names(tiny))
    assert change.text in ("The desk weighed Ada and Bo and set them aside. Too green. "
                           "Too tired.", "Ada and Bo would not do. Too green. Too tired.")
    assert change.figures == ()


def test_the_panel_shows_missions_and_keeps_the_rest_under_more(tiny: World) -> None:
    values = {"mission.keep_the_light.state": "active", "mission.keep_the_light.start": 1,
              "day": 2, "objective.keep_the_light.light_lamp": "done",
              "bondcap.ada.bo": "shore.arrive#1", "camp.fire": True,
              "memory.bo.ada.grudge": True, "suspicion.bo": 4}
    panel = panel_of(tiny, State("shore.arrive", values, 0), Names(tiny))
    [mission] = panel.missions
    assert (mission.name, mission.state, mission.days_left) == ("Keep the Light", "Active", 1)
    assert [(m.label, m.value, m.tone) for m in mission.objectives] == [
        ("Walk the gallery and ward the hatch.", "open", ""),
        ("Keep the lamp burning until the ship is in.", "done", "good")]
    assert [g.key for g in panel.groups] == ["suspicion"]
    assert [(g.title, [(m.label, m.value) for m in g.meters]) for g in panel.more] == [
        ("Camp", [("A fire lit", "yes")]),
        ("Remembered", [("Bo holds a grudge against Ada", "yes")])]


def test_a_rules_roll_is_labelled_readably(tiny: World) -> None:
    from bonds.views.narrative import roll_label

    names = Names(tiny)
    assert roll_label("flinch:bo:ada", names) == "Whether Bo flinches at Ada's touch"
    assert roll_label("unheard_of:bo", names) == "A roll"  # never a made-up label
    assert roll_label("bo resists ada's killing intent", names) == \
        "Bo resists Ada's killing intent"


def test_a_luck_line_rides_on_its_roll(tiny: World) -> None:
    roll = Event("roll", {"what": "tower.lamp/light", "chance": 80, "parts": [["base", 80]],
                          "value": 79, "success": True})
    [line] = tell_step(tiny, 3, [roll]).lines
    [beat] = beats_of(tiny, [roll], Names(tiny), {0: line.text})
    assert beat.roll is not None and beat.roll.value == 79 and beat.text == line.text
    assert line.text in ("It held, but only just.", "For a breath it could have gone either "
                         "way.", "It was closer than anyone would have liked.")


def test_a_foes_roll_is_good_news_when_it_fails() -> None:
    duel = load_pack(DUEL)
    rolls = [Event("roll", {"what": what, "chance": 50, "parts": [], "value": 70,
                            "success": False})
             for what in ("fight:raiders:attack:ash", "fight:ash:strike:raiders")]
    foe, hero = (b.roll for b in beats_of(duel, rolls, Names(duel)))
    assert foe is not None and foe.against and foe.good
    assert hero is not None and not hero.against and not hero.good
