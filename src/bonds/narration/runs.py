"""A run to tell: replayed from a save, or played afresh by a playtest bot.

Either way the result is the same record: the world, the seed, the actions, the final state
and every event from ``game_started`` on, which is all narration reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bonds.engine import Event, State, World
from bonds.playtest.bots import BOTS
from bonds.playtest.transcript import play_with_bot
from bonds.saves import Save, load_save, read_save

__all__ = ["MAX_STEPS", "Run", "play_bot", "replay_save"]

MAX_STEPS = 5000
"""A bot run that has not ended after this many actions is told as it stands."""


@dataclass(frozen=True)
class Run:
    """One playthrough, complete with its events."""

    world: World
    seed: int
    actions: tuple[str, ...]
    state: State
    events: tuple[Event, ...]
    source: str
    """Where it came from, e.g. ``save run.json`` or ``bot canon``."""


def replay_save(world: World, save: Save | str | Path) -> Run:
    """Replay a save (or the save file at a path) on ``world``.

    Raises:
        SaveError: the save is damaged or does not fit the pack (a one-line reason).
    """
    if not isinstance(save, Save):
        save = read_save(save)
    state, events = load_save(world, save)
    return Run(world, save.seed, save.actions, state, tuple(events), "save")


def play_bot(world: World, bot: str, seed: int, max_steps: int = MAX_STEPS) -> Run:
    """Play a fresh run of ``world`` with the named playtest bot.

    Raises:
        KeyError: no bot has that name (the message lists the names there are).
        BondsError: the engine or the pack failed during the run.
    """
    if bot not in BOTS:
        raise KeyError(f"no bot named '{bot}' (there are: {', '.join(sorted(BOTS))})")
    state, actions, events = play_with_bot(world, bot, seed, max_steps)
    return Run(world, seed, tuple(actions), state, tuple(events), f"bot {bot}")
