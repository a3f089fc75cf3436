"""How rules name what they speak of in the reasons they give (names come from the pack), and
the world's words for the engine's own concepts."""

from __future__ import annotations

from bonds.engine.context import Ctx

__all__ = ["DEFAULT_WORDS", "name_of", "word"]

_TABLES = ("characters", "observers", "places", "regions", "techniques", "injuries",
           "missions", "resources", "items", "ranks")

DEFAULT_WORDS = {"intimidation": "menace", "instincts": "instincts", "boosted": "strengthened"}
"""What the engine calls its concepts when the world names them no other way."""


def name_of(ctx: Ctx, ident: str) -> str:
    """The pack's name for a character, observer, place, region, technique, injury, mission,
    resource, item or rank id (the id, spaced, when it has none)."""
    data = ctx.world.data
    for table in _TABLES:
        item = data.get(table, {}).get(ident)
        if item is not None:
            return str(getattr(item, "name", ident))
    return ident.replace("_", " ")


def word(ctx: Ctx, concept: str) -> str:
    """The world's word for an engine concept (``intimidation``, ``instincts``, ``boosted``)."""
    words = ctx.world.data.get("words") or {}
    return str(words.get(concept) or DEFAULT_WORDS[concept])
