"""Travel, camp and time (system S8): routes between places, the clock, rest and camps.

Rules:
- The clock is the built-in ``day`` (from 1) and ``hour`` (0-23, the first day opens at
  8). ``pass_hours(n)`` moves it on ``n`` hours, rolling over into the next day; each
  passing tells a ``time_passed`` event and then: freezes end, held water falls,
  spreading poisons drain the technique pool, and any mission whose clock has run out says so.
  ``pass_until(h)`` passes the hours until the clock next shows hour ``h``.
- ``part_of_day()`` is ``night`` (21-4), ``dawn`` (5-6), ``morning`` (7-11), ``afternoon``
  (12-16) or ``evening`` (17-20).
- Places are joined by **routes** (``world.yaml``) that run both ways. ``travel(from,
  to)`` takes the quickest chain of routes, passes its hours, breaks any camp and leaves
  the party at ``to`` (``here()``, unless the scene names its own place).
  ``travel_hours(from, to)`` gives the hours. Travel between places no route chain joins
  is a load error when written as constants, and refused otherwise.
- ``rest(c, hours)`` restores each of c's resources by its ``rest_pct`` of the maximum per
  hour (its ``camp_pct`` by a camp fire), halved while a poison spreads in them. Rest does
  not move the clock: pass the hours once for the whole party with ``pass_hours``.
- **Camp**: ``make_camp(option)`` with ``fire`` (warmer rest, easily seen), ``upwind``
  (smoke and scent carried off), ``sheltered`` (out of sight) or ``by_water`` (sounds
  covered); ``break_camp()`` (or travelling) clears them. ``exposure_chance()`` is the
  chance that someone finds the camp: 15, +25 with a fire, -10 upwind, -10 sheltered,
  -5 by water.

Keys: ``day``, ``hour``, ``travel.at``, ``camp.<option>``.
"""

from __future__ import annotations

import heapq
from typing import Any

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from . import health, techniques
from ._common import here as _here
from ._common import name_of
from ._registry import LOAD_HOOKS, Report, effect, query
from .missions import check_clock

__all__ = [
    "CAMP_OPTIONS",
    "break_camp",
    "exposure_chance",
    "here",
    "make_camp",
    "part_of_day",
    "pass_hours",
    "pass_until",
    "rest",
    "travel",
    "travel_hours",
]

CAMP_OPTIONS: dict[str, tuple[str, int]] = {
    "fire": ("a fire's glow and smoke", 25),
    "upwind": ("smoke and scent carried away", -10),
    "sheltered": ("out of sight", -10),
    "by_water": ("the water covers sound", -5),
}
"""Each camp option: why it matters, and its part of the exposure chance."""
_PARTS_OF_DAY = ((5, "night"), (7, "dawn"), (12, "morning"), (17, "afternoon"),
                 (21, "evening"), (24, "night"))


@query("here", returns="str")
def here(ctx: Ctx) -> str:
    """The id of the place where the story stands now (``''`` when unknown)."""
    return _here(ctx)


@query("part_of_day", key="hour", returns="str")
def part_of_day(ctx: Ctx) -> str:
    """``night``, ``dawn``, ``morning``, ``afternoon`` or ``evening``."""
    hour = int(ctx.values.get("hour", 8))
    return next(name for end, name in _PARTS_OF_DAY if hour < end)


def _hours(n: Value) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise Impossible(f"a number of hours must be a whole number from 0 up, not {n!r}")
    return n


@effect("pass_hours", "int", key="hour", returns="none")
def pass_hours(ctx: Ctx, n: Value) -> None:
    """Move the clock on ``n`` hours, and let time do what it does."""
    hours = _hours(n)
    if not hours:
        return
    old_day, old_hour = int(ctx.values.get("day", 1)), int(ctx.values.get("hour", 8))
    total = old_hour + hours
    day, hour = min(10_000, old_day + total // 24), total % 24
    ctx.values["day"], ctx.values["hour"] = day, hour
    if ctx.wants("time_passed"):
        ctx.emit("time_passed", hours=hours, old_day=old_day, day=day, old_hour=old_hour,
                 hour=hour)
    health.tick(ctx, hours)
    techniques.tick(ctx, hours)
    check_clock(ctx)


@effect("pass_until", "int", key="hour", returns="none")
def pass_until(ctx: Ctx, hour: Value) -> None:
    """Pass the hours until the clock next shows ``hour`` (nothing if it does now)."""
    if isinstance(hour, bool) or not isinstance(hour, int) or not 0 <= hour <= 23:
        raise Impossible(f"an hour is a whole number from 0 to 23, not {hour!r}")
    pass_hours(ctx, (hour - int(ctx.values.get("hour", 8))) % 24)


@query("travel_hours", "place", "place", returns="int")
def travel_hours(ctx: Ctx, start: str, end: str) -> int:
    """Hours of the quickest chain of routes from ``start`` to ``end``.

    Raises:
        Impossible: no chain of routes joins them.
    """
    if start == end:
        return 0
    hours = ctx.world.data["journeys"].get((start, end))
    if hours is None:
        raise Impossible(f"no road joins {name_of(ctx, start)} and {name_of(ctx, end)}")
    return int(hours)


@effect("travel", "place", "place", key="travel.at",
        refuses="they are one place, or no chain of routes joins them", returns="none")
def travel(ctx: Ctx, start: str, end: str) -> None:
    """The party goes from ``start`` to ``end`` by the quickest routes.

    Raises:
        Impossible: no chain of routes joins them, or they are the same place.
    """
    if start == end:
        raise Impossible(f"the party is already at {name_of(ctx, end)}")
    hours = travel_hours(ctx, start, end)
    break_camp(ctx)
    if ctx.wants("travelled"):
        ctx.emit("travelled", start=start, end=end, hours=hours)
    pass_hours(ctx, hours)
    ctx.values["travel.at"] = end


@effect("rest", "character", "int", returns="none")
def rest(ctx: Ctx, c: str, hours: Value) -> None:
    """c rests for ``hours``: every resource comes back (the clock is not moved)."""
    length = _hours(hours)
    fire = bool(ctx.values.get("camp.fire"))
    tables: health.HealthTables = ctx.world.data["health"]
    poisoned = any(ctx.values.get(f"injury.{c}.{kind}") == tables.worst[kind]
                   for kind, _ in tables.drains)
    for r in ctx.world.data["resources"].values():
        pct = r.camp_pct if fire else r.rest_pct
        amount = health.resource_max(ctx, c, r.id) * pct * length // 100
        if poisoned:
            amount //= 2
        if amount:
            health.restore(ctx, c, r.id, amount, "rest")
    if ctx.wants("rested"):
        ctx.emit("rested", who=c, hours=length)


@effect("make_camp", "text", key="camp.{0}", returns="none")
def make_camp(ctx: Ctx, option: str) -> None:
    """Camp with one more choice made: ``fire``, ``upwind``, ``sheltered`` or ``by_water``."""
    if option not in CAMP_OPTIONS:
        raise Impossible(f"'{option}' is not a way to camp ({', '.join(CAMP_OPTIONS)})")
    if not ctx.values.get("camp." + option):
        ctx.values["camp." + option] = True
        ctx.emit("camp_made", option=option, place=_here(ctx))


@effect("break_camp", returns="none")
def break_camp(ctx: Ctx) -> None:
    """Strike the camp: its choices no longer count."""
    struck = [o for o in CAMP_OPTIONS if ctx.values.get("camp." + o)]
    for option in struck:
        ctx.values["camp." + option] = False
    if struck:
        ctx.emit("camp_broken", options=struck)


@query("exposure_chance", returns="chance")
def exposure_chance(ctx: Ctx) -> Chance:
    """The chance that someone finds the camp, and what makes it up."""
    chance = Chance(15, (("base", 15),))
    for option, (why, part) in CAMP_OPTIONS.items():
        if ctx.values.get("camp." + option):
            chance = chance.plus(why, part)
    return chance


# -- data -------------------------------------------------------------------------------------
def _journeys(places: list[str], routes: list[Any]) -> dict[tuple[str, str], int]:
    roads: dict[str, list[tuple[str, int]]] = {p: [] for p in places}
    for r in routes:
        if r.from_ in roads and r.to in roads:
            roads[r.from_].append((r.to, r.hours))
            roads[r.to].append((r.from_, r.hours))
    table: dict[tuple[str, str], int] = {}
    for start in places:
        best = {start: 0}
        queue = [(0, start)]
        while queue:
            dist, at = heapq.heappop(queue)
            if dist > best[at]:
                continue
            for nxt, hours in roads[at]:
                if dist + hours < best.get(nxt, 1 << 30):
                    best[nxt] = dist + hours
                    heapq.heappush(queue, (dist + hours, nxt))
        table.update({(start, end): d for end, d in best.items() if end != start})
    return table


def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    places = data["places"]
    for i, place in enumerate(places.values()):
        if place.region not in env.ids["region"]:
            known = ", ".join(data["regions"]) or "none declared"
            report("world.yaml", ("places", i, "region"),
                   f"expected a region ({known}), found '{place.region}'")
    for i, o in enumerate(data["observers"].values()):
        if o.region is not None and o.region not in env.ids["region"]:
            report("world.yaml", ("observers", i, "region"),
                   f"expected a region, found '{o.region}'")
    known = ", ".join(sorted(places)[:12]) or "none declared"
    for i, route in enumerate(data["routes"]):
        for end, field in ((route.from_, "from"), (route.to, "to")):
            if end not in places:
                report("world.yaml", ("routes", i, field),
                       f"expected a route to lead to a known place ({known}), found '{end}'")
        if route.from_ == route.to:
            report("world.yaml", ("routes", i, "to"),
                   f"expected a route between two places, found '{route.to}' to itself")
    journeys = _journeys(list(places), data["routes"])
    data["journeys"] = journeys

    def joined(args: tuple[Any, ...], same_ok: bool = False) -> str | None:
        a, b = args[0], args[1]
        if isinstance(a, str) and isinstance(b, str) and a in places and b in places:
            if a == b:
                return None if same_ok else f"expected two different places, found '{a}' twice"
            if (a, b) not in journeys:
                return f"expected places joined by routes in world.yaml, found none from " \
                       f"'{a}' to '{b}'"
        return None

    env.checks["travel"] = joined
    env.checks["travel_hours"] = lambda args: joined(args, same_ok=True)

    def camp_option(args: tuple[Any, ...]) -> str | None:
        if isinstance(args[0], str) and args[0] not in CAMP_OPTIONS:
            return f"expected a camp option ({', '.join(CAMP_OPTIONS)}), found '{args[0]}'"
        return None

    env.checks["make_camp"] = camp_option


LOAD_HOOKS.append(_check)
