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
    by_table, anywhere = _index(data)
    if table is not None:
        found = by_table.get(table, {}).get(ident)
        if found is not None:
            return found
    return anywhere.get(ident)


_Index = tuple[dict[str, dict[str, str]], dict[str, str]]
_INDEXES: dict[int, tuple[Mapping[str, Any], int, _Index]] = {}
"""The names of the last few packs' data, by the data's identity (each entry holds its data,
so the identity is not reused while it is kept, and the size of the data when it was read:
a pack's data gains its tables one by one while it loads)."""
_KEPT = 8


def _index(data: Mapping[str, Any]) -> _Index:
    """Every name of ``data``, by table and by id (the first table in order that names it,
    then the fights' zones and foes): looked up on every screen and in many reasons."""
    entry = _INDEXES.get(id(data))
    if entry is not None and entry[0] is data and entry[1] == len(data):
        return entry[2]
    by_table: dict[str, dict[str, str]] = {}
    anywhere: dict[str, str] = {}
    for table in NAMED_TABLES:
        names = by_table[table] = {}
        for ident, record in (data.get(table) or {}).items():
            name = _name(record)
            if name is not None:
                names[ident] = name
                anywhere.setdefault(ident, name)
    for fight in data.get("fights", {}).values():
        for part in (*getattr(fight, "zones", ()), *getattr(fight, "foes", ())):
            ident, name = getattr(part, "id", None), _name(part)
            if isinstance(ident, str) and name is not None:
                anywhere.setdefault(ident, name)
    if len(_INDEXES) >= _KEPT:
        _INDEXES.pop(next(iter(_INDEXES)))
    _INDEXES[id(data)] = (data, len(data), (by_table, anywhere))
    return by_table, anywhere


def _name(record: Any) -> str | None:
    name = getattr(record, "name", None)
    return name if isinstance(name, str) and name else None


def name_of(ctx: Ctx, ident: str) -> str:
    """The pack's name for a character, observer, place, region, technique, injury, mission,
    resource, item or rank id (see :func:`pack_name`; the id, spaced, when it has none)."""
    found = pack_name(ctx.world.data, ident)
    return ident.replace("_", " ") if found is None else found


def word(ctx: Ctx, concept: str) -> str:
    """The world's word for an engine concept (``intimidation``, ``instincts``, ``boosted``,
    ``plan``)."""
    words = ctx.world.data.get("words") or {}
    return str(words.get(concept) or DEFAULT_WORDS[concept])
