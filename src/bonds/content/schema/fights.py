"""Models of ``fights.yaml``: skirmishes, combined techniques and faction reactions.

A fight is a field of zones joined to one another, the heroes who start in them, and groups
of foes (a group is many weak fighters, or one strong one). Combined techniques say which two
characters may share a technique. Faction reactions say how a faction's attention follows a
region's infamy and when it comes calling. Cross-references (a zone joined to nothing, a
combined technique naming one character, a reaction on an unknown quality) are checked at
load by the rules' load hooks, with file and line.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Id, Model, SceneId
from .narration import TemplateText

__all__ = [
    "BeatModel",
    "CombinedModel",
    "FightModel",
    "FightsFile",
    "FoeInjuryModel",
    "FoeModel",
    "HeroModel",
    "ReactionModel",
    "ZoneModel",
]


class ZoneModel(Model):
    """One part of the field (a booth, the floor, a roof)."""

    id: Id
    name: str = ""
    joins: list[Id] = []
    """Zones one move away (joins work both ways; naming one side is enough)."""
    exit: bool = False
    """Heroes may flee the fight from here, and broken foes run out this way."""
    cover: int = Field(default=0, ge=0, le=50)
    """Taken off the chance of any blow aimed at someone standing here."""
    civilians: int = Field(default=0, ge=0, le=100)
    """Bystanders here when the fight starts; they run as it goes on."""
    water: bool = False
    """A water source at hand from the start."""
    tank: bool = False
    """A tank that can be burst: then this zone and those joined to it have water."""
    fragile: int = Field(default=0, ge=0, le=20)
    """Property damage each time a blow lands or a technique strikes here."""
    breaks: int = Field(default=0, ge=0, le=50)
    """Property damage the first time someone bursts through into here (a paper window)."""


class HeroModel(Model):
    """A character fighting on the player's side."""

    who: Id
    zone: Id
    arrives: int = Field(default=1, ge=1, le=30)
    """The round the hero joins the fight."""
    hp: int = Field(default=10, ge=1, le=50)
    """How much punishment the hero can take (less the injuries already carried)."""


class FoeInjuryModel(Model):
    """The injury a foe's blows leave: the kind, and the step an ordinary blow leaves."""

    kind: Id
    step: Id
    """A heavy blow (damage 3 or more) leaves the kind's worst step instead."""


class FoeModel(Model):
    """A group of foes: many weak fighters, or one strong one (``count: 1``)."""

    id: Id
    name: str
    zone: Id
    who: Id | None = None
    """The character this foe is, when it is one named person."""
    count: int = Field(default=1, ge=1, le=50)
    attack: int = Field(default=30, ge=0, le=100)
    """Skill with a blade or a fist, a percent before modifiers."""
    defence: int = Field(default=10, ge=0, le=100)
    """Taken off the chance of blows aimed at them."""
    toughness: int = Field(default=1, ge=1, le=20)
    """Damage it takes to put one of them down."""
    damage: int = Field(default=1, ge=1, le=10)
    """Harm each landed blow does."""
    reach: int = Field(default=0, ge=0, le=3)
    """How many zones away they can hit (thrown knives, fruit)."""
    initiative: int = Field(default=30, ge=0, le=100)
    morale: int = Field(default=60, ge=0, le=100)
    breaks_at: int = Field(default=25, ge=0, le=100)
    """At or below this morale the group gives up: it runs if it can, or yields."""
    surrenders: bool = False
    """Yields when broken rather than running."""
    leader: bool = False
    """When a leader's group breaks, every other group loses heart."""
    hidden: bool = False
    """Hidden among the room until it strikes or a sensing technique finds it."""
    arrives: int = Field(default=1, ge=1, le=30)
    injury: FoeInjuryModel | None = None


Outcome = Literal["win", "lose", "fled"]

Criterion = str | int | bool | list[str]
"""A beat's criterion: a value the fact must equal, or a list of values it may take."""


class BeatModel(Model):
    """A line that tells one moment of a fight, used when every criterion holds; among the
    beats that fit, the one with the most criteria wins (ties are picked by the run's seed).
    Facts: ``event`` (``start``, ``strike``, ``throw``, ``technique``, ``combo``, ``move``,
    ``break``, ``guard``, ``dodge``, ``burst``, ``flee``, ``signal``, ``hero_down``,
    ``foe_broke``, ``end``), ``who``, ``foe``, ``technique``, ``zone``, ``outcome``
    (``hit``/``miss``/``down``/``last`` for an action; ``win``/``lose``/``fled`` at the
    end), ``chance`` and ``odds`` (``long``, ``even``, ``likely``: the action's roll, and
    the fight's as its rolls have run), ``place`` and ``fight`` (see docs/narration.md)."""

    when: dict[str, Criterion] = {}
    """The facts this beat needs, e.g. ``{event: strike, foe: booth_blades, outcome: hit}``."""
    text: TemplateText
    """The prose, with ``{who}``, ``{foe}``, ``{zone}``, ``{technique}``... blanks."""


class FightModel(Model):
    """A skirmish a scene can open with ``fight: {id, win, lose, fled}``."""

    id: Id
    name: str
    place: Id | None = None
    region: Id | None = None
    """Where the noise of the fight goes (infamy)."""
    observers: list[Id] = []
    """Who watches: each technique used in view raises their suspicion by ``tell``."""
    max_rounds: int = Field(default=12, ge=1, le=30)
    timeout: Outcome = "lose"
    """The outcome when the rounds run out with foes still standing."""
    noise: int = Field(default=10, ge=0, le=100)
    """Infamy a fight makes by itself, before property damage and harm to bystanders."""
    tell: int = Field(default=3, ge=0, le=50)
    zones: list[ZoneModel] = Field(min_length=1)
    heroes: list[HeroModel] = Field(min_length=1)
    foes: list[FoeModel] = Field(min_length=1)
    on_win: list[str] = []
    """Effects when the heroes win (e.g. a grudge remembered)."""
    on_lose: list[str] = []
    on_fled: list[str] = []
    beats: list[BeatModel] = []
    """How this fight is told: its own beats, over the pack's shared ones and the engine's."""


class CombinedModel(Model):
    """A combined technique two characters can perform together."""

    id: Id
    technique: Id
    """A technique from techniques.yaml (marked ``combined``)."""
    by: list[Id]
    """The two characters, e.g. one frees the water and the other shapes it."""
    description: str = ""


class ReactionModel(Model):
    """How a faction reacts to a region's infamy, and when it comes calling."""

    id: Id
    faction: Id
    region: Id | None = None
    """Infamy raised here passes to the faction's attention."""
    share: int = Field(default=50, ge=0, le=200)
    """Percent of each infamy gain passed on (before the pair's realness)."""
    pair: list[Id] = []
    """Two characters: the more real their bond looks, the more attention follows."""
    when: str | int | bool | None = None
    """An expression: the reaction works only while it holds."""
    threshold: int = Field(default=60, ge=1, le=100)
    approach: SceneId
    """The flag set when attention reaches the threshold (content routes on it)."""


class FightsFile(Model):
    """``fights.yaml``."""

    fights: list[FightModel] = []
    combos: list[CombinedModel] = []
    reactions: list[ReactionModel] = []
    beats: list[BeatModel] = []
    """Beats for every fight of the pack (a technique told the same wherever it is used)."""
