"""The compiled world: a pack turned into plain runtime objects the step loop walks.

``bonds.content`` builds a :class:`World` once at load; nothing here parses or validates.
Conditions and effects are already compiled to callables that take a :class:`Ctx`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .state import State, Value

if TYPE_CHECKING:
    from .context import Ctx

__all__ = [
    "Check",
    "Choice",
    "Effect",
    "Ending",
    "Expectation",
    "Expr",
    "FightCall",
    "FightRules",
    "Invariant",
    "Manifest",
    "Modifier",
    "Outcome",
    "Route",
    "Scene",
    "TextBlock",
    "World",
]

Expr = Callable[["Ctx"], Any]
"""A compiled expression: reads the context, returns a value."""
Effect = Callable[["Ctx"], None]
"""A compiled effect: changes the context's values and emits events."""


@dataclass(frozen=True, slots=True)
class Route:
    """One branch of a goto: the scene, taken when ``when`` holds (or always when None)."""

    scene: str
    when: Expr | None = None


@dataclass(frozen=True, slots=True)
class Modifier:
    """A named part of a roll's chance."""

    why: str
    add: Expr


@dataclass(frozen=True, slots=True)
class Outcome:
    """What follows one side of a roll."""

    effects: tuple[Effect, ...] = ()
    text: str | None = None
    goto: tuple[Route, ...] = ()
    reads: tuple[str, ...] = ()
    """The values the text's ``{fields}`` read (its ``again`` prose's too)."""
    again: tuple[str, ...] = ()
    """Told instead of ``text`` when this side comes up again for the same choice."""


@dataclass(frozen=True, slots=True)
class Check:
    """A roll: a base chance (a number or a rule's Chance) plus modifiers, and two outcomes."""

    chance: Expr
    modifiers: tuple[Modifier, ...]
    success: Outcome
    failure: Outcome


@dataclass(frozen=True, slots=True)
class Choice:
    """A choice offered in a scene; its action id is ``scene_id/choice_id``."""

    id: str
    action: str
    label: str
    did: str | None
    when: Expr | None
    effects: tuple[Effect, ...]
    check: Check | None
    goto: tuple[Route, ...]
    reads: tuple[str, ...] = ()
    """The values the ``did`` prose's ``{fields}`` read."""
    tried: bool = False
    """It calls an effect that can refuse (enough of a resource, a technique at hand): before
    it is offered, ``legal_actions`` tries it, so every legal action applies."""
    again: tuple[str, ...] = ()
    """Prose told instead of ``did`` when the choice is made again, one a time, in turn."""


@dataclass(frozen=True, slots=True)
class TextBlock:
    """A paragraph of scene prose, shown when ``when`` holds."""

    text: str
    when: Expr | None = None
    reads: tuple[str, ...] = ()
    """The values its ``{fields}`` read: recorded in the event that shows it."""


@dataclass(frozen=True, slots=True)
class FightCall:
    """A scene's fight and the scenes its three outcomes lead to."""

    id: str
    win: str
    lose: str
    fled: str


@dataclass(frozen=True, slots=True)
class Scene:
    """A compiled scene."""

    id: str
    act: int
    pov: str | None
    place: str | None
    title: str | None
    text: tuple[TextBlock, ...]
    on_enter: tuple[Effect, ...]
    choices: tuple[Choice, ...]
    goto: tuple[Route, ...]
    ending: str | None
    fight: FightCall | None
    seen_key: str = ""
    choice_by_action: dict[str, Choice] = field(default_factory=dict)
    expects: tuple[Expectation, ...] = ()
    """What must hold whenever the scene is entered (checked on entry; a broken one is an
    ``expectation_broken`` event, which playtests report and nothing tells)."""
    again: tuple[str, ...] = ()
    """Prose told when the scene is entered again, one a visit, in turn."""
    again_reads: tuple[str, ...] = ()
    """The values the ``again`` prose's ``{fields}`` read (recorded on a return)."""
    text_faultless: bool = False
    """No condition of its text can raise: a step that makes no ``scene_entered`` event
    need not evaluate them (one that could raise is evaluated all the same, as its fault
    is a crash a player would meet)."""


@dataclass(frozen=True, slots=True)
class Expectation:
    """A condition a scene declares about the story so far, and where it is written."""

    holds: Expr
    text: str
    where: str
    """``file:line:column`` of the condition, for the finding."""


@dataclass(frozen=True, slots=True)
class Ending:
    """An ending the pack declares."""

    id: str
    title: str
    summary: str
    tone: str = "bittersweet"


@dataclass(frozen=True, slots=True)
class Invariant:
    """An author-declared truth checked on every step by playtests."""

    id: str
    holds: Expr
    message: str
    parts: tuple[Expr, ...] = ()
    """When ``holds`` is an ``and`` of parts, each part compiled alone, in order (it holds
    when every part does): a playtest then checks again only the parts whose values moved."""


@dataclass(frozen=True, slots=True)
class Manifest:
    """The pack's identity and the notices shown before play."""

    id: str
    title: str
    version: str
    rating: str
    content_notice: tuple[str, ...]
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    relationship: tuple[str, ...]
    characters: tuple[str, ...]
    start: str
    acts: dict[int, str]
    summary: str = ""
    world: str | None = None
    """The world the campaign builds on, if it names one."""
    footer: str = ""
    """The line under every page."""
    credits: tuple[str, ...] = ()
    """Who made it."""


class FightRules(Protocol):
    """What the engine needs from a skirmish system (``bonds.rules.combat`` provides it)."""

    def begin(self, ctx: Ctx, call: FightCall) -> None:
        """Set up the fight's values when its scene opens."""

    def legal(self, world: World, state: State) -> list[str]:
        """The fight actions open now, in a fixed order."""

    def act(self, ctx: Ctx, action: str) -> str | None:
        """Apply one action and the foes' answer; return 'win', 'lose', 'fled' or None."""


@dataclass(slots=True)
class World:
    """A loaded pack, compiled for play."""

    manifest: Manifest
    scenes: dict[str, Scene]
    endings: dict[str, Ending]
    initial_values: dict[str, Value]
    content_hash: str
    data: dict[str, Any] = field(default_factory=dict)
    """Rule data by system (characters, techniques, places, missions, fights…)."""
    invariants: tuple[Invariant, ...] = ()
    canon: tuple[str, ...] = ()
    fight_rules: FightRules | None = None
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    """What rules work out from the pack the first time they need it and keep (keys spelled
    once per character, say): never game state, which lives only in a state's values."""
