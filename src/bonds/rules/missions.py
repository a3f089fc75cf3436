"""Missions and the mission desk (system S1): objectives, the clock, the desk, the report.

Rules:
- A mission (``missions.yaml``) has a rank, objectives, a clock in days, requirements on
  the team and a cover story. It is ``offered`` until ``accept_mission(m, a, b)`` (or
  ``refuse_mission(m)``), ``active`` after, and ends with ``end_mission(m)``.
- Each **objective** is ``open`` until ``set_objective(m, o, state)`` makes it ``done``,
  ``failed`` or ``dropped`` (dropped on purpose). ``objective(m, o)`` reads it.
- **The desk** weighs a candidate pair against every requirement. A requirement is a
  condition over the two candidates, named ``a`` and ``b`` (e.g.
  ``gender(a) == 'man' and gender(b) == 'man'``); a pair that fails one is rejected with
  that requirement's reason. ``consult_desk(m)`` weighs every pair of the roster and
  tells one ``desk_verdict`` event per pair (eligible or not, with every reason);
  ``eligible(m, a, b)`` answers for one pair; :func:`desk` gives the UI the same answer.
  ``accept_mission`` refuses an ineligible pair, giving the reasons.
- **The clock** runs from the day the mission is accepted (from day 1 if it never is):
  ``days_left(m)`` is the acceptance day plus ``clock_days`` minus today. When time
  passes and it reaches 0, a ``mission_clock_ran_out`` event is told once and
  ``overdue(m)`` holds.
- **The report**: ``end_mission(m)`` closes the mission with a result (``failed`` if any
  objective failed, else ``succeeded`` if every objective is done, else ``abandoned`` if
  any was dropped on purpose, else ``unfinished``) and tells a ``mission_report`` event:
  objectives and their states, days used, resources spent and injuries taken since it was
  accepted, and whether it ran late.

Keys: ``objective.<m>.<o>``, ``mission.<m>.state``, ``mission.<m>.start``,
``mission.<m>.team``, ``mission.<m>.overdue``; ``_mission.<m>.spent`` and
``_mission.<m>.wounds`` hold the counters at acceptance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import CompileError, Impossible
from bonds.engine.state import State, Value
from bonds.engine.world import World

from ._common import name_of
from ._registry import LOAD_HOOKS, Report, effect, query

__all__ = [
    "OBJECTIVE_STATES",
    "MissionReport",
    "Verdict",
    "accept_mission",
    "check_clock",
    "consult_desk",
    "days_left",
    "desk",
    "eligible",
    "end_mission",
    "mission_report",
    "mission_state",
    "objective",
    "overdue",
    "refuse_mission",
    "set_objective",
]

OBJECTIVE_STATES = ("open", "done", "failed", "dropped")
ENDED = frozenset({"refused", "succeeded", "failed", "abandoned", "unfinished"})


@dataclass(frozen=True, slots=True)
class Verdict:
    """The desk's answer for one candidate pair."""

    a: str
    """The first candidate's id."""
    b: str
    """The second candidate's id."""
    eligible: bool
    """Whether the pair meets every requirement."""
    failed: tuple[str, ...]
    """The ids of the requirements the pair fails, in the pack's order."""
    reasons: tuple[str, ...]
    """The reasons of those requirements, for the reader."""


@dataclass(frozen=True, slots=True)
class MissionReport:
    """What a mission came to."""

    mission: str
    result: str
    """``succeeded``, ``failed``, ``abandoned`` or ``unfinished``."""
    objectives: tuple[tuple[str, str], ...]
    """Each objective's id and state, in the pack's order."""
    days: int
    """Days since acceptance."""
    spent: int
    """Resources spent by anyone since acceptance."""
    injuries: int
    """Injuries taken by anyone since acceptance."""
    overdue: bool
    """Whether the clock ran out."""


def _mission(ctx_or_world: Any, m: str) -> Any:
    world = getattr(ctx_or_world, "world", ctx_or_world)
    record = world.data["missions"].get(m)
    if record is None:
        raise Impossible(f"there is no mission called '{m}'")
    return record


# -- objectives -------------------------------------------------------------------------------
@query("objective", "mission", "objective", key="objective.{0}.{1}", returns="str")
def objective(ctx: Ctx, m: str, o: str) -> str:
    """``'open'``, ``'done'``, ``'failed'`` or ``'dropped'``."""
    return str(ctx.values.get(f"objective.{m}.{o}", "open"))


@effect("set_objective", "mission", "objective", "objective_state", key="objective.{0}.{1}",
        returns="none")
def set_objective(ctx: Ctx, m: str, o: str, state: str) -> None:
    """Set an objective's state (any state may follow any other; each change is told)."""
    if state not in OBJECTIVE_STATES:
        raise Impossible(f"'{state}' is not an objective state")
    if o not in {x.id for x in _mission(ctx, m).objectives}:
        raise Impossible(f"'{o}' is not an objective of {name_of(ctx, m)}")
    old = objective(ctx, m, o)
    if old != state:
        ctx.values[f"objective.{m}.{o}"] = state
        if ctx.wants("objective_changed"):
            ctx.emit("objective_changed", mission=m, objective=o, old=old, new=state)


# -- the desk ---------------------------------------------------------------------------------
def _weigh(ctx: Ctx, m: str, a: str, b: str) -> Verdict:
    requirements = ctx.world.data["desk"][m]
    values = ctx.values
    values["a"], values["b"] = a, b
    failed = [(rid, reason) for rid, holds, reason in requirements if not holds(ctx)]
    return Verdict(a, b, not failed, tuple(r for r, _ in failed), tuple(r for _, r in failed))


def _desk_ctx(ctx: Ctx) -> Ctx:
    return Ctx(ctx.world, dict(ctx.values), 0, ctx.scene)


def desk(world: World, state: State, m: str) -> tuple[Verdict, ...]:
    """The desk's verdict on every roster pair for mission ``m`` in ``state`` (pure)."""
    _mission(world, m)
    ctx = Ctx(world, dict(state.values), 0, state.scene)
    return tuple(_weigh(ctx, m, pair.members[0], pair.members[1])
                 for pair in world.data["roster"])


@query("eligible", "mission", "character", "character", returns="bool")
def eligible(ctx: Ctx, m: str, a: str, b: str) -> bool:
    """Whether the pair a, b meets every requirement of mission ``m``."""
    _mission(ctx, m)
    return _weigh(_desk_ctx(ctx), m, a, b).eligible


@effect("consult_desk", "mission", returns="none")
def consult_desk(ctx: Ctx, m: str) -> None:
    """Weigh every roster pair for mission ``m``: one ``desk_verdict`` event per pair."""
    _mission(ctx, m)
    local = _desk_ctx(ctx)
    for pair in ctx.world.data["roster"]:
        v = _weigh(local, m, pair.members[0], pair.members[1])
        ctx.emit("desk_verdict", mission=m, who=v.a, partner=v.b, eligible=v.eligible,
                 failed=list(v.failed), reasons=list(v.reasons))


# -- the mission's course ---------------------------------------------------------------------
@query("mission_state", "mission", key="mission.{0}.state", returns="str")
def mission_state(ctx: Ctx, m: str) -> str:
    """``offered``, ``active``, ``refused``, or the result once ended."""
    return str(ctx.values.get(f"mission.{m}.state", "offered"))


def _set_state(ctx: Ctx, m: str, new: str) -> None:
    old = mission_state(ctx, m)
    ctx.values[f"mission.{m}.state"] = new
    if ctx.wants("mission_state_changed"):
        ctx.emit("mission_state_changed", mission=m, old=old, new=new)


@effect("accept_mission", "mission", "character", "character", key="mission.{0}.state",
        refuses="the mission is not open, or the pair fails a requirement",
        returns="none")
def accept_mission(ctx: Ctx, m: str, a: str, b: str) -> None:
    """The pair a, b takes mission ``m``; its clock starts today.

    Raises:
        Impossible: the mission is not on offer, or the desk rejects the pair (with why).
    """
    record = _mission(ctx, m)
    if mission_state(ctx, m) != "offered":
        raise Impossible(f"{record.name} is not on offer")
    verdict = _weigh(_desk_ctx(ctx), m, a, b)
    if not verdict.eligible:
        raise Impossible(" ".join(verdict.reasons))
    ctx.values[f"mission.{m}.start"] = int(ctx.values.get("day", 1))
    ctx.values[f"mission.{m}.team"] = f"{a}+{b}"
    ctx.values[f"_mission.{m}.spent"] = int(ctx.values.get("_spent", 0))
    ctx.values[f"_mission.{m}.wounds"] = int(ctx.values.get("_wounds", 0))
    _set_state(ctx, m, "active")
    ctx.emit("mission_accepted", mission=m, who=a, partner=b,
             days=record.clock_days)


@effect("refuse_mission", "mission", key="mission.{0}.state", returns="none")
def refuse_mission(ctx: Ctx, m: str) -> None:
    """Mission ``m`` is turned down; it will not be offered again."""
    _mission(ctx, m)
    if mission_state(ctx, m) == "offered":
        _set_state(ctx, m, "refused")


@query("days_left", "mission", key="mission.{0}.start", returns="int")
def days_left(ctx: Ctx, m: str) -> int:
    """Days before the clock runs out (0 or less once it has)."""
    start = int(ctx.values.get(f"mission.{m}.start", 1))
    return start + _mission(ctx, m).clock_days - int(ctx.values.get("day", 1))


@query("overdue", "mission", key="mission.{0}.overdue", returns="bool")
def overdue(ctx: Ctx, m: str) -> bool:
    """Whether the mission's clock has run out."""
    return bool(ctx.values.get(f"mission.{m}.overdue", False))


def check_clock(ctx: Ctx) -> None:
    """After time passes: tell once for each running mission whose clock has run out."""
    for m in ctx.world.data["missions"]:
        if mission_state(ctx, m) in ENDED or overdue(ctx, m):
            continue
        if days_left(ctx, m) <= 0:
            ctx.values[f"mission.{m}.overdue"] = True
            ctx.emit("mission_clock_ran_out", mission=m, day=int(ctx.values.get("day", 1)))


def mission_report(world: World, values: dict[str, Value], m: str) -> MissionReport:
    """What mission ``m`` has come to so far (pure; ``end_mission`` tells it)."""
    record = _mission(world, m)
    states = tuple((o.id, str(values.get(f"objective.{m}.{o.id}", "open")))
                   for o in record.objectives)
    kinds = {s for _, s in states}
    result = ("failed" if "failed" in kinds else "succeeded" if kinds == {"done"}
              else "abandoned" if "dropped" in kinds and "open" not in kinds else "unfinished")
    start = int(values.get(f"mission.{m}.start", 1))
    return MissionReport(
        mission=m, result=result, objectives=states,
        days=int(values.get("day", 1)) - start,
        spent=int(values.get("_spent", 0)) - int(values.get(f"_mission.{m}.spent", 0)),
        injuries=int(values.get("_wounds", 0)) - int(values.get(f"_mission.{m}.wounds", 0)),
        overdue=bool(values.get(f"mission.{m}.overdue", False)))


@effect("end_mission", "mission", key="mission.{0}.state", refuses="it is already over",
        returns="none")
def end_mission(ctx: Ctx, m: str) -> None:
    """Close mission ``m`` with its result and tell the ``mission_report``.

    Raises:
        Impossible: the mission has already ended or was refused.
    """
    if mission_state(ctx, m) in ENDED:
        raise Impossible(f"{name_of(ctx, m)} is already over")
    report = mission_report(ctx.world, ctx.values, m)
    _set_state(ctx, m, report.result)
    ctx.emit("mission_report", mission=m, result=report.result,
             objectives=[list(o) for o in report.objectives], days=report.days,
             spent=report.spent, injuries=report.injuries,
             overdue=report.overdue)


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    compiled: dict[str, list[tuple[str, Any, str]]] = {}
    for i, mission in enumerate(data["missions"].values()):
        seen: set[str] = set()
        for j, o in enumerate(mission.objectives):
            if o.id in seen:
                report("missions.yaml", ("missions", i, "objectives", j, "id"),
                       f"expected a new objective id in '{mission.id}', found '{o.id}' again")
            seen.add(o.id)
        rules: list[tuple[str, Any, str]] = []
        for j, req in enumerate(mission.requirements):
            try:
                rules.append((req.id, env.condition(req.when, ("a", "b")),
                              req.reason))
            except CompileError as exc:
                report("missions.yaml", ("missions", i, "requirements", j, "when"),
                       f"{exc} (at column {exc.column} of the requirement)")
        compiled[mission.id] = rules
    data["desk"] = compiled
    people = env.ids["character"]
    for i, pair in enumerate(data["roster"]):
        for j, who in enumerate(pair.members):
            if who not in people:
                report("missions.yaml", ("roster", i, "members", j),
                       f"expected a character id, found '{who}'")
        if len(set(pair.members)) < 2:
            report("missions.yaml", ("roster", i, "members"),
                   f"expected two different people, found {pair.members}")
    objectives = {m.id: [o.id for o in m.objectives] for m in data["missions"].values()}

    def belongs(args: tuple[Any, ...]) -> str | None:
        m, o = args[0], args[1]
        if isinstance(m, str) and isinstance(o, str) and m in objectives and (
                o not in objectives[m]):
            return f"expected an objective of {m} ({', '.join(objectives[m])}), found '{o}'"
        return None

    env.checks["objective"] = belongs
    env.checks["set_objective"] = belongs


LOAD_HOOKS.append(_check)
