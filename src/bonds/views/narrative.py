"""What a step showed, as every screen shows it: the pack's prose passed through, in story order.

Events are the truth; this module turns the ones the pack tells in its own prose into
*beats* (what was done, each roll, the outcome, the scenes entered, the ending). Every other
event is told by narration, in :mod:`.changes`; :func:`step_view` gives both for a game's
latest step. Nothing here is HTML or Rich: the browser and the terminal render the same
view data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bonds.engine import Event, World
from bonds.narration import tell_step

from .changes import Change, changes_of
from .fight import fight_label
from .game import Game
from .names import Names, humanize

__all__ = ["Beat", "Passage", "Roll", "StepView", "beats_of", "roll_label", "step_view"]


@dataclass(frozen=True, slots=True)
class Passage:
    """A scene entered: its heading and the paragraphs shown."""

    scene: str
    """The scene's id."""
    title: str | None
    """The scene's heading, if the author gave one."""
    act: int
    """The act (chapter) it belongs to."""
    pov: str | None
    """The name of the character whose eyes tell it."""
    paragraphs: tuple[str, ...]
    """The prose blocks whose conditions held on entry."""


@dataclass(frozen=True, slots=True)
class Roll:
    """A roll as the player sees it."""

    what: str
    """The choice's label (or the action id when it has none)."""
    chance: int
    """The chance in percent."""
    value: int
    """The number rolled, 1-100; success at or under the chance."""
    success: bool
    """Whether it succeeded."""
    parts: tuple[tuple[str, int], ...]
    """What made up the chance."""
    against: bool = False
    """Whether the pair's foes rolled it (their success is bad news)."""

    @property
    def good(self) -> bool:
        """Whether it went the pair's way."""
        return self.success != self.against


@dataclass(frozen=True, slots=True)
class Beat:
    """One thing the reader reads, in story order."""

    kind: str
    """``did``, ``roll``, ``outcome``, ``passage`` or ``ending``."""
    text: str = ""
    """The prose of a ``did``/``outcome`` beat, the ending's summary, or narration's
    sentence on a roll (how lucky it was)."""
    title: str = ""
    """The ending's title."""
    roll: Roll | None = None
    """The roll of a ``roll`` beat."""
    passage: Passage | None = None
    """The scene of a ``passage`` beat."""
    success: bool | None = None
    """For an outcome: which side of the roll it tells."""


def beats_of(world: World, events: Iterable[Event], names: Names,
             told: Mapping[int, str] | None = None) -> list[Beat]:
    """The beats of a step, in order; ``told`` maps an event's index to narration's sentence
    for it (a roll's "it held, but only just"), which a roll beat carries as its text."""
    beats: list[Beat] = []
    for index, event in enumerate(events):
        data = event.data
        if event.kind == "choice_made":
            choice = _choice(world, data)
            if choice is not None:
                beats.append(Beat("did", text=choice.did or choice.label))
        elif event.kind == "fight_action":
            beats.append(Beat("did", text=fight_label(str(data.get("action", "")), names)))
        elif event.kind == "roll":
            beats.append(Beat("roll", text=(told or {}).get(index, ""),
                              roll=_roll(world, data, names)))
        elif event.kind == "outcome_told":
            text = _outcome_text(world, data)
            if text:
                beats.append(Beat("outcome", text=text, success=bool(data.get("success"))))
        elif event.kind == "scene_entered":
            scene = world.scenes.get(str(data.get("scene")))
            if scene is None:
                continue
            shown = [scene.text[i].text for i in data.get("blocks", ())
                     if isinstance(i, int) and 0 <= i < len(scene.text)]
            pov = names.of(scene.pov) if scene.pov else None
            beats.append(Beat("passage", passage=Passage(scene.id, scene.title, scene.act, pov,
                                                         tuple(shown))))
        elif event.kind == "ending_reached":
            ending = world.endings.get(str(data.get("ending")))
            if ending is not None:
                beats.append(Beat("ending", text=ending.summary, title=ending.title))
    return beats


@dataclass(frozen=True, slots=True)
class StepView:
    """What the screen shows of a game's latest step."""

    beats: tuple[Beat, ...]
    """The prose on screen, in story order."""
    changes: tuple[Change, ...]
    """What the latest step changed, told by narration, with the figures."""


def step_view(game: Game, names: Names, entire: bool = True) -> StepView:
    """The latest step of ``game``: with ``entire``, the whole passage on screen (the scene
    last entered, then the steps taken in it since); else only the latest step's beats."""
    world, events = game.world, game.last
    scene = game.previous.scene if game.previous is not None else None
    lines = tell_step(world, game.seed, events, scene, game.first)
    luck = {line.events[0]: line.text for line in lines
            if len(line.events) == 1 and events[line.events[0]].kind == "roll"}
    beats: list[Beat] = []
    if entire and events is not game.passage:
        beats += beats_of(world, game.passage, names)
    beats += beats_of(world, events, names, luck)
    changes = changes_of(world, game.seed, events, names, scene, game.first, lines)
    return StepView(tuple(beats), tuple(changes))


def _choice(world: World, data: dict[str, Any]) -> Any:
    scene = world.scenes.get(str(data.get("scene")))
    return None if scene is None else scene.choice_by_action.get(str(data.get("action")))


def _roll(world: World, data: dict[str, Any], names: Names) -> Roll:
    what = str(data.get("what", ""))
    scene_id = what.split("/", 1)[0]
    scene = world.scenes.get(scene_id)
    choice = scene.choice_by_action.get(what) if scene else None
    if choice is not None:
        label = choice.label
    elif what.startswith("fight:"):
        label = fight_label(what, names)
    else:
        label = roll_label(what, names)
    parts = tuple((str(p[0]), int(p[1])) for p in data.get("parts", ())
                  if isinstance(p, list | tuple) and len(p) == 2)
    actor = what.split(":")[1] if what.startswith("fight:") and what.count(":") > 1 else ""
    against = bool(actor) and actor not in _heroes(world)
    return Roll(label, int(data.get("chance", 0)),
                int(data.get("value", 0)), bool(data.get("success")), parts, against)


def _heroes(world: World) -> set[str]:
    """Everyone who fights on the pair's side in some fight (a foe's id may be a person's)."""
    return {str(getattr(h, "who", "")) for fight in world.data.get("fights", {}).values()
            for h in getattr(fight, "heroes", ())}


def roll_label(what: str, names: Names) -> str:
    """What a rules roll was for, readably: ``flinch:bo:ada`` → ``Flinch (Bo, Ada)``;
    ids in a phrase become names (``bo resists ada's glare`` → ``Bo resists Ada's glare``)."""
    if ":" in what and " " not in what:
        head, *rest = what.split(":")
        about = ", ".join(names.of(r) for r in rest if r)
        return humanize(head) + (f" ({about})" if about else "")
    words = []
    for word in what.split(" "):
        base = word.removesuffix("'s")
        words.append(names.of(base) + word[len(base):] if names.known(base) else word)
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _outcome_text(world: World, data: dict[str, Any]) -> str | None:
    action = str(data.get("action", ""))
    scene = world.scenes.get(action.split("/", 1)[0])
    choice = scene.choice_by_action.get(action) if scene else None
    if choice is None or choice.check is None:
        return None
    side = choice.check.success if data.get("success") else choice.check.failure
    return side.text
