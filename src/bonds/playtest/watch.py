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

An invariant written as ``a and b and ...`` is watched part by part (the compiler keeps
each part, see :attr:`Invariant.parts`): it holds when every part holds, and each part is
skipped, remembered or evaluated on its own, in order, so a step that moves one value checks
again only the parts that read it (a range check over nine bond measures becomes eighteen
parts of one key each).

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
from bonds.engine.world import Expr, Invariant

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
    """What a check read when it last held: keys with the values found (or _ABSENT),
    and the scene and RNG position when it asked for them (else _ABSENT); ``path`` is the
    memo's name for that path of reads."""

    __slots__ = ("reads", "scene", "rng", "path")

    def __init__(self, reads: dict[str, Any], scene: Any, rng: Any) -> None:
        self.reads, self.scene, self.rng = reads, scene, rng
        self.path: _Path = (tuple(reads), scene is not _ABSENT, rng is not _ABSENT)


MEMO_SIZE = 16384
"""The most value tuples a memo keeps per check and path of reads (bounds its memory:
an invariant reading many keys that move, like the bond's nine, rarely meets its values
twice)."""
MEMO_PATHS = 4
"""The most paths of reads a memo keeps per check (each costs a lookup on a miss)."""

_Path = tuple[tuple[str, ...], bool, bool]
"""The keys an evaluation read, in order, and whether it read the scene and the RNG."""


class Memo:
    """The values each check of one world held on, remembered across runs.

    Per check (an invariant, or one part of one), per path of reads, a table from the
    values read (the scene and the RNG position after them when read) to their types:
    ``True == 1`` in a tuple, so a hit also needs the types to match (a flag set to
    ``True`` is not a count of 1).
    """

    __slots__ = ("world", "paths", "types")

    def __init__(self, world: World) -> None:
        self.world = world
        self.paths: list[dict[_Path, dict[tuple[Any, ...], tuple[type, ...]]]] = [
            {} for _ in _checks(world)]
        self.types: dict[tuple[type, ...], tuple[type, ...]] = {}
        """One copy of each tuple of types (nearly all entries share a few)."""


def _held_on(table: dict[tuple[Any, ...], tuple[type, ...]], path: _Path,
             state: State) -> tuple[Any, ...] | None:
    """What ``state`` holds along ``path`` (its keys' values, then the scene and the RNG
    position when read), when a memo's ``table`` for that path knows it held on them."""
    keys, scene_read, rng_read = path
    get = state.values.get
    found = [get(key, _ABSENT) for key in keys]
    if scene_read:
        found.append(state.scene)
    if rng_read:
        found.append(state.rng)
    values = tuple(found)
    types = table.get(values)
    return values if types is not None and types == tuple(map(type, values)) else None


def _checks(world: World) -> tuple[tuple[Invariant, Expr], ...]:
    """What the watch evaluates, in order: each invariant's parts, or the whole invariant."""
    return tuple((invariant, part) for invariant in world.invariants
                 for part in (invariant.parts or (invariant.holds,)))


class Watch:
    """The invariants of one run, checked state by state (make one per run).

    It keeps, for every key some check noted, the value noted and which checks read it, so
    a step costs one comparison per watched key (not one per check and key), and only the
    checks that read a changed key (or the scene or RNG position, when they asked) are
    looked at again.
    """

    def __init__(self, world: World, memo: Memo | None = None) -> None:
        self.world = world
        self.checks = _checks(world)
        if memo is not None and memo.world is not world:
            raise ValueError("a watch's memo must be the memo of its own world")
        self.memo = memo
        self.noted: list[_Noted | None] = [None] * len(self.checks)
        self.unnoted: set[int] = set(range(len(self.checks)))
        """Checks with nothing noted: looked at on every state until they are."""
        self.last: dict[str, Any] = {}
        """Each watched key, with the value its readers noted (the same for all of them:
        a change makes every reader be looked at again, and noted anew)."""
        self.readers: dict[str, set[int]] = {}
        self.scene_readers: set[int] = set()
        self.rng_readers: set[int] = set()
        self.scene: Any = _ABSENT
        self.rng: Any = _ABSENT

    def first_broken(self, state: State) -> Invariant | None:
        """The first invariant, in the pack's order, that does not hold in ``state``.

        Raises what evaluating an invariant raises (as a plain evaluation would).
        """
        get = state.values.get
        dirty = set(self.unnoted)
        readers = self.readers
        # Same type and equal, or it changed. Written out here rather than in a method:
        # this runs for every watched key on every step.
        for key, old in self.last.items():
            new = get(key, _ABSENT)
            if new is not old and (type(new) is not type(old) or new != old):
                dirty |= readers[key]
        if self.scene_readers and state.scene != self.scene:
            dirty |= self.scene_readers
        if self.rng_readers and state.rng != self.rng:
            dirty |= self.rng_readers
        self.scene, self.rng = state.scene, state.rng
        if not dirty:
            return None
        order = sorted(dirty)
        for n, i in enumerate(order):
            if self._again(i, state):
                continue
            self._forget(i)
            if self.memo is not None and self._remembered(i, state):
                continue
            invariant, check = self.checks[i]
            if not self._holds(i, invariant, check, state):
                for later in order[n + 1:]:  # not looked at: noted values now stale
                    self._forget(later)
                return invariant
        return None

    def _again(self, i: int, state: State) -> bool:
        """Whether check ``i`` reads the same keys as last time, to values it held on before
        (in any run); if so its noted values are brought up to date. The usual case, and
        the cheap one: the keys watched stay as they are."""
        noted, memo = self.noted[i], self.memo
        if noted is None or memo is None:
            return False
        table = memo.paths[i].get(noted.path)
        if table is None:
            return False
        get = state.values.get
        reads = noted.reads
        keys, scene_read, rng_read = noted.path
        if len(keys) == 1 and not scene_read and not rng_read:  # most parts: one key
            key = keys[0]
            value = get(key, _ABSENT)
            types = table.get((value,))
            if types is None or types[0] is not type(value):
                return False
            reads[key] = self.last[key] = value
            return True
        found = _held_on(table, noted.path, state)
        if found is None:
            return False
        last = self.last
        for key, value in zip(keys, found, strict=False):
            reads[key] = last[key] = value
        if noted.scene is not _ABSENT:
            noted.scene = state.scene
        if noted.rng is not _ABSENT:
            noted.rng = state.rng
        return True

    def _forget(self, i: int) -> None:
        noted = self.noted[i]
        if noted is None:
            return
        self.noted[i] = None
        self.unnoted.add(i)
        for key in noted.reads:
            readers = self.readers[key]
            readers.discard(i)
            if not readers:
                del self.readers[key], self.last[key]
        self.scene_readers.discard(i)
        self.rng_readers.discard(i)

    def _note(self, i: int, reads: dict[str, Any], scene: Any, rng: Any) -> None:
        self.noted[i] = _Noted(reads, scene, rng)
        self.unnoted.discard(i)
        last, readers = self.last, self.readers
        for key, value in reads.items():
            last[key] = value
            found = readers.get(key)
            if found is None:
                readers[key] = {i}
            else:
                found.add(i)
        if scene is not _ABSENT:
            self.scene_readers.add(i)
        if rng is not _ABSENT:
            self.rng_readers.add(i)

    def _holds(self, i: int, invariant: Invariant, check: Expr, state: State) -> bool:
        recorder = _Recorder(state.values)
        ctx = _NotingCtx(self.world, recorder, state)
        try:
            held = bool(check(ctx))
        except Exception:
            # Once more, the whole invariant on the plain table: the error is then exactly a
            # plain evaluation's (the parts before this one hold, so it reaches this part).
            return bool(invariant.holds(Ctx(self.world, state.values, state.rng, state.scene)))
        if held and not recorder.whole:
            self._note(i, recorder.reads, state.scene if ctx.scene_read else _ABSENT,
                       state.rng if ctx.rng_read else _ABSENT)
            if self.memo is not None:
                self._remember(i, recorder.reads, ctx.scene_read, ctx.rng_read, state)
        return held

    def _remembered(self, i: int, state: State) -> bool:
        """Whether check ``i`` held before (in any run) on the values it would read now;
        if so it is noted as if it had just been evaluated."""
        assert self.memo is not None
        for path, table in self.memo.paths[i].items():
            values = _held_on(table, path, state)
            if values is not None:
                keys, scene_read, rng_read = path
                self._note(i, dict(zip(keys, values, strict=False)),
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
