"""Scouting and intelligence (system S7): summoned scouts watch places; debriefs teach facts.

Rules:
- ``scout(c, place)`` sends c's summoned scouts to watch ``place``: c uses the cheapest
  technique they know whose effect is ``summon`` (refused if none, or too little in the pool).
  Scouts already watching that place are left there (nothing is spent).
- ``debrief()`` hears every watch that has lasted at least 8 hours: each fact the pack
  lists under that place's ``watch`` whose ``when`` holds now is learnt (an
  ``intel_learnt`` event, once per fact), and the scouts come home. Watches shorter than
  8 hours stay out. A ``debriefed`` event tells what each watch brought back.
- ``intel(fact)`` holds once a fact is learnt; ``learn(fact)`` teaches one directly (a
  briefing, a confession). Facts are the ids declared in ``world.yaml`` watch lists, so a
  misspelt fact is a load error.

Keys: ``scout.<place>`` (who sent the scouts), ``_scout.<place>`` (the hour they left),
``intel.<fact>``.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible

from ._common import hours_now, name_of, person, place_conditions
from ._registry import LOAD_HOOKS, Report, effect, query
from .techniques import use_technique

__all__ = ["WATCH_HOURS", "debrief", "intel", "learn", "scout", "watching"]

WATCH_HOURS = 8
"""How long scouts must watch a place before a debrief can use what they saw."""


@query("intel", "fact", key="intel.{0}", returns="bool")
def intel(ctx: Ctx, fact: str) -> bool:
    """Whether the fact has been learnt."""
    return bool(ctx.values.get("intel." + fact, False))


@effect("learn", "fact", key="intel.{0}", returns="none")
def learn(ctx: Ctx, fact: str) -> None:
    """The fact is now known."""
    if not intel(ctx, fact):
        ctx.values["intel." + fact] = True
        ctx.emit("intel_learnt", fact=fact)


@query("watching", "place", key="scout.{0}", returns="bool")
def watching(ctx: Ctx, place: str) -> bool:
    """Whether scouts are watching ``place`` now."""
    return bool(ctx.values.get("scout." + place))


@effect("scout", "character", "place", key="scout.{1}",
        refuses="no summoning technique, or too little in the pool", returns="none")
def scout(ctx: Ctx, c: str, place: str) -> None:
    """c sends summoned scouts to watch ``place`` until the next debrief.

    Raises:
        Impossible: c knows no summoning, or cannot use it now.
    """
    if watching(ctx, place):
        return
    techniques = ctx.world.data["techniques"]
    options = sorted((techniques[t] for t in person(ctx, c).techniques
                      if t in techniques and techniques[t].effect == "summon"),
                     key=lambda t: t.cost)
    if not options:
        raise Impossible(f"{name_of(ctx, c)} has nothing to summon")
    use_technique(ctx, c, options[0].id)
    ctx.values["scout." + place] = c
    ctx.values["_scout." + place] = hours_now(ctx.values)
    ctx.emit("scouts_sent", who=c, place=place)


@effect("debrief", returns="none")
def debrief(ctx: Ctx) -> None:
    """Hear every watch of 8 hours or more: what they saw becomes intelligence."""
    now = hours_now(ctx.values)
    for place, facts in ctx.world.data["watches"].items():
        sender = ctx.values.get("scout." + place)
        if not sender:
            continue
        hours = now - int(ctx.values.get("_scout." + place, now))
        if hours < WATCH_HOURS:
            continue
        learnt = []
        for fact, holds in facts:
            if (holds is None or holds(ctx)) and not intel(ctx, fact):
                learn(ctx, fact)
                learnt.append(fact)
        ctx.values["scout." + place] = ""
        ctx.emit("debriefed", who=str(sender), place=place, hours=hours, facts=learnt)


def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    env.ids["fact"] = {w.fact for p in data["places"].values() for w in p.watch}
    data["watches"] = place_conditions(data, env, report, "watch", "fact")


LOAD_HOOKS.append(_check)
