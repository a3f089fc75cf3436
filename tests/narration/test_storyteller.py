"""The storyteller: what of a step is told, where (floor, budget, margin) and once only."""

from __future__ import annotations

import io
import zipfile

from bonds.engine import Event, World, replay
from bonds.narration import Note, Prose, render, sentences, tell_step
from bonds.narration.runs import Run
from bonds.narration.salience import BUDGET, FLOOR, Salience
from bonds.narration.tell import tell


def _enter(scene: str = "shore.arrive") -> Event:
    return Event("scene_entered", {"scene": scene, "act": 1, "blocks": [0]})


def _fetch() -> Event:
    return Event("choice_made", {"scene": "shore.arrive", "choice": "fetch_oil",
                                 "action": "shore.arrive/fetch_oil"})


def _bond(a: str, b: str, measure: str, delta: int, reason: str = "a rope held fast",
          watershed: bool = False) -> Event:
    return Event("bond_changed", {"from": a, "to": b, "measure": measure, "delta": delta,
                                  "old": 20, "new": 20 + delta, "reason": reason,
                                  "watershed": watershed})


def _objective(goal: str, new: str = "done") -> Event:
    return Event("objective_changed", {"mission": "keep_the_light", "objective": goal,
                                       "old": "open", "new": new})


def _places(world: World, events: list[Event], seed: int = 1) -> list[tuple[str, str]]:
    return [(line.place, line.text) for line in tell_step(world, seed, events).lines]


def test_the_floor_is_always_told_in_the_prose_whatever_the_budget(tiny: World) -> None:
    events = [_enter(), _fetch(),
              Event("injured", {"who": "bo", "injury": "cut", "step": "deep", "old": "",
                                "reason": "a shard of the old lens"}),
              Event("bond_stage_changed", {"a": "ada", "b": "bo", "old": "pretence",
                                           "new": "thaw"}),
              _objective("walk_rounds"),
              _bond("ada", "bo", "trust", 12), _bond("ada", "bo", "ease", 11, "a laugh")]
    placed = _places(tiny, events)
    prose = [text for place, text in placed if place == "prose"]
    assert len(prose) == 3 + BUDGET  # every floor change, and the budget's worth of the rest
    assert any("deep cut" in t for t in prose) and any("walk the gallery" in t for t in prose)
    assert {"injured", "bond_stage_changed", "objective_changed"} <= FLOOR


def test_one_sentence_a_pair_in_the_prose_and_the_rest_in_the_margin(tiny: World) -> None:
    events = [_enter(), _fetch(), _bond("ada", "bo", "trust", 12),
              _bond("ada", "bo", "ease", 12, "a laugh on the stairs"),
              _bond("bo", "ada", "openness", 3, "a story about his father")]
    placed = _places(tiny, events)
    assert [place for place, _ in placed].count("prose") == 1
    assert [place for place, _ in placed].count("note") == 2


def test_small_moves_go_to_the_margin_and_bookkeeping_is_not_told(tiny: World) -> None:
    events = [_enter(), _bond("ada", "bo", "trust", 2),
              Event("flag_changed", {"flag": "x", "value": True})]
    assert [place for place, _ in _places(tiny, events)] == ["note"]
    salience = Salience({"bond_changed": 90})
    assert salience.place("bond_changed", {"size": "small"}) == "prose"
    assert salience.place("flag_changed", {}) == "untold"
    assert Salience({"injured": 0}).place("injured", {}) == "floor"  # the floor stays


def test_a_change_is_told_after_the_prose_that_causes_it(tiny: World) -> None:
    events = [_enter(), _fetch(), _bond("ada", "bo", "trust", 12),
              Event("scene_entered", {"scene": "tower.lamp", "act": 1, "blocks": [0]}),
              Event("injured", {"who": "bo", "injury": "cut", "step": "deep", "old": "",
                                "reason": "a shard of the old lens"})]
    pieces = [(t.kind, t.text) for t in tell_step(tiny, 1, events).prose()]
    kinds = [kind for kind, _ in pieces]
    assert kinds == ["scene", "did", "bond_changed", "scene", "injured"]


def test_two_lines_that_contradict_each_other_are_never_told(tiny: World) -> None:
    events = [_enter(), _fetch(), _bond("ada", "bo", "trust", 5),
              _bond("ada", "bo", "trust", -5, "a word too sharp")]
    assert _places(tiny, events) == []


def test_no_long_sentence_is_told_twice_in_a_run(tiny: World) -> None:
    """A template already told gives way to another that fits; an authored sentence already
    told is left out; what cannot be told fresh goes untold."""
    steps = []
    for n in range(12):
        steps += [_enter(), _fetch(), _objective("walk_rounds", "dropped" if n % 2 else "done")]
    state, _ = replay(tiny, 3, [])
    work = tell(Run(tiny, 3, (), state, tuple(steps), "test"))
    assert len(list(work.told())) > 4
    seen: set[str] = set()
    for told in work.told():
        for sentence in sentences.split(told.text):
            if sentences.is_long(sentence):
                assert sentences.key(sentence) not in seen, sentence
                seen.add(sentences.key(sentence))


def test_notes_are_rendered_at_each_chapters_end(tiny: World) -> None:
    events = [Event("game_started", {}), _enter(), _fetch(), _bond("ada", "bo", "trust", 2)]
    state, _ = replay(tiny, 1, [])
    run = Run(tiny, 1, (), state, tuple(events), "test")
    work = tell(run)
    [note] = work.chapters[0].notes
    assert note.source == "state" and "a rope held fast" in note.text
    md = render(run, "md").decode()
    assert "### Notes" in md and note.text in md
    html = render(run, "html").decode()
    assert '<aside class="notes"><h3>Notes</h3>' in html
    with zipfile.ZipFile(io.BytesIO(render(run, "epub"))) as book:
        chapter = book.read("EPUB/chapter001.xhtml").decode()
    assert "Notes" in chapter and "a rope held fast" in chapter


def test_a_step_tells_prose_and_notes_as_items(tiny: World) -> None:
    telling = tell_step(tiny, 1, [_enter(), _fetch(), _bond("ada", "bo", "trust", 2)])
    kinds = [type(item) for item in telling.items]
    assert kinds.count(Prose) >= 1 and kinds.count(Note) == 1
    assert [t.source for t in telling.notes()] == ["state"]
