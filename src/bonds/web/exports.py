"""The run told as a story, for download: a thin bridge to :mod:`bonds.narration`'s exporters.

The web app offers ``/export/<format>`` only for the formats narration provides; while it
provides none, the links and routes are simply absent.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from bonds.views import Game

__all__ = ["Export", "export_formats", "export_game"]

MEDIA = {"md": "text/markdown; charset=utf-8", "html": "text/html; charset=utf-8",
         "epub": "application/epub+zip"}
"""The content type of each format the app knows how to send."""


@dataclass(frozen=True, slots=True)
class Export:
    """A file to send."""

    body: bytes
    media_type: str
    filename: str


def _exporters() -> Any:
    try:
        return importlib.import_module("bonds.narration.export")
    except ImportError:
        return None


def export_formats() -> tuple[str, ...]:
    """The formats narration can write, in a fixed order."""
    module = _exporters()
    if module is None or not callable(getattr(module, "export_run", None)):
        return ()
    offered = getattr(module, "FORMATS", ())
    return tuple(f for f in MEDIA if f in offered)


def export_game(game: Game, fmt: str, numbers: str = "full") -> Export:
    """``game`` told as a story in ``fmt`` (one of :func:`export_formats`), its figures as
    the player's numbers setting shows them."""
    from bonds.engine import replay

    module = _exporters()
    state, events = replay(game.world, game.seed, game.actions, game.opening)
    body = module.export_run(game.world, game.seed, game.actions, state, events, fmt,
                              numbers)
    data = body if isinstance(body, bytes) else str(body).encode()
    return Export(data, MEDIA[fmt], f"{game.world.manifest.id}-{game.seed}.{fmt}")
