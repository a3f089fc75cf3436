"""Sensing, intimidation and silent signals (systems S5, S6).

Rules:
- A **sensing pulse** (``sense(c)``) uses the cheapest technique c knows whose effect is
  ``reveal`` (refused if c knows none, or lacks what it costs). At the current place it
  reveals every hidden presence the pack lists there (those whose ``when`` holds) and
  every armed trap, one event each, then a ``pulse_made`` event listing what was found.
  Using any ``reveal`` technique makes the same pulse. ``sensed(place)`` holds afterwards.
- ``sense_chance(c)``, for a roll to notice something: 30, plus 10 per level of rank,
  plus 25 with a sensing technique, minus 20 when exhausted, minus 5 per point of
  ``hurt``.
- **Reading mood**: ``mood(c, towards)`` is ``afraid`` while c is frozen, ``angry`` when the
  tension between them is 60 or more, ``uneasy`` from 30, ``weary`` when c is exhausted,
  ``warm`` when c's ease towards them is 60 or more, else ``calm``. ``read_mood(reader,
  target)`` tells it as an event; only someone with a technique pool can read it.
- **Intimidation** (the world names it, ``words: intimidation``):
  ``intimidate(source, target)`` rolls ``resist_chance(target, source)``: 50, plus 10 per
  step of seniority the target has over the source (minus if under), plus half the
  difference in nerve, minus 15 when the target is exhausted. On a failure the target is
  frozen for a beat.
- **Silent signals**: ``signal(sender, receiver, plan)`` passes a plan in one-handed signs.
  Both must know the pack's ``signal`` technique; the sender uses it (so needs a free
  hand). The plan is understood when the receiver's coordination towards the sender is at
  least the technique's ``min_coordination``; then ``agreed(a, b, plan)`` holds.
  Otherwise the signs are misread (a ``signal_misread`` event) and nothing is agreed.

Keys: ``sensed.<place>``, ``plan.<sender>.<receiver>``.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import Impossible

from ._common import (
    bond_measure,
    here,
    name_of,
    person,
    place_conditions,
    seniority_of,
    word,
)
from ._registry import LOAD_HOOKS, Report, effect, query
from .health import exhausted, freeze, frozen, hurt, pool_max
from .techniques import AFTER_USE, use_technique

__all__ = [
    "agreed",
    "intimidate",
    "mood",
    "read_mood",
    "resist_chance",
    "sense",
    "sense_chance",
    "sensed",
    "signal",
]


def _known(ctx: Ctx, c: str, effect_kind: str) -> list[Any]:
    techniques = ctx.world.data["techniques"]
    found = [techniques[t] for t in person(ctx, c).techniques if t in techniques]
    return [t for t in found if t.effect == effect_kind]


# -- sensing ----------------------------------------------------------------------------------
def _pulse(ctx: Ctx, who: str, tech: Any) -> None:
    place = here(ctx)
    found: list[str] = []
    if place:
        for presence, holds in ctx.world.data["presences"].get(place, ()):
            if holds is None or holds(ctx):
                found.append(presence)
                ctx.emit("presence_sensed", who=who, place=place, presence=presence)
        record = ctx.world.data["places"].get(place)
        for spot in record.spots if record is not None else ():
            if ctx.values.get(f"trap.{place}.{spot}"):
                found.append(f"trap.{spot}")
                ctx.emit("trap_sensed", who=who, place=place, spot=spot)
        if not ctx.values.get("sensed." + place):
            ctx.values["sensed." + place] = True
    ctx.emit("pulse_made", who=who, place=place, found=found, technique=tech.id)


AFTER_USE["reveal"] = _pulse


@effect("sense", "character", refuses="no sensing technique, or too little in the pool",
        returns="none")
def sense(ctx: Ctx, c: str) -> None:
    """A sensing pulse at the current place: reveals hidden presences as events.

    Raises:
        Impossible: c knows no sensing technique, or cannot use it now.
    """
    options = sorted(_known(ctx, c, "reveal"), key=lambda t: t.cost)
    if not options:
        raise Impossible(f"{name_of(ctx, c)} knows no sensing technique")
    use_technique(ctx, c, options[0].id)


@query("sensed", "place", key="sensed.{0}", returns="bool")
def sensed(ctx: Ctx, place: str) -> bool:
    """Whether a sensing pulse has been made at ``place``."""
    return bool(ctx.values.get("sensed." + place, False))


@query("sense_chance", "character", returns="chance")
def sense_chance(ctx: Ctx, c: str) -> Chance:
    """The chance that c notices what is hidden, and its parts."""
    chance = Chance(30, (("base", 30),))
    level = seniority_of(ctx, c)
    if level:
        chance = chance.plus("rank", 10 * level)
    if _known(ctx, c, "reveal"):
        chance = chance.plus("a sensing technique", 25)
    if exhausted(ctx, c):
        chance = chance.plus("exhausted", -20)
    wounds = hurt(ctx, c)
    if wounds:
        chance = chance.plus("wounds", -5 * wounds)
    return chance


@query("stealth_chance", "character", "character", returns="chance")
def stealth_chance(ctx: Ctx, a: str, b: str) -> Chance:
    """The chance that a and b slip past watchers together unseen, and its parts.

    Base 35; +5 per rank level of each; + a fifth of their coordination (the slower one
    sets the pace, so the lower direction counts); -15 for each exhausted partner; -5 per
    point of injury on either.
    """
    chance = Chance(35, (("base", 35),))
    for who in (a, b):
        level = seniority_of(ctx, who)
        if level:
            chance = chance.plus(f"{person(ctx, who).name}'s training", 5 * level)
        if exhausted(ctx, who):
            chance = chance.plus(f"{person(ctx, who).name} exhausted", -15)
        wounds = hurt(ctx, who)
        if wounds:
            chance = chance.plus(f"{person(ctx, who).name}'s wounds", -5 * wounds)
    together = min(bond_measure(ctx.values, a, b, "coordination"),
                   bond_measure(ctx.values, b, a, "coordination")) // 5
    if together:
        chance = chance.plus("moving as one", together)
    return chance


# -- mood -------------------------------------------------------------------------------------
@query("mood", "character", "character", returns="str")
def mood(ctx: Ctx, c: str, towards: str) -> str:
    """c's mood towards someone: afraid, angry, uneasy, weary, warm or calm."""
    if frozen(ctx, c):
        return "afraid"
    tension = max(bond_measure(ctx.values, c, towards, "tension"),
                  bond_measure(ctx.values, towards, c, "tension"))
    if tension >= 60:
        return "angry"
    if tension >= 30:
        return "uneasy"
    if exhausted(ctx, c):
        return "weary"
    if bond_measure(ctx.values, c, towards, "ease") >= 60:
        return "warm"
    return "calm"


@effect("read_mood", "character", "character", refuses="the reader has no technique pool",
        returns="none")
def read_mood(ctx: Ctx, reader: str, target: str) -> None:
    """The reader feels the target's mood through their own pool (a ``mood_read`` event).

    Raises:
        Impossible: the reader has no technique pool to read with.
    """
    if pool_max(ctx, reader) <= 0:
        raise Impossible(f"{name_of(ctx, reader)} cannot read anyone that way")
    ctx.emit("mood_read", who=reader, target=target, mood=mood(ctx, target, reader))


# -- intimidation -----------------------------------------------------------------------------
@query("resist_chance", "character", "character", returns="chance")
def resist_chance(ctx: Ctx, target: str, source: str) -> Chance:
    """The chance that ``target`` shakes off ``source``'s intimidation, and its parts."""
    chance = Chance(50, (("base", 50),))
    them, us = person(ctx, source), person(ctx, target)
    gap = seniority_of(ctx, target) - seniority_of(ctx, source)
    if gap:
        chance = chance.plus("rank", 10 * gap)
    steadiness = (us.nerve - them.nerve) // 2
    if steadiness:
        chance = chance.plus("nerve", steadiness)
    if exhausted(ctx, target):
        chance = chance.plus("exhausted", -15)
    return chance


@effect("intimidate", "character", "character", key="frozen.{1}", returns="none")
def intimidate(ctx: Ctx, source: str, target: str) -> None:
    """``source`` turns intimidation on ``target``: a roll to resist, or a freeze."""
    chance = resist_chance(ctx, target, source).clamped()
    menace = word(ctx, "intimidation")
    resisted = ctx.roll(chance, f"{target} resists {source}'s {menace}")
    ctx.emit("intimidated", who=target, source=source, resisted=resisted)
    if not resisted:
        freeze(ctx, target, menace)


# -- signals ----------------------------------------------------------------------------------
@effect("signal", "character", "character", "text", key="plan.{0}.{1}",
        refuses="either lacks the signal technique, or the sender has no free hand", returns="none")
def signal(ctx: Ctx, sender: str, receiver: str, plan: str) -> None:
    """The sender passes ``plan`` to the receiver in one-handed signs.

    Raises:
        Impossible: either does not know the signal technique, or the sender cannot sign.
    """
    options = _known(ctx, sender, "signal")
    if not options:
        raise Impossible(f"{name_of(ctx, sender)} knows no hand-sign code")
    tech = options[0]
    if tech.id not in person(ctx, receiver).techniques:
        raise Impossible(f"{name_of(ctx, receiver)} cannot read {tech.name}")
    use_technique(ctx, sender, tech.id)
    level = bond_measure(ctx.values, receiver, sender, "coordination")
    if level < tech.min_coordination:
        ctx.emit("signal_misread", who=sender, to=receiver, plan=plan, coordination=level,
                 needed=tech.min_coordination)
        return
    key = f"plan.{sender}.{receiver}"
    if ctx.values.get(key) != plan:
        ctx.values[key] = plan
    ctx.emit("signal_passed", who=sender, to=receiver, plan=plan)


@query("agreed", "character", "character", "text", key="plan.{0}.{1}", returns="bool")
def agreed(ctx: Ctx, a: str, b: str, plan: str) -> bool:
    """Whether a plan passed between a and b (either way) was understood."""
    return ctx.values.get(f"plan.{a}.{b}") == plan or ctx.values.get(f"plan.{b}.{a}") == plan


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    found = place_conditions(data, env, report, "hidden", "id")
    data["presences"] = {place: entries for place, entries in found.items() if entries}


LOAD_HOOKS.append(_check)
