"""Helpers for the World rules II tests: the duel pack, contexts over it, broken copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Ctx, World
from bonds.engine.errors import ContentError
from bonds.engine.rng import seed_state

DUEL = Path(__file__).resolve().parents[1] / "packs" / "duel"
MEASURES = ("trust", "ease", "coordination", "openness")


def ctx_of(world: World, values: dict[str, object] | None = None,
           scene: str = "road.gate") -> Ctx:
    """A context over the duel pack's starting values (plus ``values``), in ``scene``."""
    table = dict(world.initial_values)
    table["seen." + scene] = 1
    table.update(values or {})  # type: ignore[arg-type]
    return Ctx(world, table, seed_state(0), scene)


def all_at(level: int, tension: int = 0) -> dict[str, object]:
    """Every directed measure of the pair at ``level``, and the tension."""
    values: dict[str, object] = {"bond.ash.fen.tension": tension}
    for x, y in (("ash", "fen"), ("fen", "ash")):
        for m in MEASURES:
            values[f"bond.{x}.{y}.{m}"] = level
    return values


def duel_copy(tmp_path: Path, changes: dict[str, str]) -> Path:
    """A copy of the duel pack with files replaced."""
    root = tmp_path / "duel"
    shutil.copytree(DUEL, root)
    for rel, text in changes.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def load_errors(root: Path) -> str:
    """Every load problem of the pack at ``root``, one a line (fails if it loads)."""
    with pytest.raises(ContentError) as caught:
        load_pack(root)
    return "\n".join(caught.value.problems)
