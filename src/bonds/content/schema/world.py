"""Models of the people and the map: characters, regions, places, routes, observers."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Id, Model

__all__ = [
    "BondSeedModel",
    "CharacterModel",
    "CharactersFile",
    "ItemModel",
    "ObserverModel",
    "PlaceModel",
    "PresenceModel",
    "RankModel",
    "RegionModel",
    "ResourceModel",
    "RouteModel_",
    "WardModel",
    "WatchModel",
    "WorldFile",
    "BOND_STAGES",
    "WORDS",
]

Expression = str | int | bool

BOND_STAGES = ("pretence", "friction", "thaw", "trust", "real")
"""The bond's stages as the engine keeps them; a world names how each reads."""

WORDS = ("intimidation", "instincts", "boosted", "plan")
"""Engine concepts a world may name in its own vocabulary (``words:`` in world.yaml)."""


class CharacterModel(Model):
    """A person of the story."""

    id: Id
    name: str
    rank: Id | None = None
    """One of the world's ranks (``ranks:`` in world.yaml); the lowest when left out."""
    gender: Literal["man", "woman", "other"] = "other"
    resources: dict[Id, int] = {}
    """Each pool's maximum, by the world's resource id; a character starts full."""
    items: dict[Id, int] = {}
    """Items carried at the start, by the world's item id."""
    nerve: int = Field(default=50, ge=0, le=100)
    """Steadiness under intimidation and fear."""
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
    """The characters it opens to (at least one)."""


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


class RankModel(Model):
    """A step of the world's ladder of rank, and what it is worth in a fight and a test."""

    id: Id
    name: str
    level: int = Field(ge=0, le=20)
    """Seniority: what intimidation, sensing and the desk weigh (higher outranks lower)."""
    skill: int = Field(default=40, ge=0, le=100)
    """A fighter's base chance to land a blow."""
    defence: int = Field(default=10, ge=0, le=100)
    """Taken off the chance of blows aimed at this fighter."""
    damage: int = Field(default=1, ge=0, le=10)
    """Harm a landed blow does."""
    initiative: int = Field(default=30, ge=0, le=100)
    """Who moves first."""
    recruit: int = Field(default=0, ge=0, le=100)
    """Added to a recruit's reflex test."""


class ResourceModel(Model):
    """A pool characters spend and get back (the world names it)."""

    id: Id
    name: str
    techniques: bool = False
    """Techniques, healing and traps are paid in this pool (at most one resource)."""
    exhausted_below: int = Field(default=20, ge=0, le=100)
    """Percent of the maximum under which its owner is exhausted."""
    rest_pct: int = Field(default=10, ge=0, le=100)
    """Percent of the maximum one hour of rest restores."""
    camp_pct: int = Field(default=15, ge=0, le=100)
    """Percent restored per hour of rest by a camp fire."""


class ItemModel(Model):
    """Something carried that restores a resource when used."""

    id: Id
    name: str
    plural: str = ""
    """The plural for prose (the name plus ``s`` when left out)."""
    restores: Id
    """The resource it restores."""
    pct: int = Field(default=50, ge=1, le=100)
    """Percent of the pool's maximum it gives back."""


class WorldFile(Model):
    """``world.yaml``: the world's ladder, pools, vocabulary and map (a world's or a pack's)."""

    name: str = ""
    """The world's name, shown on the shelf beside each campaign set in it."""
    ranks: list[RankModel] = []
    """The ladder, lowest first."""
    resources: list[ResourceModel] = []
    items: list[ItemModel] = []
    words: dict[Literal["intimidation", "instincts", "boosted", "plan"], str] = {}
    """The world's words for engine concepts."""
    bond_stages: dict[Literal["pretence", "friction", "thaw", "trust", "real"], str] = {}
    """How each stage of the bond reads in this world."""
    regions: list[RegionModel] = []
    places: list[PlaceModel] = []
    routes: list[RouteModel_] = []
    observers: list[ObserverModel] = []
    labels: dict[str, str] = {}
    """What the player's screens call the values the rules keep: a key head's group title
    (``cover: Cover``) and a row template for the key's unnamed parts (``cover.act: The act
    {0} and {1} keep up``). See :mod:`bonds.rules.labels`; an unlabelled value is not shown."""
