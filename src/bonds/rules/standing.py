"""Village law, standing and memory (systems S2, S12, S16): who someone is, and what is owed.

Rules:
- Each character has a **standing**: ``good`` at first, then ``disgraced`` or ``exiled``,
  and ``restored`` once allowed back. ``set_standing(c, state)`` moves it and says so;
  ``restored`` is refused for someone who was never disgraced or exiled.
- **Marriage** is by certificate: ``marry(a, b)`` binds two people not married to anyone
  else (refused otherwise); pairs married in ``characters.yaml`` start married.
- **Clan duty**: the last of a clan owes the elders an heir. Marrying without the elders'
  approval (``elders_approve(c)``) is recorded as defiance: ``defied_clan(c)`` holds and a
  ``clan_duty_defied`` event is told. The marriage still stands.
- **Memory**: ``remember(who, whom, 'grudge' or 'debt')`` makes a character or a faction
  hold a grudge or owe a debt, until ``forget``; grudges and debts may also be seeded in
  the pack. ``grudge(who, whom)`` and ``debt(who, whom)`` test them.
- **Who someone is**, for the mission desk and any condition: ``gender(c)``, ``rank(c)``,
  ``seniority(c)`` (the rank's level on the world's ladder), ``fame(c)``,
  ``nerve(c)``, ``last_of_clan(c)``.

Keys: ``standing.<c>``, ``married.<c>`` (the spouse's id), ``elders.<c>`` (approved),
``clan_defied.<c>``, ``memory.<who>.<whom>.<grudge|debt>``.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from ._common import name_of, person, seniority_of
from ._registry import INITIALIZERS, LOAD_HOOKS, Report, effect, query

__all__ = [
    "STANDINGS",
    "debt",
    "defied_clan",
    "elders_approve",
    "fame",
    "forget",
    "gender",
    "grudge",
    "last_of_clan",
    "marry",
    "married",
    "nerve",
    "rank",
    "remember",
    "seniority",
    "set_standing",
    "spouse",
    "standing",
]

STANDINGS = ("good", "disgraced", "exiled", "restored")
"""The standings, in the order a fall and a return go through them."""


# -- who someone is ---------------------------------------------------------------------------
@query("gender", "character", returns="str")
def gender(ctx: Ctx, c: str) -> str:
    """``'man'``, ``'woman'`` or ``'other'``."""
    return str(person(ctx, c).gender)


@query("rank", "character", returns="str")
def rank(ctx: Ctx, c: str) -> str:
    """The rank's id on the world's ladder (``ranks:`` in world.yaml)."""
    return str(person(ctx, c).rank)


@query("seniority", "character", returns="int")
def seniority(ctx: Ctx, c: str) -> int:
    """The rank as a number: its ``level`` on the world's ladder."""
    return seniority_of(ctx, c)


@query("fame", "character", returns="int")
def fame(ctx: Ctx, c: str) -> int:
    """How widely the name is known, 0-100."""
    return int(person(ctx, c).fame)


@query("nerve", "character", returns="int")
def nerve(ctx: Ctx, c: str) -> int:
    """Steadiness under fear, 0-100."""
    return int(person(ctx, c).nerve)


@query("last_of_clan", "character", returns="bool")
def last_of_clan(ctx: Ctx, c: str) -> bool:
    """Whether c is the last of a clan whose elders expect an heir."""
    return bool(person(ctx, c).last_of_clan)


# -- standing ---------------------------------------------------------------------------------
@query("standing", "character", key="standing.{0}", returns="str")
def standing(ctx: Ctx, c: str) -> str:
    """``'good'``, ``'disgraced'``, ``'exiled'`` or ``'restored'``."""
    return str(ctx.values.get("standing." + c, "good"))


@effect("set_standing", "character", "standing", key="standing.{0}",
        refuses="restoring someone who was never disgraced or exiled", returns="none")
def set_standing(ctx: Ctx, c: str, state: str) -> None:
    """Move c's standing; ``restored`` needs a fall first.

    Raises:
        Impossible: ``state`` is unknown, or ``restored`` for someone never sent away.
    """
    if state not in STANDINGS:
        raise Impossible(f"'{state}' is not a standing")
    old = standing(ctx, c)
    if old == state:
        return
    if state == "restored" and old not in ("disgraced", "exiled"):
        raise Impossible(f"{name_of(ctx, c)} was never sent away; there is nothing to restore")
    ctx.values["standing." + c] = state
    if ctx.wants("standing_changed"):
        ctx.emit("standing_changed", who=c, old=old, new=state)


# -- marriage and clan duty ------------------------------------------------------------------
@query("married", "character", "character", key="married.{0}", returns="bool")
def married(ctx: Ctx, a: str, b: str) -> bool:
    """Whether a and b are married to each other."""
    return a != b and ctx.values.get("married." + a) == b


@query("spouse", "character", key="married.{0}", returns="str")
def spouse(ctx: Ctx, c: str) -> str:
    """The id of c's spouse, or ``''``."""
    return str(ctx.values.get("married." + c, ""))


@effect("elders_approve", "character", key="elders.{0}", returns="none")
def elders_approve(ctx: Ctx, c: str) -> None:
    """The clan's elders approve c's marriage (it no longer defies them)."""
    if not ctx.values.get("elders." + c):
        ctx.values["elders." + c] = True
        ctx.emit("elders_approved", who=c)


@query("defied_clan", "character", key="clan_defied.{0}", returns="bool")
def defied_clan(ctx: Ctx, c: str) -> bool:
    """Whether c married against the clan elders' wishes."""
    return bool(ctx.values.get("clan_defied." + c, False))


@effect("marry", "character", "character", key="married.{0}",
        refuses="either is married to someone else", returns="none")
def marry(ctx: Ctx, a: str, b: str) -> None:
    """Marry a and b by certificate.

    Raises:
        Impossible: the same person twice, or either is married to someone else.
    """
    if a == b:
        raise Impossible("a marriage takes two people")
    if married(ctx, a, b):
        return
    for who in (a, b):
        other = spouse(ctx, who)
        if other:
            raise Impossible(f"{name_of(ctx, who)} is already married to {name_of(ctx, other)}")
    ctx.values["married." + a] = b
    ctx.values["married." + b] = a
    ctx.emit("married", who=a, whom=b)
    for who in (a, b):
        record = person(ctx, who)
        if record.last_of_clan and not ctx.values.get("elders." + who):
            ctx.values["clan_defied." + who] = True
            ctx.emit("clan_duty_defied", who=who, clan=record.clan or "")


# -- memory -----------------------------------------------------------------------------------
def _memory_key(who: str, whom: str, kind: str) -> str:
    return f"memory.{who}.{whom}.{kind}"


@query("grudge", "observer", "character", key="memory.{0}.{1}.grudge", returns="bool")
def grudge(ctx: Ctx, who: str, whom: str) -> bool:
    """Whether ``who`` (a character or a faction) holds a grudge against ``whom``."""
    return bool(ctx.values.get(_memory_key(who, whom, "grudge"), False))


@query("debt", "observer", "character", key="memory.{0}.{1}.debt", returns="bool")
def debt(ctx: Ctx, who: str, whom: str) -> bool:
    """Whether ``who`` owes ``whom`` a debt."""
    return bool(ctx.values.get(_memory_key(who, whom, "debt"), False))


@effect("remember", "observer", "character", "memory", key="memory.{0}.{1}.{2}", returns="none")
def remember(ctx: Ctx, who: str, whom: str, kind: str) -> None:
    """``who`` now holds a grudge against, or owes a debt to, ``whom``."""
    if kind not in ("grudge", "debt"):
        raise Impossible(f"'{kind}' is not something one remembers (grudge or debt)")
    key = _memory_key(who, whom, kind)
    if not ctx.values.get(key):
        ctx.values[key] = True
        ctx.emit("remembered", who=who, whom=whom, memory=kind)


@effect("forget", "observer", "character", "memory", key="memory.{0}.{1}.{2}", returns="none")
def forget(ctx: Ctx, who: str, whom: str, kind: str) -> None:
    """``who`` lets a grudge go, or calls a debt paid."""
    key = _memory_key(who, whom, kind)
    if ctx.values.get(key):
        ctx.values[key] = False
        ctx.emit("forgotten", who=who, whom=whom, memory=kind)


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    people = data["characters"]
    for i, c in enumerate(people.values()):
        if c.married_to is not None:
            other = people.get(c.married_to)
            if other is None or c.married_to == c.id:
                report("characters.yaml", ("characters", i, "married_to"),
                       f"expected another character's id, found '{c.married_to}'")
            elif other.married_to not in (None, c.id):
                report("characters.yaml", ("characters", i, "married_to"),
                       f"expected '{c.married_to}' to be married to '{c.id}', found them "
                       f"married to '{other.married_to}'")
        for field in ("grudges", "debts"):
            for j, whom in enumerate(getattr(c, field)):
                if whom not in people:
                    report("characters.yaml", ("characters", i, field, j),
                           f"expected a character id, found '{whom}'")
    for i, o in enumerate(data["observers"].values()):
        for field in ("grudges", "debts"):
            for j, whom in enumerate(getattr(o, field)):
                if whom not in env.ids["character"]:
                    report("world.yaml", ("observers", i, field, j),
                           f"expected a character id, found '{whom}'")


def _initial(data: dict[str, Any]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    holders = [*data["characters"].values(), *data["observers"].values()]
    for holder in holders:
        for whom in holder.grudges:
            values[_memory_key(holder.id, whom, "grudge")] = True
        for whom in holder.debts:
            values[_memory_key(holder.id, whom, "debt")] = True
    for c in data["characters"].values():
        if c.married_to is not None and c.married_to in data["characters"]:
            values["married." + c.id] = c.married_to
            values["married." + c.married_to] = c.id
    return values


LOAD_HOOKS.append(_check)
INITIALIZERS.append(_initial)
