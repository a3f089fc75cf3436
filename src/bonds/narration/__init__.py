"""Narration: a run's events told as prose, and exported as Markdown, HTML or EPUB.

``tell(run)`` turns a :class:`Run` (from a save, or a fresh bot run) into a :class:`Work`;
``render(run, fmt)`` gives the bytes of the file in one of :data:`FORMATS`. The same run
always exports the same bytes; another seed tells the same choices in other words.
``tell_step(world, seed, events, start)`` tells one step of a run as the export tells it,
for the play screens; :mod:`.salience` weighs what is told where, :mod:`.sentences` says what
counts as a sentence (the prose report counts with it).
"""

from __future__ import annotations

from .export import FORMATS, export_run, render
from .runs import Run, play_bot, replay_save
from .step import StepLine, StepTelling, tell_step
from .tell import tell
from .telling import Ended, Note, Opened, Prose, Returned
from .voice import NarrationError
from .work import Paragraph, Told, Work

__all__ = [
    "FORMATS",
    "Ended",
    "NarrationError",
    "Note",
    "Opened",
    "Paragraph",
    "Prose",
    "Returned",
    "Run",
    "StepLine",
    "StepTelling",
    "Told",
    "Work",
    "export_run",
    "play_bot",
    "render",
    "replay_save",
    "tell",
    "tell_step",
]
