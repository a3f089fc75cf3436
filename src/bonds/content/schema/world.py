"""Models of the people and the map: characters, regions, places, routes, observers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Id, Model

__all__ = [
    "BondSeedModel",
    "CharacterModel",
    "CharactersFile",
    "ObserverModel",
    "PlaceModel",
    "PresenceModel",
    "RegionModel",
    "RouteModel_",
    "WardModel",
    "WatchModel",
    "WorldFile",
]

Rank = Literal["civilian", "genin", "chuunin", "jounin", "anbu", "kage"]
Expression = str | int | bool


class CharacterModel(Model):
    """A person of the story."""

    id: Id
    name: str
    rank: Rank = "civilian"
    gender: Literal["man", "woman", "other"] = "other"
    chakra: int = Field(default=0, ge=0, le=1000)
    """The chakra pool's maximum; a character starts full."""
    nerve: int = Field(default=50, ge=0, le=100)
    """Steadiness under killing intent and fear."""
    fame: int = Field(default=0, ge=0, le=100)
    """How widely the name is known (missions can require it)."""
    clan: str | None = None
    last_of_clan: bool = False
    """The clan's elders expect an heir: a marriage without their approval defies them."""
    married_to: Id | None = None
    immune: list[Id] = []
    """Poison injury kinds this body shrugs off."""
    techniques: list[Id] = []
    """The techniques this person knows (only these can be used)."""
    pills: int = Field(default=0, ge=0, le=20)
    """Soldier pills carried at the start."""
    grudges: list[Id] = []
    """Characters this person holds a grudge against from before the story."""
    debts: list[Id] = []
    """Characters this person owes a debt to from before the story."""
    tags: list[str] = []


class BondSeedModel(Model):
    """Where a bond starts: one direction, from ``from_`` towards ``to``."""

    from_: Id = Field(alias="from")
    to: Id
    trust: int = Field(default=20, ge=0, le=100)
    ease: int = Field(default=20, ge=0, le=100)
    coordination: int = Field(default=20, ge=0, le=100)
    openness: int = Field(default=20, ge=0, le=100)
    tension: int = Field(default=0, ge=0, le=100)


class CharactersFile(Model):
    """``characters.yaml``."""

    characters: list[CharacterModel]
    bonds: list[BondSeedModel] = []


class RegionModel(Model):
    """An area whose people talk among themselves (infamy is kept per region)."""

    id: Id
    name: str


class PresenceModel(Model):
    """Something hidden at a place that a sensing pulse can find."""

    id: Id
    name: str
    """How it reads, e.g. ``two squirrels in the oak``."""
    when: Expression | None = None
    """Present only while this holds (e.g. a watcher who comes later)."""


class WardModel(Model):
    """A ward laid on a place from the start."""

    keyed_to: list[Id]
    """The characters whose chakra it opens to (at least one)."""


class WatchModel(Model):
    """A fact scouts watching this place can bring back at the debrief (``intel(fact)``)."""

    fact: Id
    text: str = ""
    """What was learnt, for the reader."""
    when: Expression | None = None
    """Seen only while this holds at the debrief."""


class PlaceModel(Model):
    """A place scenes happen in."""

    id: Id
    name: str
    region: Id
    water: bool = False
    """A water source close at hand (some techniques need one)."""
    public: bool = False
    """Whether what happens here is seen by the region (noise, tells)."""
    hidden: list[PresenceModel] = []
    """What a sensing pulse can find here."""
    spots: list[Id] = []
    """Ways in that can be trapped (``door``, ``window``)."""
    ward: WardModel | None = None
    """A ward on the place from the start."""
    watch: list[WatchModel] = []
    """What scouts watching here can learn."""


class RouteModel_(Model):
    """A way between two places (both directions) and how long it takes."""

    from_: Id = Field(alias="from")
    to: Id
    hours: int = Field(ge=1, le=240)


class ObserverModel(Model):
    """Someone who watches the cover: a faction or a person."""

    id: Id
    name: str
    kind: Literal["village", "gang", "band", "crowd", "person"] = "crowd"
    region: Id | None = None
    threshold: int = Field(default=80, ge=1, le=100)
    """Suspicion at which this observer has seen through the cover."""
    grudges: list[Id] = []
    """Characters this faction holds a grudge against from before the story."""
    debts: list[Id] = []
    """Characters this faction owes a debt to from before the story."""


class WorldFile(Model):
    """``world.yaml``."""

    regions: list[RegionModel] = []
    places: list[PlaceModel] = []
    routes: list[RouteModel_] = []
    observers: list[ObserverModel] = []
