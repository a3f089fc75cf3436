"""The default campaign: it loads fast, uses every world system, and plays to every ending."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.content.packs import default_pack_path
from bonds.engine import World
from bonds.playtest.batch import Job, run_job
from bonds.playtest.transcript import canonical_run, transcript_lines

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "canon_events.jsonl"

BEATS = [
    ("1 the briefing", ("briefing.",)), ("2 the wedding", ("wedding.",)),
    ("3 the staged beating", ("exile.",)), ("4 Sakura's window", ("window.",)),
    ("5 the south gate", ("gate.",)), ("6 the run and the camp", ("road.", "camp.")),
    ("7 Riverside and the inn", ("riverside.", "inn_arrival.")),
    ("8 the tea house", ("teahouse.",)), ("9 the brawl and the dragon", ("brawl.", "roofs.")),
    ("11 the quarrel at the inn", ("inn.",)), ("12 the days of flirting", ("days.",)),
    ("13 the onsen", ("onsen.",)), ("14 their room", ("room.",)),
    ("15 the meeting", ("meeting.",)), ("16 the night after", ("night.",)),
    ("17 months later", ("epilogue.",)),
]
"""Beats in story order by the scene prefixes that tell them (10, the message for the
band, is told on the roofs with 9)."""

SYSTEMS = {
    "S1 missions": r"consult_desk|accept_mission|end_mission|set_objective|objective\(",
    "S2 village law": r"marry\(|set_standing|standing\(",
    "S3 chakra and health": r"spend_chakra|restore_chakra|injure\(|heal\(|chakra\(",
    "S4 techniques": r"use_technique|combine\(",
    "S5 sensing, wards, traps": r"sense\(|set_ward|set_trap|sense_chance|enter\(|killing_intent",
    "S6 silent signals": r"hand_signs|signal\(|agreed\(",
    "S7 scouting": r"scout\(|debrief\(",
    "S8 travel and time": r"travel\(|pass_hours|rest\(",
    "S9 cover": r"suspect\(|cover_chance|suspicion\(|exposed\(",
    "S10 infamy": r"noise\(|notice\(|infamy\(|attention\(",
    "S11 the bond": r"bond\(|bond_both\(|trust\(|ease\(",
    "S12 memory": r"remember\(|grudge\(|debt\(",
    "S13 fights": r"fight:",
    "S14 recruitment": r"loyalty|recruit|judge\(|ambush_chance",
    "S15 the choice": r"meeting\.",
    "S16 afterwards": r"'restored'",
    "S17 intimacy": r"stage\(",
}


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(default_pack_path())


def test_every_world_system_is_used_by_some_scene():
    text = "\n".join(p.read_text(encoding="utf-8")
                     for p in sorted((default_pack_path() / "scenes").glob("*.yaml")))
    unused = [name for name, pattern in SYSTEMS.items() if not re.search(pattern, text)]
    for name, pattern in SYSTEMS.items():
        hits = len(re.findall(pattern, text))
        print(f"{name}: {hits} uses")
    assert unused == []


def test_enough_decisions_and_endings(world: World):
    decisions = [s for s in world.scenes.values() if len(s.choices) >= 2]
    print(f"{len(decisions)} decision scenes, {len(world.endings)} endings")
    assert len(decisions) >= 45
    assert len(world.endings) >= 6


def test_canonical_run_visits_the_beats_in_order_and_ends_in_the_story(world: World):
    state, actions, log = canonical_run(world)
    assert state.ending == "story", (state.scene, actions[-5:])
    entered = [e["scene"] for e in log if e["kind"] == "scene_entered"]
    positions = []
    for beat, prefixes in BEATS:
        where = [i for i, s in enumerate(entered) if s.startswith(prefixes)]
        assert where, f"beat {beat} never visited"
        positions.append(where[0])
    assert positions == sorted(positions)


def test_canonical_transcript_matches_the_golden_file(world: World):
    expected = GOLDEN.read_text(encoding="utf-8").splitlines()
    assert transcript_lines(world) == expected, (
        "the canonical run changed; if on purpose, regenerate with "
        "`.venv/bin/python -m bonds.playtest.transcript --out tests/golden/canon_events.jsonl`")


@pytest.mark.parametrize("bot", ["random", "explorer"])
def test_two_thousand_runs_reach_everything(world: World, bot: str):
    total = run_job(Job(str(default_pack_path()), bot, 1, 2000), workers=1)
    print(f"{bot}: endings {dict(sorted(total.endings.items()))}")
    assert total.findings == []
    assert "(none)" not in total.endings
    assert set(total.endings) == set(world.endings)
    if bot == "explorer":
        scenes = {s for s, n in total.scenes.items() if n}
        choices = {c for c, n in total.choices.items() if n}
        all_choices = {c.action for s in world.scenes.values() for c in s.choices}
        assert set(world.scenes) - scenes == set()
        assert all_choices - choices == set()
