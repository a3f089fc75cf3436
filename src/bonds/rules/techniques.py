"""Techniques (system S4): using one, combining one with a partner, and what each needs.

Techniques are data in ``techniques.yaml``: a cost (paid from the world's technique pool),
needs, an effect, a power and a range. Rules:
- ``use_technique(user, technique)`` is refused unless the user knows it (it is in their
  ``techniques`` list), is not frozen, meets every need and has enough in the pool; then the cost
  is spent and a ``technique_used`` event records the effect, power and range (the fight
  and story rules read it).
- Needs: ``hand_signs`` and ``free_hand`` fail while an injury impairs them (see health);
  ``water`` needs a water source at the current place (a place marked ``water``, or one
  where water was released) or water already held; ``partner`` means the technique is only
  used with ``combine``.
- A technique whose effect is ``shape`` and which needs water leaves its user **holding
  the water** until time passes or a combined technique uses it: one partner frees the
  water, the other shapes it.
- A ``reveal`` technique also makes a sensing pulse (see sensing).
- ``combine(a, b, technique)`` needs a technique marked ``combined`` that both know; both
  must meet its needs (water held by either counts), and **each partner's coordination
  towards the other** (bond key ``bond.<a>.<b>.coordination``) must be at least its
  ``min_coordination``. ``a`` pays the larger half of the cost, ``b`` the rest.
- ``can_use`` and ``can_combine`` say whether the same call would work now.

Keys: ``_used.<c>.<technique>`` counts uses; ``water.held.<c>``; ``water.<place>``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible

from ._common import bond_measure, here, name_of, person
from ._registry import LOAD_HOOKS, Report, effect, query
from .health import body_problem, pool, pool_name, spend_pool

__all__ = [
    "AFTER_USE",
    "can_combine",
    "can_use",
    "combine",
    "combine_problem",
    "release_water",
    "technique_of",
    "tick",
    "use_problem",
    "use_technique",
    "used",
]

AFTER_USE: dict[str, Callable[[Ctx, str, Any], None]] = {}
"""What a technique's effect does beyond being recorded, by effect (``reveal`` → a pulse)."""


def technique_of(ctx: Ctx, technique: str) -> Any:
    """The technique record (raises Impossible for an unknown id)."""
    tech = ctx.world.data["techniques"].get(technique)
    if tech is None:
        raise Impossible(f"there is no technique called '{technique}'")
    return tech


def _water_at_hand(ctx: Ctx, holders: tuple[str, ...]) -> bool:
    place = here(ctx)
    if place:
        record = ctx.world.data["places"].get(place)
        if (record is not None and record.water) or ctx.values.get("water." + place):
            return True
    return any(ctx.values.get("water.held." + c) for c in holders)


def _body_and_mind(ctx: Ctx, who: str, tech: Any) -> str | None:
    if tech.id not in person(ctx, who).techniques:
        return f"{name_of(ctx, who)} does not know {tech.name}"
    for need in ("act", *(n for n in tech.needs if n in ("hand_signs", "free_hand"))):
        problem = body_problem(ctx, who, need)
        if problem:
            return problem
    return None


def use_problem(ctx: Ctx, user: str, technique: str) -> str | None:
    """Why ``use_technique(user, technique)`` would be refused now, or ``None``."""
    tech = technique_of(ctx, technique)
    if tech.combined or "partner" in tech.needs:
        return f"{tech.name} takes two; it is used with a partner"
    problem = _body_and_mind(ctx, user, tech)
    if problem:
        return problem
    if "water" in tech.needs and not _water_at_hand(ctx, (user,)):
        return f"{tech.name} needs water, and there is none at hand"
    have = pool(ctx, user)
    if have < tech.cost:
        return (f"{name_of(ctx, user)} has {have} {pool_name(ctx)} left and {tech.name} "
                f"needs {tech.cost}")
    return None


def _shares(cost: int) -> tuple[int, int]:
    return (cost + 1) // 2, cost // 2


def combine_problem(ctx: Ctx, a: str, b: str, technique: str) -> str | None:
    """Why ``combine(a, b, technique)`` would be refused now, or ``None``."""
    tech = technique_of(ctx, technique)
    if not tech.combined:
        return f"{tech.name} is not a combined technique"
    if a == b:
        return f"{tech.name} takes two different people"
    for who in (a, b):
        problem = _body_and_mind(ctx, who, tech)
        if problem:
            return problem
    if "water" in tech.needs and not _water_at_hand(ctx, (a, b)):
        return f"{tech.name} needs water, and there is none at hand"
    for x, y in ((a, b), (b, a)):
        level = bond_measure(ctx.values, x, y, "coordination")
        if level < tech.min_coordination:
            return (f"{name_of(ctx, x)} is not yet in step with {name_of(ctx, y)} "
                    f"(coordination {level}, {tech.name} needs {tech.min_coordination})")
    for who, share in zip((a, b), _shares(tech.cost), strict=True):
        have = pool(ctx, who)
        if have < share:
            return (f"{name_of(ctx, who)} has {have} {pool_name(ctx)} left and needs {share} "
                    f"for {tech.name}")
    return None


def _count_use(ctx: Ctx, who: str, tech: Any) -> None:
    key = f"_used.{who}.{tech.id}"
    ctx.values[key] = int(ctx.values.get(key, 0)) + 1


@query("can_use", "character", "technique", returns="bool")
def can_use(ctx: Ctx, user: str, technique: str) -> bool:
    """Whether ``use_technique(user, technique)`` would work now."""
    return use_problem(ctx, user, technique) is None


@query("can_combine", "character", "character", "technique", returns="bool")
def can_combine(ctx: Ctx, a: str, b: str, technique: str) -> bool:
    """Whether ``combine(a, b, technique)`` would work now."""
    return combine_problem(ctx, a, b, technique) is None


@query("used", "character", "technique", key="_used.{0}.{1}", returns="int")
def used(ctx: Ctx, c: str, technique: str) -> int:
    """How many times c has used the technique (alone or combined)."""
    return int(ctx.values.get(f"_used.{c}.{technique}", 0))


@effect("use_technique", "character", "technique",
        refuses="the user cannot use it now (see use_problem)", returns="none")
def use_technique(ctx: Ctx, user: str, technique: str) -> None:
    """The user performs the technique: its cost is spent and its effect recorded.

    Raises:
        Impossible: the user does not know it, cannot meet a need, or lacks what it costs.
    """
    problem = use_problem(ctx, user, technique)
    if problem:
        raise Impossible(problem)
    tech = technique_of(ctx, technique)
    spend_pool(ctx, user, tech.cost, tech.name)
    _count_use(ctx, user, tech)
    if ctx.wants("technique_used"):
        ctx.emit("technique_used", who=user, technique=tech.id, effect=tech.effect,
                 power=tech.power, range=tech.range, cost=tech.cost, place=here(ctx))
    holds_water = tech.effect == "shape" and "water" in tech.needs
    if holds_water and not ctx.values.get("water.held." + user):
        ctx.values["water.held." + user] = True
        ctx.emit("water_held", who=user, place=here(ctx))
    after = AFTER_USE.get(tech.effect)
    if after is not None:
        after(ctx, user, tech)


@effect("combine", "character", "character", "technique",
        refuses="the pair cannot use it together now (see combine_problem)", returns="none")
def combine(ctx: Ctx, a: str, b: str, technique: str) -> None:
    """Two partners perform a combined technique together.

    Raises:
        Impossible: not a combined technique, a partner cannot, or their coordination is
            below the technique's threshold.
    """
    problem = combine_problem(ctx, a, b, technique)
    if problem:
        raise Impossible(problem)
    tech = technique_of(ctx, technique)
    share_a, share_b = _shares(tech.cost)
    spend_pool(ctx, a, share_a, tech.name)
    spend_pool(ctx, b, share_b, tech.name)
    _count_use(ctx, a, tech)
    _count_use(ctx, b, tech)
    ctx.emit("technique_combined", who=a, partner=b, technique=tech.id, effect=tech.effect,
             power=tech.power, range=tech.range, cost=tech.cost, place=here(ctx))
    if "water" in tech.needs:
        for who in (a, b):
            if ctx.values.get("water.held." + who):
                ctx.values["water.held." + who] = False
                ctx.emit("water_spent", who=who, technique=tech.id)
    after = AFTER_USE.get(tech.effect)
    if after is not None:
        after(ctx, a, tech)


@effect("release_water", "place", key="water.{0}", returns="none")
def release_water(ctx: Ctx, place: str) -> None:
    """Water is loose at ``place`` now (a burst tank): techniques there may draw on it."""
    if not ctx.values.get("water." + place):
        ctx.values["water." + place] = True
        ctx.emit("water_released", place=place)


def tick(ctx: Ctx, hours: int) -> None:
    """Time passing: water held in the air falls."""
    keys = ctx.world.derived.get("water_held")
    if keys is None:  # spelled once per world: every hour that passes reads them all
        keys = ctx.world.derived["water_held"] = tuple(
            (c, "water.held." + c) for c in ctx.world.data["characters"])
    values = ctx.values
    for c, key in keys:
        if values.get(key):
            values[key] = False
            ctx.emit("water_spent", who=c, technique="")


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    injuries = data["injuries"]
    for i, tech in enumerate(data["techniques"].values()):
        if tech.inflicts is not None:
            kind, step = tech.inflicts.injury, tech.inflicts.step
            if kind not in env.ids["injury"]:
                known = ", ".join(injuries) or "none declared"
                report("techniques.yaml", ("techniques", i, "inflicts", "injury"),
                       f"expected an injury kind ({known}), found '{kind}'")
            elif kind in injuries and step not in injuries[kind].steps:
                report("techniques.yaml", ("techniques", i, "inflicts", "step"),
                       f"expected a step of {kind} ({', '.join(injuries[kind].steps)}), "
                       f"found '{step}'")
        if "partner" in tech.needs and not tech.combined:
            report("techniques.yaml", ("techniques", i, "needs"),
                   f"expected 'partner' only on a combined technique, found it on "
                   f"'{tech.id}'")
        if tech.min_coordination and not tech.combined and tech.effect != "signal":
            report("techniques.yaml", ("techniques", i, "min_coordination"),
                   f"expected min_coordination only on a combined technique or a signal, "
                   f"found it on '{tech.id}'")
    known = env.ids["technique"]
    for i, c in enumerate(data["characters"].values()):
        for j, tid in enumerate(c.techniques):
            if tid not in known:
                names = ", ".join(sorted(known)[:12]) or "none declared"
                report("characters.yaml", ("characters", i, "techniques", j),
                       f"expected a technique ({names}), found '{tid}'")


LOAD_HOOKS.append(_check)
