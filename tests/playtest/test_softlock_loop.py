"""A softlock names the choices it goes round in, so the author knows which doors to mend."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from bonds.cli import app
from bonds.playtest.runner import loop_of

FAULTY = Path(__file__).resolve().parents[1] / "packs" / "faulty"


def test_the_loop_is_the_shortest_period_the_last_choices_repeat() -> None:
    assert loop_of(["a/x", "b/y", "c/z", "b/y", "c/z", "b/y", "c/z"]) == ["b/y", "c/z"]
    assert loop_of(["a/x", "fight:ada:dodge", "a/x", "a/x!success"]) == ["a/x"]
    assert loop_of(["a/x", "b/y", "c/z", "d/w"]) == []


def test_a_softlock_finding_names_its_loop() -> None:
    result = CliRunner().invoke(app, ["playtest", str(FAULTY), "--runs", "100", "--max-steps",
                                      "50", "--json"])
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    messages = {f["message"] for f in doc["softlocks"]}
    assert messages == {"no ending after 50 steps; it loops through stairs.down/climb -> "
                        "stairs.up/climb"}


def test_the_html_report_lists_findings_unreached_keys_and_hits(tmp_path: Path) -> None:
    CliRunner().invoke(app, ["playtest", str(FAULTY), "--runs", "100", "--max-steps", "50",
                             "--report", str(tmp_path)])
    page = (tmp_path / "index.html").read_text()
    for heading in ("<h2>Findings</h2>", "<h2>Never reached</h2>", "<h3>Endings</h3>",
                    "<h2>Keys</h2>", "<h3>Written, never read</h3>", "<h2>Hit counts</h2>"):
        assert heading in page
    assert "softlocks" in page and "it loops through stairs.down/climb" in page
    assert f"bonds replay {tmp_path}/replays/softlock-seed" in page
    assert "<tr><td>island</td><td>0</td></tr>" in page  # never reached: counted as 0
    assert "island" in page.split("<h2>Never reached</h2>")[1].split("<h2>")[0]
