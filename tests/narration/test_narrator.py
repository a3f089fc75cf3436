"""Telling a run: scene prose, choices as deeds, outcomes, points of view, repeats, notes."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.content.schema.narration import NarrationFile
from bonds.engine import ContentError, Event, World, replay, start, step
from bonds.narration import Run, play_bot, tell
from bonds.narration.facts import Lexicon
from bonds.narration.generic import GENERIC, GENERIC_REPEATS, GENERIC_WORDS
from bonds.narration.tell import narrate_events
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


def test_every_piece_of_prose_knows_where_it_came_from(tiny: World) -> None:
    work = tell(play_bot(tiny, "canon", 1))
    told = list(work.told())
    assert [(t.source, t.kind) for t in told] == [
        ("authored", "scene"), ("authored", "did"), ("authored", "scene"),
        ("authored", "did"), ("authored", "outcome"), ("authored", "scene")]
    assert all(t.events for t in told)


def test_a_choice_without_did_prose_is_told_from_its_label(tiny: World) -> None:
    work = tell(_run(tiny, 1, ["shore.arrive/climb", "tower.lamp/wait"]))
    told = work.chapters[0].sections[1].paragraphs[1]
    assert told in {"Bo chose to wait out the storm.",
                    "Bo made up his mind to wait out the storm.",
                    "In the end Bo decided to wait out the storm."}
    assert [t.source for t in told.told] == ["state"]  # a template, not the pack's prose


def test_a_deed_done_again_goes_untold_without_again_prose(tiny: World) -> None:
    actions = ["shore.arrive/fetch_oil", "shore.arrive/fetch_oil", "shore.arrive/climb",
               "tower.lamp/wait"]
    work = tell(_run(tiny, 4, actions))
    text = " ".join(p for c in work.chapters for s in c.sections for p in s.paragraphs)
    assert text.count("Ada hauled another barrel up from the cellar.") == 1
    assert not any(w in text for w in ("Once more", "Again ", "And once again"))


AGAIN = """\
- id: shore.arrive
  act: 1
  pov: ada
  title: The Shore
  text:
    - The wind had teeth tonight, and the tower stood black against it.
  again:
    - Back at the foot of the tower, the wind had not let up at all.
  choices:
    - id: climb
      label: Climb the tower
      did: Ada climbed the tower two steps at a time.
      goto: tower.lamp
    - id: fetch_oil
      label: Fetch more oil first
      did: Ada hauled another barrel up from the cellar.
      again:
        - She went down for one more, cursing the steps.
        - A third barrel came up.
      when: "oil < 5"
      effects: ["oil += 1"]
      goto: shore.arrive
"""


def test_again_prose_tells_a_return_and_a_repeated_deed(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    scenes = (TINY / "scenes" / "storm.yaml").read_text(encoding="utf-8")
    rest = scenes[scenes.index("- id: tower.lamp"):]
    world = load_pack(tiny_with({"scenes/storm.yaml": AGAIN + rest}))
    actions = ["shore.arrive/fetch_oil"] * 2 + ["shore.arrive/climb", "tower.lamp/wait"]
    work = tell(_run(world, 2, actions))
    pieces = [(t.kind, t.text) for t in work.told()][:6]
    assert pieces == [
        ("scene", "The wind had teeth tonight, and the tower stood black against it."),
        ("did", "Ada hauled another barrel up from the cellar."),
        ("again", "Back at the foot of the tower, the wind had not let up at all."),
        ("again", "She went down for one more, cursing the steps."),
        ("did", "Ada climbed the tower two steps at a time."),  # the return told once
        ("scene", "The lamp room smelt of salt and old smoke.")]


FORCE_DOOR = """    - id: force_door
      label: Force the cellar door
      check:
        chance: 50
        success:
          text: The door gave.
        failure:
          text: The cellar door stuck fast.
          again:
            - It stuck again, as if someone leaned on it from inside.
            - Once more the door would not move.
      goto: shore.arrive
"""


def test_a_branch_that_comes_up_again_tells_its_again_prose(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    """Found reading a run: a repeated day's failure told the same four sentences again."""
    scenes = (TINY / "scenes" / "storm.yaml").read_text(encoding="utf-8")
    at = scenes.index("- id: tower.lamp")
    world = load_pack(tiny_with({"scenes/storm.yaml": scenes[:at] + FORCE_DOOR + scenes[at:]}))
    state, events = start(world, 1)
    for _ in range(4):  # the door sticks four times running
        state, more = step(world, state, "shore.arrive/force_door", False)
        events.extend(more)
    work = tell(Run(world, 1, ("shore.arrive/force_door",) * 4, state, tuple(events), "test"))
    told = [t.text for t in work.told() if t.kind == "outcome"]
    assert told == ["The cellar door stuck fast.",
                    "It stuck again, as if someone leaned on it from inside.",
                    "Once more the door would not move."]  # the fourth goes untold


def test_same_choices_other_seeds_read_differently(tiny: World) -> None:
    actions = ["shore.arrive/climb", "tower.lamp/wait"]
    texts = {seed: str(_prose(tell(_run(tiny, seed, actions)).chapters))
             for seed in range(1, 7)}
    assert len(set(texts.values())) >= 2
    assert texts[3] == str(_prose(tell(_run(tiny, 3, actions)).chapters))


def test_a_light_change_goes_to_the_chapters_notes(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    quiet = load_pack(tiny_with({"narration.yaml": NARRATION}))
    assert isinstance(quiet.data["narration"], NarrationFile)
    run = _run(quiet, 1, ["shore.arrive/climb", "tower.lamp/light"])
    work = tell(run)
    assert "Oil sloshed" not in " ".join(p for s in work.chapters[0].sections
                                         for p in s.paragraphs)
    assert "Oil sloshed into the lamp's reservoir." in [n.text for n in work.chapters[0].notes]


def test_a_packs_salience_weaves_a_kind_into_the_prose(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    loud = load_pack(tiny_with({"narration.yaml": NARRATION + "salience:\n  value_changed: 80\n"}))
    bo = tell(_run(loud, 1, ["shore.arrive/climb", "tower.lamp/light"])).chapters[0] \
        .sections[1].paragraphs
    assert bo[1].startswith("Bo struck the match with shaking hands. Oil sloshed into "
                            "the lamp's reservoir.")


def test_a_bad_narration_file_is_a_load_error_with_its_line(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    root = tiny_with({"narration.yaml": "events:\n  roll:\n    - {txt: oops}\n"})
    with pytest.raises(ContentError) as info:
        load_pack(root)
    assert any(p.startswith("narration.yaml:3:") for p in info.value.problems)


def test_a_weight_out_of_range_is_a_load_error(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    root = tiny_with({"narration.yaml": "salience: {roll: 300}\n"})
    with pytest.raises(ContentError) as info:
        load_pack(root)
    assert any(p.startswith("narration.yaml:1:") for p in info.value.problems)


def test_changes_of_the_same_thing_in_one_step_add_up(
        tiny_with: Callable[[dict[str, str]], Path]) -> None:
    world = load_pack(tiny_with({"narration.yaml": NARRATION + "salience:\n  value_changed: 80\n"}))
    voice = Voice(1, GENERIC, GENERIC_REPEATS, GENERIC_WORDS, world.data["narration"])
    enter = Event("scene_entered", {"scene": "shore.arrive", "act": 1, "pov": "ada",
                                    "blocks": [0]})
    bump = [Event("value_changed", {"key": "oil", "old": n, "new": n + 1}) for n in range(4)]
    back = Event("value_changed", {"key": "oil", "old": 4, "new": 3})
    chapters = narrate_events(world, [enter, *bump, back], voice, Lexicon(world, voice.words))
    assert chapters[0].sections[0].paragraphs[1] == "Ada counted the barrels: 3 now."
    cancel = [enter, bump[0], Event("value_changed", {"key": "oil", "old": 1, "new": 0})]
    chapters = narrate_events(world, cancel, voice, Lexicon(world, voice.words))
    assert len(chapters[0].sections[0].paragraphs) == 1 and not chapters[0].notes
    assert "Oil sloshed" not in str(chapters)  # a rise and a fall that cancel: neither told


def test_the_point_of_view_chooses_the_words(tiny: World) -> None:
    voice_for = {seed: Voice(seed, GENERIC, GENERIC_REPEATS, GENERIC_WORDS)
                 for seed in range(1, 80)}
    change = Event("bond_changed", {"from": "ada", "to": "bo", "measure": "trust", "old": 20,
                                    "new": 23, "delta": 3, "reason": "she held the ladder",
                                    "watershed": False})

    def told(scene: str) -> set[str]:
        enter = Event("scene_entered", {"scene": scene, "act": 1, "blocks": [0]})
        return {narrate_events(tiny, [enter, change], v, Lexicon(tiny, v.words))[0]
                .notes[0].text for v in voice_for.values()}

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
