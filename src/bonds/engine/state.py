"""The game state and its events: plain data, hashable, serialisable.

A :class:`State` is the scene the player stands in, a flat table of named values (every
quality, bond measure, resource pool, flag and fight detail lives there under a dotted key),
the RNG's position, the turn count and the ending once reached. States are never mutated:
their value table is a :class:`FrozenValues`, which refuses every change, and ``step``
copies it once into a :class:`Draft` that the step changes and the next state freezes
in place.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any, NoReturn

__all__ = ["Draft", "Event", "FrozenValues", "State", "Value", "snapshot_hash",
           "state_from_json", "state_hash", "state_to_json"]

Value = int | str | bool
"""What a value table holds: numbers are integers so every run computes the same."""


class FrozenValues(dict[str, Value]):
    """A state's value table: a dict that refuses to change, hashable by its contents.

    Reading is a plain dict's, at a dict's speed (the step loop reads these tables more than
    anything); every method that would change it raises ``TypeError``. ``dict(values)`` or
    ``values.copy()`` gives a writable copy, as ``step`` makes once per step.
    """

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("a state's values are read-only: step() makes the changed copy")

    __setitem__ = __delitem__ = __ior__ = _refuse
    clear = pop = popitem = setdefault = update = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenValues], tuple[dict[str, Value]]]:
        # Copies and pickles are rebuilt whole; the default would write item by item.
        return FrozenValues, (dict(self),)

    def __repr__(self) -> str:
        return f"FrozenValues({dict.__repr__(self)})"


class Draft(dict[str, Value]):
    """The value table a step changes: a plain dict that :meth:`freeze` turns, in place,
    into the next state's :class:`FrozenValues` (no second copy of the table per step)."""

    __slots__ = ()

    def freeze(self) -> FrozenValues:
        """This table, read-only from now on (the same object, its class changed: the two
        classes differ only in which methods refuse)."""
        self.__class__ = FrozenValues  # type: ignore[assignment]
        return self  # type: ignore[return-value]


@dataclass(frozen=True, slots=True, init=False)
class Event:
    """One thing that happened: a kind and a record of plain data.

    Text is never stored here; narration renders events when they are shown.
    """

    kind: str
    """What happened, e.g. ``scene_entered``, ``bond_changed``, ``roll``."""
    data: dict[str, Any]
    """The facts of it: ids, numbers and the reason, all JSON-serialisable."""

    def __init__(self, kind: str, data: dict[str, Any]) -> None:
        # A run makes hundreds of events: the slots are set through their descriptors,
        # which is what a frozen dataclass's own __init__ does by way of
        # object.__setattr__, at half the cost.
        _EVENT_KIND(self, kind)
        _EVENT_DATA(self, data)

    def to_json(self) -> dict[str, Any]:
        """The event as a JSON-ready mapping."""
        return {"kind": self.kind, **self.data}


@dataclass(frozen=True, slots=True, init=False)
class State:
    """Everything a game is at one moment; the same pack, seed and actions give the same one.

    Immutable: its fields cannot be set and its values are a :class:`FrozenValues` (a plain
    dict given is frozen on construction, as a copy). Equal states hash equal.
    """

    scene: str
    """The id of the scene the player is in."""
    values: dict[str, Value]
    """Every named value of the world, by dotted key: a :class:`FrozenValues`, read-only."""
    rng: int
    """The RNG's position (see :mod:`bonds.engine.rng`)."""
    turn: int = 0
    """How many actions have been taken."""
    ending: str | None = None
    """The ending's id once the game is over."""

    def __init__(self, scene: str, values: dict[str, Value], rng: int, turn: int = 0,
                 ending: str | None = None) -> None:
        # Set through the slots' descriptors, as Event's are (one state a step and a trial).
        if type(values) is Draft:
            values.freeze()
        elif not isinstance(values, FrozenValues):
            values = FrozenValues(values)
        _STATE_SCENE(self, scene)
        _STATE_VALUES(self, values)
        _STATE_RNG(self, rng)
        _STATE_TURN(self, turn)
        _STATE_ENDING(self, ending)

    def get(self, key: str, default: Value = 0) -> Value:
        """A value by key, or ``default`` when the world has never set it."""
        return self.values.get(key, default)


_EVENT_KIND, _EVENT_DATA = (Event.__dict__[name].__set__ for name in ("kind", "data"))
_STATE_SCENE, _STATE_VALUES, _STATE_RNG, _STATE_TURN, _STATE_ENDING = (
    State.__dict__[name].__set__ for name in ("scene", "values", "rng", "turn", "ending"))


def state_to_json(state: State) -> dict[str, Any]:
    """The state as canonical JSON-ready data (keys sorted)."""
    return {
        "scene": state.scene,
        "values": dict(sorted(state.values.items())),
        "rng": state.rng,
        "turn": state.turn,
        "ending": state.ending,
    }


def state_from_json(data: dict[str, Any]) -> State:
    """Rebuild a state from :func:`state_to_json` output; raises KeyError/TypeError if malformed."""
    values = data["values"]
    if not isinstance(values, dict) or not all(
        isinstance(v, int | str | bool) for v in values.values()
    ):
        raise TypeError("values must map keys to integers, strings or booleans")
    return State(
        scene=str(data["scene"]),
        values=dict(values),
        rng=int(data["rng"]),
        turn=int(data["turn"]),
        ending=None if data["ending"] is None else str(data["ending"]),
    )


def state_hash(state: State) -> str:
    """A stable hex digest of the state, equal across processes and platforms."""
    return snapshot_hash(state_to_json(state))


def snapshot_hash(snapshot: dict[str, Any]) -> str:
    """:func:`state_hash` of the state whose :func:`state_to_json` is ``snapshot`` (a save
    that keeps the snapshot hashes it without building it twice)."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
