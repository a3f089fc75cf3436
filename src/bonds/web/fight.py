"""A fight as view data: the zones, who stands where, and each action's odds and cost.

The fight rules own the fight; this module only reads. It asks the pack's fight rules to
describe an action or the field when they know how (``describe_action`` / ``describe_field``),
and otherwise reads the ``fight.*`` values of the state generically, so a fight is always
shown, if plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bonds.engine import Chance, State, World

from .names import Names, humanize

__all__ = ["ActionInfo", "FightView", "Zone", "describe_fight_action", "fight_label",
           "fight_view"]


@dataclass(frozen=True, slots=True)
class ActionInfo:
    """What the screen says about one fight action."""

    label: str
    """The button's text."""
    chance: Chance | None = None
    """Its chance to land, and what moves it."""
    cost: str | None = None
    """What it costs, e.g. ``20 chakra``."""


@dataclass(frozen=True, slots=True)
class Zone:
    """A zone of the field and who stands in it."""

    name: str
    """The zone's name."""
    occupants: tuple[str, ...]
    """The names of those standing there."""


@dataclass(frozen=True, slots=True)
class FightView:
    """The field of a fight under way."""

    name: str
    """The fight's name."""
    zones: tuple[Zone, ...]
    """The zones, in order, with their occupants."""
    facts: tuple[tuple[str, str], ...]
    """Every other fight value, as (label, value), e.g. the round."""


def fight_view(world: World, state: State, names: Names) -> FightView | None:
    """The fight under way in ``state``, or None."""
    fight_id = state.get("fight.id", "")
    if not fight_id:
        return None
    described = _ask(world, "describe_field", world, state)
    if described is not None:
        return _from_rules(described, names)
    record = world.data.get("fights", {}).get(str(fight_id))
    name = getattr(record, "name", None) or humanize(str(fight_id))
    zone_of: dict[str, list[str]] = {}
    facts: list[tuple[str, str]] = []
    for key in sorted(state.values):
        if not key.startswith("fight.") or key == "fight.id":
            continue
        rest = key[len("fight."):].split(".")
        value = state.values[key]
        if rest[-1] in {"zone", "at", "position"} and len(rest) >= 2:
            zone_of.setdefault(str(value), []).append(names.of(rest[-2]))
        else:
            facts.append((" ".join(names.of(p) for p in rest), str(value)))
    zones = tuple(Zone(names.of(z), tuple(who)) for z, who in zone_of.items())
    return FightView(str(name), zones, tuple(facts))


def describe_fight_action(world: World, state: State, action: str, names: Names) -> ActionInfo:
    """The label, chance and cost of a fight action."""
    described = _ask(world, "describe_action", world, state, action)
    if described is not None:
        chance = getattr(described, "chance", None)
        cost = getattr(described, "cost", None)
        label = getattr(described, "label", None) or fight_label(action, names)
        return ActionInfo(str(label), chance if isinstance(chance, Chance) else None,
                          None if cost in (None, "", 0) else str(cost))
    return ActionInfo(fight_label(action, names))


def fight_label(action: str, names: Names) -> str:
    """A fight action or roll read plainly: ``fight:ash:strike:raiders`` → ``Ash: strike the
    raiders``; ``fight:ash:tech:spark:raiders`` → ``Ash: Spark on the raiders``."""
    parts = [p for p in action.removeprefix("fight:").split(":") if p]
    if len(parts) < 2:
        return humanize(parts[0]) if parts else action
    who, verb, rest = names.of(parts[0]), parts[1], [names.of(p) for p in parts[2:]]
    who = who[:1].upper() + who[1:]
    if verb in ("tech", "combo", "combine") and rest:
        return f"{who}: {rest[0]}" + (f" on {' and '.join(rest[1:])}" if rest[1:] else "")
    return f"{who}: {verb.replace('_', ' ')}" + (f" {' and '.join(rest)}" if rest else "")


def _ask(world: World, method: str, *args: Any) -> Any:
    fn = getattr(world.fight_rules, method, None)
    if not callable(fn):
        return None
    try:
        return fn(*args)
    except Exception:  # a description must never stop play  # noqa: BLE001
        return None


def _from_rules(described: Any, names: Names) -> FightView:
    zones = tuple(Zone(str(getattr(z, "name", z)),
                       tuple(str(o) for o in getattr(z, "occupants", ())))
                  for z in getattr(described, "zones", ()))
    facts = tuple((str(k), str(v)) for k, v in getattr(described, "facts", ()))
    return FightView(str(getattr(described, "name", "The fight")), zones, facts)
