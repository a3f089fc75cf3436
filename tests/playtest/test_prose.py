"""The prose report (``bonds playtest --prose``): how runs read, and the campaign's bars.

CI reads a small sample of each bot's runs (the closing note of issue 11 gives the figures
over a thousand runs a bot); each must tell no sentence of six words or more twice, and keep
state lines to 5% of the story's sentences at most.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.engine import World
from bonds.narration import play_bot, tell
from bonds.narration.work import Paragraph, Told
from bonds.playtest.prose import BARS, prose_report, read_work

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = ROOT / "campaigns" / "unbreakable_bonds"
TINY = ROOT / "tests" / "packs" / "tiny"
SAMPLE = 30
"""Runs a bot in CI."""


@pytest.fixture(scope="module")
def campaign() -> World:
    return load_pack(CAMPAIGN)


@pytest.mark.parametrize("bot", ["random", "explorer", "greedy", "cautious", "romantic",
                                 "canon"])
def test_the_campaigns_prose_meets_the_bars(campaign: World, bot: str) -> None:
    doc = prose_report(str(CAMPAIGN), bot, 1, SAMPLE, world=campaign).document()
    assert doc["runs"] == SAMPLE
    assert doc["repeats"]["max"] == BARS["repeats"], doc["worst_repeats"]
    assert doc["state_share"]["max"] <= BARS["state_share"], doc["worst_state_share"]
    assert doc["meets_bars"]
    assert doc["sources"]["authored"] > 0
    if bot == "canon":
        assert doc["sources"]["beat"] > 0  # the canon run fights in the tea house


def test_sources_are_counted_by_origin_not_by_pattern(tiny: World) -> None:
    work = tell(play_bot(tiny, "canon", 1))
    section = work.chapters[0].sections[0]
    section.paragraphs.append(Paragraph([
        Told("It was the kind of moment that changed things, and Ada knew it.", "state"),
        Told('"It changed nothing," Bo said. "Nothing at all."', "authored"),
        Told("The raiders broke and ran.", "beat")]))
    section.paragraphs.append(Paragraph([
        Told("It was the kind of moment that changed things, and Ada knew it.", "state")]))
    read = read_work(work)
    assert read.sentences == {"authored": 8, "beat": 1, "state": 2}
    assert read.repeats == ["It was the kind of moment that changed things, and Ada knew it."]
    assert read.dialogue == 6 and read.state_share == 2 / 11


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


def test_the_playtest_command_reports_prose_in_json_and_html(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["playtest", str(TINY), "--runs", "8", "--bot", "random",
                                      "--prose", "--json", "--report", str(tmp_path)])
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    prose = doc["prose"]
    assert prose["runs"] == 8
    assert set(prose) >= {"repeats", "state_share", "dialogue_share", "words",
                          "words_by_ending", "sources", "most_told", "continuity",
                          "continuity_findings", "meets_bars"}
    assert set(prose["sources"]) == {"authored", "beat", "state"}
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<section id="prose"><h2>Prose</h2>' in page
    plain = CliRunner().invoke(app, ["playtest", str(TINY), "--runs", "4", "--prose"])
    assert "repeated sentences" in plain.stdout
