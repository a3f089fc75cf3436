"""A fight as every screen shows it: the field, each action's odds and cost, fight labels.

The fight rules own the fight and its one description: the field (:class:`FieldView`, its
zones as :class:`ZoneView`) and each action (:class:`ActionView`) come from
:data:`bonds.rules.combat.SKIRMISH`, called directly, so a renamed or failing description
fails loudly instead of showing a plainer board. This module adds only the label of a fight
action or roll read back from the event log, once the fight may be over.
"""

from __future__ import annotations

from bonds.engine import State, World
from bonds.rules import combat
from bonds.rules.combat import ActionView, FieldView, ZoneView

from .names import Names, humanize

__all__ = ["ActionView", "FieldView", "ZoneView", "describe_fight_action", "fight_label",
           "fight_view"]


def fight_view(world: World, state: State) -> FieldView | None:
    """The field of the fight under way in ``state``, or None when there is none."""
    if not state.get("fight.id", ""):
        return None
    return combat.SKIRMISH.describe_field(world, state)


def describe_fight_action(world: World, state: State, action: str) -> ActionView:
    """The label, chance (with its parts) and cost of a fight action open in ``state``."""
    return combat.SKIRMISH.describe_action(world, state, action)


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
