"""``bonds play --text --watch``: the terminal game kept up with a pack as it is edited.

A :class:`LiveGame` holds the session's current game behind a lock. When a file of the
pack is saved, the watcher's thread loads the pack again and replays the run's actions on
it (the saves' replay: a revised pack keeps the place); where the edit removed a step of
the road, the run goes on from the last step that stands, and the terminal says which step
broke. The current page is then shown again. A pack that does not load is reported line by
line and the last one that loaded goes on.

The play loop takes the lock while it works on a line, and releases it while it waits for
the next, so a reload never lands half way through a step.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from bonds.engine import BondsError, World
from bonds.live import PackWatcher
from bonds.saves import BrokenRoad
from bonds.views import Game, Names

__all__ = ["LiveGame"]


class LiveGame:
    """The game a terminal session plays, replayed on each saved version of the pack."""

    def __init__(self, game: Game, pack: Path, console: Console,
                 redraw: Callable[[Game, Names], None]) -> None:
        self.game = game
        self.names = Names(game.world)
        self.lock = threading.RLock()
        self.console = console
        self.redraw = redraw
        """Shows a game's current page again (the passage and its choices)."""
        self.reloads = 0
        """How many saved versions were loaded and replayed."""
        self.watcher = PackWatcher(pack, self._loaded, self._broken)

    def start(self) -> None:
        """Start watching the pack."""
        self.watcher.start()

    def stop(self) -> None:
        """Stop watching."""
        self.watcher.stop()

    def _loaded(self, world: World) -> None:
        with self.lock:
            save = self.game.to_save()
            note = "the pack was saved: replayed on it, your place is kept"
            try:
                try:
                    game = Game.from_save(world, save)
                except BrokenRoad as exc:
                    game = Game.from_save(world, save.upto(exc.good))
                    note = (f"the pack was saved, and the edit broke this run's road: {exc}; "
                            f"going on after choice {exc.good}")
            except BondsError as exc:  # e.g. the scene the run began at is gone
                self.console.print(f"[red]The saved pack cannot replay this run: "
                                   f"{escape(str(exc))}. Still playing the last version."
                                   f"[/red]")
                return
            self.game, self.names = game, Names(world)
            self.reloads += 1
            self.console.print()
            self.console.rule(f"[dim]{escape(note)}[/dim]")
            self.redraw(game, self.names)

    def _broken(self, problems: list[str]) -> None:
        with self.lock:
            self.console.print()
            self.console.print("[red]The pack has problems, so the last version that loaded "
                               "is still playing:[/red]")
            for line in problems:
                self.console.print(f"  {escape(line)}", soft_wrap=True)
