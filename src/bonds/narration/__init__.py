"""Narration: a run's events told as prose, and exported as Markdown, HTML or EPUB.

``tell(run)`` turns a :class:`Run` (from a save, or a fresh bot run) into a :class:`Work`;
``render(run, fmt)`` gives the bytes of the file in one of :data:`FORMATS`. The same run
always exports the same bytes; another seed tells the same choices in other words.
``tell_step(world, seed, events)`` tells the system events of one step in the same voice,
for the play screens.
"""

from __future__ import annotations

from .export import FORMATS, export_run, render
from .runs import Run, play_bot, replay_save
from .step import StepLine, tell_step
from .tell import tell
from .voice import NarrationError
from .work import Work

__all__ = [
    "FORMATS",
    "NarrationError",
    "Run",
    "StepLine",
    "Work",
    "export_run",
    "play_bot",
    "render",
    "replay_save",
    "tell",
    "tell_step",
]
