"""Telling a run: scene prose, choices as deeds, outcomes, points of view and repeats."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.content.schema.narration import NarrationFile
from bonds.engine import ContentError, Event, World, replay
from bonds.narration import Run, play_bot, tell
from bonds.narration.facts import Lexicon
from bonds.narration.generic import GENERIC, GENERIC_REPEATS, GENERIC_WORDS
from bonds.narration.narrator import narrate_events
from bonds.narration.voice import Voice

from .conftest import TINY

NARRATION = """\
events:
  value_changed:
    - text: "{pov} counted the barrels: {new} now."
      when: {key: oil, direction: up}
    - text: "Oil sloshed into the lamp's reservoir."
      when: {key: oil, direction: down}
  flag_changed:
    - "The light would hold till morning."
    - "Nothing now would put that light out."
    - "The lamp would burn all night."
    - "Whatever the wind did, the flame stayed."
repeats:
  value_changed:
    - "{more} more barrels followed the first."
words:
  oil: lamp oil
"""


TINY_CHARACTERS = (TINY / "characters.yaml").read_text(encoding="utf-8")


def _prose(work_chapters: list) -> list[list[tuple[str | None, list[str]]]]:
    return [[(s.pov, s.paragraphs) for s in c.sections] for c in work_chapters]


def _run(world: World, seed: int, actions: list[str]) -> Run:
    state, events = replay(world, seed, actions)
    return Run(world, seed, tuple(actions), state, tuple(events), "test")


def test_canon_run_reads_as_prose_with_points_of_view(tiny: World) -> None:
    work = tell(play_bot(tiny, "canon", 1))
    assert [c.title for c in work.chapters] == ["The Storm"]
    assert _prose(work.chapters) == [[
        ("Ada", ["The wind had teeth tonight, and the tower stood black against it.",
                 "Ada climbed the tower two steps at a time."]),
        ("Bo", ["The lamp room smelt of salt and old smoke.",
                "Bo struck the match with shaking hands. The flame caught.",
                "The beam swept the water, and far out a ship turned towards it."]),
    ]]
    assert work.words == 53
    assert work.header.ending == "Safe Harbour"


def test_a_choice_without_did_prose_is_told_from_its_label(tiny: World) -> None:
    work = tell(_run(tiny, 1, ["shore.arrive/climb", "tower.lamp/wait"]))
    told = work.chapters[0].sections[1].paragraphs[1]
    assert told in {"Bo chose to wait out the storm.",
                    "Bo made up his mind to wait out the storm.",
                    "In the end Bo decided to wait out the storm."}


def test_the_same_choice_again_is_summarised_and_revisits_repeat_nothing(tiny: World
                                                                         ) -> None:
    actions = ["shore.arrive/fetch_oil", "shore.arrive/fetch_oil", "shore.arrive/climb",
               "tower.lamp/wait"]
    paragraphs = tell(_run(tiny, 4, actions)).chapters[0].sections[0].paragraphs
    assert paragraphs[0] == "The wind had teeth tonight, and the tower stood black against it."
    assert paragraphs[1] in {
        "Ada hauled another barrel up from the cellar. " + again for again in (
            "Ada did it again.", "Then she did it a second time.",
            "Ada went back and did the same once more.")}
    assert paragraphs[2] == "Ada climbed the tower two steps at a time."
    assert len(paragraphs) == 3


def test_same_choices_other_seeds_read_differently(tiny: World) -> None:
    actions = ["shore.arrive/climb", "tower.lamp/wait"]
    events = {seed: _run(tiny, seed, actions).events[1:] for seed in range(1, 7)}
    assert all(e == events[1] for e in events.values())
    texts = {seed: str(_prose(tell(_run(tiny, seed, actions)).chapters))
             for seed in range(1, 7)}
    assert len(set(texts.values())) >= 2
    assert texts[3] == str(_prose(tell(_run(tiny, 3, actions)).chapters))


def test_pack_voice_is_loaded_and_varies_by_seed(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    world = load_pack(tiny_with({"narration.yaml": NARRATION}))
    assert isinstance(world.data["narration"], NarrationFile)
    lines = set()
    for seed in range(1, 30):
        run = _run(world, seed, ["shore.arrive/climb", "tower.lamp/light"])
        if run.state.ending != "safe_harbour":
            continue
        bo = tell(run).chapters[0].sections[1].paragraphs
        assert bo[1].startswith("Bo struck the match with shaking hands. Oil sloshed into "
                                "the lamp's reservoir.")
        lines.add(bo[1])
    assert len(lines) >= 3


def test_a_bad_narration_file_is_a_load_error_with_its_line(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    root = tiny_with({"narration.yaml": "events:\n  roll:\n    - {txt: oops}\n"})
    with pytest.raises(ContentError) as info:
        load_pack(root)
    assert any(p.startswith("narration.yaml:3:") for p in info.value.problems)


def test_a_run_of_the_same_event_is_summarised(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    world = load_pack(tiny_with({"narration.yaml": NARRATION}))
    voice = Voice(1, GENERIC, GENERIC_REPEATS, GENERIC_WORDS, world.data["narration"])
    bump = [Event("value_changed", {"key": "oil", "old": n, "new": n + 1}) for n in range(4)]
    events = [Event("scene_entered", {"scene": "shore.arrive", "act": 1, "pov": "ada",
                                      "blocks": [0]}), *bump,
              Event("value_changed", {"key": "oil", "old": 5, "new": 4})]
    chapters = narrate_events(world, events, voice, Lexicon(world, voice.words))
    assert chapters[0].sections[0].paragraphs[1] == (
        "Ada counted the barrels: 1 now. Three more barrels followed the first. "
        "Oil sloshed into the lamp's reservoir.")


def test_two_of_the_same_are_both_told(tiny: World) -> None:
    voice = Voice(1, GENERIC, GENERIC_REPEATS, GENERIC_WORDS)
    days = [Event("value_changed", {"key": "day", "old": n, "new": n + 1}) for n in (1, 2)]
    chapters = narrate_events(tiny, days, voice, Lexicon(tiny, voice.words))
    told = chapters[0].sections[0].paragraphs[0]
    assert len(told.split(". ")) == 2 and "more" not in told


def test_the_point_of_view_chooses_the_words(tiny: World) -> None:
    voice_for = {seed: Voice(seed, GENERIC, GENERIC_REPEATS, GENERIC_WORDS)
                 for seed in range(1, 80)}
    change = Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust", "old": 20,
                                    "new": 23, "delta": 3, "reason": "she held the ladder",
                                    "watershed": False})

    def told(scene: str) -> set[str]:
        enter = Event("scene_entered", {"scene": scene, "act": 1, "blocks": []})
        return {narrate_events(tiny, [enter, change], v, Lexicon(tiny, v.words))[0]
                .sections[0].paragraphs[0] for v in voice_for.values()}

    as_bo, as_ada = told("tower.lamp"), told("shore.arrive")
    assert "Bo felt Ada lean on him a little more: she held the ladder." in as_bo
    assert "Ada caught herself relying on Bo without a second thought: she held the " \
           "ladder." in as_ada
    assert not any("felt Ada lean" in line for line in as_ada)
    assert not any("caught herself" in line for line in as_bo)


def test_the_end_note_gives_days_the_bond_and_who_lived(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    characters = (TINY_CHARACTERS + "bonds:\n  - {from: ada, to: bo, trust: 30}\n")
    world = load_pack(tiny_with({"characters.yaml": characters,
                                 "narration.yaml": "fates: {bo: {flag: lit}, "
                                                   "ada: {endings: [dark_night]}}\n"}))
    note = dict(tell(play_bot(world, "canon", 1)).end_note)
    assert note == {
        "Ending": "Safe Harbour. The lamp burns and the ship comes in.",
        "Days": "1 day",
        "Choices made": "2",
        "Ada towards Bo": "trust 30, ease 20, sense of timing 20, openness 20, tension 0, "
                          "stage: pretence",
        "Lived": "Ada",
        "Died": "Bo",
    }
