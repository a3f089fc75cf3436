"""How rules name people and factions in the reasons they give (names come from the pack)."""

from __future__ import annotations

from bonds.engine.context import Ctx

__all__ = ["name_of"]


def name_of(ctx: Ctx, ident: str) -> str:
    """The pack's name for a character, observer, place or region id (the id if it has none)."""
    data = ctx.world.data
    for table in ("characters", "observers", "places", "regions"):
        item = data.get(table, {}).get(ident)
        if item is not None:
            return str(getattr(item, "name", ident))
    return ident
