"""One step told for the play screens (``tell_step``), and possessives of plural groups."""

from __future__ import annotations

from bonds.engine import Event, World
from bonds.narration import StepLine, tell_step
from bonds.narration.voice import Named, fill


def _bond(a: str, b: str, delta: int, reason: str) -> Event:
    return Event("bond_changed", {"from": a, "to": b, "measure": "trust", "delta": delta,
                                  "new": 30 + delta, "reason": reason, "watershed": False})


def test_each_sentence_names_the_events_it_tells(tiny: World) -> None:
    events = [Event("choice_made", {"scene": "shore.arrive", "choice": "climb",
                                    "action": "shore.arrive/climb"}),
              _bond("ada", "bo", 2, "a rope held fast"),
              _bond("bo", "ada", 2, "a rope held fast"),
              Event("flag_changed", {"flag": "x", "value": True}),
              Event("suspicion_changed", {"observer": "bo", "delta": 3, "new": 3,
                                          "reason": "a light seen from the sea"})]
    lines = tell_step(tiny, 4, events, "shore.arrive")
    assert [line.events for line in lines] == [(1, 2), (4,)]
    assert "a rope held fast" in lines[0].text and "Ada" in lines[0].text
    assert "a light seen from the sea" in lines[1].text


def test_the_start_index_words_a_step_as_the_whole_run_does(tiny: World) -> None:
    change = _bond("ada", "bo", 4, "the lamp kept lit")
    alone = {tell_step(tiny, 9, [change], start=n)[0].text for n in range(12)}
    assert len(alone) > 1  # the variant depends on the event's place in the run
    padding = [Event("flag_changed", {"flag": "x", "value": True})] * 7
    in_run = tell_step(tiny, 9, [*padding, change])
    assert in_run == [StepLine(tell_step(tiny, 9, [change], start=7)[0].text, (7,))]


def test_nothing_is_told_of_the_packs_own_prose(tiny: World) -> None:
    game = [Event("choice_made", {"scene": "shore.arrive", "choice": "nope",
                                  "action": "shore.arrive/nope"}),
            Event("scene_entered", {"scene": "tower.lamp", "blocks": [0]})]
    assert tell_step(tiny, 1, game) == []


def test_a_plural_groups_possessive_takes_a_bare_apostrophe() -> None:
    fields = {"by": Named("the raiders", "other"), "club": Named("the Red Lotus", "other"),
              "who": Named("Iris", "woman"), "saver": Named("Fen", "man")}
    assert fill("{saver} dodged {by}'s attack and {club}'s eye, not {who}'s.", fields) == \
        "Fen dodged the raiders' attack and the Red Lotus's eye, not Iris's."
    assert fill("{saver.his}'s", fields) == "His's"  # kept as written after a pronoun
