"""A fight as every screen shows it: the field, each action's odds and cost, fight labels.

The fight rules own the fight and its one description: the field (:class:`FieldView`, its
zones as :class:`ZoneView`) and each action (:class:`ActionView`) come from
:data:`bonds.rules.combat.SKIRMISH`, called directly, so a renamed or failing description
fails loudly instead of showing a plainer board. This module adds only the label of a fight
action or roll read back from the event log, once the fight may be over, and each side's
state in words (:func:`fighter_text`: words by default, the figures in the ``brief`` and
``full`` numbers settings).
"""

from __future__ import annotations

from bonds.engine import State, World
from bonds.rules import combat
from bonds.rules.combat import ActionView, FieldView, FighterView, ZoneView

from .names import Names, humanize

__all__ = ["ActionView", "FieldView", "FighterView", "ZoneView", "describe_fight_action",
           "fight_label", "fight_view", "fighter_text", "health_words", "morale_words"]

_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")
"""Small counts in words."""


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
    if verb in _ROLL_WORDS:
        return f"{who}: {_ROLL_WORDS[verb].format(' and '.join(rest))}"
    return f"{who}: {verb.replace('_', ' ')}" + (f" {' and '.join(rest)}" if rest else "")


_ROLL_WORDS = {"reflex": "pull {} clear in time", "throw": "throw at {}",
               "break": "break through to {}", "burst": "burst the tank in {}"}
"""Rolls whose verb alone does not read as English (the partner's reflex save)."""


def health_words(now: int, most: int) -> str:
    """A hero's hit points in words: ``unhurt``, ``bruised``, ``hurt``, ``badly hurt``,
    ``down``."""
    if now <= 0:
        return "down"
    if now >= most:
        return "unhurt"
    if 3 * now >= 2 * most:
        return "bruised"
    return "hurt" if 3 * now >= most else "badly hurt"


def morale_words(morale: int, breaks_at: int) -> str:
    """A group's morale in words, by how far it is from giving up: ``steady``, ``shaken``,
    ``close to breaking``."""
    margin = morale - breaks_at
    if margin > 25:
        return "steady"
    return "shaken" if margin > 10 else "close to breaking"


def fighter_text(f: FighterView, numbers: str = "words", pool: str = "") -> str:
    """How one fighter or group stands, for the board: in words (``numbers="words"``, the
    default: ``hurt``; ``five of them, shaken``), or with the figures (``brief``: ``9 of 14
    hit points, 120 of the pool``; ``full``: morale and where it breaks too). ``pool`` is the
    technique pool's name (:attr:`FieldView.pool`)."""
    figures = numbers in ("brief", "full")
    if f.hero:
        if f.standing not in ("fighting", "down"):
            return f.standing
        text = (f"{f.now} of {f.most} hit points" if figures
                else health_words(f.now if f.standing != "down" else 0, f.most))
        if figures and f.standing == "down":
            text = f"down, {text}"
        if figures and f.pool is not None and pool:
            text += f", {f.pool} {pool}"
        return text
    if f.standing in ("fled", "yielded", "beaten", "not here yet"):
        return f.standing
    if f.most <= 1:
        text = ""
    elif figures:
        text = f"{f.now} of {f.most}"
    else:
        text = f"{_NUMBERS[f.now] if f.now < len(_NUMBERS) else f.now} of them"
    if f.morale is not None and f.breaks_at is not None:
        mood = (f"morale {f.morale}" + (f", breaks at {f.breaks_at}" if numbers == "full"
                                        else "") if figures
                else morale_words(f.morale, f.breaks_at))
        text = f"{text}, {mood}" if text else mood
    if f.standing == "held still":
        text += ", held still"
    return text
