"""Models of system data: injuries, techniques, missions and the roster."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Id, Model

__all__ = [
    "InflictModel",
    "InjuryModel",
    "MissionModel",
    "MissionsFile",
    "ObjectiveModel",
    "RequirementModel",
    "RosterPairModel",
    "TechniqueModel",
    "TechniquesFile",
]


Need = Literal["hand_signs", "free_hand", "water", "partner"]


class InjuryModel(Model):
    """A kind of injury and its steps, worst first; healing moves one step down."""

    id: Id
    name: str
    steps: list[Id] = Field(min_length=1)
    """The steps, worst first (``broken, cracked, bruised``); below the last it is healed."""
    heal_cost: int = Field(default=10, ge=0)
    """What a healer spends (of the techniques' resource) to move it one step down."""
    poison: bool = False
    """A poison: characters immune to it shrug it off."""
    impairs: list[Literal["hand_signs", "free_hand"]] = []
    """What it stops its bearer doing while at its worst step."""
    drain: int = Field(default=0, ge=0, le=100)
    """The techniques' resource lost each hour while at its worst step (a spreading poison)."""


class InflictModel(Model):
    """An injury a technique, trap or seal deals to whoever it hits."""

    injury: Id
    step: Id


class TechniqueModel(Model):
    """A technique: its cost, what it needs, and what it does."""

    id: Id
    name: str
    cost: int = Field(ge=0, le=500)
    needs: list[Need] = []
    effect: Literal["damage", "heal", "move", "reveal", "freeze", "shape", "summon",
                    "conceal", "guard", "signal", "seal", "ward", "trap", "boost"]
    power: int = Field(default=0, ge=0, le=100)
    range: int = Field(default=0, ge=0, le=10)
    combined: bool = False
    """Needs two characters; ``min_coordination`` gates it."""
    min_coordination: int = Field(default=0, ge=0, le=100)
    """For a combined technique, the coordination each partner needs towards the other; for
    a signal, the coordination the reader needs towards the signaller."""
    inflicts: InflictModel | None = None
    """The injury it deals (a trap's or a seal's backlash, a strike)."""
    description: str = ""


class TechniquesFile(Model):
    """``techniques.yaml``."""

    injuries: list[InjuryModel] = []
    techniques: list[TechniqueModel] = []


class ObjectiveModel(Model):
    """One objective of a mission."""

    id: Id
    kind: Literal["infiltrate", "eliminate", "escort", "retrieve", "deliver", "report",
                  "draw_attention", "protect"]
    text: str


class RequirementModel(Model):
    """A requirement on the team; ``when`` is an expression over ``a`` and ``b``."""

    id: Id
    when: str
    reason: str
    """Said of a candidate pair that fails it."""


class MissionModel(Model):
    """A mission handed out at the desk."""

    id: Id
    name: str
    rank: str = ""
    """How the world grades it (``S``, ``urgent``…): words for the page, read by no rule."""
    objectives: list[ObjectiveModel] = Field(min_length=1)
    clock_days: int = Field(default=7, ge=1, le=365)
    """Days from acceptance (or from the first day) before the mission is overdue."""
    requirements: list[RequirementModel] = []
    """What the desk asks of a candidate pair."""


class RosterPairModel(Model):
    """A candidate pair the desk can weigh."""

    members: list[Id] = Field(min_length=2, max_length=2)
    note: str = ""


class MissionsFile(Model):
    """``missions.yaml``."""

    missions: list[MissionModel] = []
    roster: list[RosterPairModel] = []
