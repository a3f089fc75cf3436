"""Model of ``narration.yaml``: the words a pack gives the export for its system events.

The engine's narration package has a generic line for every event kind; a pack may give its
own, in its own voice, and those win wherever their conditions hold. Templates name the
event's fields in braces (``{a}``, ``{reason}``, ``{b.his}``); ids of people, places and the
rest are shown by their names.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, model_validator

from ._base import Id, Model

__all__ = ["FateModel", "NarrationFile", "TemplateModel"]

Fact = str | int | bool

_BLANK = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([A-Za-z]+))?\}")
_PRONOUNS = {"he", "him", "his", "himself"}


def _blanks(text: str) -> str:
    for m in _BLANK.finditer(text):
        if m.group(2) is not None and m.group(2).lower() not in _PRONOUNS:
            raise ValueError(f"'{{{m.group(1)}.{m.group(2)}}}' asks for an unknown pronoun "
                             f"(use he, him, his or himself)")
    return text


TemplateText = Annotated[str, Field(min_length=1), AfterValidator(_blanks)]
"""Template prose: ``{field}`` blanks, and ``{field.his}`` for a person's pronouns."""


class TemplateModel(Model):
    """A template used only for events whose facts match every entry of ``when``."""

    text: TemplateText
    """The prose, with ``{field}`` or ``{field.he}`` / ``.him`` / ``.his`` / ``.himself``."""
    when: dict[str, Fact] = {}
    """Facts the event must have, e.g. ``{measure: trust, direction: up, view: own}``."""


Template = TemplateText | TemplateModel


class FateModel(Model):
    """When a character counts as dead at the end of a run: when any of these holds."""

    flag: Id | None = None
    """This flag is set."""
    objective: list[Id] | None = Field(default=None, min_length=2, max_length=2)
    """This objective of this mission, ``[mission, objective]``, is done (a kill order)."""
    endings: list[Id] = []
    """The run ended in one of these endings."""

    @model_validator(mode="after")
    def _says_something(self) -> FateModel:
        if self.flag is None and self.objective is None and not self.endings:
            raise ValueError("a fate needs a flag, an objective or endings")
        return self


class NarrationFile(Model):
    """``narration.yaml``."""

    events: dict[Id, list[Template]] = {}
    """Templates by event kind; several per kind, one picked by the run's seed."""
    repeats: dict[Id, list[Template]] = {}
    """How a run of the same event reads after its first: ``{more}`` more went down."""
    words: dict[str, str] = {}
    """How ids read in prose where no name is declared: value keys, measures, flags."""
    silent: list[Id] = []
    """Event kinds this pack never narrates."""
    fates: dict[Id, FateModel] = {}
    """Who can die, and how the end of a run shows they did (for the end note's "who
    lived")."""
    salience: dict[Id, Annotated[int, Field(ge=0, le=100)]] = {}
    """How much each event kind matters to a reader, 0-100, over the engine's defaults
    (``bonds.narration.salience``): from 60 a change may be woven into the prose (within
    the step's budget), from 20 it goes to the margin notes, below that it is not told.
    Kinds the engine always tells (a stage crossed, an injury...) stay told whatever the
    weight."""
