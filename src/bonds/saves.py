"""Saves: versioned JSON holding the pack's identity, the seed, the actions and a snapshot.

A save is its history: loading replays the actions from the seed against the pack *as it is
now*, so a save cannot smuggle in a state the rules never made, and a save outlives edits to
its pack. An edit that leaves the save's road playable (a comment, a reworded sentence, a new
scene, new numbers ahead of the save) is accepted: the load says the story was revised, and
where the replayed state differs from the snapshot the replay wins (the next save records
it). A road that no longer exists (a choice renamed or removed on it) is refused with
:class:`BrokenRoad`, one line naming the step and the action, and the number of steps that
still stand, so a front end can offer to continue from there (:meth:`Save.upto`). With the
pack unchanged, a snapshot that does not match the replay means the file was altered.

Writing is atomic (write a temporary file, fsync, rename): a crash mid-write leaves the
previous save whole. Every problem reading a save is a one-line :class:`SaveError`.

A run that began elsewhere than the pack's start (an author's ``--at``/``--set``, or a
playtest ``--from``) records its :class:`~bonds.engine.Opening` under ``start``, and is
replayed from there.

Format versions (``SAVE_VERSION``; ``MIN_COMPATIBLE`` is the oldest still read):
- 1: first format.
- 2: ``start``, the scene and values a run began with. Only a save that has one is written
  as version 2, so an older reader refuses it rather than replaying it from the wrong place.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bonds.engine import (
    Event,
    Opening,
    SaveError,
    State,
    World,
    start,
    state_hash,
    state_to_json,
    step,
)
from bonds.engine.errors import BondsError, IllegalAction
from bonds.engine.state import snapshot_hash

__all__ = ["MIN_COMPATIBLE", "SAVE_VERSION", "BrokenRoad", "Replayed", "Save", "load_save",
           "read_save", "rebuild", "replay_steps", "write_save"]

SAVE_VERSION = 2
PLAIN_VERSION = 1
"""The version written for a save without an opening (all that version 1 can hold)."""
MIN_COMPATIBLE = 1
FORMAT = "unbreakable-bonds-save"
MAX_SAVE_BYTES = 20_000_000


@dataclass(frozen=True)
class Save:
    """A run as data: which pack, which seed, which actions."""

    pack_id: str
    pack_version: str
    pack_hash: str
    seed: int
    actions: tuple[str, ...]
    state_hash: str = ""
    snapshot: dict[str, Any] | None = None
    opening: Opening | None = None
    """Where the run began, when not at the pack's start."""

    def to_json(self) -> dict[str, Any]:
        """The save document."""
        doc = {
            "format": FORMAT,
            "save_version": PLAIN_VERSION if self.opening is None else SAVE_VERSION,
            "min_compatible": MIN_COMPATIBLE if self.opening is None else SAVE_VERSION,
            "pack": {"id": self.pack_id, "version": self.pack_version, "hash": self.pack_hash},
            "seed": self.seed,
            "actions": list(self.actions),
            "snapshot": {"hash": self.state_hash, "state": self.snapshot},
        }
        if self.opening is not None:
            doc["start"] = self.opening.to_json()
        return doc

    def upto(self, steps: int) -> Save:
        """The same run cut to its first ``steps`` actions (no snapshot: the replay is it)."""
        return replace(self, actions=self.actions[:max(0, steps)], state_hash="",
                       snapshot=None)


class BrokenRoad(SaveError):
    """A save whose road no longer exists in the pack: one of its actions is not open.

    The message is one line naming the step and the action; ``good`` steps still stand.
    """

    def __init__(self, step: int, action: str, why: str = "") -> None:
        self.step = step
        """The failing step, counted from 1."""
        self.action = action
        """The action the save took there."""
        self.good = step - 1
        """How many steps still stand: a run may continue from there."""
        what = (f"can no longer be taken: {' '.join(why.split()).rstrip('.')}" if why
                else "is no longer a choice the story offers there")
        stand = ("no step before it stands" if not self.good else
                 "the step before it still stands" if self.good == 1 else
                 f"the {self.good} steps before it still stand")
        super().__init__(f"step {step} of this save ({action}) {what}; {stand}")


@dataclass(frozen=True)
class Replayed:
    """A save replayed on the pack as it is now."""

    state: State
    """Where the replay stands: the truth, whatever the snapshot says."""
    events: list[Event]
    """Every event of the replay, from the start."""
    revised: bool
    """The pack changed since the save was written (its content hash differs)."""
    differs: bool
    """The replayed state differs from the save's snapshot (the replay wins)."""

    @property
    def note(self) -> str:
        """One line for a person: what the load found, or empty for a plain load."""
        if not self.revised:
            return ""
        if self.differs:
            return ("the story was revised since this save; replayed on the new version its "
                    "state differs from the snapshot, and the replay wins")
        return ("the story was revised since this save; replayed on the new version it stands "
                "exactly where it was")


def make_save(world: World, seed: int, actions: list[str] | tuple[str, ...], state: State,
              opening: Opening | None = None) -> Save:
    """A save of a run that has reached ``state`` (begun at ``opening``, if given)."""
    snapshot = state_to_json(state)
    return Save(world.manifest.id, world.manifest.version, world.content_hash, seed,
                tuple(actions), snapshot_hash(snapshot), snapshot, opening)


def write_save(path: str | Path, save: Save) -> None:
    """Write a save atomically: the old file stays whole until the new one is on disk."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(save.to_json(), indent=1, sort_keys=True).encode()
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def read_save(path: str | Path) -> Save:
    """Read and check a save file's shape. Raises SaveError with a one-line reason."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SaveError(f"cannot read save {path}: {exc.strerror}") from None
    if len(raw) > MAX_SAVE_BYTES:
        raise SaveError(f"save {path} is too large ({len(raw):,} bytes)")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # bad UTF-8 or JSON, over-long numbers, deep nesting
        raise SaveError(f"save {path} is damaged: it is not valid JSON") from None
    return parse_save(doc, str(path))


def parse_save(doc: Any, name: str = "save") -> Save:
    """Check a save document's shape and version. Raises SaveError."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SaveError(f"{name} is not an Unbreakable Bonds save")
    version = doc.get("save_version")
    if not isinstance(version, int):
        raise SaveError(f"{name} is damaged: it has no save version")
    if version > SAVE_VERSION:
        raise SaveError(f"{name} was written by a newer version (save format {version}; "
                        f"this one reads up to {SAVE_VERSION})")
    if version < MIN_COMPATIBLE:
        raise SaveError(f"{name} uses save format {version}, older than the oldest this "
                        f"version reads ({MIN_COMPATIBLE})")
    try:
        pack = doc["pack"]
        snapshot = doc.get("snapshot") or {}
        actions = doc["actions"]
        seed = doc["seed"]
        if not (isinstance(actions, list) and all(isinstance(a, str) for a in actions)
                and isinstance(seed, int) and not isinstance(seed, bool)):
            raise TypeError
        return Save(str(pack["id"]), str(pack["version"]), str(pack["hash"]), seed,
                    tuple(actions), str(snapshot.get("hash") or ""), snapshot.get("state"),
                    _opening(doc.get("start")))
    except (KeyError, TypeError, AttributeError):
        raise SaveError(f"{name} is damaged: a required field is missing or malformed") from None


def _opening(doc: Any) -> Opening | None:
    """The ``start`` of a save document. Raises TypeError when it is malformed."""
    if doc is None:
        return None
    scene, values = doc["scene"], doc.get("set") or {}
    if not (scene is None or isinstance(scene, str)) or not isinstance(values, dict) or not all(
            isinstance(v, int | str) and isinstance(k, str) for k, v in values.items()):
        raise TypeError
    return Opening.from_values(scene, values)


def replay_steps(world: World, save: Save) -> Iterator[tuple[State, list[Event]]]:
    """The save's run on ``world`` as it is now: the start, then each step, in order.

    Raises:
        SaveError: the save is for another pack.
        BrokenRoad: one of its actions is no longer open where it was taken.
    """
    if save.pack_id != world.manifest.id:
        raise SaveError(f"this save is for pack '{save.pack_id}', not '{world.manifest.id}'")
    try:
        state, events = start(world, save.seed, save.opening)
    except BondsError as exc:
        raise SaveError(f"this save does not replay on this pack: {exc}") from None
    yield state, events
    for n, action in enumerate(save.actions, 1):
        try:
            state, events = step(world, state, action)
        except IllegalAction:
            raise BrokenRoad(n, action) from None
        except BondsError as exc:
            raise BrokenRoad(n, action, str(exc)) from None
        yield state, events


def rebuild(world: World, save: Save) -> Replayed:
    """Replay ``save`` on ``world`` as it is now, tolerating edits that keep its road.

    Raises:
        SaveError: another pack, or (the pack unchanged) a snapshot that does not match.
        BrokenRoad: the road no longer exists (the message names the step and the action).
    """
    events: list[Event] = []
    state: State | None = None
    for reached, more in replay_steps(world, save):
        state = reached
        events.extend(more)
    assert state is not None
    revised = save.pack_hash != world.content_hash
    differs = bool(save.state_hash) and state_hash(state) != save.state_hash
    if differs and not revised:
        raise SaveError("this save's snapshot does not match its replay: the file was altered")
    return Replayed(state, events, revised, differs)


def load_save(world: World, save: Save) -> tuple[State, list[Any]]:
    """Replay a save against ``world`` as it is now (see :func:`rebuild`).

    Raises:
        SaveError: with the one-line reason (:class:`BrokenRoad` for a road that is gone).
    """
    done = rebuild(world, save)
    return done.state, done.events
