"""A game being played: pack, seed and actions, with the state they lead to cached.

This is the one object both the browser and the terminal drive (so it lives here, in the
views both share). It talks to the engine only
through its public API (``start``, ``step``, ``legal_actions``) and to saves only through
:mod:`bonds.saves`. A game never changes in place: :meth:`Game.advance` returns the next one,
so a caller can write the save first and keep the old game if the write fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from bonds.engine import (
    Event,
    IllegalAction,
    Opening,
    SaveError,
    State,
    World,
    legal_actions,
    start,
    state_hash,
    step,
)
from bonds.saves import Save, make_save, replay_steps

__all__ = ["Game", "MAX_ACTIONS"]

MAX_ACTIONS = 20_000
"""A run longer than this is refused: no campaign needs it, and saves must stay small."""


@dataclass(frozen=True, slots=True)
class Game:
    """One run of a pack, and what its latest step showed."""

    world: World
    """The pack being played."""
    seed: int
    """The run's seed."""
    actions: tuple[str, ...]
    """Every action taken, in order: with the seed, the whole truth of the run."""
    state: State
    """The state the actions lead to."""
    last: tuple[Event, ...]
    """The events of the latest step (or of the start)."""
    passage: tuple[Event, ...]
    """The events of the latest step that entered a scene: the prose on screen."""
    revision: int = 0
    """The saved copy's revision, for refusing writes from a stale page (0: never saved)."""
    options: tuple[str, ...] = field(default=())
    """The legal actions of ``state``, computed once."""
    previous: State | None = None
    """The state before the latest step (to show what it changed)."""
    first: int = 0
    """The index in the whole run of the latest step's first event (narration words each
    event by its place in the run, so the screen reads as the export does)."""
    revised: bool = False
    """Loaded from a save made with an earlier version of the pack (the place is kept; the
    next save records the pack as it is now)."""
    history: tuple[Event, ...] = ()
    """Every event of the run so far (the storyteller tells a step in the light of what it
    told before it, as the export does)."""
    opened: int = 0
    """The index in the whole run of the first event of ``passage``."""
    opening: Opening | None = None
    """Where the run began, when not at the pack's start (an author's ``--at``/``--set``)."""

    @classmethod
    def new(cls, world: World, seed: int, opening: Opening | None = None) -> Game:
        """A fresh run of ``world`` from ``seed`` (begun where ``opening`` says)."""
        state, events = start(world, seed, opening)
        shown = tuple(events)
        return cls._make(world, seed, (), state, shown, shown, history=shown, opening=opening)

    @classmethod
    def from_save(cls, world: World, save: Save, revision: int = 0) -> Game:
        """Rebuild a run from a save on the pack as it is now, step by step.

        An edited pack is fine while the save's road still exists in it: the game is then
        marked ``revised`` (and the replay, not the snapshot, is the truth).

        Raises:
            SaveError: the save is for another pack, or (the pack unchanged) was altered.
            BrokenRoad: an action on its road is no longer open (``good`` steps stand).
        """
        if len(save.actions) > MAX_ACTIONS:
            raise SaveError("this save is longer than any run this game allows")
        first = opened = 0
        last: tuple[Event, ...] = ()
        passage: tuple[Event, ...] = ()
        history: list[Event] = []
        state: State | None = None
        previous: State | None = None
        for n, (reached, events) in enumerate(replay_steps(world, save)):
            previous, state = state, reached
            if n:
                first += len(last)
            last = tuple(events)
            history.extend(last)
            if not n or any(e.kind == "scene_entered" for e in last):
                passage, opened = last, first
        assert state is not None
        revised = save.pack_hash != world.content_hash
        if save.state_hash and state_hash(state) != save.state_hash and not revised:
            raise SaveError("this save's snapshot does not match its replay: it was altered")
        game = cls._make(world, save.seed, tuple(save.actions), state, last, passage, revision,
                         previous, first, tuple(history), opened, save.opening)
        return game.marked_revised() if revised else game

    @classmethod
    def _make(cls, world: World, seed: int, actions: tuple[str, ...], state: State,
              last: tuple[Event, ...], passage: tuple[Event, ...], revision: int = 0,
              previous: State | None = None, first: int = 0,
              history: tuple[Event, ...] = (), opened: int = 0,
              opening: Opening | None = None) -> Game:
        return cls(world, seed, actions, state, last, passage, revision,
                   tuple(legal_actions(world, state)), previous, first, False, history,
                   opened, opening)

    @property
    def ended(self) -> bool:
        """Whether the run has reached an ending."""
        return self.state.ending is not None

    @property
    def turn(self) -> int:
        """How many actions have been taken."""
        return len(self.actions)

    def advance(self, action: str) -> Game:
        """The game after ``action``.

        Raises:
            IllegalAction: the action is not open now (nothing changes).
            Impossible: a rule refused it; the message is the reason.
        """
        if action not in self.options:
            raise IllegalAction("that choice is not open at this point of the story")
        if len(self.actions) >= MAX_ACTIONS:
            raise IllegalAction("this run has grown longer than any the game allows")
        state, events = step(self.world, self.state, action)
        last = tuple(events)
        first = self.first + len(self.last)
        entered = any(e.kind == "scene_entered" for e in last)
        passage = last if entered else self.passage
        return self._make(self.world, self.seed, (*self.actions, action), state, last,
                          passage, self.revision, self.state, first, (*self.history, *last),
                          first if entered else self.opened, self.opening)

    def with_revision(self, revision: int) -> Game:
        """The same game, marked as saved at ``revision`` (so no longer ``revised``)."""
        return replace(self, revision=revision, revised=False)

    def marked_revised(self) -> Game:
        """The same game, marked as loaded from an earlier version of the pack."""
        return replace(self, revised=True)

    def to_save(self) -> Save:
        """The run as a save document."""
        return make_save(self.world, self.seed, list(self.actions), self.state, self.opening)
