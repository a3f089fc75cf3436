"""The export formats and the one call that writes a run in any of them.

``render(run, fmt)`` is what the ``bonds export`` command calls; ``export_run`` takes the
parts of a run as the web app holds them (world, seed, actions, final state, events).
"""

from __future__ import annotations

from collections.abc import Sequence

from bonds.engine import Event, State, World

from .epub import to_epub
from .html import to_html
from .markdown import to_markdown
from .runs import Run
from .tell import tell

__all__ = ["FORMATS", "export_run", "render"]

FORMATS = ("md", "html", "epub")
"""The export formats, by file extension."""


def render(run: Run, fmt: str, numbers: str = "full") -> bytes:
    """The file of ``run`` in format ``fmt`` (``md``, ``html`` or ``epub``), its figures as
    the numbers setting ``numbers`` shows them (``words``, ``brief``, ``full``).

    Raises:
        ValueError: an unknown format.
        NarrationError: a pack template names a fact its event lacks.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format '{fmt}' (use {', '.join(FORMATS)})")
    work = tell(run, numbers)
    if fmt == "md":
        return to_markdown(work).encode()
    if fmt == "html":
        return to_html(work).encode()
    return to_epub(work)


def export_run(world: World, seed: int, actions: Sequence[str], state: State,
               events: Sequence[Event], fmt: str, numbers: str = "full") -> bytes:
    """A run given by its parts (as a game in progress holds them) in format ``fmt``."""
    return render(Run(world, seed, tuple(actions), state, tuple(events), "game"), fmt,
                  numbers)
