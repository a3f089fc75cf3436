"""bonds playtest finds every kind of fault in the faulty pack, each with a working replay."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app

PACKS = Path(__file__).resolve().parent.parent / "packs"
FAULTY = PACKS / "faulty"


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    folder = tmp_path_factory.mktemp("report")
    result = CliRunner().invoke(app, ["playtest", str(FAULTY), "--runs", "300", "--seed", "5",
                                      "--max-steps", "50", "--json", "--report", str(folder)])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    return doc, folder


@pytest.mark.parametrize("kind,scene,message", [
    ("crashes", "hub", "scenes/mill.yaml:8:48: 'turns' came to 1,001,000,"),
    ("dead_ends", "cellar", "no action is open"),
    ("softlocks", "stairs", "no ending after 50 steps"),
    ("invariant_failures", "end.home", "never_broken"),
])
def test_each_fault_is_found_with_a_replay_that_reproduces_it(report, kind, scene, message):
    doc, _ = report
    assert doc[kind + "_count"] > 0
    finding = doc[kind][0]
    assert finding["scene"].startswith(scene)
    assert message in finding["message"]
    replayed = CliRunner().invoke(app, ["replay", finding["replay"], "--pack", str(FAULTY)])
    assert replayed.exit_code == 1
    assert message.split()[0] in replayed.output or "crash" in replayed.output


def test_unreached_scene_is_reported(report):
    doc, _ = report
    assert doc["unreached"]["scenes"] == ["island"]
    assert doc["coverage"]["scenes"] == {"reached": 5, "total": 6}


def test_html_report_has_plots(report):
    _, folder = report
    page = (folder / "index.html").read_text()
    assert "data:image/png;base64," in page
    assert "Findings" in page


def test_clean_pack_exits_zero_and_counts_runs():
    result = CliRunner().invoke(app, ["playtest", str(PACKS / "tiny"), "--runs", "200",
                                      "--bot", "explorer", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    assert doc["runs"] == 200
    assert sum(doc["endings"].values()) == 200
    assert doc["coverage"]["choices"]["reached"] == doc["coverage"]["choices"]["total"]


def _stable(doc: dict) -> dict:
    return {k: v for k, v in doc.items()
            if k not in ("elapsed_seconds", "runs_per_second", "steps_per_second")}


@pytest.mark.parametrize("bot", ["random", "explorer", "greedy", "romantic", "cautious",
                                 "canon"])
def test_same_seed_same_results_for_one_or_two_workers(bot):
    docs = []
    for workers in ("1", "2"):
        result = CliRunner().invoke(app, ["playtest", str(PACKS / "tiny"), "--runs", "450",
                                          "--bot", bot, "--seed", "9", "--workers", workers,
                                          "--json"])
        assert result.exit_code == 0, result.output
        docs.append(_stable(json.loads(result.stdout[result.stdout.index("{"):])))
    assert docs[0] == docs[1]
