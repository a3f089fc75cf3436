"""Saves: versioned JSON holding the pack's identity, the seed, the actions and a snapshot.

A save is its history: loading replays the actions from the seed and checks the result
against the snapshot's hash, so a save cannot smuggle in a state the rules never made.
Writing is atomic (write a temporary file, fsync, rename): a crash mid-write leaves the
previous save whole. Every problem reading a save is a one-line :class:`SaveError`.

Format versions (``SAVE_VERSION``; ``MIN_COMPATIBLE`` is the oldest still read):
- 1: first format.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bonds.engine import SaveError, State, World, replay, state_hash, state_to_json
from bonds.engine.errors import BondsError

__all__ = ["MIN_COMPATIBLE", "SAVE_VERSION", "Save", "load_save", "read_save", "write_save"]

SAVE_VERSION = 1
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

    def to_json(self) -> dict[str, Any]:
        """The save document."""
        return {
            "format": FORMAT,
            "save_version": SAVE_VERSION,
            "min_compatible": MIN_COMPATIBLE,
            "pack": {"id": self.pack_id, "version": self.pack_version, "hash": self.pack_hash},
            "seed": self.seed,
            "actions": list(self.actions),
            "snapshot": {"hash": self.state_hash, "state": self.snapshot},
        }


def make_save(world: World, seed: int, actions: list[str] | tuple[str, ...], state: State
              ) -> Save:
    """A save of a run that has reached ``state``."""
    return Save(world.manifest.id, world.manifest.version, world.content_hash, seed,
                tuple(actions), state_hash(state), state_to_json(state))


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
                    tuple(actions), str(snapshot.get("hash") or ""), snapshot.get("state"))
    except (KeyError, TypeError, AttributeError):
        raise SaveError(f"{name} is damaged: a required field is missing or malformed") from None


def load_save(world: World, save: Save) -> tuple[State, list[Any]]:
    """Replay a save against ``world`` and check it. Raises SaveError with the reason."""
    if save.pack_id != world.manifest.id:
        raise SaveError(f"this save is for pack '{save.pack_id}', not '{world.manifest.id}'")
    if save.pack_hash != world.content_hash:
        raise SaveError(f"this save was made with a different version of pack '{save.pack_id}' "
                        f"({save.pack_version}); its content has changed since")
    try:
        state, events = replay(world, save.seed, save.actions)
    except BondsError as exc:
        raise SaveError(f"this save does not replay on this pack: {exc}") from None
    if save.state_hash and state_hash(state) != save.state_hash:
        raise SaveError("this save's snapshot does not match its replay: the file was altered")
    return state, events
