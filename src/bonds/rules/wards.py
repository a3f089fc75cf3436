"""Wards, traps and trapped seals (system S5): guarding a place and what is stored.

Rules:
- A **ward** on a place (laid in ``world.yaml`` or by ``set_ward(place, keyed_to)``) is
  keyed to one or more people; calling ``set_ward`` again keys it to one more.
  ``enter(c, place, spot)`` through a warded place always **pings** (a ``ward_pinged``
  event saying whether the one entering was keyed); whoever it is keyed to passes freely.
- A **trap** is armed on one of a place's declared spots by ``set_trap(place,
  spot)`` (optionally keyed to someone). It springs on anyone who enters through that spot
  and is not keyed to the place: a ``trap_sprung`` event, the intruder frozen for a beat
  and dealt the injury of the pack's ``trap`` technique, if it has one; the trap is then
  spent. A sensing pulse finds armed traps.
- A **trapped seal**: ``seal_away(owner, item)`` seals something so only its owner opens it.
  ``open_seal(opener, item)`` opens it for the owner; anyone else suffers the backlash (a
  ``seal_backlash`` event and the injury of the pack's ``seal`` technique) and the seal
  holds.

Keys: ``ward.<place>``, ``ward.<place>.<c>`` (keyed), ``trap.<place>.<spot>``,
``seal.<item>`` (the owner's id).
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from ._common import name_of
from ._registry import INITIALIZERS, LOAD_HOOKS, Report, effect, query
from .health import freeze, injure

__all__ = [
    "clear_trap",
    "enter",
    "keyed",
    "lift_ward",
    "open_seal",
    "seal_away",
    "sealed",
    "set_trap",
    "set_ward",
    "trapped",
    "warded",
]


def _inflicts(ctx: Ctx, effect_kind: str) -> Any:
    tech = ctx.world.data["guards"].get(effect_kind)
    return None if tech is None else tech.inflicts


def _guard_name(ctx: Ctx, effect_kind: str) -> str:
    """How a reason names the pack's technique for a trap or seal (``a <name>``)."""
    tech = ctx.world.data["guards"].get(effect_kind)
    return f"a {tech.name[:1].lower()}{tech.name[1:]}" if tech is not None else f"a {effect_kind}"


def _hit(ctx: Ctx, who: str, effect_kind: str, reason: str) -> None:
    blow = _inflicts(ctx, effect_kind)
    if blow is not None:
        injure(ctx, who, blow.injury, blow.step, reason)


# -- wards ------------------------------------------------------------------------------------
@query("warded", "place", key="ward.{0}", returns="bool")
def warded(ctx: Ctx, place: str) -> bool:
    """Whether a ward is up on ``place``."""
    return bool(ctx.values.get("ward." + place, False))


@query("keyed", "place", "character", key="ward.{0}.{1}", returns="bool")
def keyed(ctx: Ctx, place: str, c: str) -> bool:
    """Whether ``place``'s ward and traps open to c."""
    return bool(ctx.values.get(f"ward.{place}.{c}", False))


def _key(ctx: Ctx, place: str, c: str) -> None:
    if not keyed(ctx, place, c):
        ctx.values[f"ward.{place}.{c}"] = True
        ctx.emit("ward_keyed", place=place, who=c)


@effect("set_ward", "place", "character", key="ward.{0}", returns="none")
def set_ward(ctx: Ctx, place: str, keyed_to: str) -> None:
    """Lay a ward on ``place`` (or key an existing one) to ``keyed_to``."""
    if not warded(ctx, place):
        ctx.values["ward." + place] = True
        ctx.emit("ward_set", place=place, who=keyed_to)
    _key(ctx, place, keyed_to)


@effect("lift_ward", "place", key="ward.{0}", returns="none")
def lift_ward(ctx: Ctx, place: str) -> None:
    """Take the ward off ``place`` (the keys are kept for a new one)."""
    if warded(ctx, place):
        ctx.values["ward." + place] = False
        ctx.emit("ward_lifted", place=place)


# -- traps ------------------------------------------------------------------------------------
@query("trapped", "place", "spot", key="trap.{0}.{1}", returns="bool")
def trapped(ctx: Ctx, place: str, spot: str) -> bool:
    """Whether a trap is armed on that spot."""
    return bool(ctx.values.get(f"trap.{place}.{spot}", False))


@effect("set_trap", "place", "spot", "character", key="trap.{0}.{1}", optional=1,
        refuses="the place has no such spot", returns="none")
def set_trap(ctx: Ctx, place: str, spot: str, keyed_to: str = "") -> None:
    """Arm a trap on a spot of ``place`` (sparing ``keyed_to``, if given)."""
    if spot not in ctx.world.data["places"][place].spots:
        raise Impossible(f"{name_of(ctx, place)} has no {spot.replace('_', ' ')} to trap")
    if not trapped(ctx, place, spot):
        ctx.values[f"trap.{place}.{spot}"] = True
        if ctx.wants("trap_set"):
            ctx.emit("trap_set", place=place, spot=spot)
    if keyed_to:
        _key(ctx, place, keyed_to)


@effect("clear_trap", "place", "spot", key="trap.{0}.{1}", returns="none")
def clear_trap(ctx: Ctx, place: str, spot: str) -> None:
    """Disarm the trap on a spot."""
    if trapped(ctx, place, spot):
        ctx.values[f"trap.{place}.{spot}"] = False
        ctx.emit("trap_cleared", place=place, spot=spot)


@effect("enter", "character", "place", "spot", optional=1, returns="none")
def enter(ctx: Ctx, c: str, place: str, spot: str = "door") -> None:
    """c comes into ``place`` through ``spot``: the ward pings, a trap may spring."""
    is_keyed = keyed(ctx, place, c)
    ctx.emit("entered", who=c, place=place, spot=spot)
    if warded(ctx, place):
        ctx.emit("ward_pinged", place=place, who=c, keyed=is_keyed)
    if trapped(ctx, place, spot) and not is_keyed:
        ctx.values[f"trap.{place}.{spot}"] = False
        ctx.emit("trap_sprung", place=place, spot=spot, who=c)
        what = _guard_name(ctx, "trap")
        freeze(ctx, c, what)
        _hit(ctx, c, "trap", what)


# -- seals ------------------------------------------------------------------------------------
@query("sealed", "text", key="seal.{0}", returns="bool")
def sealed(ctx: Ctx, item: str) -> bool:
    """Whether ``item`` is sealed away."""
    return bool(ctx.values.get("seal." + item))


@effect("seal_away", "character", "text", key="seal.{1}", refuses="it is sealed already",
        returns="none")
def seal_away(ctx: Ctx, owner: str, item: str) -> None:
    """Seal ``item`` away so that only its owner opens it.

    Raises:
        Impossible: it is sealed already.
    """
    if sealed(ctx, item):
        raise Impossible(f"the {item.replace('_', ' ')} is sealed already")
    ctx.values["seal." + item] = owner
    ctx.emit("sealed", who=owner, item=item)


@effect("open_seal", "character", "text", key="seal.{1}", refuses="nothing is sealed there",
        returns="none")
def open_seal(ctx: Ctx, opener: str, item: str) -> None:
    """Open a seal: the owner opens it; anyone else takes the backlash and it holds.

    Raises:
        Impossible: nothing is sealed under that name.
    """
    owner = str(ctx.values.get("seal." + item, ""))
    if not owner:
        raise Impossible(f"nothing called {item.replace('_', ' ')} is sealed")
    if opener == owner:
        ctx.values["seal." + item] = ""
        ctx.emit("seal_opened", who=opener, item=item)
        return
    ctx.emit("seal_backlash", who=opener, item=item, owner=owner)
    _hit(ctx, opener, "seal", "a trapped seal")


# -- data -------------------------------------------------------------------------------------
def _check(data: dict[str, Any], env: Any, report: Report) -> None:
    people = env.ids["character"]
    spots: dict[str, list[str]] = {}
    for i, place in enumerate(data["places"].values()):
        spots[place.id] = list(place.spots)
        if place.ward is None:
            continue
        if not place.ward.keyed_to:
            report("world.yaml", ("places", i, "ward", "keyed_to"),
                   f"expected the ward on '{place.id}' to be keyed to someone, found no one")
        for j, who in enumerate(place.ward.keyed_to):
            if who not in people:
                report("world.yaml", ("places", i, "ward", "keyed_to", j),
                       f"expected a character id, found '{who}'")
    guards: dict[str, Any] = {}
    for tech in data["techniques"].values():
        if tech.effect in ("trap", "seal"):
            guards.setdefault(tech.effect, tech)
    data["guards"] = guards

    def spot_fits(args: tuple[Any, ...]) -> str | None:
        place, spot = args[0], args[1]
        if isinstance(place, str) and isinstance(spot, str) and place in spots and (
                spot not in spots[place]):
            known = ", ".join(spots[place]) or "none declared in world.yaml"
            return f"expected a spot of {place} ({known}), found '{spot}'"
        return None

    for name in ("set_trap", "clear_trap", "trapped", "enter"):
        env.checks[name] = (lambda args: spot_fits(args[1:])) if name == "enter" else spot_fits


def _initial(data: dict[str, Any]) -> dict[str, Value]:
    values: dict[str, Value] = {}
    for place in data["places"].values():
        if place.ward is not None:
            values["ward." + place.id] = True
            for who in place.ward.keyed_to:
                values[f"ward.{place.id}.{who}"] = True
    return values


LOAD_HOOKS.append(_check)
INITIALIZERS.append(_initial)
