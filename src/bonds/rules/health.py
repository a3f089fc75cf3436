"""Resources and health (system S3): the world's pools, exhaustion, injuries, healing, poison,
restoring items.

Rules:
- A world declares **resources** (``resources:`` in world.yaml): pools each character has
  up to the maximum ``characters.yaml`` gives (``resources: {<r>: n}``); a character starts
  full (``<r>.<c>`` is written at the first change). ``spend(c, r, n, reason)`` takes ``n``
  and is refused when c has less than ``n``; ``restore(c, r, n, reason)`` gives back up to
  the maximum. A pool never goes below 0 or above its maximum. At most one resource pays
  for techniques, healing and traps (``techniques: true``): the **technique pool**.
- Below the resource's ``exhausted_below`` percent of the maximum a character is
  **exhausted** (``exhausted(c)``: any pool that low): an ``exhausted`` event is told when
  a pool falls under the line, and sensing and resisting fear are harder (see the sensing
  rules).
- An **injury** has a kind from ``techniques.yaml`` and a step of that kind, worst first
  (ribs: broken, cracked, bruised). ``injure(c, kind, step, reason)`` leaves the worse of
  the current and the new step. ``hurt(c)`` is the sum of severities, counting the mildest
  step as 1 and each worse step one more (broken ribs are 3). A kind may **impair** hand
  signs or a free hand while at its worst step.
- ``heal(healer, patient, kind)`` moves the injury one step down (below the mildest step
  it is gone). The healer must know a technique whose effect is ``heal``, have the hands
  for it, and pay the kind's ``heal_cost`` from the technique pool.
- **Poison** is an injury kind marked ``poison``; a character immune to it takes nothing
  (an ``injury_resisted`` event). A kind with ``drain`` costs that much of the technique
  pool each hour while at its worst step.
- **Items** (``items:`` in world.yaml) restore a resource: ``use_item(c, i)`` uses one of
  c's and gives back the item's ``pct`` of that pool's maximum; refused when c has none.
  ``give_items(c, i, n)`` hands some over.
- **Frozen**: ``freeze(c, reason)`` holds c for a beat (intimidation, a sprung trap); a
  frozen character can use no technique. Time passing, or ``unfreeze(c)``, frees them.

Keys: ``<r>.<c>`` for each resource, ``injury.<c>.<kind>`` (the step's name; absent when
healed), ``item.<i>.<c>``, ``frozen.<c>``; ``_spent`` and ``_wounds`` count what was spent
and injuries taken (for mission reports).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from ._common import name_of, person
from ._registry import INITIALIZERS, LOAD_HOOKS, Report, effect, query

__all__ = [
    "RESERVED_KEYS",
    "HealthTables",
    "body_problem",
    "exhausted",
    "freeze",
    "frozen",
    "give_items",
    "has_injury",
    "heal",
    "hurt",
    "injure",
    "injury_step",
    "items",
    "pool",
    "pool_max",
    "pool_name",
    "resource",
    "resource_max",
    "resource_pct",
    "restore",
    "spend",
    "spend_pool",
    "tick",
    "unfreeze",
    "use_item",
]

RESERVED_KEYS = frozenset({
    "bond", "flag", "seen", "injury", "frozen", "item", "suspicion", "infamy", "attention",
    "cover", "fight", "plan", "sensed", "trap", "ward", "mission", "travel", "standing",
    "memory", "day", "hour", "rumour", "objective", "seal", "scout", "act", "test"})
"""Key prefixes the rules keep: a resource may not be named like one (its key is
``<r>.<c>``)."""


@dataclass(frozen=True, slots=True)
class HealthTables:
    """What the health rules look up on every call, built once at load."""

    pools: dict[str, dict[str, int]]
    """For each resource, each character's maximum (characters without it are absent)."""
    exhausted_below: dict[str, int]
    """For each resource, the percent under which its owner is exhausted."""
    technique_pool: str | None
    """The resource techniques, healing and traps are paid in."""
    severity: dict[str, dict[str, int]]
    """For each injury kind, each step's severity (the worst step is the highest)."""
    worst: dict[str, str]
    """Each injury kind's worst step."""
    impairing: dict[str, tuple[str, ...]]
    """For ``hand_signs`` and ``free_hand``: the kinds that stop it at their worst step."""
    drains: tuple[tuple[str, int], ...]
    """Kinds that drain the technique pool each hour at their worst step, with the amount."""
    frozen_keys: tuple[tuple[str, str], ...] = ()
    """Each character with the key of their freeze, in the pack's order (time passing
    reads them all every hour)."""
    drain_keys: tuple[tuple[str, int, str, tuple[tuple[str, str], ...]], ...] = ()
    """Each draining kind: its hourly amount, its worst step, and each character with the
    key of their injury of that kind."""


def _tables(ctx: Ctx) -> HealthTables:
    tables: HealthTables = ctx.world.data["health"]
    return tables


# -- resources --------------------------------------------------------------------------------
@query("resource", "character", "resource", key="{1}.{0}", returns="int")
def resource(ctx: Ctx, c: str, r: str) -> int:
    """How much of resource ``r`` c has now."""
    return int(ctx.values.get(f"{r}.{c}", _tables(ctx).pools[r].get(c, 0)))


@query("resource_max", "character", "resource", returns="int")
def resource_max(ctx: Ctx, c: str, r: str) -> int:
    """The maximum of c's pool of ``r`` (0 for someone without it)."""
    return _tables(ctx).pools[r].get(c, 0)


@query("resource_pct", "character", "resource", key="{1}.{0}", returns="int")
def resource_pct(ctx: Ctx, c: str, r: str) -> int:
    """c's ``r`` as a whole percent of the maximum (0 for someone without it)."""
    most = _tables(ctx).pools[r].get(c, 0)
    return resource(ctx, c, r) * 100 // most if most else 0


def pool(ctx: Ctx, c: str) -> int:
    """What c has left in the technique pool (0 when the world has none)."""
    r = _tables(ctx).technique_pool
    return resource(ctx, c, r) if r else 0


def pool_name(ctx: Ctx) -> str:
    """What the world calls its technique pool (for reasons the player reads)."""
    r = _tables(ctx).technique_pool
    return name_of(ctx, r) if r else "means"


def pool_max(ctx: Ctx, c: str) -> int:
    """The maximum of c's technique pool (0 when the world has none, or c has none)."""
    r = _tables(ctx).technique_pool
    return resource_max(ctx, c, r) if r else 0


def _low(ctx: Ctx, c: str, r: str, amount: int) -> bool:
    tables = _tables(ctx)
    most = tables.pools[r].get(c, 0)
    return most > 0 and amount * 100 < most * tables.exhausted_below[r]


@query("exhausted", "character", returns="bool")
def exhausted(ctx: Ctx, c: str) -> bool:
    """Whether any of c's pools is under its resource's line (never for someone without)."""
    return any(_low(ctx, c, r, resource(ctx, c, r)) for r in _tables(ctx).pools)


def _set(ctx: Ctx, c: str, r: str, new: int, reason: str) -> None:
    old = resource(ctx, c, r)
    if new == old:
        return
    ctx.values[f"{r}.{c}"] = new
    if ctx.wants("resource_changed"):
        ctx.emit("resource_changed", who=c, resource=r, old=old, new=new, delta=new - old,
                 reason=reason)
    was_low, now_low = _low(ctx, c, r, old), _low(ctx, c, r, new)
    if now_low and not was_low:
        ctx.emit("exhausted", who=c, resource=r)
    elif was_low and not now_low:
        ctx.emit("exhaustion_passed", who=c, resource=r)


def _amount(n: Value, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise Impossible(f"an amount of {what} must be a whole number from 0 up, not {n!r}")
    return n


@effect("spend", "character", "resource", "int", "text", key="{1}.{0}", optional=1,
        refuses="c has less than n", returns="none")
def spend(ctx: Ctx, c: str, r: str, n: Value, reason: str = "") -> None:
    """Spend ``n`` of c's ``r``.

    Raises:
        Impossible: c has less than ``n`` (nothing is spent).
    """
    word = name_of(ctx, r)
    amount = _amount(n, word)
    have = resource(ctx, c, r)
    if have < amount:
        what = f" for {reason}" if reason else ""
        raise Impossible(f"{name_of(ctx, c)} has {have} {word} left and needs {amount}{what}")
    if amount:
        _set(ctx, c, r, have - amount, reason)
        ctx.values["_spent"] = int(ctx.values.get("_spent", 0)) + amount


@effect("restore", "character", "resource", "int", "text", key="{1}.{0}", optional=1,
        returns="none")
def restore(ctx: Ctx, c: str, r: str, n: Value, reason: str = "") -> None:
    """Give c back up to ``n`` of ``r``, never past the maximum."""
    amount = _amount(n, name_of(ctx, r))
    _set(ctx, c, r, min(resource_max(ctx, c, r), resource(ctx, c, r) + amount), reason)


def spend_pool(ctx: Ctx, c: str, n: int, reason: str = "") -> None:
    """Pay ``n`` from c's technique pool (a cost of 0 is free in any world).

    Raises:
        Impossible: c has too little (nothing is spent).
    """
    r = _tables(ctx).technique_pool
    if r is not None:
        spend(ctx, c, r, n, reason)
    elif n:
        raise Impossible(f"nothing in this world pays a cost of {n}")


@query("items", "character", "item", key="item.{1}.{0}", returns="int")
def items(ctx: Ctx, c: str, i: str) -> int:
    """How many of item ``i`` c carries."""
    return int(ctx.values.get(f"item.{i}.{c}", 0))


def _set_items(ctx: Ctx, c: str, i: str, new: int) -> None:
    old = items(ctx, c, i)
    ctx.values[f"item.{i}.{c}"] = new
    ctx.emit("items_changed", who=c, item=i, old=old, new=new, delta=new - old)


@effect("give_items", "character", "item", "int", key="item.{1}.{0}", returns="none")
def give_items(ctx: Ctx, c: str, i: str, n: Value) -> None:
    """Hand c ``n`` more of item ``i``."""
    amount = _amount(n, name_of(ctx, i))
    if amount:
        _set_items(ctx, c, i, items(ctx, c, i) + amount)


@effect("use_item", "character", "item", key="item.{1}.{0}", refuses="c carries none",
        returns="none")
def use_item(ctx: Ctx, c: str, i: str) -> None:
    """c uses one of item ``i``: one fewer, and its share of a pool back.

    Raises:
        Impossible: c has none.
    """
    old = items(ctx, c, i)
    thing = ctx.world.data["items"][i]
    if old <= 0:
        raise Impossible(f"{name_of(ctx, c)} has no {thing.plural or thing.name + 's'}")
    _set_items(ctx, c, i, old - 1)
    r = thing.restores
    restore(ctx, c, r, resource_max(ctx, c, r) * thing.pct // 100, thing.name)


# -- injuries ---------------------------------------------------------------------------------
@query("hurt", "character", returns="int")
def hurt(ctx: Ctx, c: str) -> int:
    """The sum of c's injuries' severities (0 when unhurt)."""
    total = 0
    values = ctx.values
    for kind, steps in _tables(ctx).severity.items():
        step = values.get(f"injury.{c}.{kind}")
        if step:
            total += steps.get(str(step), 0)
    return total


@query("has_injury", "character", "injury", key="injury.{0}.{1}", returns="bool")
def has_injury(ctx: Ctx, c: str, kind: str) -> bool:
    """Whether c carries an injury of this kind at any step."""
    return bool(ctx.values.get(f"injury.{c}.{kind}"))


@query("injury_step", "character", "injury", key="injury.{0}.{1}", returns="str")
def injury_step(ctx: Ctx, c: str, kind: str) -> str:
    """The step of c's injury of this kind, or ``''`` when c has none."""
    return str(ctx.values.get(f"injury.{c}.{kind}", ""))


@effect("injure", "character", "injury", "injury_step", "text", key="injury.{0}.{1}",
        optional=1, returns="none")
def injure(ctx: Ctx, c: str, kind: str, step: str, reason: str = "") -> None:
    """Injure c: the injury becomes the worse of its current step and ``step``."""
    tables = _tables(ctx)
    steps = tables.severity.get(kind)
    if steps is None or step not in steps:
        raise Impossible(f"'{step}' is not a step of the injury '{kind}'")
    if kind in person(ctx, c).immune:
        ctx.emit("injury_resisted", who=c, injury=kind, step=step, reason=reason)
        return
    key = f"injury.{c}.{kind}"
    old = str(ctx.values.get(key, ""))
    if steps.get(old, 0) >= steps[step]:
        return
    ctx.values[key] = step
    ctx.values["_wounds"] = int(ctx.values.get("_wounds", 0)) + 1
    if ctx.wants("injured"):
        ctx.emit("injured", who=c, injury=kind, step=step, old=old, reason=reason)


def body_problem(ctx: Ctx, c: str, need: str) -> str | None:
    """Why c cannot do what ``need`` asks of the body now (``None`` when c can).

    ``need`` is ``hand_signs``, ``free_hand`` or ``act`` (anything at all).
    """
    if ctx.values.get("frozen." + c):
        return f"{name_of(ctx, c)} is frozen and cannot move"
    tables = _tables(ctx)
    for kind in tables.impairing.get(need, ()):
        if ctx.values.get(f"injury.{c}.{kind}") == tables.worst[kind]:
            what = "form hand signs" if need == "hand_signs" else "free a hand"
            return (f"{name_of(ctx, c)} cannot {what} with a {tables.worst[kind]} "
                    f"{name_of(ctx, kind).lower()}")
    return None


def _healing_technique(ctx: Ctx, healer: str) -> Any:
    techniques = ctx.world.data["techniques"]
    for tid in person(ctx, healer).techniques:
        tech = techniques.get(tid)
        if tech is not None and tech.effect == "heal":
            return tech
    return None


@effect("heal", "character", "character", "injury", key="injury.{1}.{2}",
        refuses="no such injury, no healing technique, no hands for it, or too little in the "
                "pool", returns="none")
def heal(ctx: Ctx, healer: str, patient: str, kind: str) -> None:
    """The healer moves the patient's injury of ``kind`` one step down, paying its cost.

    Raises:
        Impossible: no such injury, no healing technique, no hands for it, or too little
            resource.
    """
    tables = _tables(ctx)
    key = f"injury.{patient}.{kind}"
    old = str(ctx.values.get(key, ""))
    if not old:
        raise Impossible(f"{name_of(ctx, patient)} has no {name_of(ctx, kind).lower()} to heal")
    tech = _healing_technique(ctx, healer)
    if tech is None:
        raise Impossible(f"{name_of(ctx, healer)} knows no healing technique")
    for need in ("act", *(n for n in tech.needs if n in ("hand_signs", "free_hand"))):
        problem = body_problem(ctx, healer, need)
        if problem:
            raise Impossible(problem)
    cost = ctx.world.data["injuries"][kind].heal_cost
    spend_pool(ctx, healer, cost, f"healing {name_of(ctx, kind).lower()}")
    severity = tables.severity[kind][old]
    new = next((s for s, v in tables.severity[kind].items() if v == severity - 1), "")
    if new:
        ctx.values[key] = new
    else:
        del ctx.values[key]
    if ctx.wants("injury_healed"):
        ctx.emit("injury_healed", who=patient, healer=healer, injury=kind, old=old, step=new,
                 cost=cost, technique=tech.id)


# -- frozen -----------------------------------------------------------------------------------
@query("frozen", "character", key="frozen.{0}", returns="bool")
def frozen(ctx: Ctx, c: str) -> bool:
    """Whether c is frozen for the moment."""
    return bool(ctx.values.get("frozen." + c, False))


@effect("freeze", "character", "text", key="frozen.{0}", optional=1, returns="none")
def freeze(ctx: Ctx, c: str, reason: str = "") -> None:
    """Hold c frozen for a beat."""
    if not frozen(ctx, c):
        ctx.values["frozen." + c] = True
        ctx.emit("frozen", who=c, reason=reason)


@effect("unfreeze", "character", key="frozen.{0}", returns="none")
def unfreeze(ctx: Ctx, c: str) -> None:
    """Free c from a freeze."""
    if frozen(ctx, c):
        ctx.values["frozen." + c] = False
        ctx.emit("unfrozen", who=c)


def tick(ctx: Ctx, hours: int) -> None:
    """What time passing does to bodies: freezes end, spreading poisons drain the pool."""
    tables = _tables(ctx)
    values = ctx.values
    for c, key in tables.frozen_keys:
        if values.get(key):
            unfreeze(ctx, c)
    r = tables.technique_pool
    for kind, per_hour, worst, keys in tables.drain_keys if r else ():
        for c, key in keys:
            if values.get(key) == worst:
                _set(ctx, c, str(r), max(0, resource(ctx, c, str(r)) - per_hour * hours),
                     f"{name_of(ctx, kind).lower()} spreading")


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    injuries = data["injuries"]
    for i, inj in enumerate(injuries.values()):
        if len(set(inj.steps)) != len(inj.steps):
            report("techniques.yaml", ("injuries", i, "steps"),
                   f"expected each step of '{inj.id}' once, found {inj.steps}")
        if inj.drain and not inj.poison:
            report("techniques.yaml", ("injuries", i, "drain"),
                   f"expected drain only on a poison, found it on '{inj.id}'")
    for i, c in enumerate(data["characters"].values()):
        for j, kind in enumerate(c.immune):
            if kind not in env.ids["injury"] or (kind in injuries and not injuries[kind].poison):
                known = ", ".join(k for k, v in injuries.items() if v.poison) or "none declared"
                report("characters.yaml", ("characters", i, "immune", j),
                       f"expected a poison injury kind ({known}), found '{kind}'")
    resources = data["resources"]
    for i, r in enumerate(resources.values()):
        if r.id in RESERVED_KEYS:
            report("world.yaml", ("resources", i, "id"), f"expected a resource id that is not "
                   f"one the rules keep ({', '.join(sorted(RESERVED_KEYS))}), found '{r.id}'")
    data["health"] = HealthTables(
        pools={r: {c.id: c.resources[r] for c in data["characters"].values()
                   if c.resources.get(r)} for r in resources},
        exhausted_below={r.id: r.exhausted_below for r in resources.values()},
        technique_pool=next((r.id for r in resources.values() if r.techniques), None),
        severity={k: {s: len(v.steps) - n for n, s in enumerate(v.steps)}
                  for k, v in injuries.items()},
        worst={k: v.steps[0] for k, v in injuries.items()},
        impairing={need: tuple(k for k, v in injuries.items() if need in v.impairs)
                   for need in ("hand_signs", "free_hand")},
        drains=tuple((k, v.drain) for k, v in injuries.items() if v.drain),
        frozen_keys=tuple((c, "frozen." + c) for c in data["characters"]),
        drain_keys=tuple((k, v.drain, v.steps[0],
                          tuple((c, f"injury.{c}.{k}") for c in data["characters"]))
                         for k, v in injuries.items() if v.drain),
    )

    def step_fits(args: tuple[Any, ...]) -> str | None:
        kind, step = args[1], args[2]
        if isinstance(kind, str) and isinstance(step, str) and kind in injuries:
            steps = injuries[kind].steps
            if step not in steps:
                return (f"'injure' expected a step of {kind} ({', '.join(steps)}), "
                        f"found '{step}'")
        return None

    env.checks["injure"] = step_fits


def _initial(data: dict[str, Any]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for c in data["characters"].values():
        for i, n in c.items.items():
            if n:
                values[f"item.{i}.{c.id}"] = n
    return values


LOAD_HOOKS.append(_check)
INITIALIZERS.append(_initial)
