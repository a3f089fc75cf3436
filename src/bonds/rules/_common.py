"""Helpers the world-rules modules share: people by id, where the party is, bond readings.

Nothing here is registered for packs; these are the small lookups every system needs, kept
in one place so each rule reads the same keys the same way.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import CompileError, Impossible
from bonds.engine.state import Value

from ._names import name_of, word
from .bond import level

__all__ = [
    "bond_measure",
    "here",
    "hours_now",
    "name_of",
    "person",
    "seniority_of",
    "word",
]


def person(ctx: Ctx, who: str) -> Any:
    """The character record ``who`` (raises Impossible for an id the pack does not know)."""
    found = ctx.world.data["characters"].get(who)
    if found is None:
        raise Impossible(f"there is no one called '{who}' in this story")
    return found


def seniority_of(ctx: Ctx, who: str) -> int:
    """``who``'s place on the world's ladder of rank (its ``level``): what intimidation,
    sensing and the desk weigh."""
    return int(ctx.world.data["ranks"][person(ctx, who).rank].level)


def here(ctx: Ctx) -> str:
    """Where the story stands: the current scene's place, else where travel last arrived."""
    scene = ctx.world.scenes.get(ctx.scene)
    if scene is not None and scene.place:
        return scene.place
    return str(ctx.values.get("travel.at", ""))


def bond_measure(values: dict[str, Value], a: str, b: str, measure: str) -> int:
    """``a``'s ``measure`` towards ``b`` as the bond rules keep it (``bond.<a>.<b>.<m>``)."""
    return level(values, a, b, measure)


def hours_now(values: dict[str, Value]) -> int:
    """The clock as a count of hours since the start of day 0."""
    return int(values.get("day", 1)) * 24 + int(values.get("hour", 8))


def place_conditions(data: dict[str, Any], env: Any, report: Any, field: str, ident: str
                     ) -> dict[str, tuple[tuple[str, Any], ...]]:
    """Each place's ``field`` entries (hidden presences, ninken watch facts) compiled once.

    Returns, by place id, ``(entry's ident, its compiled condition or None)`` pairs; a
    condition that does not compile is reported at its place in world.yaml.
    """
    compiled: dict[str, tuple[tuple[str, Any], ...]] = {}
    for i, place in enumerate(data["places"].values()):
        entries = []
        for j, entry in enumerate(getattr(place, field)):
            holds = None
            if entry.when is not None:
                try:
                    holds = env.condition(entry.when)
                except CompileError as exc:
                    report("world.yaml", ("places", i, field, j, "when"), str(exc))
            entries.append((getattr(entry, ident), holds))
        compiled[place.id] = tuple(entries)
    return compiled

