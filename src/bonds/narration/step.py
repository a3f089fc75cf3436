"""One step told: the sentences for the system events of a single step, for the play screens.

After each choice the browser and the terminal show what it changed. They tell it in the
export's voice (:func:`.tell.voice_for`: the pack's templates over the engine's), so the
project has one renderer of events. Each sentence says which of the step's events it tells
(a summary of repeats tells several, a change made both ways tells two), so a screen can set
the figures beside it; events the voice leaves untold are named by no sentence.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bonds.engine import Event, World

from .facts import Lexicon
from .narrator import NARRATOR_KINDS, _Narrator
from .tell import voice_for
from .voice import Voice

__all__ = ["StepLine", "tell_step"]


@dataclass(frozen=True, slots=True)
class StepLine:
    """One sentence of a step and the events it tells."""

    text: str
    """The sentence, e.g. ``Fen stood a little easier beside Ash: a long night's watch.``"""
    events: tuple[int, ...]
    """Indices into the step's events that the sentence tells, in order."""


class _StepNarrator(_Narrator):
    """The export's narrator, keeping each system sentence with the events it tells (a
    sentence that tells events together, see :mod:`._joins`, names them all)."""

    def __init__(self, world: World, voice: Voice, lex: Lexicon, start: int) -> None:
        super().__init__(world, voice, lex)
        self.start = start
        self.lines: list[StepLine] = []

    def told(self, text: str, indices: tuple[int, ...]) -> None:
        local: set[int] = set()
        for index in indices:
            i = index - self.start
            local.add(i)
            local.update(self.joins.get(i, ()))
        self.lines.append(StepLine(text.strip(), tuple(sorted(local))))


def tell_step(world: World, seed: int, events: Sequence[Event], scene: str | None = None,
              start: int = 0) -> list[StepLine]:
    """The sentences that tell the system events of one step (bond changes, suspicion, wounds,
    blows...), in order; the pack's prose (scenes, choices, outcomes) is not among them.

    Args:
        world: the pack.
        seed: the run's seed (the wording depends on it, as in the export).
        events: the events of the step.
        scene: the scene the step began in (whose point of view tells what happens before
            the next scene is entered).
        start: the index in the whole run of the step's first event; given, a sentence is
            worded as the export words it.

    Returns:
        One :class:`StepLine` per sentence. A run of three or more of the same event is one
        summary line after the first; events the voice does not tell are in no line.
    """
    voice = voice_for(world, seed)
    narrator = _StepNarrator(world, voice, Lexicon(world, voice.words), start)
    opening = world.scenes.get(scene) if scene is not None else None
    narrator.pov = opening.pov if opening is not None else None
    narrator.tell(events, start)
    return [line for line in narrator.lines
            if not all(events[i].kind in NARRATOR_KINDS for i in line.events)]
