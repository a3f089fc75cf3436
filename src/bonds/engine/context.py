"""The context a step runs in: the value table being changed, the events so far, the RNG.

Compiled conditions and effects, and every rules function, take a :class:`Ctx`. It is the
only way state changes during a step, so every change can be paired with an event.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import rng as _rng
from .state import Event, Value

if TYPE_CHECKING:
    from .world import World

__all__ = ["Chance", "Ctx", "SelectiveCtx"]


@dataclass(frozen=True, slots=True, init=False)
class Chance:
    """A percent chance and the named parts that make it up (shown to the player)."""

    percent: int
    parts: tuple[tuple[str, int], ...]

    def __init__(self, percent: int, parts: tuple[tuple[str, int], ...]) -> None:
        # Set through the slots' descriptors, as an Event's are: fights work out many odds.
        _CHANCE_PERCENT(self, percent)
        _CHANCE_PARTS(self, parts)

    def plus(self, why: str, amount: int) -> Chance:
        """This chance with one more part added (not yet clamped)."""
        return Chance(self.percent + amount, (*self.parts, (why, amount)))

    def clamped(self, low: int = 5, high: int = 95) -> Chance:
        """The chance held between ``low`` and ``high``: nothing is ever certain."""
        return Chance(max(low, min(high, self.percent)), self.parts)


_CHANCE_PERCENT, _CHANCE_PARTS = (Chance.__dict__[name].__set__ for name in ("percent", "parts"))


class Ctx:
    """A step in progress. ``values`` is this step's own copy of the state's table."""

    __slots__ = ("world", "values", "events", "rng", "scene", "forced", "origin", "decide")

    def __init__(
        self,
        world: World,
        values: dict[str, Value],
        rng: int,
        scene: str,
        forced: bool | None = None,
        origin: dict[str, Value] | None = None,
        decide: bool | None = None,
    ) -> None:
        self.world = world
        self.values = values
        self.events: list[Event] = []
        self.rng = rng
        self.scene = scene
        self.forced = forced
        """When not None, every roll comes out this way (used for previews)."""
        self.origin = origin
        """The value table of the state this step started from (``values`` is its copy),
        or None. Rules may recognise by identity a state they have just read, e.g. to trust
        an action they listed as legal for it a moment ago; states are never mutated."""
        self.decide = decide
        """When not None (and ``forced`` is None), the first roll comes out this way and
        every later roll falls as in play: the RNG turns for the first roll too, so a
        preview of the side of the roll that happens is exactly what the step does."""

    def emit(self, kind: str, **data: Any) -> None:
        """Record that something happened."""
        self.events.append(Event(kind, data))

    def wants(self, kind: str) -> bool:
        """Whether an event of ``kind`` is recorded. The events a run makes most (rolls,
        bond and flag changes, fight moves…) ask first, ``if ctx.wants(k): ctx.emit(k, …)``,
        so that a step which does not make them (a playtest's) does not even gather their
        facts; the facts only read, so the state is the same either way."""
        return True

    def get(self, key: str, default: Value = 0) -> Value:
        """A value by key."""
        return self.values.get(key, default)

    def roll(self, chance: Chance, what: str) -> bool:
        """Roll against ``chance`` (1-100, success when the roll is at or under it).

        The roll is an event, so a replay and a reader see exactly what chance decided.
        """
        if self.forced is not None:
            success = self.forced
            value = 1 if success else 100
        else:
            self.rng, value = _rng.percent_roll(self.rng)
            success = value <= chance.percent
            if self.decide is not None:
                success, self.decide = self.decide, None
        if self.wants("roll"):
            self.emit("roll", what=what, chance=chance.percent,
                      parts=[list(p) for p in chance.parts], value=value, success=success)
        return success

    def pick(self, n: int) -> int:
        """A deterministic index in ``range(n)`` from the engine's RNG (for variety, AI ties)."""
        self.rng, index = _rng.uniform_index(self.rng, n)
        return index


class SelectiveCtx(Ctx):
    """A step whose caller reads only some kinds of events: the others are never made.

    A playtest reads one kind (a broken expectation) out of the hundreds a run makes;
    making the rest was a twentieth of its time. Everything else is a :class:`Ctx`'s.
    """

    __slots__ = ("kinds",)

    kinds: frozenset[str]
    """The kinds of events recorded: set by whoever makes the context, before the step
    (Ctx's own ``__init__`` is kept, unwrapped: a playtest makes one a step)."""

    def emit(self, kind: str, **data: Any) -> None:
        """Record that something happened, when it is of a kind the caller reads."""
        if kind in self.kinds:
            self.events.append(Event(kind, data))

    def wants(self, kind: str) -> bool:
        """Whether an event of ``kind`` is recorded."""
        return kind in self.kinds
