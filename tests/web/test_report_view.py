"""The playtest's HTML report in real Chromium: an author opening it sees each finding with
the command that replays it, what was never reached, and the keys read but never written;
the page passes axe-core, and a screenshot of it is left in ``screenshots/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bonds.cli import app

from .browser import chromium, serious_violations, shoot
from .support import ROOT

pytestmark = pytest.mark.browser
FAULTY = ROOT / "tests" / "packs" / "faulty"

pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from chromium()


def test_the_report_lists_findings_with_their_replays(browser: Any, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["playtest", str(FAULTY), "--runs", "200", "--seed", "5",
                                      "--max-steps", "50", "--report", str(tmp_path)])
    assert result.exit_code == 1, result.output
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        page = context.new_page()
        page.goto((tmp_path / "index.html").as_uri())
        text = page.inner_text("body")
        for heading in ("Findings", "Never reached", "Read, never written", "Hit counts"):
            assert heading in text, heading
        assert "bonds replay" in text  # each finding says how to see it again
        assert "island" in text  # the scene no run reached
        assert serious_violations(page) == []
        shoot(page, "playtest-report")
    finally:
        context.close()
