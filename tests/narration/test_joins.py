"""Events told together, lines for "the same again", and points of view on a return to a
scene: what keeps a told run from reading like a log."""

from __future__ import annotations

import pytest

from bonds.content import load_pack
from bonds.engine import Event, World
from bonds.narration import tell_step
from bonds.narration._joins import joined
from bonds.narration.facts import Lexicon
from bonds.narration.generic import GENERIC, GENERIC_REPEATS, GENERIC_WORDS
from bonds.narration.tell import narrate_events
from bonds.narration.voice import Voice

from .conftest import TINY

DUEL = TINY.parent / "duel"


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(DUEL)


def _told(world: World, events: list[Event], seed: int = 1) -> list[list[str]]:
    voice = Voice(seed, GENERIC, GENERIC_REPEATS, GENERIC_WORDS,
                  world.data.get("narration"))
    chapters = narrate_events(world, events, voice, Lexicon(world, voice.words))
    return [s.paragraphs for c in chapters for s in c.sections]


def _lines(world: World, events: list[Event], seed: int = 1) -> list[str]:
    """Every sentence of changes told, prose or margin."""
    return [line.text for line in tell_step(world, seed, events).lines]


def _enter(scene: str, blocks: tuple[int, ...] = ()) -> Event:
    return Event("scene_entered", {"scene": scene, "act": 1, "blocks": list(blocks)})


def _fight(kind: str, **data: object) -> Event:
    return Event(kind, {"fight": "toll_yard", **data})


def test_a_blow_and_the_wound_it_leaves_are_joined(duel: World) -> None:
    events = [_enter("road.yard"),
              _fight("fighter_hurt", who="ash", by="raiders", damage=1, hp=9),
              Event("injured", {"who": "ash", "injury": "cut", "step": "shallow", "old": "",
                                "reason": "a blow from the raiders"})]
    assert joined(events) == {1: [2]}


def test_talk_in_a_town_names_the_factions_it_reached(duel: World) -> None:
    events = [Event("infamy_changed", {"region": "saltmarch", "delta": 8, "new": 8,
                                       "reason": "a brawl at the gate"}),
              Event("attention_changed", {"faction": "guild", "delta": 3, "new": 3,
                                          "reason": "word travels: a brawl at the gate"}),
              Event("attention_changed", {"faction": "tollmen", "delta": 2, "new": 2,
                                          "reason": "word travels: a brawl at the gate"})]
    lines = tell_step(duel, 2, events).lines
    assert [line.events for line in lines] == [(0, 1, 2)]
    assert "the Salt March" in lines[0].text and "a brawl at the gate" in lines[0].text
    assert "the Couriers' Guild and the toll gang" in lines[0].text
    assert "word travels" not in lines[0].text


def test_two_people_resting_or_falling_are_one_sentence(tiny: World) -> None:
    events = [Event("rested", {"who": "bo", "hours": 3}),
              Event("resource_changed", {"who": "bo", "old": 10, "new": 20, "delta": 10,
                                       "reason": "rest"}),
              Event("rested", {"who": "ada", "hours": 7})]
    [line] = _lines(tiny, events)
    assert line in {"Ada slept seven hours; Bo managed three hours.",
                    "Ada got seven hours of sleep, and Bo only three hours."}
    exiled = [Event("standing_changed", {"who": who, "old": old, "new": "exiled"})
              for who, old in (("ada", "good"), ("bo", "disgraced"))]
    [line] = _lines(tiny, exiled)
    assert "Ada" in line and "Bo" in line and line.count(".") == 1


def test_orders_changed_together_are_one_sentence(tiny: World) -> None:
    drops = [Event("objective_changed", {"mission": "keep_the_light", "objective": goal,
                                         "old": "open", "new": "dropped"})
             for goal in ("walk_rounds", "light_lamp")]
    [line] = _lines(tiny, drops)
    assert line == ("Two orders on the scroll were let go together: walk the gallery and "
                    "ward the hatch; and keep the lamp burning until the ship is in.")


def test_numbers_in_prose_are_words(tiny: World) -> None:
    days = [Event("value_changed", {"key": "day", "old": 3, "new": 93})]
    assert _lines(tiny, days)[0] in {"Three months went by.", "Three months passed."}
    walk = [Event("travelled", {"start": "shore", "end": "tower", "hours": 14})]
    [line] = _lines(tiny, walk)
    assert "fourteen hours" in line.lower() and "14" not in line
    short = [Event("travelled", {"start": "shore", "end": "tower", "hours": 1})]
    assert _lines(tiny, short) == []  # a short walk goes untold


def test_a_return_to_a_scene_from_another_side_is_a_section_break(tiny: World) -> None:
    light = Event("choice_made", {"scene": "tower.lamp", "choice": "light",
                                  "action": "tower.lamp/light"})
    events = [_enter("shore.arrive", (0,)), _enter("tower.lamp", (0,)),
              _enter("shore.arrive", (0,)), _enter("tower.lamp", (0,)), light]
    voice = Voice(1, GENERIC, GENERIC_REPEATS, GENERIC_WORDS)
    [chapter] = narrate_events(tiny, events, voice, Lexicon(tiny, voice.words))
    assert [(s.pov, len(s.paragraphs)) for s in chapter.sections] == [
        ("Ada", 1), ("Bo", 2)]


def test_a_reason_the_deed_already_gave_is_not_given_again(tiny: World) -> None:
    fetch = Event("choice_made", {"scene": "shore.arrive", "choice": "fetch_oil",
                                  "action": "shore.arrive/fetch_oil"})
    change = Event("bond_changed", {"from": "bo", "to": "ada", "measure": "trust",
                                    "delta": 12, "new": 32, "watershed": False,
                                    "reason": "another barrel hauled from the cellar"})
    [paragraphs] = _told(tiny, [_enter("shore.arrive", (0,)), fetch, change])
    assert "cellar" not in paragraphs[1].split(". ", 1)[1]  # a large change: in the prose
    assert "Bo" in paragraphs[1] and "Ada" in paragraphs[1]
    [note] = _lines(tiny, [_enter("shore.arrive", (0,)), fetch,
                           Event("bond_changed", {**change.data, "delta": 2})])
    assert "another barrel hauled from the cellar" in note  # the margin says why


def test_the_fight_field_names_each_heros_state_in_words(duel: World) -> None:
    from bonds.engine import start, step
    from bonds.rules.combat import SKIRMISH

    state, _ = start(duel, 3)
    state, _ = step(duel, state, "road.gate/fight")
    assert state.scene == "road.yard"
    heroes = dict(SKIRMISH.describe_field(duel, state).facts)
    assert heroes["Ash"] == "fighting, 100 breath left"


def test_a_faction_named_in_what_happened_does_not_hear_of_it_as_news(duel: World) -> None:
    """Found reading a run: the gang heard "word" of a fight in its own tea house."""
    reason = "a brawl in the toll gang's yard"
    events = [Event("infamy_changed", {"region": "saltmarch", "delta": 8, "new": 8,
                                       "reason": reason}),
              Event("attention_changed", {"faction": "guild", "delta": 3, "new": 3,
                                          "reason": f"word travels: {reason}"}),
              Event("attention_changed", {"faction": "tollmen", "delta": 2, "new": 2,
                                          "reason": f"word travels: {reason}"})]
    [line] = tell_step(duel, 2, events).lines
    assert line.events == (0, 1, 2)  # the gang's attention is told with it, not apart
    assert "the Couriers' Guild" in line.text
    assert line.text.count("toll gang") == 1  # named once, in what happened


def test_watchers_moved_by_the_same_thing_are_one_sentence(duel: World) -> None:
    """Found reading a run: one technique seen by two watchers made two notes."""
    seen = [Event("suspicion_changed", {"observer": who, "key": f"suspicion.{who}", "old": 0,
                                        "new": 3, "delta": 3,
                                        "reason": "Ash used Spark where anyone could see"})
            for who in ("tollmen", "watchers")]
    [line] = _lines(duel, seen)
    assert "the toll gang and the market watchers" in line.lower()


def test_the_tension_an_opening_lowers_is_told_with_it_never_as_a_break(duel: World) -> None:
    """Found reading a run: "the word said and meant" raised openness (told as a moment that
    changed things) and lowered tension, told as "A crack ran between them"."""
    why = "the word said and meant"
    events = [Event("bond_changed", {"from": a, "to": b, "measure": m, "delta": d,
                                     "new": 40 + d, "watershed": True, "reason": why,
                                     "key": f"bond.{a}.{b}.{m}"})
              for a, b, m, d in (("ash", "fen", "openness", 10), ("ash", "fen", "tension", -10),
                                 ("fen", "ash", "openness", 10), ("fen", "ash", "tension", -2))]
    for seed in range(1, 6):
        lines = tell_step(duel, seed, events).lines
        assert len(lines) == 1, [line.text for line in lines]
        assert not any(word in lines[0].text for word in ("broke", "crack", "tightened"))
