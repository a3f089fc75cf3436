"""A step told for the play screens: the same sentences the export tells, placed on screen.

After each choice the browser and the terminal show what the storyteller told of it: the
prose (the scene's text, the deed, the outcome, the changes woven in, a fight's beats) and
the margin notes. They tell it with the export's storyteller over the run so far
(:class:`.narrator.Storyteller`), so a step reads on screen word for word as it reads in the
exported story: what was told in earlier steps (its dryness memory, the blocks already told)
shapes this one in both alike.

Telling a long run again for every step would cost more each step, so what the storyteller
remembers at a step's start is kept (:data:`KEPT` runs' worth) and the next step carries on
from it; a kept memory is used only for the very events it was made from.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from typing import Any

from bonds.engine import Event, World

from .narrator import Storyteller, step_starts
from .telling import Item, StepLine, StepTelling

__all__ = ["KEPT", "StepLine", "StepTelling", "tell_step"]

KEPT = 256
"""How many remembered step starts are kept (a few per game being played)."""

_KEPT: OrderedDict[tuple[str, int, int], tuple[Event, Any]] = OrderedDict()
"""(pack hash, seed, events told) -> (the last event told, the storyteller's memory)."""


def _resume(teller: Storyteller, world: World, seed: int, events: Sequence[Event],
            starts: list[int], start: int) -> int:
    """Carry on from the latest kept memory at or before ``start``; returns where from."""
    for lo in reversed([b for b in starts if 0 < b <= start]):
        kept = _KEPT.get((world.content_hash, seed, lo))
        if kept is not None and kept[0] is events[lo - 1]:
            teller.restore(kept[1])
            _KEPT.move_to_end((world.content_hash, seed, lo))
            return lo
    return 0


def tell_step(world: World, seed: int, events: Sequence[Event], start: int = 0
              ) -> StepTelling:
    """What the storyteller tells of the run's events from ``start`` on.

    Args:
        world: the pack.
        seed: the run's seed.
        events: every event of the run so far, from ``game_started`` (the steps before
            ``start`` are told silently, for the memory they leave).
        start: the index of the first event to tell (a step's first; the first of a
            passage's steps to tell them all).

    Returns:
        The items and lines of the steps from ``start``; the lines' event indices count
        from ``start``.
    """
    teller = Storyteller(world, seed)
    starts = step_starts(world, events)
    if start not in starts:
        starts = sorted({*starts, start})  # a step the events alone do not show begins here
    begun = _resume(teller, world, seed, events, starts, start)
    items: list[Item] = []
    lines: list[StepLine] = []
    for n, lo in enumerate(starts):
        hi = starts[n + 1] if n + 1 < len(starts) else len(events)
        if lo < begun or lo >= hi:
            continue
        if lo == start and lo:
            _KEPT[(world.content_hash, seed, lo)] = (events[lo - 1], teller.snapshot())
            while len(_KEPT) > KEPT:
                _KEPT.popitem(last=False)
        told, said = teller.step(events, lo, hi)
        if lo >= start:
            items += told
            lines += [StepLine(line.text, tuple(i + lo - start for i in line.events),
                               line.place, line.source) for line in said]
    return StepTelling(tuple(items), tuple(lines), start)
