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

A :class:`Memo` shared by the runs of one world (a playtest keeps one per process) also
remembers, per invariant, the values it held on: when an invariant's reads changed since it
last held, but to values it has held on before (in any run), it holds again without being
evaluated. Evaluation is deterministic, so the same values of the first key read lead to
the same second key, and so on: equal values along one path of reads give the same answer.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bonds.engine import Ctx, State, World
from bonds.engine.state import Value
from bonds.engine.world import Invariant

__all__ = ["Memo", "Watch"]

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


MEMO_SIZE = 16384
"""The most value tuples a memo keeps per invariant and path of reads (bounds its memory:
an invariant reading many keys that move, like the bond's nine, rarely meets its values
twice)."""
MEMO_PATHS = 4
"""The most paths of reads a memo keeps per invariant (each costs a lookup on a miss)."""

_Path = tuple[tuple[str, ...], bool, bool]
"""The keys an evaluation read, in order, and whether it read the scene and the RNG."""


class Memo:
    """The values each invariant of one world held on, remembered across runs.

    Per invariant, per path of reads, a table from the values read (the scene and the RNG
    position after them when read) to their types: ``True == 1`` in a tuple, so a hit also
    needs the types to match (a flag set to ``True`` is not a count of 1).
    """

    __slots__ = ("world", "paths", "types")

    def __init__(self, world: World) -> None:
        self.world = world
        self.paths: list[dict[_Path, dict[tuple[Any, ...], tuple[type, ...]]]] = [
            {} for _ in world.invariants]
        self.types: dict[tuple[type, ...], tuple[type, ...]] = {}
        """One copy of each tuple of types (nearly all entries share a few)."""


class Watch:
    """The invariants of one run, checked state by state (make one per run)."""

    def __init__(self, world: World, memo: Memo | None = None) -> None:
        self.world = world
        self.invariants: tuple[Invariant, ...] = world.invariants
        self.noted: list[_Noted | None] = [None] * len(self.invariants)
        if memo is not None and memo.world is not world:
            raise ValueError("a watch's memo must be the memo of its own world")
        self.memo = memo

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
            if self.memo is not None and self._remembered(i, state):
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
            if self.memo is not None:
                self._remember(i, recorder.reads, ctx.scene_read, ctx.rng_read, state)
        return held

    def _remembered(self, i: int, state: State) -> bool:
        """Whether invariant ``i`` held before (in any run) on the values it would read now;
        if so it is noted as if it had just been evaluated."""
        assert self.memo is not None
        get = state.values.get
        for path, table in self.memo.paths[i].items():
            keys, scene_read, rng_read = path
            found = [get(key, _ABSENT) for key in keys]
            if scene_read:
                found.append(state.scene)
            if rng_read:
                found.append(state.rng)
            values = tuple(found)
            types = table.get(values)
            if types is not None and types == tuple(map(type, values)):
                self.noted[i] = _Noted(dict(zip(keys, values, strict=False)),
                                       state.scene if scene_read else _ABSENT,
                                       state.rng if rng_read else _ABSENT)
                return True
        return False

    def _remember(self, i: int, reads: dict[str, Any], scene_read: bool, rng_read: bool,
                  state: State) -> None:
        paths = self.memo.paths[i]  # type: ignore[union-attr]
        path = (tuple(reads), scene_read, rng_read)
        table = paths.get(path)
        if table is None:
            if len(paths) >= MEMO_PATHS:
                return
            table = paths[path] = {}
        if len(table) >= MEMO_SIZE:
            return
        found = list(reads.values())
        if scene_read:
            found.append(state.scene)
        if rng_read:
            found.append(state.rng)
        values = tuple(found)
        types = tuple(map(type, values))
        table[values] = self.memo.types.setdefault(types, types)  # type: ignore[union-attr]
