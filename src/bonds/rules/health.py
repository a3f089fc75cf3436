"""Chakra and health (system S3): chakra pools, exhaustion, injuries, healing, poison, pills.

Rules:
- Every character has a **chakra** pool; its maximum is ``chakra`` in ``characters.yaml``
  and it starts full (``chakra.<c>`` is written at the first change).
  ``spend_chakra(c, n, reason)`` takes ``n`` and is refused when c has less than ``n``;
  ``restore_chakra(c, n, reason)`` gives back up to the maximum. The pool never goes
  below 0 or above its maximum.
- Below 20% of the maximum a character is **exhausted** (``exhausted(c)``): an
  ``exhausted`` event is told when the pool falls under the line, and sensing and
  resisting fear are harder (see the sensing rules).
- An **injury** has a kind from ``techniques.yaml`` and a step of that kind, worst first
  (ribs: broken, cracked, bruised). ``injure(c, kind, step, reason)`` leaves the worse of
  the current and the new step. ``hurt(c)`` is the sum of severities, counting the mildest
  step as 1 and each worse step one more (broken ribs are 3). A kind may **impair** hand
  signs or a free hand while at its worst step.
- ``heal(healer, patient, kind)`` moves the injury one step down (below the mildest step
  it is gone). The healer must know a technique whose effect is ``heal``, have the hands
  for it, and pay the kind's ``heal_cost`` in chakra.
- **Poison** is an injury kind marked ``poison``; a character immune to it takes nothing
  (an ``injury_resisted`` event). A kind with ``drain`` costs that much chakra each hour
  while at its worst step.
- **Soldier pills**: ``take_pill(c)`` eats one of c's pills and restores half the pool;
  refused when c has none. ``give_pills(c, n)`` hands some over.
- **Frozen**: ``freeze(c, reason)`` holds c for a beat (killing intent, a sprung trap); a
  frozen character can use no technique. Time passing, or ``unfreeze(c)``, frees them.

Keys: ``chakra.<c>``, ``injury.<c>.<kind>`` (the step's name; absent when healed),
``pills.<c>``, ``frozen.<c>``; ``_spent`` and ``_wounds`` count chakra spent and injuries
taken (for mission reports).
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
    "EXHAUSTED_BELOW_PCT",
    "PILL_PCT",
    "HealthTables",
    "body_problem",
    "chakra",
    "chakra_max",
    "chakra_pct",
    "exhausted",
    "freeze",
    "frozen",
    "give_pills",
    "has_injury",
    "heal",
    "hurt",
    "injure",
    "injury_step",
    "pills",
    "restore_chakra",
    "spend_chakra",
    "take_pill",
    "tick",
    "unfreeze",
]

EXHAUSTED_BELOW_PCT = 20
"""A pool under this percent of its maximum leaves its owner exhausted."""
PILL_PCT = 50
"""A soldier pill restores this percent of the pool's maximum."""


@dataclass(frozen=True, slots=True)
class HealthTables:
    """What the health rules look up on every call, built once at load."""

    max_chakra: dict[str, int]
    """Each character's pool maximum."""
    severity: dict[str, dict[str, int]]
    """For each injury kind, each step's severity (the worst step is the highest)."""
    worst: dict[str, str]
    """Each injury kind's worst step."""
    impairing: dict[str, tuple[str, ...]]
    """For ``hand_signs`` and ``free_hand``: the kinds that stop it at their worst step."""
    drains: tuple[tuple[str, int], ...]
    """Kinds that drain chakra each hour at their worst step, with the amount."""


def _tables(ctx: Ctx) -> HealthTables:
    tables: HealthTables = ctx.world.data["health"]
    return tables


# -- chakra -----------------------------------------------------------------------------------
@query("chakra", "character", key="chakra.{0}")
def chakra(ctx: Ctx, c: str) -> int:
    """c's chakra now."""
    return int(ctx.values.get("chakra." + c, _tables(ctx).max_chakra.get(c, 0)))


@query("chakra_max", "character")
def chakra_max(ctx: Ctx, c: str) -> int:
    """The maximum of c's pool."""
    return _tables(ctx).max_chakra.get(c, 0)


@query("chakra_pct", "character", key="chakra.{0}")
def chakra_pct(ctx: Ctx, c: str) -> int:
    """c's chakra as a whole percent of the maximum (0 for someone without chakra)."""
    most = _tables(ctx).max_chakra.get(c, 0)
    return chakra(ctx, c) * 100 // most if most else 0


@query("exhausted", "character", key="chakra.{0}")
def exhausted(ctx: Ctx, c: str) -> bool:
    """Whether c's chakra is under 20% of the maximum (never for someone without chakra)."""
    most = _tables(ctx).max_chakra.get(c, 0)
    return most > 0 and chakra(ctx, c) * 100 < most * EXHAUSTED_BELOW_PCT


def _set_chakra(ctx: Ctx, c: str, new: int, reason: str) -> None:
    old = chakra(ctx, c)
    if new == old:
        return
    was_exhausted = exhausted(ctx, c)
    ctx.values["chakra." + c] = new
    ctx.emit("chakra_changed", who=c, old=old, new=new, delta=new - old, reason=reason)
    now_exhausted = exhausted(ctx, c)
    if now_exhausted and not was_exhausted:
        ctx.emit("exhausted", who=c)
    elif was_exhausted and not now_exhausted:
        ctx.emit("exhaustion_passed", who=c)


def _amount(n: Value) -> int:
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise Impossible(f"an amount of chakra must be a whole number from 0 up, not {n!r}")
    return n


@effect("spend_chakra", "character", "int", "text", key="chakra.{0}", optional=1)
def spend_chakra(ctx: Ctx, c: str, n: Value, reason: str = "") -> None:
    """Spend ``n`` of c's chakra.

    Raises:
        Impossible: c has less than ``n`` (nothing is spent).
    """
    amount = _amount(n)
    have = chakra(ctx, c)
    if have < amount:
        what = f" for {reason}" if reason else ""
        raise Impossible(f"{name_of(ctx, c)} has {have} chakra left and needs {amount}{what}")
    if amount:
        _set_chakra(ctx, c, have - amount, reason)
        ctx.values["_spent"] = int(ctx.values.get("_spent", 0)) + amount


@effect("restore_chakra", "character", "int", "text", key="chakra.{0}", optional=1)
def restore_chakra(ctx: Ctx, c: str, n: Value, reason: str = "") -> None:
    """Give c back up to ``n`` chakra, never past the maximum."""
    amount = _amount(n)
    _set_chakra(ctx, c, min(chakra_max(ctx, c), chakra(ctx, c) + amount), reason)


@query("pills", "character", key="pills.{0}")
def pills(ctx: Ctx, c: str) -> int:
    """How many soldier pills c carries."""
    return int(ctx.values.get("pills." + c, 0))


@effect("give_pills", "character", "int", key="pills.{0}")
def give_pills(ctx: Ctx, c: str, n: Value) -> None:
    """Hand c ``n`` more soldier pills."""
    amount = _amount(n)
    if amount:
        old = pills(ctx, c)
        ctx.values["pills." + c] = old + amount
        ctx.emit("pills_changed", who=c, old=old, new=old + amount, delta=amount)


@effect("take_pill", "character", key="pills.{0}")
def take_pill(ctx: Ctx, c: str) -> None:
    """c eats a soldier pill: one fewer pill, half the pool back.

    Raises:
        Impossible: c has no pills.
    """
    old = pills(ctx, c)
    if old <= 0:
        raise Impossible(f"{name_of(ctx, c)} has no soldier pills")
    ctx.values["pills." + c] = old - 1
    ctx.emit("pills_changed", who=c, old=old, new=old - 1, delta=-1)
    restore_chakra(ctx, c, chakra_max(ctx, c) * PILL_PCT // 100, "a soldier pill")


# -- injuries ---------------------------------------------------------------------------------
@query("hurt", "character")
def hurt(ctx: Ctx, c: str) -> int:
    """The sum of c's injuries' severities (0 when unhurt)."""
    total = 0
    values = ctx.values
    for kind, steps in _tables(ctx).severity.items():
        step = values.get(f"injury.{c}.{kind}")
        if step:
            total += steps.get(str(step), 0)
    return total


@query("has_injury", "character", "injury", key="injury.{0}.{1}")
def has_injury(ctx: Ctx, c: str, kind: str) -> bool:
    """Whether c carries an injury of this kind at any step."""
    return bool(ctx.values.get(f"injury.{c}.{kind}"))


@query("injury_step", "character", "injury", key="injury.{0}.{1}")
def injury_step(ctx: Ctx, c: str, kind: str) -> str:
    """The step of c's injury of this kind, or ``''`` when c has none."""
    return str(ctx.values.get(f"injury.{c}.{kind}", ""))


@effect("injure", "character", "injury", "injury_step", "text", key="injury.{0}.{1}",
        optional=1)
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


@effect("heal", "character", "character", "injury", key="injury.{1}.{2}")
def heal(ctx: Ctx, healer: str, patient: str, kind: str) -> None:
    """The healer moves the patient's injury of ``kind`` one step down, paying its cost.

    Raises:
        Impossible: no such injury, no healing technique, no hands for it, or too little
            chakra.
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
    spend_chakra(ctx, healer, cost, f"healing {name_of(ctx, kind).lower()}")
    severity = tables.severity[kind][old]
    new = next((s for s, v in tables.severity[kind].items() if v == severity - 1), "")
    if new:
        ctx.values[key] = new
    else:
        del ctx.values[key]
    ctx.emit("injury_healed", who=patient, healer=healer, injury=kind, old=old, step=new,
             cost=cost, technique=tech.id)


# -- frozen -----------------------------------------------------------------------------------
@query("frozen", "character", key="frozen.{0}")
def frozen(ctx: Ctx, c: str) -> bool:
    """Whether c is frozen for the moment."""
    return bool(ctx.values.get("frozen." + c, False))


@effect("freeze", "character", "text", key="frozen.{0}", optional=1)
def freeze(ctx: Ctx, c: str, reason: str = "") -> None:
    """Hold c frozen for a beat."""
    if not frozen(ctx, c):
        ctx.values["frozen." + c] = True
        ctx.emit("frozen", who=c, reason=reason)


@effect("unfreeze", "character", key="frozen.{0}")
def unfreeze(ctx: Ctx, c: str) -> None:
    """Free c from a freeze."""
    if frozen(ctx, c):
        ctx.values["frozen." + c] = False
        ctx.emit("unfrozen", who=c)


def tick(ctx: Ctx, hours: int) -> None:
    """What time passing does to bodies: freezes end, spreading poisons drain chakra."""
    tables = _tables(ctx)
    values = ctx.values
    for c in tables.max_chakra:
        if values.get("frozen." + c):
            unfreeze(ctx, c)
    for kind, per_hour in tables.drains:
        worst = tables.worst[kind]
        for c in ctx.world.data["characters"]:
            if values.get(f"injury.{c}.{kind}") == worst:
                _set_chakra(ctx, c, max(0, chakra(ctx, c) - per_hour * hours),
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
    data["health"] = HealthTables(
        max_chakra={c.id: c.chakra for c in data["characters"].values()},
        severity={k: {s: len(v.steps) - n for n, s in enumerate(v.steps)}
                  for k, v in injuries.items()},
        worst={k: v.steps[0] for k, v in injuries.items()},
        impairing={need: tuple(k for k, v in injuries.items() if need in v.impairs)
                   for need in ("hand_signs", "free_hand")},
        drains=tuple((k, v.drain) for k, v in injuries.items() if v.drain),
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
        if c.pills:
            values["pills." + c.id] = c.pills
    return values


LOAD_HOOKS.append(_check)
INITIALIZERS.append(_initial)
