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
    "RegionModel",
    "RouteModel_",
    "WorldFile",
]

Rank = Literal["civilian", "genin", "chuunin", "jounin", "anbu", "kage"]


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
    married_to: Id | None = None
    immune: list[Id] = []
    """Injury kinds (poisons) this body shrugs off."""
    techniques: list[Id] = []
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


class PlaceModel(Model):
    """A place scenes happen in."""

    id: Id
    name: str
    region: Id
    water: bool = False
    """A water source close at hand (some techniques need one)."""
    public: bool = False
    """Whether what happens here is seen by the region (noise, tells)."""
    hidden: list[str] = []
    """What a sensing pulse can find here."""


class RouteModel_(Model):
    """A way between two places and how long it takes."""

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


class WorldFile(Model):
    """``world.yaml``."""

    regions: list[RegionModel] = []
    places: list[PlaceModel] = []
    routes: list[RouteModel_] = []
    observers: list[ObserverModel] = []
