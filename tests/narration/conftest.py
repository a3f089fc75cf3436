"""Shared fixtures for the narration tests: the tiny pack, saves of its runs, pack copies."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World, replay
from bonds.saves import make_save, write_save

TESTS = Path(__file__).resolve().parents[1]
TINY = TESTS / "packs" / "tiny"
GOLDEN = TESTS / "golden" / "story"


@pytest.fixture(scope="session")
def tiny() -> World:
    """The tiny test pack, compiled."""
    return load_pack(TINY)


@pytest.fixture
def save_of(tmp_path: Path) -> Callable[..., Path]:
    """A function that writes a save of ``world`` after ``actions`` from ``seed``."""

    def make(world: World, seed: int, actions: list[str], name: str = "run.json") -> Path:
        state, _ = replay(world, seed, actions)
        path = tmp_path / name
        write_save(path, make_save(world, seed, actions, state))
        return path

    return make


@pytest.fixture
def tiny_with(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """A function that copies the tiny pack with extra files and returns the copy's root."""

    def make(files: dict[str, str]) -> Path:
        root = tmp_path / "pack"
        shutil.copytree(TINY, root)
        for rel, text in files.items():
            (root / rel).write_text(text, encoding="utf-8")
        return root

    return make
