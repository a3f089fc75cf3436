"""A step told for the play screens: the same sentences the export tells, placed on screen.

After each choice the browser and the terminal show what the storyteller told of it: the
prose (the scene's text, the deed, the outcome, the changes woven in, a fight's beats) and
the margin notes. They tell it with the export's storyteller over the run so far
(:class:`.narrator.Storyteller`), so a step reads on screen word for word as it reads in the
exported story: what was told in earlier steps (its dryness memory, the blocks already told)
shapes this one in both alike.
"""

from __future__ import annotations

from collections.abc import Sequence

from bonds.engine import Event, World

from .narrator import Storyteller, step_starts
from .telling import Item, StepLine, StepTelling

__all__ = ["StepLine", "StepTelling", "tell_step"]


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
    items: list[Item] = []
    lines: list[StepLine] = []
    for n, lo in enumerate(starts):
        hi = starts[n + 1] if n + 1 < len(starts) else len(events)
        if lo >= hi:
            continue
        told, said = teller.step(events, lo, hi)
        if lo >= start:
            items += told
            lines += [StepLine(line.text, tuple(i + lo - start for i in line.events),
                               line.place, line.source) for line in said]
    return StepTelling(tuple(items), tuple(lines))
