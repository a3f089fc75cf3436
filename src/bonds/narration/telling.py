"""What the storyteller tells of one step, as every front end receives it.

A step (a choice and what followed, or one move in a fight) is told as a sequence of
items, in story order: a scene opened (:class:`Opened`) or returned to with nothing new
(:class:`Returned`), prose (:class:`Prose`: a paragraph of its own, or sentences that run on
from what came before), margin notes (:class:`Note`) and the end (:class:`Ended`). The
export writes them into chapters, the browser and the terminal show them on screen: the
same sentences, placed each in its own way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .work import Told

__all__ = ["Ended", "Item", "Note", "Opened", "Prose", "Returned", "StepLine", "StepTelling"]


@dataclass(frozen=True, slots=True)
class Opened:
    """A scene entered with something to tell: what follows is told from it."""

    scene: str
    act: int
    pov: str | None
    """The point-of-view character's id."""
    title: str | None
    at: int
    """The run index of its ``scene_entered``."""


@dataclass(frozen=True, slots=True)
class Returned:
    """A scene returned to with nothing new to tell: its point of view holds for what
    follows."""

    scene: str
    pov: str | None
    at: int


@dataclass(frozen=True, slots=True)
class Prose:
    """Prose: a paragraph of its own (``own``: a scene's text) or sentences that run on from
    what came before (a deed, an outcome, the changes woven in, a fight's beats)."""

    told: tuple[Told, ...]
    own: bool
    at: int

    @property
    def text(self) -> str:
        """The prose as one string."""
        return " ".join(t.text for t in self.told)


@dataclass(frozen=True, slots=True)
class Note:
    """A change told in the margin (an export's chapter end notes), not in the prose."""

    told: Told
    at: int


@dataclass(frozen=True, slots=True)
class Ended:
    """The run reached an ending."""

    ending: str
    at: int


Item = Opened | Returned | Prose | Note | Ended


@dataclass(frozen=True, slots=True)
class StepLine:
    """One sentence of a step told by a template or a beat, and the events it tells."""

    text: str
    """The sentence, e.g. ``Fen stood a little easier beside Ash: a long night's watch.``"""
    events: tuple[int, ...]
    """Indices into the step's events that the sentence tells, in order."""
    place: str = "prose"
    """``prose`` (woven into the story) or ``note`` (in the margin)."""
    source: str = "state"
    """``state`` (a template telling a change) or ``beat`` (a fight's beat)."""


@dataclass(frozen=True, slots=True)
class StepTelling:
    """Everything told of a step (or of several, from a passage's start)."""

    items: tuple[Item, ...]
    lines: tuple[StepLine, ...]
    """The sentences of changes and beats, prose and margin, with the events each tells
    (indices from the first event told)."""
    start: int = 0
    """The run index of the first event told (items and pieces give run indices)."""

    def prose(self) -> Iterator[Told]:
        """Every piece of prose, in order."""
        for item in self.items:
            if isinstance(item, Prose):
                yield from item.told

    def notes(self) -> Iterator[Told]:
        """Every margin note, in order."""
        for item in self.items:
            if isinstance(item, Note):
                yield item.told
