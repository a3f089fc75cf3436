"""How rules name what they speak of in the reasons they give (names come from the pack), and
the world's words for the engine's own concepts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bonds.engine.context import Ctx

__all__ = ["DEFAULT_WORDS", "NAMED_TABLES", "name_of", "pack_name", "word"]

NAMED_TABLES = ("characters", "observers", "places", "regions", "techniques", "injuries",
                "missions", "resources", "items", "ranks")
"""The pack data tables whose records carry a ``name``, in the order an id is looked up."""

DEFAULT_WORDS = {"intimidation": "menace", "instincts": "instincts", "boosted": "strengthened",
                 "plan": "a signalled plan"}
"""What the engine calls its concepts when the world names them no other way."""


def pack_name(data: Mapping[str, Any], ident: str, table: str | None = None) -> str | None:
    """The pack's name for ``ident``, or None when the pack names it nowhere.

    The one lookup of names, for the rules' reasons and for every screen. ``table`` (one of
    :data:`NAMED_TABLES`) is searched first, for an id that names different things in
    different tables (``harbour`` the region, not the faction); then each table in order;
    last the zones and foes of the fights.
    """
    for name in (table, *NAMED_TABLES) if table is not None else NAMED_TABLES:
        found = _name(data.get(name, {}).get(ident))
        if found is not None:
            return found
    for fight in data.get("fights", {}).values():
        for part in (*getattr(fight, "zones", ()), *getattr(fight, "foes", ())):
            if getattr(part, "id", None) == ident and _name(part) is not None:
                return _name(part)
    return None


def _name(record: Any) -> str | None:
    name = getattr(record, "name", None)
    return name if isinstance(name, str) and name else None


def name_of(ctx: Ctx, ident: str) -> str:
    """The pack's name for a character, observer, place, region, technique, injury, mission,
    resource, item or rank id (see :func:`pack_name`; the id, spaced, when it has none)."""
    names: dict[str, str] | None = ctx.world.derived.get("rules.names")
    if names is None:
        names = ctx.world.derived["rules.names"] = {}
    name = names.get(ident)
    if name is None:  # once per world: rules name what they speak of in many reasons
        found = pack_name(ctx.world.data, ident)
        name = names[ident] = ident.replace("_", " ") if found is None else found
    return name


def word(ctx: Ctx, concept: str) -> str:
    """The world's word for an engine concept (``intimidation``, ``instincts``, ``boosted``,
    ``plan``)."""
    words = ctx.world.data.get("words") or {}
    return str(words.get(concept) or DEFAULT_WORDS[concept])
