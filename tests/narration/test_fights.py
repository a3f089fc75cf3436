"""Fights told as scenes: beats picked by the most specific match, a step in one to three
sentences, the floor always told, one authoritative end, and framing that agrees with the
odds."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from bonds.content import load_pack
from bonds.engine import Event, World
from bonds.narration import Prose, play_bot, sentences, tell, tell_step
from bonds.narration._beatbook import BeatBook
from bonds.narration._beats import beat, odds_of, word_of
from bonds.narration._fight import BEAT_FIELDS
from bonds.narration.voice import Named

from .conftest import TINY

DUEL = TINY.parent / "duel"
CAMPAIGN = TINY.parents[2] / "campaigns" / "unbreakable_bonds"


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(DUEL)


def _f(kind: str, **data: object) -> Event:
    return Event(kind, {"fight": "toll_yard", **data})


def _roll(what: str, chance: int, success: bool) -> Event:
    return Event("roll", {"what": what, "chance": chance, "parts": [], "value": 50,
                          "success": success})


def _fight(hero: int, foe: int, outcome: str) -> list[Event]:
    """A short fight at the toll yard whose rolls ran at these chances, ending so."""
    events = [Event("scene_entered", {"scene": "road.yard", "act": 1, "blocks": [0]}),
              _f("fight_started", heroes=["ash", "fen"], foes=14, rounds=8)]
    for n in range(3):
        action = "fight:ash:strike:raiders"
        events += [_f("fight_action", who="ash", action=action),
                   _roll(action, hero, True),
                   _f("foes_hurt", foe="raiders", by="ash", damage=1, down=1, left=9 - n),
                   _roll("fight:raiders:attack:fen", foe, False)]
    events += [_f("fight_action", who="ash", action="fight:ash:strike:raiders"),
               _f("fight_ended", outcome=outcome, rounds=3, property=0, harmed=0, downed=3)]
    return events


def test_the_most_specific_beat_wins_and_the_packs_come_first() -> None:
    class Model:
        def __init__(self, text: str, **when: object) -> None:
            self.text, self.when = text, when

    class Spec:
        beats = [Model("{who} hit the raiders.", event="strike"),
                 Model("{who} hit the raiders in the yard.", event="strike", zone="yard")]

    book = BeatBook({"fights": {"toll_yard": Spec()}, "fight_beats": []})
    fields = {"who": Named("Ash", "man"), "foe": Named("the raiders", "other")}
    facts = {"event": "strike", "outcome": "hit", "zone": "yard"}
    always: Callable[[str], bool] = lambda text: True  # noqa: E731
    assert book.tell("toll_yard", facts, fields, 1, 0, always) == \
        "Ash hit the raiders in the yard."
    assert book.tell("toll_yard", {**facts, "zone": "road"}, fields, 1, 0, always) == \
        "Ash hit the raiders."  # the pack's, though the engine's names the outcome too
    spent = {"Ash hit the raiders.", "Ash hit the raiders in the yard."}
    told = book.tell("toll_yard", facts, fields, 1, 0, lambda text: text not in spent)
    assert told is not None and told not in spent  # spent lines give way to the engine's
    assert beat("x", event=["strike", "throw"]).fits({"event": "throw"}, {})
    assert not beat("x", event=["strike", "throw"]).fits({"event": "move"}, {})


def test_odds_and_chances_read_as_words() -> None:
    assert [word_of(c) for c in (20, 50, 80, None)] == ["long", "even", "likely", "even"]
    assert odds_of([90, 85], [20, 30]) == "likely"
    assert odds_of([30], [60]) == "long"
    assert odds_of([60], []) == "even"


def test_a_fights_framing_agrees_with_its_odds(duel: World) -> None:
    def end_line(events: list[Event], seed: int) -> str:
        telling = tell_step(duel, seed, events, len(events) - 2)
        return [t.text for t in telling.prose()][-1]

    easy = {end_line(_fight(90, 15, "win"), seed) for seed in range(12)}
    hard = {end_line(_fight(25, 60, "win"), seed) for seed in range(12)}
    even = {end_line(_fight(55, 40, "win"), seed) for seed in range(12)}
    assert easy <= {"In the end it was no contest: they had won.",
                    "It was as one-sided as the odds had promised: they had won."}
    assert hard == {"Nobody would have bet on it, and they had won anyway."}
    assert not any("no contest" in line or "odds" in line for line in hard | even)


def test_a_fight_step_is_told_in_one_to_three_sentences_and_the_end_always(
        duel: World) -> None:
    told_any = False
    for seed in range(1, 40):
        run = play_bot(duel, "random", seed)
        events = run.events
        starts = [i for i, e in enumerate(events) if e.kind == "fight_action"]
        for n, first in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(events)
            if any(e.kind in ("fight_ended", "scene_entered") for e in events[first:end]):
                continue
            beats = [t for t in tell_step(duel, seed, events[:end], first).prose()
                     if t.source == "beat"]
            floors = sum(1 for e in events[first:end]
                         if e.kind in ("fighters_arrive", "fighter_down", "foes_broke"))
            assert len(beats) <= 3 + floors
            told_any = told_any or bool(beats)
        ended = [e for e in events if e.kind == "fight_ended"]
        if ended:
            ends = [t for t in tell(run).told() if t.source == "beat"
                    and set(t.events) & {i for i, e in enumerate(events)
                                         if e.kind == "fight_ended"}]
            assert len(ends) == len(ended)  # one authoritative outcome line a fight
    assert told_any


def test_fighters_who_come_late_are_told_coming_in() -> None:
    """A group that joins a fight late is always told arriving, however busy the round:
    a reader should not meet it first in somebody's blow."""
    campaign = load_pack(CAMPAIGN)
    arrivals = 0
    for seed in range(1, 9):
        run = play_bot(campaign, "random", seed)
        came = {i for i, e in enumerate(run.events) if e.kind == "fighters_arrive"}
        told = {i for line in tell(run).told() if line.source == "beat" for i in line.events}
        assert came <= told, (seed, sorted(came - told))
        arrivals += len(came)
    assert arrivals


def test_no_blades_in_a_fight_with_bare_hands() -> None:
    campaign = load_pack(CAMPAIGN)
    onsen = campaign.data["fights"]["onsen_ambush"]
    assert onsen.beats
    assert not any(re.search(r"blade|sword|knife", b.text) for b in onsen.beats)


def test_every_campaign_beat_names_facts_a_moment_has() -> None:
    campaign = load_pack(CAMPAIGN)
    for fight in campaign.data["fights"].values():
        for b in fight.beats:
            names = set(re.findall(r"\{([a-z_]+)", b.text)) | set(b.when)
            assert names <= BEAT_FIELDS, (fight.id, b.text, names - BEAT_FIELDS)


def test_a_campaign_fight_reads_as_a_scene_with_its_own_beats() -> None:
    campaign = load_pack(CAMPAIGN)
    own = {b.text.split("{")[0][:25] for f in campaign.data["fights"].values()
           for b in f.beats}
    for seed in (1, 2, 3):
        work = tell(play_bot(campaign, "canon", seed))
        beats = [t.text for t in work.told() if t.source == "beat"]
        assert beats, "the canon run's brawl is told by its beats"
        assert any(text.startswith(tuple(o for o in own if o)) for text in beats)
        assert len(beats) <= 40
        seen: set[str] = set()
        for text in beats:
            for sentence in sentences.split(text):
                key = sentences.key(sentence)
                assert not (sentences.is_long(sentence) and key in seen), sentence
                seen.add(key)
        prose = [item for item in work.chapters]
        assert prose


def test_the_end_says_who_stood_and_who_did_not(duel: World) -> None:
    events = [Event("scene_entered", {"scene": "road.yard", "act": 1, "blocks": [0]}),
              _f("fight_started", heroes=["ash", "fen"], foes=14, rounds=8),
              _f("fight_action", who="ash", action="fight:ash:dodge"),
              _f("dodging", who="ash"),
              _roll("fight:raiders:attack:fen", 60, True),
              _f("fighter_hurt", who="fen", by="raiders", damage=9, hp=0),
              _f("fighter_down", who="fen", by="raiders"),
              _f("fight_action", who="ash", action="fight:ash:flee"),
              _f("fighter_fled", who="ash"),
              _f("fight_ended", outcome="fled", rounds=2, property=0, harmed=0, downed=0)]
    telling = tell_step(duel, 1, events, 7)
    last = [item for item in telling.items if isinstance(item, Prose)][-1].told[-1].text
    assert "Ash" in last and "Fen" in last
