"""A step told for the play screens: the same sentences the export tells, placed on screen.

After each choice the browser and the terminal show what the storyteller told of it: the
prose (the scene's text, the deed, the outcome, the changes woven in, a fight's beats) and
the margin notes. They tell it with the export's storyteller over the run so far
(:class:`.narrator.Storyteller`), so a step reads on screen word for word as it reads in the
exported story: what was told in earlier steps (its dryness memory, the blocks already told)
shapes this one in both alike.

Telling a long run again for every page would cost more each step, so each run being
played keeps its storyteller (:data:`KEPT` runs' worth) with what it told of each step since
the page last asked for (a :class:`_Run`): the next page tells only the steps that are new,
and a page asked for again tells nothing. A kept run is used only for the very events it
was told from (the same objects, or equal ones: a game rebuilt from its save), so what is
shown is always what telling the run afresh from its first event gives.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

from bonds.engine import Event, World

from .narrator import StepStarts, Storyteller, step_starts
from .telling import Item, StepLine, StepTelling

__all__ = ["KEPT", "StepLine", "StepTelling", "forget", "tell_step", "told_afresh"]

KEPT = 512
"""How many runs' storytellers are kept per pack (one per game being played: about 0.2 MB
each on the campaign)."""
PER_SEED = 4
"""How many runs of the same pack and seed are kept apart (different first events)."""


@dataclass(slots=True)
class _Step:
    """One step told: its events' bounds and what was told of them (None once no page
    can ask for it again: only the steps from the latest page's start are kept)."""

    lo: int
    hi: int
    items: tuple[Item, ...] | None
    lines: tuple[StepLine, ...] | None
    """Event indices counted from ``lo``."""


class _Run:
    """One run's storyteller, carried along the run as its pages are asked for."""

    def __init__(self, world: World, seed: int) -> None:
        self.world = world
        self.seed = seed
        self.teller = Storyteller(world, seed)
        self.events: tuple[Event, ...] = ()
        """The events whose steps' starts are known (and told, up to ``steps[-1].hi``)."""
        self.steps_of = StepStarts(world)
        """Where each step of ``events`` begins (:func:`.narrator.step_starts`)."""
        self.starts = self.steps_of.starts
        self.steps: list[_Step] = []
        """The steps told, in order (``steps[k].lo == starts[k]``)."""

    def follow(self, events: Sequence[Event]) -> bool:
        """Take ``events`` as the run's (they go on from the events known); False when they
        do not (another road, the same run cut short, or a step told grew), and the run can
        no longer be used."""
        known = len(self.events)
        if len(events) < known or tuple(events[:known]) != self.events:
            return False
        self.events = tuple(events)  # the caller's own events: the next check is quicker
        starts, had = self.starts, len(self.starts)
        for event in self.events[known:]:
            self.steps_of.follow(event)
        # The last step told ended where the events did: it stands only if a step begins
        # there now. Else it grew (a step asked for before all its events came, which no
        # game does), and the run is told afresh.
        return not (self.steps and self.steps[-1].hi == known < len(self.events)
                    and not (len(starts) > had and starts[had] == known))

    def tell(self, start: int) -> StepTelling:
        """The steps from ``start`` (a step's first event) to the end of the events."""
        events, starts = self.events, self.starts
        n = len(self.steps)
        while n < len(starts):
            lo = starts[n]
            hi = starts[n + 1] if n + 1 < len(starts) else len(events)
            told, said = self.teller.step(events, lo, hi)
            self.steps.append(_Step(lo, hi, tuple(told), tuple(said)))
            n += 1
        first = starts.index(start)
        items: list[Item] = []
        lines: list[StepLine] = []
        for step in self.steps[first:]:
            assert step.items is not None and step.lines is not None
            items += step.items
            shift = step.lo - start
            lines += [line if not shift else StepLine(
                line.text, tuple(i + shift for i in line.events), line.place, line.source)
                for line in step.lines]
        for step in reversed(self.steps[:first]):  # no page asks for these again
            if step.items is None:
                break
            step.items = step.lines = None
        return StepTelling(tuple(items), tuple(lines), start)

    def has(self, start: int) -> bool:
        """Whether the steps from ``start`` (a step's start) can be told: not yet told, or
        told and kept."""
        n = self.starts.index(start)
        return n >= len(self.steps) or self.steps[n].items is not None


WORLDS = 4
"""How many packs' runs are kept (a server plays one; tests load many)."""

_WORLDS: OrderedDict[int, tuple[World, OrderedDict[int, list[_Run]]]] = OrderedDict()
"""id(world) -> (the world, seed -> the runs of that seed kept, the latest first)."""
_LOCK = threading.Lock()


def forget() -> None:
    """Drop every run kept."""
    with _LOCK:
        _WORLDS.clear()


def _runs(world: World, seed: int) -> list[_Run]:
    """The runs of ``world`` and ``seed`` kept (most recently used kept longest)."""
    entry = _WORLDS.get(id(world))
    if entry is None or entry[0] is not world:
        entry = _WORLDS[id(world)] = (world, OrderedDict())
        while len(_WORLDS) > WORLDS:
            _WORLDS.popitem(last=False)
    _WORLDS.move_to_end(id(world))
    seeds = entry[1]
    runs = seeds.setdefault(seed, [])
    seeds.move_to_end(seed)
    while len(seeds) > KEPT:
        seeds.popitem(last=False)
    return runs


def _run(world: World, seed: int, events: Sequence[Event], start: int) -> _Run | None:
    """The kept run that tells ``events`` from ``start``, carried on to them (or a new one);
    None when ``start`` is no step's start."""
    runs = _runs(world, seed)
    for n, run in enumerate(runs):
        if run.events[0] == events[0]:
            if run.follow(events):
                if start not in run.starts:
                    return None
                if run.has(start):
                    runs.insert(0, runs.pop(n))
                    return run
            del runs[n]  # another road, or a start told no more: told anew
            break
    run = _Run(world, seed)
    run.follow(events)
    if start not in run.starts:
        return None
    runs.insert(0, run)
    del runs[PER_SEED:]
    return run


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
    if start >= len(events):
        return StepTelling((), (), start)  # nothing from there on: nothing to tell
    if events and start >= 0:
        with _LOCK:
            run = _run(world, seed, events, start)
            if run is not None:
                return run.tell(start)
    return told_afresh(world, seed, events, start)


def told_afresh(world: World, seed: int, events: Sequence[Event], start: int
                 ) -> StepTelling:
    """The run told from its first event by a new storyteller (a step the events alone do
    not show may begin at ``start``)."""
    teller = Storyteller(world, seed)
    starts = sorted({*step_starts(world, events), start})
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
    return StepTelling(tuple(items), tuple(lines), start)
