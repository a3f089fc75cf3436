"""Prose that reads the state: ``{fields}`` in scene text, ``did`` and outcome text are
checked at load and filled, from the values the event recorded, when the run is told."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.content.prose import fill_prose
from bonds.engine import ContentError, replay, start, step
from bonds.narration import export_run


def export_text(world: object, seed: int, actions: list[str]) -> str:
    state, events = replay(world, seed, actions)  # type: ignore[arg-type]
    return export_run(world, seed, actions, state, events, "md").decode()  # type: ignore[arg-type]

SCENES = """\
- id: shore.arrive
  act: 1
  pov: ada
  title: The Shore
  text:
    - "{ada} counted the barrels on the {day.nth} day: {oil} of them. {bo.He} said nothing."
  choices:
    - id: climb
      label: Climb the tower
      did: "{ada} climbed with {oil.num} barrels' worth of worry."
      goto: tower.lamp
    - id: fetch_oil
      label: Fetch more oil first
      did: Ada hauled another barrel up from the cellar.
      when: "oil < 5"
      effects: ["oil += 1"]
      goto: shore.arrive
- id: tower.lamp
  act: 1
  pov: bo
  text:
    - "{{The lamp}} room smelt of salt and old smoke."
  choices:
    - id: light
      label: Light the lamp
      effects: ["oil -= 1"]
      check:
        chance: 100
        success:
          text: "The flame caught, with {oil} barrels left."
          goto: end.safe
        failure:
          text: The wick drowned in a gust.
          goto: end.dark
- id: end.safe
  act: 1
  ending: safe_harbour
  text: [The ship came in.]
- id: end.dark
  act: 1
  ending: dark_night
  text: [The ship was lost.]
"""


def test_fields_are_filled_with_the_values_as_they_were(pack_copy: Callable[..., Path]
                                                        ) -> None:
    world = load_pack(pack_copy({"scenes/storm.yaml": SCENES, "canon.yaml": None}))
    state, events = replay(world, 1, ["shore.arrive/fetch_oil", "shore.arrive/climb",
                                      "tower.lamp/light"])
    entered = [e for e in events if e.kind == "scene_entered" and e.data["scene"] ==
               "shore.arrive"]
    assert [e.data["fields"] for e in entered] == [{"day": 1, "oil": 3}, {"day": 1, "oil": 4}]
    text = export_text(world, 1, ["shore.arrive/fetch_oil", "shore.arrive/climb",
                                  "tower.lamp/light"])
    assert "Ada counted the barrels on the first day: three of them. He said nothing." in text
    assert "Ada climbed with 4 barrels' worth of worry." in text
    assert "The flame caught, with three barrels left." in text
    assert "{The lamp} room smelt of salt" in text
    assert "{" not in text.replace("{The lamp}", "")


@pytest.mark.parametrize(("text", "message"), [
    ("The {coin} glinted.", "expected a quality or a character in {...}, found unknown name "
                            "'coin'"),
    ("{lamp_lit} was all that mattered.", "which is true or false"),
    ("{ada.nth} came first.", "expected a pronoun form of 'ada'"),
    ("A {broken field} here.", "expected a field such as {name}"),
])
def test_a_field_the_pack_cannot_fill_is_a_load_error(
        pack_copy: Callable[..., Path], text: str, message: str) -> None:
    scenes = SCENES.replace("{{The lamp}} room smelt", text.replace('"', "'") + " It smelt")
    with pytest.raises(ContentError) as caught:
        load_pack(pack_copy({"scenes/storm.yaml": scenes, "canon.yaml": None}))
    assert any(p.startswith("scenes/storm.yaml:22:") and message in p
               for p in caught.value.problems), caught.value.problems


def test_a_field_starting_a_sentence_is_a_capital() -> None:
    people = {"bo": ("Bo", "man")}
    words = {3: "three"}
    filled = fill_prose("Rain. {oil} barrels; {bo.his} hands shook. \u201c{oil} left.\u201d",
                        {"oil": 3}, people, words.get, str)
    assert filled == "Rain. Three barrels; his hands shook. \u201cThree left.\u201d"


def test_text_without_fields_records_nothing(lighthouse: object) -> None:
    world = lighthouse
    state, events = start(world, 1)  # type: ignore[arg-type]
    assert "fields" not in events[-1].data
    state, events = step(world, state, "shore.arrive/climb")  # type: ignore[arg-type]
    assert all("fields" not in e.data for e in events)


def test_a_label_reads_no_state_so_a_field_in_it_is_a_load_error(
        pack_copy: Callable[..., Path]) -> None:
    scenes = SCENES.replace("label: Climb the tower", "label: Climb with {oil} barrels")
    with pytest.raises(ContentError) as caught:
        load_pack(pack_copy({"scenes/storm.yaml": scenes, "canon.yaml": None}))
    assert any(p.startswith("scenes/storm.yaml:9:14: expected a label without {fields}")
               for p in caught.value.problems), caught.value.problems
