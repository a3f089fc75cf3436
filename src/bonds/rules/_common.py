"""Helpers the world-rules modules share: people by id, where the party is, bond readings.

Nothing here is registered for packs; these are the small lookups every system needs, kept
in one place so each rule reads the same keys the same way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from .bond import level

__all__ = [
    "RANK_LEVEL",
    "bond_measure",
    "compile_condition_in",
    "here",
    "hours_now",
    "name_of",
    "person",
]

RANK_LEVEL = {"civilian": 0, "genin": 1, "chuunin": 2, "jounin": 3, "anbu": 3, "kage": 4}
"""Seniority by rank: what killing intent, sensing and the desk weigh."""


def person(ctx: Ctx, who: str) -> Any:
    """The character record ``who`` (raises Impossible for an id the pack does not know)."""
    found = ctx.world.data["characters"].get(who)
    if found is None:
        raise Impossible(f"there is no one called '{who}' in this story")
    return found


def name_of(ctx: Ctx, key: str) -> str:
    """The display name of a character, place, technique or injury id (the id if none)."""
    data = ctx.world.data
    for section in ("characters", "places", "techniques", "injuries", "missions"):
        record = data.get(section, {}).get(key)
        if record is not None:
            return str(record.name)
    return key.replace("_", " ")


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


def compile_condition_in(env: Any, text: str | int | bool, names: Iterable[str] = ()
                         ) -> Callable[[Ctx], Any]:
    """Compile a pack condition with ``env``, plus extra string names (e.g. ``a`` and ``b``).

    Used by load hooks that compile expressions kept in system data. The extra names are
    read from the context's values like qualities. Raises the compiler's CompileError.
    """
    from bonds.content.expressions import QualitySpec, compile_condition

    extra = {n: QualitySpec("str", "") for n in names}
    if not extra:
        return compile_condition(text, env)
    local = dataclasses.replace(env, qualities={**env.qualities, **extra}, reads=set(),
                                writes=set())
    closure = compile_condition(text, local)
    env.reads.update(local.reads - set(extra))
    return closure


def place_conditions(data: dict[str, Any], env: Any, report: Any, field: str, ident: str
                     ) -> dict[str, tuple[tuple[str, Any], ...]]:
    """Each place's ``field`` entries (hidden presences, ninken watch facts) compiled once.

    Returns, by place id, ``(entry's ident, its compiled condition or None)`` pairs; a
    condition that does not compile is reported at its place in world.yaml.
    """
    from bonds.content.expressions import CompileError

    compiled: dict[str, tuple[tuple[str, Any], ...]] = {}
    for i, place in enumerate(data["places"].values()):
        entries = []
        for j, entry in enumerate(getattr(place, field)):
            holds = None
            if entry.when is not None:
                try:
                    holds = compile_condition_in(env, entry.when)
                except CompileError as exc:
                    report("world.yaml", ("places", i, field, j, "when"), str(exc))
            entries.append((getattr(entry, ident), holds))
        compiled[place.id] = tuple(entries)
    return compiled

