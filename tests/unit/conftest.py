"""Shared fixtures for the unit tests: the lighthouse pack, loaded once, and editable copies.

``lighthouse/`` is a frozen copy of the first version of ``tests/packs/tiny``: the engine's
exact expected values (rolls, hashes, events) are pinned against it, while ``tiny`` itself
grows with the rules it is used to test.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World

LIGHTHOUSE = Path(__file__).resolve().parent / "lighthouse"


@pytest.fixture(scope="session")
def lighthouse() -> World:
    """The lighthouse test pack, compiled."""
    return load_pack(LIGHTHOUSE)


@pytest.fixture
def pack_copy(tmp_path: Path) -> Callable[..., Path]:
    """A function that copies the lighthouse pack into a temporary folder, with files replaced.

    ``pack_copy({"scenes/extra.yaml": "...", "canon.yaml": None})`` writes (or, for None,
    deletes) those files in the copy and returns its root.
    """

    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        root = tmp_path / "pack"
        shutil.copytree(LIGHTHOUSE, root)
        for rel, text in (changes or {}).items():
            path = root / rel
            if text is None:
                path.unlink()
            elif isinstance(text, bytes):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(text)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
        return root

    return make
