"""One step told for the play screens (``tell_step``), and possessives of plural groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Event, World, legal_actions, start, step
from bonds.narration import Prose, tell, tell_step
from bonds.narration.narrator import step_starts
from bonds.narration.runs import Run
from bonds.narration.voice import Named, fill

PACKS = Path(__file__).resolve().parents[1] / "packs"


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
    lines = tell_step(tiny, 4, events).lines
    assert [line.events for line in lines] == [(1, 2), (4,)]
    assert "a rope held fast" in lines[0].text and "Ada" in lines[0].text
    assert "a light seen from the sea" in lines[1].text
    assert {line.place for line in lines} == {"note"}  # small moves: the margin


@pytest.mark.parametrize("pack", ["tiny", "duel"])
def test_a_step_on_screen_is_the_step_in_the_export(pack: str) -> None:
    """Told over the run so far, every step reads on screen as it reads in the export (a
    fight's steps too)."""
    tiny = load_pack(PACKS / pack)
    for seed in range(1, 9):
        state, events = start(tiny, seed)
        actions: list[str] = []
        firsts = [0]
        while state.ending is None and len(actions) < 80:
            options = legal_actions(tiny, state)
            action = options[(seed + len(actions)) % len(options)]
            actions.append(action)
            firsts.append(len(events))
            state, more = step(tiny, state, action)
            events.extend(more)
        work = tell(Run(tiny, seed, tuple(actions), state, tuple(events), "test"))
        exported = list(work.told())
        for n, first in enumerate(firsts):
            end = firsts[n + 1] if n + 1 < len(firsts) else len(events)
            shown = [t.text for item in tell_step(tiny, seed, events[:end], first).items
                     if isinstance(item, Prose) for t in item.told]
            assert shown == [t.text for t in exported if first <= t.events[0] < end]


def test_a_steps_own_prose_is_no_line_of_changes(tiny: World) -> None:
    game = [Event("choice_made", {"scene": "shore.arrive", "choice": "nope",
                                  "action": "shore.arrive/nope"}),
            Event("scene_entered", {"scene": "tower.lamp", "blocks": [0]})]
    telling = tell_step(tiny, 1, game)
    assert telling.lines == ()
    assert [t.source for t in telling.prose()] == ["state", "authored"]


def test_steps_begin_at_each_choice_and_each_fight_move(tiny: World) -> None:
    events = [Event("game_started", {}), Event("scene_entered", {"scene": "shore.arrive"}),
              Event("choice_made", {"scene": "shore.arrive"}), Event("flag_changed", {}),
              Event("choice_made", {"scene": "shore.arrive"})]
    assert step_starts(tiny, events) == [0, 2, 4]


def test_a_plural_groups_possessive_takes_a_bare_apostrophe() -> None:
    fields = {"by": Named("the raiders", "other"), "club": Named("the Red Lotus", "other"),
              "who": Named("Iris", "woman"), "saver": Named("Fen", "man")}
    assert fill("{saver} dodged {by}'s attack and {club}'s eye, not {who}'s.", fields) == \
        "Fen dodged the raiders' attack and the Red Lotus's eye, not Iris's."
    assert fill("{saver.his}'s", fields) == "His's"  # kept as written after a pronoun
