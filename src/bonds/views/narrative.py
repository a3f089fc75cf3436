"""What a step showed, as every screen shows it: the storyteller's prose, in story order.

The words are narration's (:func:`bonds.narration.tell_step`, told over the run so far), so
a step reads on screen with the same sentences as in the exported story. This module turns
the storyteller's items into *beats* (the deed, each roll, the outcome, the scenes entered
with their paragraphs, the changes and fight beats woven in, the ending); the margin notes
and the figures they moved are :mod:`.changes`. :func:`step_view` gives both for a game's
latest step. Nothing here is HTML or Rich: the browser and the terminal render the same
view data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bonds.engine import Event, World
from bonds.narration import Ended, Opened, Prose, StepLine, StepTelling, Told, tell_step
from bonds.rules.labels import DEFAULT_LABELS

from .changes import Change, changes_of
from .fight import fight_label
from .game import Game
from .names import Names
from .numbers import DEFAULT_NUMBERS

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
    """Whether success is bad news for the pair (a foe's roll, a flinch)."""
    verdict: str = ""
    """How it fell, from the player's side: ``Ada did not flinch``, ``it went your way``."""

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
    """The beats of a step told afresh (as the first step of a run), in order; ``told``
    maps an event's index to narration's sentence for a roll ("it held, but only just")."""
    events = tuple(events)
    telling = tell_step(world, 0, events, 0)
    return _beats(world, telling, events, names, told)


def _beats(world: World, telling: StepTelling, events: Sequence[Event], names: Names,
           told: Mapping[int, str] | None = None, fight_rolls: bool = True) -> list[Beat]:
    """The storyteller's items as beats, with each roll where it was made.

    A scene opened and the prose after it are a ``passage``; prose before it (the deed, the
    outcome, the changes woven in, a fight's beats) are ``did``, ``outcome`` or ``prose``
    beats; ``events`` are the events told, from the telling's ``start``. Without
    ``fight_rolls`` a fight's rolls are left to its beats (odds in words tell no dice).
    """
    rolls = [(i, e) for i, e in enumerate(events) if e.kind == "roll" and (
        fight_rolls or not str(e.data.get("what", "")).startswith("fight:"))]
    beats: list[Beat] = []
    passage: list[str] | None = None
    opened: Opened | None = None

    def close() -> None:
        nonlocal passage, opened
        if opened is not None and passage is not None:
            scene = world.scenes.get(opened.scene)
            pov = names.of(opened.pov) if opened.pov else None
            beats.append(Beat("passage", passage=Passage(
                opened.scene, scene.title if scene else None, opened.act, pov,
                tuple(passage))))
        passage, opened = None, None

    def rolls_before(at: int) -> None:
        while rolls and rolls[0][0] < at:
            i, event = rolls.pop(0)
            close()
            beats.append(Beat("roll", text=(told or {}).get(i, ""),
                              roll=_roll(world, event.data, names)))

    for item in telling.items:
        if isinstance(item, Opened):
            close()
            opened, passage = item, []
        elif isinstance(item, Prose):
            if passage is not None:
                passage.append(item.text)
                continue
            group: list[str] = []
            lead: Told | None = None
            for piece in item.told:
                at = _local(piece, telling)
                if at is not None and rolls and rolls[0][0] < at:
                    if group and lead is not None:
                        beats.append(_prose_beat(lead, group, events, telling))
                        group = []
                    rolls_before(at)
                if not group:
                    lead = piece
                group.append(piece.text)
            if group and lead is not None:
                beats.append(_prose_beat(lead, group, events, telling))
        elif isinstance(item, Ended):
            close()
            ending = world.endings.get(item.ending)
            if ending is not None:
                beats.append(Beat("ending", text=ending.summary, title=ending.title))
    close()
    rolls_before(len(events))
    return beats


def _local(piece: Told, telling: StepTelling) -> int | None:
    """The index, among the told events, of the first event a piece tells."""
    return piece.events[0] - telling.start if piece.events else None


def _prose_beat(lead: Told, texts: list[str], events: Sequence[Event],
                telling: StepTelling) -> Beat:
    """A run of prose as one beat, named by its first piece (a deed, an outcome, or prose)."""
    text = " ".join(texts)
    if lead.kind == "outcome":
        at = _local(lead, telling)
        told = events[at] if at is not None and 0 <= at < len(events) else None
        return Beat("outcome", text=text,
                    success=bool(told.data.get("success")) if told is not None else None)
    if lead.kind in ("did", "again", "choice_made"):
        return Beat("did", text=text)
    return Beat("prose", text=text)


@dataclass(frozen=True, slots=True)
class StepView:
    """What the screen shows of a game's latest step."""

    beats: tuple[Beat, ...]
    """The prose on screen, in story order."""
    changes: tuple[Change, ...]
    """What the latest step changed, told by narration, with the figures."""
    notes: tuple[str, ...] = ()
    """The storyteller's margin notes for the step (also among ``changes``, with their
    figures)."""


def step_view(game: Game, names: Names, entire: bool = True,
              numbers: str = DEFAULT_NUMBERS) -> StepView:
    """The latest step of ``game``: with ``entire``, the whole passage on screen (the scene
    last entered, then the steps taken in it since); else only the latest step's beats.
    Before the first choice nothing has changed, so there are no changes to show.

    The prose is the storyteller's, told over the run so far: the same sentences the export
    tells of the same step."""
    world = game.world
    history = game.history or (*game.passage, *game.last)
    start = game.opened if entire and game.history else game.first if game.history else 0
    telling = tell_step(world, game.seed, history, start)
    told_events = tuple(history[start:])
    luck = {line.events[0]: line.text for line in telling.lines
            if len(line.events) == 1 and told_events[line.events[0]].kind == "roll"}
    beats = _beats(world, telling, told_events, names, luck, numbers != "words")
    step = game.first - start if game.history else 0
    lines = [StepLine(line.text, tuple(i - step for i in line.events), line.place,
                      line.source)
             for line in telling.lines if line.events and line.events[0] >= step]
    scene = game.previous.scene if game.previous is not None else None
    changes = changes_of(world, game.seed, told_events[step:], names, scene, game.first, lines,
                         numbers) if game.actions else []
    return StepView(tuple(beats), tuple(changes), tuple(t.text for t in telling.notes()))


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
    head, _, rest = what.partition(":")
    against = (bool(actor) and actor not in _heroes(world)) or head in AGAINST_THE_PAIR
    success = bool(data.get("success"))
    return Roll(label, int(data.get("chance", 0)), int(data.get("value", 0)), success, parts,
                against, _verdict(world, what, success, against, names))


AGAINST_THE_PAIR = frozenset({"flinch"})
"""Rules rolls whose success is bad news for the pair (a flinch gives the act away)."""
GOOD, BAD = "it went your way", "it went against you"
"""How a roll fell, from the player's side, when the pack has no words of its own."""


def _verdict(world: World, what: str, success: bool, against: bool, names: Names) -> str:
    """How a roll fell in the words of the player's side: a rules roll's own words
    (``labels["roll.<head>.success"]``, e.g. ``{0} flinched``) where it has them."""
    head, *ids = what.split(":") if ":" in what and " " not in what else ("", )
    labels = {**DEFAULT_LABELS, **(world.data.get("labels") or {})}
    words = labels.get(f"roll.{head}.{'success' if success else 'failure'}") if head else None
    if words and all(names.known(i) for i in ids):
        try:
            return str(words).format(*(names.of(i) for i in ids))
        except (IndexError, KeyError, ValueError):
            pass
    return GOOD if success != against else BAD


def _heroes(world: World) -> set[str]:
    """Everyone who fights on the pair's side in some fight (a foe's id may be a person's)."""
    return {str(getattr(h, "who", "")) for fight in world.data.get("fights", {}).values()
            for h in getattr(fight, "heroes", ())}


def roll_label(what: str, names: Names) -> str:
    """What a rules roll was for, in the pack's names: ``flinch:bo:ada`` by its label
    (``labels["roll.flinch"]``: ``Whether Bo flinches at Ada's touch``), else ``A roll``
    (never the id); ids in a phrase become names (``bo resists ada's glare`` → ``Bo resists
    Ada's glare``)."""
    if ":" in what and " " not in what:
        head, *rest = what.split(":")
        template = {**DEFAULT_LABELS, **(names.data.get("labels") or {})}.get(f"roll.{head}")
        if template and all(names.known(r) for r in rest if r):
            try:
                return str(template).format(*(names.of(r) for r in rest if r))
            except (IndexError, KeyError, ValueError):
                pass
        return "A roll"
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
