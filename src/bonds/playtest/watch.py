"""Checking a pack's invariants after every step, evaluating again only what a step touched.

An invariant is a pack condition, and conditions only read: the same value table, scene and
RNG position give the same answer. So the watch notes what each invariant read the last time
it was evaluated (each key of the value table it asked for, with the value found there or its
absence, and whether it asked for the scene or the RNG's position) and, on the next state,
evaluates it again only when one of those differs. What is read is noted through a view of
the table that records each key asked for. An invariant that walks the whole table is
evaluated on every step, as is one that raised; when an evaluation raises, the invariant is
evaluated once more on the plain table, so that the error (and the place it names) is
exactly what a plain evaluation gives.

The answers are those of evaluating every invariant on every state, in the pack's order:
an invariant is skipped only when it held on values equal to the ones it would read now.
Playtests of packs with many invariants spend most of their time here without it (the
campaign's checks read a few keys that most steps do not change).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bonds.engine import Ctx, State, World
from bonds.engine.state import Value
from bonds.engine.world import Invariant

__all__ = ["Watch"]

_ABSENT: Any = object()
"""Stands for a key the table does not hold (and for a scene or RNG never asked for)."""


class _Recorder(Mapping[str, Value]):
    """A read-only view of a value table that notes every key asked for."""

    __slots__ = ("table", "reads", "whole")

    def __init__(self, table: dict[str, Value]) -> None:
        self.table = table
        self.reads: dict[str, Any] = {}
        self.whole = False
        """Whether the whole table was walked (then nothing can be skipped)."""

    def __getitem__(self, key: str) -> Value:
        value = self.table.get(key, _ABSENT)
        self.reads[key] = value
        if value is _ABSENT:
            raise KeyError(key)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        value = self.table.get(key, _ABSENT)
        self.reads[key] = value
        return default if value is _ABSENT else value

    def __contains__(self, key: object) -> bool:
        value = self.table.get(key, _ABSENT)  # type: ignore[call-overload]
        self.reads[key] = value  # type: ignore[index]
        return value is not _ABSENT

    def __iter__(self) -> Iterator[str]:
        self.whole = True
        return iter(self.table)

    def __len__(self) -> int:
        self.whole = True
        return len(self.table)


class _NotingCtx(Ctx):
    """A context whose scene and RNG position note when they are read."""

    __slots__ = ("_scene", "_rng", "scene_read", "rng_read")

    def __init__(self, world: World, values: Any, state: State) -> None:
        self.scene_read = self.rng_read = False
        super().__init__(world, values, state.rng, state.scene)

    @property
    def scene(self) -> str:
        self.scene_read = True
        return self._scene

    @scene.setter
    def scene(self, value: str) -> None:
        self._scene = value

    @property
    def rng(self) -> int:
        self.rng_read = True
        return self._rng

    @rng.setter
    def rng(self, value: int) -> None:
        self._rng = value


class _Noted:
    """What an invariant read when it last held: keys with the values found (or _ABSENT),
    and the scene and RNG position when it asked for them (else _ABSENT)."""

    __slots__ = ("reads", "scene", "rng")

    def __init__(self, reads: dict[str, Any], scene: Any, rng: Any) -> None:
        self.reads, self.scene, self.rng = reads, scene, rng


class Watch:
    """The invariants of one run, checked state by state (make one per run)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.invariants: tuple[Invariant, ...] = world.invariants
        self.noted: list[_Noted | None] = [None] * len(self.invariants)

    def first_broken(self, state: State) -> Invariant | None:
        """The first invariant, in the pack's order, that does not hold in ``state``.

        Raises what evaluating an invariant raises (as a plain evaluation would).
        """
        get = state.values.get
        for i, invariant in enumerate(self.invariants):
            noted = self.noted[i]
            # Skip it when everything it read is as it was (same type, equal). Written out
            # here rather than in a method: this runs for every invariant on every step.
            if (noted is not None
                    and (noted.scene is _ABSENT or noted.scene == state.scene)
                    and (noted.rng is _ABSENT or noted.rng == state.rng)):
                for key, old in noted.reads.items():
                    new = get(key, _ABSENT)
                    if new is not old and (type(new) is not type(old) or new != old):
                        break
                else:
                    continue
            if not self._holds(i, invariant, state):
                return invariant
        return None

    def _holds(self, i: int, invariant: Invariant, state: State) -> bool:
        recorder = _Recorder(state.values)
        ctx = _NotingCtx(self.world, recorder, state)
        self.noted[i] = None
        try:
            held = bool(invariant.holds(ctx))
        except Exception:
            # Once more on the plain table: the error is then exactly a plain evaluation's.
            return bool(invariant.holds(Ctx(self.world, state.values, state.rng, state.scene)))
        if held and not recorder.whole:
            self.noted[i] = _Noted(recorder.reads,
                                   state.scene if ctx.scene_read else _ABSENT,
                                   state.rng if ctx.rng_read else _ABSENT)
        return held
