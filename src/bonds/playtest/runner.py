"""Playing one run with a bot and noticing what went wrong in it.

A run ends at an ending, at a crash (an exception from the engine or the pack), at a dead
end (no legal action in a state that is not an ending), at a softlock (no ending within
``max_steps``), or at the first broken invariant. What was visited is read from the final
state (the engine counts scene entries under ``seen.<scene>``), not from events, so the
loop stays cheap.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from typing import Any

from bonds.engine import Event, Opening, State, World, legal_actions, start, step
from bonds.engine.core import ROLL_MARK, Tried

from .bots import Memory, make_bot
from .watch import Memo, Watch

__all__ = ["FIGURE_PREFIXES", "Finding", "RunResult", "continuity_break", "loop_of",
           "play_run"]

FIGURE_PREFIXES = ("bond.", "suspicion.", "infamy.", "attention.")
"""Final values kept per run for the distributions in reports (and each of the world's
resources, ``<r>.``)."""


@dataclass
class Finding:
    """Something wrong in one run, with the actions that reproduce it."""

    kind: str
    """``crash``, ``dead_end``, ``softlock``, ``invariant`` or ``continuity``."""
    seed: int
    message: str
    actions: list[str]
    scene: str


@dataclass
class RunResult:
    """What one run did."""

    seed: int
    ending: str | None
    steps: int
    scenes: dict[str, int]
    choices: dict[str, int]
    figures: dict[str, int]
    finding: Finding | None = None
    keys: frozenset[str] = frozenset()
    """Every value key the final state holds (what the run wrote, for the qualities report)."""
    extra: dict[str, Any] = field(default_factory=dict)


READ = frozenset({"expectation_broken"})
"""The only events a run reads (:func:`continuity_break`): its steps make no others."""


def play_run(world: World, bot_name: str, seed: int, max_steps: int,
             memory: Memory | None = None, opening: Opening | None = None,
             memo: Memo | None = None) -> RunResult:
    """Play one run of ``world`` with a bot (from ``opening``, when given); never raises for
    what the pack or engine does. ``memo``, shared by the runs of ``world``, lets the
    invariant watch reuse what earlier runs worked out (the same findings either way)."""
    bot = make_bot(bot_name, world, seed, memory)
    actions: list[str] = []
    state: State | None = None
    finding: Finding | None = None
    invariants = world.invariants
    try:
        state, events = start(world, seed, opening)
        watch = Watch(world, memo)
        finding = (continuity_break(events, seed, actions)
                   or _check_invariants(watch, state, seed, actions))
        while finding is None and state.ending is None:
            if len(actions) >= max_steps:
                cycle = loop_of(actions)
                where = (f"; it loops through {' -> '.join(cycle)}" if cycle else "")
                finding = Finding("softlock", seed, f"no ending after {max_steps} steps{where}",
                                  list(actions), state.scene)
                break
            tried: Tried = {}  # steps legal_actions or the bot took already, reused
            options = legal_actions(world, state, tried, READ)
            if not options:
                finding = Finding("dead_end", seed, f"no action is open in scene "
                                  f"'{state.scene}', which is not an ending", list(actions),
                                  state.scene)
                break
            action = bot.choose(state, options, tried)
            actions.append(action)
            done = tried.get(action)
            state, events = step(world, state, action, kinds=READ) if done is None else done
            finding = continuity_break(events, seed, actions)
            if finding is None and invariants:
                finding = _check_invariants(watch, state, seed, actions)
    except Exception as exc:  # a crash is a finding, not a failure of the playtest itself
        where = (state.scene if state is not None else
                 opening.scene if opening is not None and opening.scene else
                 world.manifest.start)
        last = traceback.extract_tb(exc.__traceback__)[-1]
        finding = Finding("crash", seed, f"{type(exc).__name__}: {exc} (at {last.name})",
                          list(actions), where)
    values = state.values if state is not None else {}
    taken = [a.partition(ROLL_MARK)[0] for a in actions]  # a fixed roll is the same choice
    if memory is not None:
        for action in taken:
            memory.actions[action] = memory.actions.get(action, 0) + 1
    scenes, figures = _read_final(values, FIGURE_PREFIXES + tuple(
        f"{r}." for r in world.data.get("resources", {})))
    return RunResult(
        seed=seed,
        ending=state.ending if state is not None else None,
        steps=len(actions),
        scenes=scenes,
        choices=_count(a for a in taken if not a.startswith("fight:")),
        figures=figures,
        finding=finding,
        keys=frozenset(values),
    )


def loop_of(actions: list[str], most: int = 40) -> list[str]:
    """The choices a run goes round and round in: the shortest period that the last actions
    repeat at least three times (fight moves left out), or ``[]`` when they do not repeat."""
    choices = [a.partition(ROLL_MARK)[0] for a in actions if not a.startswith("fight:")]
    for period in range(1, min(most, len(choices) // 3) + 1):
        tail = choices[-3 * period:]
        if tail[:period] == tail[period:2 * period] == tail[2 * period:]:
            return tail[-period:]
    return []


def continuity_break(events: list[Event], seed: int, actions: list[str]) -> Finding | None:
    """A ``continuity`` finding for the first scene entered against its ``expects``."""
    for event in events:
        if event.kind == "expectation_broken":
            data = event.data
            return Finding("continuity", seed, f"{data['where']}: scene '{data['scene']}' was "
                           f"entered while its expects '{data['holds']}' did not hold",
                           list(actions), str(data["scene"]))
    return None


def _check_invariants(watch: Watch, state: State, seed: int,
                      actions: list[str]) -> Finding | None:
    invariant = watch.first_broken(state)
    if invariant is None:
        return None
    return Finding("invariant", seed, f"invariant '{invariant.id}' broken: "
                   f"{invariant.message}", list(actions), state.scene)


def _count(items: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts


def _read_final(values: dict[str, Any], prefixes: tuple[str, ...]
                ) -> tuple[dict[str, int], dict[str, int]]:
    """The scenes entered (``seen.<scene>``) and the figures of a final value table, read in
    one pass over it: the figures are the integer values under ``prefixes``, the day,
    the injuries (``injury.*`` set to a step) and the deaths (``dead.*`` set)."""
    scenes: dict[str, int] = {}
    figures: dict[str, int] = {}
    injuries = deaths = 0
    for k, v in values.items():
        if k.startswith("seen."):
            if v:
                scenes[k[5:]] = int(v)
        elif k.startswith(prefixes):
            if isinstance(v, int) and not isinstance(v, bool):
                figures[k] = v
        elif k.startswith("injury."):
            if v and not isinstance(v, bool):
                injuries += 1
        elif k.startswith("dead.") and v:
            deaths += 1
    figures["day"] = int(values.get("day", 1))
    figures["injuries"] = injuries
    figures["deaths"] = deaths
    return scenes, figures
