"""The same playtest on a local Ray cluster gives the same JSON as local processes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app

pytest.importorskip("ray")
TINY = Path(__file__).resolve().parent.parent / "packs" / "tiny"
TIMING = ("elapsed_seconds", "runs_per_second", "steps_per_second")


def _doc(*extra: str) -> dict:
    result = CliRunner().invoke(app, ["playtest", str(TINY), "--runs", "450", "--seed", "9",
                                      "--bot", "explorer", "--json", *extra])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    return {k: v for k, v in doc.items() if k not in TIMING}


def test_ray_matches_local_workers():
    local = _doc("--workers", "2")
    on_ray = _doc("--ray", "auto")
    assert on_ray == local
    assert on_ray["runs"] == 450
