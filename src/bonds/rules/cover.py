"""Cover and suspicion: who doubts the pair's story, who has seen through it, and why.

Rules:

- **Suspicion per observer.** Every observer (a faction in world.yaml, or any character)
  holds a suspicion of 0-100 under ``suspicion.<observer>``, starting at 0.
  ``suspect(observer, delta, reason)`` raises it (a tell) or, negative, lowers it (a
  convincing act); every change is a ``suspicion_changed`` event with the reason.
- **Who suspects.** An observer *suspects* while its suspicion is at least half its
  threshold (world.yaml's ``threshold``; 80 for a person); crossing that line upwards is a
  ``cover_suspected`` event.
- **Who knows.** When suspicion reaches the threshold the observer has seen through the
  cover: ``cover.<observer>.knows`` is set for good (a ``cover_exposed`` event) and
  ``exposed(observer)`` stays true even if suspicion later falls. Exposure is a state the
  story reacts to, not a lost game.
- **Word spreads.** When an observer sees through the cover, every other observer of the
  same region gains ``SPREAD`` (10) suspicion.
- **The act.** How close the pair performs being is its own measure, ``cover.<x>.<y>.act``
  (ids sorted; 50 until rehearsed), moved by ``rehearse(a, b, delta, reason)``. It is
  independent of the real bond: the gap between them is where covers crack.
- **cover_chance(observer, a, b)**, the chance a public performance convinces: 50, plus
  (act - 50)/2 for a practised act, minus half of what the act claims beyond the pair's
  real ease (the mean of both directions), plus half of the real ease beyond the act (it
  shows), plus the mean coordination/10, minus the observer's suspicion/3.
- **A touch in public.** ``public_touch(a, b, observer)``: B touches A where the observer
  sees. A flinches with ``flinch_chance(a, b)`` (a roll only when that is above 0): a flinch
  raises suspicion by ``FLINCH`` (6); taking it easily lowers it by ``EASY`` (2).
"""

from __future__ import annotations

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import State
from bonds.engine.world import World

from ._names import name_of
from ._registry import effect, query
from .bond import flinch_chance, level

__all__ = [
    "DEFAULT_ACT",
    "EASY",
    "FLINCH",
    "PERSON_THRESHOLD",
    "SPREAD",
    "cover_chance",
    "cover_state",
    "exposed",
    "performance",
    "public_touch",
    "rehearse",
    "suspect",
    "suspects",
    "suspicion",
    "threshold",
]

DEFAULT_ACT = 50
"""The performed closeness of a pair that has never rehearsed."""
PERSON_THRESHOLD = 80
"""The threshold of an observer that world.yaml does not list (a character)."""
SPREAD = 10
"""Suspicion each observer of the region gains when another sees through the cover."""
FLINCH = 6
EASY = 2


def threshold(ctx: Ctx, observer: str) -> int:
    """The suspicion at which ``observer`` sees through the cover."""
    record = ctx.world.data.get("observers", {}).get(observer)
    return int(getattr(record, "threshold", PERSON_THRESHOLD))


@query("suspicion", "observer", key="suspicion.{0}", returns="int", faultless=True)
def suspicion(ctx: Ctx, observer: str) -> int:
    """How much ``observer`` doubts the cover, 0-100."""
    return int(ctx.values.get("suspicion." + observer, 0))


@query("suspects", "observer", key="suspicion.{0}", returns="bool")
def suspects(ctx: Ctx, observer: str) -> bool:
    """Whether ``observer`` suspects the cover (suspicion at least half its threshold)."""
    return suspicion(ctx, observer) * 2 >= threshold(ctx, observer) or exposed(ctx, observer)


@query("exposed", "observer", key="cover.{0}.knows", returns="bool", faultless=True)
def exposed(ctx: Ctx, observer: str) -> bool:
    """Whether ``observer`` has seen through the cover (once true, it stays true)."""
    return bool(ctx.values.get(f"cover.{observer}.knows", False))


@effect("suspect", "observer", "int", "text", key="suspicion.{0}", returns="int")
def suspect(ctx: Ctx, observer: str, delta: int, reason: str) -> int:
    """Raise (or, negative, lower) ``observer``'s suspicion for ``reason``; returns the change.

    Raises:
        Impossible: a non-integer delta or no reason.
    """
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise Impossible(f"suspicion moves by whole numbers, not {delta!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise Impossible("every change to suspicion needs a reason")
    key = "suspicion." + observer
    old = int(ctx.values.get(key, 0))
    new = max(0, min(100, old + delta))
    if new == old:
        return 0
    ctx.values[key] = new
    if ctx.wants("suspicion_changed"):
        ctx.emit("suspicion_changed", observer=observer, key=key, old=old, new=new,
                 delta=new - old, reason=reason)
    limit = threshold(ctx, observer)
    if old * 2 < limit <= new * 2:
        ctx.emit("cover_suspected", observer=observer, suspicion=new, reason=reason)
    if new >= limit and not exposed(ctx, observer):
        ctx.values[f"cover.{observer}.knows"] = True
        ctx.emit("cover_exposed", observer=observer, key=f"cover.{observer}.knows",
                 suspicion=new, reason=reason)
        _spread(ctx, observer)
    return new - old


def _spread(ctx: Ctx, observer: str) -> None:
    observers = ctx.world.data.get("observers", {})
    region = getattr(observers.get(observer), "region", None)
    if region is None:
        return
    why = f"word from {name_of(ctx, observer)} that the story is false"
    for other, record in observers.items():
        if other != observer and getattr(record, "region", None) == region:
            suspect(ctx, other, SPREAD, why)


def _act_key(a: str, b: str) -> str:
    x, y = (a, b) if a <= b else (b, a)
    return f"cover.{x}.{y}.act"


@query("performance", "character", "character", returns="int")
def performance(ctx: Ctx, a: str, b: str) -> int:
    """How close the pair performs being in public, 0-100 (50 until rehearsed)."""
    return int(ctx.values.get(_act_key(a, b), DEFAULT_ACT))


@effect("rehearse", "character", "character", "int", "text", returns="int")
def rehearse(ctx: Ctx, a: str, b: str, delta: int, reason: str) -> int:
    """Move the pair's performed closeness by ``delta`` for ``reason``; returns the change.

    Raises:
        Impossible: the same person twice, a non-integer delta or no reason.
    """
    if a == b:
        raise Impossible("a cover needs two different people")
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise Impossible(f"the act moves by whole numbers, not {delta!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise Impossible("every change to the act needs a reason")
    key = _act_key(a, b)
    old = performance(ctx, a, b)
    new = max(0, min(100, old + delta))
    if new != old:
        ctx.values[key] = new
        ctx.emit("act_changed", a=a, b=b, key=key, old=old, new=new, delta=new - old,
                 reason=reason)
    return new - old


@query("cover_chance", "observer", "character", "character", returns="chance")
def cover_chance(ctx: Ctx, observer: str, a: str, b: str) -> Chance:
    """The chance that the pair's public performance convinces ``observer``."""
    values = ctx.values
    act = performance(ctx, a, b)
    real = (level(values, a, b, "ease") + level(values, b, a, "ease")) // 2
    moving = (level(values, a, b, "coordination") + level(values, b, a, "coordination")) // 20
    chance = Chance(50, (("the story they tell", 50),))
    parts = (("a practised act", (act - 50) // 2),
             ("the act outruns the real ease", -(max(0, act - real) // 2)),
             ("real ease shows", max(0, real - act) // 2),
             ("moving as one", moving),
             (f"the doubts of {name_of(ctx, observer)}", -(suspicion(ctx, observer) // 3)))
    for why, amount in parts:
        if amount:
            chance = chance.plus(why, amount)
    return chance


@effect("public_touch", "character", "character", "observer", returns="bool")
def public_touch(ctx: Ctx, a: str, b: str, observer: str) -> bool:
    """B touches A where ``observer`` sees; returns whether A flinched (see the rules)."""
    chance = flinch_chance(ctx, a, b)
    flinched = False
    if chance.percent > 0:
        flinched = ctx.roll(chance.clamped(0, 95), f"flinch:{a}:{b}")
    who, other = name_of(ctx, a), name_of(ctx, b)
    if flinched:
        ctx.emit("flinched", who=a, at=b, observer=observer)
        suspect(ctx, observer, FLINCH, f"{who} flinched at {other}'s touch")
    else:
        suspect(ctx, observer, -EASY, f"{who} took {other}'s touch without a flinch")
    return flinched


def cover_state(world: World, state: State) -> dict[str, str]:
    """Each observer of the pack and where it stands: 'unaware', 'suspects' or 'knows'."""
    ctx = Ctx(world, state.values, state.rng, state.scene)
    result: dict[str, str] = {}
    for observer in world.data.get("observers", {}):
        if exposed(ctx, observer):
            result[observer] = "knows"
        elif suspects(ctx, observer):
            result[observer] = "suspects"
        else:
            result[observer] = "unaware"
    return result
