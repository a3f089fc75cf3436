"""Continuity the playtest checks: a scene's ``expects`` broken on entry is a finding with a
replay that reproduces it and names the file and line; ``bonds check`` warns of a scene an
outcome leads to that takes nothing for granted, or whose expects that outcome rules out. The
campaign's three contradictions a read-through found stay fixed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.engine import replay
from bonds.narration import export_run
from bonds.playtest.runner import play_run
from bonds.playtest.transcript import play_with_bot

ROOT = Path(__file__).resolve().parents[2]
FERRY = ROOT / "tests" / "packs" / "continuity"
CAMPAIGN = ROOT / "campaigns" / "unbreakable_bonds"


def test_a_broken_expects_is_found_replayed_and_located(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["playtest", str(FERRY), "--runs", "60", "--json",
                                      "--report", str(tmp_path)])
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    assert doc["continuity_breaks_count"] > 0
    finding = doc["continuity_breaks"][0]
    assert finding["scene"] == "far.wet"
    assert finding["message"].startswith("scenes/ferry.yaml:31:14: scene 'far.wet' was entered "
                                         "while its expects 'flag('dry')' did not hold")
    replayed = CliRunner().invoke(app, ["replay", finding["replay"], "--pack", str(FERRY)])
    assert replayed.exit_code == 1
    assert "continuity: scenes/ferry.yaml:31:14" in replayed.output


def test_check_warns_of_outcomes_that_break_or_skip_expects() -> None:
    result = CliRunner().invoke(app, ["check", str(FERRY)])
    assert result.exit_code == 0, result.output
    assert ("scenes/ferry.yaml:31:14: expects 'flag('dry')' can never hold when the scene is "
            "entered from the failure of 'bank/wade'") in result.output
    assert ("scenes/ferry.yaml:37:7: scene 'far.downstream' is entered from the failure of "
            "'bank/swim', but declares no expects") in result.output
    assert "far.dry" not in result.output  # its expects hold on the outcomes that lead there


@pytest.fixture(scope="module")
def campaign():  # type: ignore[no-untyped-def]
    return load_pack(CAMPAIGN)


def test_the_campaign_declares_expects_wherever_an_outcome_leads(campaign) -> None:  # type: ignore[no-untyped-def]
    warnings = campaign.data["warnings"]
    assert not [w for w in warnings if "expects" in w], warnings


@pytest.mark.parametrize("bot", ["cautious", "random", "explorer"])
def test_no_campaign_run_breaks_continuity(campaign, bot: str) -> None:  # type: ignore[no-untyped-def]
    findings = [r.finding for seed in range(120)
                if (r := play_run(campaign, bot, seed, 600)).finding is not None]
    assert findings == []


def _final_states(world, bot: str, seeds: range):  # type: ignore[no-untyped-def]
    for seed in seeds:
        state, _ = replay(world, seed, _actions(world, seed, bot))
        yield state.values


def test_a_partner_down_at_the_end_of_the_strike_is_not_the_one_who_gives_chase(campaign
                                                                                   ) -> None:  # type: ignore[no-untyped-def]
    """Cautious seed 9 once had Kakashi floored by Asahi, then chasing the pair over the
    roofs. Now a strike that leaves him down goes to a scene of its own."""
    floored = 0
    for values in _final_states(campaign, "cautious", range(150)):
        if values.get("fought.meeting_strike.kakashi") == "down":
            floored += 1
            assert values.get("seen.meeting.strike_floored")
            assert not values.get("seen.meeting.strike_lost")
            assert not values.get("flag.meeting.chased")
    assert floored, "no cautious run in 150 ended the strike with Kakashi down"


def test_the_one_left_on_the_tea_house_floor_is_not_on_the_roofs(campaign) -> None:  # type: ignore[no-untyped-def]
    """Random seed 11 once had Kakashi down and Iruka fleeing, then both escaping over the
    roofs. Broken off with someone down, the road goes to the cellar instead."""
    left = 0
    for values in _final_states(campaign, "random", range(150)):
        down = [values.get(f"fought.teahouse_brawl.{w}") == "down" for w in ("kakashi", "iruka")]
        if values.get("fought.teahouse_brawl") == "fled" and any(down):
            left += 1
            assert not values.get("seen.roofs.escape")
            assert values.get("seen.caught.taken")
    assert left, "no random run in 150 broke off the brawl with someone down"


def test_the_husband_ending_does_not_claim_the_band_was_warned_away(campaign) -> None:  # type: ignore[no-untyped-def]
    assert "warned" not in campaign.endings["story"].summary
    report = campaign.scenes["night.report"]
    warned = [b for b in report.text if "warned and let go" in b.text]
    assert warned and all(b.when is not None for b in warned)


def test_a_story_run_after_a_lost_strike_reads_without_the_warning(campaign) -> None:  # type: ignore[no-untyped-def]
    for seed in range(400):
        result = play_run(campaign, "random", seed, 600)
        if result.ending != "story" or result.finding is not None:
            continue
        state, events = replay(campaign, seed, _actions(campaign, seed))
        if state.values.get("fought.meeting_strike") not in ("lose", "fled"):
            continue
        text = export_run(campaign, seed, _actions(campaign, seed), state, events,
                          "md").decode()
        assert "warned and let go" not in text
        assert "warned the band away" not in text
        return
    pytest.skip("no story run after a lost strike in the first 400 random seeds")


def _actions(world, seed: int, bot_name: str = "random") -> list[str]:  # type: ignore[no-untyped-def]
    return play_with_bot(world, bot_name, seed)[1]


def test_after_the_strike_put_kakashi_down_no_one_says_he_spared_them(campaign) -> None:  # type: ignore[no-untyped-def]
    """Cautious seed 9, read through: Kakashi struck, Asahi floored him, and the night after
    still said the pair walked away "because Kakashi had decided they should" and asked why
    he had failed the mission on purpose."""
    actions = _actions(campaign, 9, "cautious")
    state, events = replay(campaign, 9, actions)
    assert state.values.get("flag.meeting.floored")
    text = export_run(campaign, 9, actions, state, events, "md").decode()
    assert "because Kakashi had decided they should" not in text
    assert "failed a mission on purpose" not in text


def test_a_cold_camp_has_no_soup_in_it(campaign) -> None:  # type: ignore[no-untyped-def]
    """Random seed 11, read through: no fire was lit, and the kiss still tasted of soup."""
    for seed in range(200):
        actions = _actions(campaign, seed)
        state, events = replay(campaign, seed, actions)
        if state.values.get("flag.camp.no_fire") and state.values.get("flag.camp.kissed"):
            text = export_run(campaign, seed, actions, state, events, "md").decode()
            assert "soup" not in text
            return
    pytest.fail("no random run in 200 kissed at a cold camp")
