"""Infamy and attention: public noise makes a region talk, and factions react by rule.

Rules:

- **Infamy** per region, 0-100, under ``infamy.<region>``, raised by public noise (a brawl,
  a famous name said aloud, property damage, a gang humiliated):
  ``noise(region, delta, reason)``. Every change is an ``infamy_changed`` event.
- **Attention** per faction, 0-100, under ``attention.<faction>``:
  ``notice(faction, delta, reason)`` (a message carried to them, a rumour). Every change is
  an ``attention_changed`` event.
- **Reactions** (``reactions:`` in fights.yaml) tie the two together. While a reaction's
  ``when`` holds, each infamy gain in its region passes to its faction's attention:
  ``gain * share / 100 * (50 + realness) / 100``, rounded down, where *realness* (0-100) is
  how real the reaction's pair looks to that faction: half of (100 - its suspicion) plus a
  quarter of the pair's summed ease (50 when the reaction names no pair). So a faction that
  believes the couple, and a couple at ease, draw attention half as fast again.
- **An approach.** When a faction's attention reaches a reaction's ``threshold`` (and its
  ``when`` holds), the reaction's ``approach`` flag is set once, with an
  ``approach_scheduled`` event: content routes on ``flag('<approach>')``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import CompileError, Impossible

from ._registry import LOAD_HOOKS, Report, effect, query
from .bond import level
from .story import set_flag

__all__ = ["Reaction", "attention", "infamy", "noise", "notice", "realness"]


@dataclass(frozen=True, slots=True)
class Reaction:
    """A compiled faction reaction (see the module's rules)."""

    id: str
    faction: str
    region: str | None
    share: int
    pair: tuple[str, ...]
    when: Callable[[Ctx], Any] | None
    threshold: int
    approach: str


@query("infamy", "region", key="infamy.{0}", returns="int")
def infamy(ctx: Ctx, region: str) -> int:
    """How much the region talks about the pair, 0-100."""
    return int(ctx.values.get("infamy." + region, 0))


@query("attention", "faction", key="attention.{0}", returns="int")
def attention(ctx: Ctx, faction: str) -> int:
    """How closely the faction watches the pair, 0-100."""
    return int(ctx.values.get("attention." + faction, 0))


def _move(ctx: Ctx, kind: str, who: str, delta: int, reason: str) -> tuple[int, int]:
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise Impossible(f"{kind} moves by whole numbers, not {delta!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise Impossible(f"every change to {kind} needs a reason")
    key = f"{kind}.{who}"
    old = int(ctx.values.get(key, 0))
    new = max(0, min(100, old + delta))
    if new != old:
        ctx.values[key] = new
        field = "region" if kind == "infamy" else "faction"
        if ctx.wants(f"{kind}_changed"):
            ctx.emit(f"{kind}_changed", **{field: who}, key=key, old=old, new=new,
                     delta=new - old, reason=reason)
    return old, new


def realness(ctx: Ctx, reaction: Reaction) -> int:
    """How real the reaction's pair looks to its faction, 0-100 (50 with no pair)."""
    if len(reaction.pair) != 2:
        return 50
    a, b = reaction.pair
    doubt = int(ctx.values.get("suspicion." + reaction.faction, 0))
    at_ease = level(ctx.values, a, b, "ease") + level(ctx.values, b, a, "ease")
    return (100 - doubt) // 2 + at_ease // 4


@effect("noise", "region", "int", "text", key="infamy.{0}", returns="int")
def noise(ctx: Ctx, region: str, delta: int, reason: str) -> int:
    """Raise (or lower) the region's infamy; reactions pass gains on. Returns the change."""
    old, new = _move(ctx, "infamy", region, delta, reason)
    if new > old:
        for reaction in ctx.world.data.get("reactions_by_region", {}).get(region, ()):
            if reaction.when is not None and not reaction.when(ctx):
                continue
            gain = (new - old) * reaction.share * (50 + realness(ctx, reaction)) // 10000
            if gain:
                notice(ctx, reaction.faction, gain, f"word travels: {reason}")
    return new - old


@effect("notice", "faction", "int", "text", key="attention.{0}", returns="int")
def notice(ctx: Ctx, faction: str, delta: int, reason: str) -> int:
    """Raise (or lower) the faction's attention; past a threshold it plans an approach."""
    old, new = _move(ctx, "attention", faction, delta, reason)
    for reaction in ctx.world.data.get("reactions_by_faction", {}).get(faction, ()):
        if new < reaction.threshold or ctx.values.get("flag." + reaction.approach):
            continue
        if reaction.when is not None and not reaction.when(ctx):
            continue
        set_flag(ctx, reaction.approach)
        ctx.emit("approach_scheduled", faction=faction, reaction=reaction.id,
                 flag=reaction.approach, attention=new, reason=reason)
    return new - old


def _load_reactions(data: dict[str, Any], env: Any, report: Report) -> None:
    """Check and compile fights.yaml's reactions (unknown ids and qualities are errors)."""
    ids = env.ids
    by_region: dict[str, list[Reaction]] = {}
    by_faction: dict[str, list[Reaction]] = {}
    for i, r in enumerate(data.get("reactions", {}).values()):
        path: tuple[Any, ...] = ("reactions", i)
        if r.faction not in ids["faction"]:
            report("fights.yaml", (*path, "faction"),
                   f"expected a faction from world.yaml's observers, found '{r.faction}'")
        if r.region is not None and r.region not in ids["region"]:
            report("fights.yaml", (*path, "region"), f"expected a known region, found "
                                                     f"'{r.region}'")
        if r.pair and (len(r.pair) != 2 or r.pair[0] == r.pair[1]):
            report("fights.yaml", (*path, "pair"), f"expected two different characters, "
                                                   f"found {r.pair}")
        for j, who in enumerate(r.pair):
            if who not in ids["character"]:
                report("fights.yaml", (*path, "pair", j), f"expected a known character, "
                                                          f"found '{who}'")
        when = None
        if r.when is not None:
            try:
                when = env.condition(r.when)
            except CompileError as exc:
                report("fights.yaml", (*path, "when"), str(exc))
        env.writes.add("flag." + r.approach)
        reaction = Reaction(r.id, r.faction, r.region, r.share, tuple(r.pair), when,
                            r.threshold, r.approach)
        if r.region is not None:
            by_region.setdefault(r.region, []).append(reaction)
        by_faction.setdefault(r.faction, []).append(reaction)
    data["reactions_by_region"] = {k: tuple(v) for k, v in by_region.items()}
    data["reactions_by_faction"] = {k: tuple(v) for k, v in by_faction.items()}


LOAD_HOOKS.append(_load_reactions)
