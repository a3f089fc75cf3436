"""The numbers setting in the views: odds in words, hints in the characters' terms, rolls
told from the player's side, whose choice it is, and nothing changed before a choice."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Event, World
from bonds.engine.preview import preview
from bonds.views import Game, Names, beats_of, choices_of, odds_words, step_view, viewpoint
from bonds.views.numbers import hint, numbers_setting

PACKS = Path(__file__).resolve().parents[1] / "packs"


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(PACKS / "duel")


@pytest.mark.parametrize(("percent", "words"), [
    (5, "a long shot"), (24, "a long shot"), (25, "unlikely"), (40, "even odds"),
    (60, "even odds"), (61, "likely"), (84, "likely"), (85, "all but certain"),
    (95, "all but certain")])
def test_odds_in_words(percent: int, words: str) -> None:
    assert odds_words(percent) == words


def test_a_stale_setting_reads_as_the_default() -> None:
    assert numbers_setting("full") == "full"
    assert numbers_setting("loud") == numbers_setting(None) == "words"


def test_hints_speak_of_the_characters(duel: World) -> None:
    names = Names(duel)
    assert hint("bond.ash.fen.trust", 3, names) == "Ash will trust Fen more"
    assert hint("bond.ash.fen.tension", -2, names) == "Things will ease between Ash and Fen"
    assert hint("suspicion.watchers", 4, names) == "The market watchers will grow more suspicious"
    assert hint("bond.ash.nobody.trust", 3, names) is None  # an id the pack does not name
    assert hint("oil", 1, names) is None


def test_each_setting_shows_its_share_of_a_choice(duel: World) -> None:
    game = Game.new(duel, 4)
    names = Names(duel)
    words, brief, full = (
        {c.action: c for c in choices_of(duel, game.state, game.options, names, preview, n)}
        for n in ("words", "brief", "full"))
    spar = "road.gate/spar"
    assert (words[spar].odds, words[spar].parts, words[spar].expected) == ("unlikely", (), ())
    assert words[spar].hints == ("If it works: Ash will fight better beside Fen",)
    assert brief[spar].odds == "31% chance" and brief[spar].parts == () and not brief[spar].hints
    assert [(e.text, e.detail, e.reasons) for e in brief[spar].expected] == [
        ("Ash → Fen, coordination", "+3 if it succeeds, nothing if not", ()),
        ("Ash and Fen, tension", "nothing if it succeeds, +5 if not", ())]
    assert full[spar].parts == (("quick hands", 10), ("coordination", 15), ("trust", 6))
    assert [e.reasons for e in full[spar].expected] == [("caught mid-fall",),
                                                         ("a bruised elbow",)]
    oath = "road.gate/oath"  # no roll: exactly what it does, one whole number
    assert [e.text for e in brief[oath].expected] == ["Ash → Fen, trust +12"]
    assert words[oath].odds is None and words[oath].hints == ("Ash will trust Fen more",)


def test_whose_choice_and_nothing_changed_before_the_first(duel: World) -> None:
    game = Game.new(duel, 4)
    names = Names(duel)
    assert viewpoint(duel, game.state, names) == "As Ash"
    assert step_view(game, names).changes == ()
    assert step_view(game.advance("road.gate/oath"), names).changes != ()


def test_a_flinch_that_fails_is_good_news_told_in_its_own_words(duel: World) -> None:
    names = Names(duel)
    kept = Event("roll", {"what": "flinch:ash:fen", "chance": 33, "parts": [], "value": 93,
                          "success": False})
    [beat] = beats_of(duel, [kept], names)
    assert beat.roll is not None and beat.roll.good and beat.roll.against
    assert beat.roll.verdict == "Ash kept a straight face"
    assert beat.roll.what == "Whether Ash flinches at Fen's touch"
    chose = Event("roll", {"what": "road.gate/spar", "chance": 31, "parts": [], "value": 71,
                           "success": False})
    [beat] = beats_of(duel, [chose], names)
    assert beat.roll is not None and beat.roll.verdict == "it went against you"
