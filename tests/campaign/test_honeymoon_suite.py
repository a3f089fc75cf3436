"""The second campaign, The Honeymoon Suite, on its own world (worlds/jazz_age): it loads
clean, is big enough, reads as prose, keeps clear of the first campaign's world and names,
and plays to every ending.

The checkers below (banned words, repeated sentences, dialogue) are tested on planted
samples first, so a checker that stopped working fails here rather than passing quietly.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from bonds.content import load_pack
from bonds.engine import World
from bonds.playtest.batch import Job, run_job
from bonds.playtest.transcript import canonical_run

ROOT = Path(__file__).resolve().parents[2]
PACK = ROOT / "campaigns" / "honeymoon_suite"
WORLD = ROOT / "worlds" / "jazz_age"

BANNED = [
    # the first campaign's world words
    "chakra", "jutsu", "shinobi", "ninja", "kunai", "ANBU", "Konoha", "Hokage", "genin",
    "chuunin", "jounin", "killing intent", "ninken", "soldier pill", "hand signs",
    # the first campaign's people and places
    "Kakashi", "Iruka", "Tsunade", "Sakura", "Naruto", "Asahi", "Kenji", "Hiroaka",
    "Riverside", "Red Lotus", "Sentai", "Gai", "Asuma", "Kurenai", "Kotetsu", "Izumo",
    "Umino", "Hatake", "Pakkun", "Haruno", "Uzumaki", "Senju", "Homura", "Sarutobi",
    "Yuuhi", "fan work",
]
"""Words that must not appear anywhere in the pack or its world (whole words, any case)."""

EXPRESSION_KEYS = {"when", "chance", "add", "holds", "on_enter", "effects", "expects"}
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
SENTENCE_END = re.compile(r'(?<=[.!?;:])["\u201d]?\s+|\n')

SYSTEMS = {
    "the bond": r"bond\(|bond_both\(|stage\(",
    "cover and suspicion": r"suspect\(|cover_chance|public_touch|exposed\(|suspects\(",
    "a spendable resource": r"spend\(|resource\(|use_item\(|restore\(",
    "techniques": r"use_technique\(|combine\(|can_use\(",
    "injuries and healing": r"injure\(|heal\(|hurt\(",
    "sensing": r"sense\(",
    "scouting": r"scout\(|debrief\(|intel\(",
    "signals": r"signal\(|agreed\(",
    "a fight": r"fight:",
    "infamy and attention": r"noise\(|notice\(",
    "a ward": r"set_ward\(|warded\(",
    "intimidation": r"intimidate\(",
}


# -- readers ----------------------------------------------------------------------------
def _yaml_files() -> list[Path]:
    return sorted([*PACK.rglob("*.yaml"), *WORLD.rglob("*.yaml")])


def _scenes() -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for path in sorted((PACK / "scenes").rglob("*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8")) or [])
    return out


def _prose(scenes: list[dict[str, Any]]) -> list[str]:
    """Our own prose: scene text, each choice's deed, each outcome's text."""
    out: list[str] = []
    for scene in scenes:
        for block in scene.get("text", []):
            out.append(block if isinstance(block, str) else block["text"])
        for choice in scene.get("choices", []):
            if choice.get("did"):
                out.append(choice["did"])
            check = choice.get("check") or {}
            for side in ("success", "failure"):
                text = (check.get(side) or {}).get("text")
                if text:
                    out.append(text)
    return out


def _strings(node: Any, key: str | None, seen: set[int]) -> list[str]:
    """Every string a reader could meet: prose, names, labels, and the quoted reasons inside
    expressions (not the expressions themselves). YAML aliases are read once."""
    if isinstance(node, (dict, list)):
        if id(node) in seen:
            return []
        seen.add(id(node))
    if isinstance(node, str):
        if key in EXPRESSION_KEYS:
            return re.findall(r"'([^']*)'", node)
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() for s in _strings(v, str(k), seen)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v, key, seen)]
    return []


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("\u2019", "'"))


def banned_in(text: str) -> list[str]:
    return [w for w in BANNED if re.search(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", text,
                                           re.IGNORECASE)]


def repeated_sentences(texts: list[str], least: int = 6) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for text in texts:
        for sentence in SENTENCE_END.split(text):
            ws = words(sentence)
            if len(ws) >= least:
                counts[" ".join(ws)] += 1
    return {s: n for s, n in counts.items() if n > 1}


def dialogue_share(texts: list[str]) -> float:
    total = sum(len(words(t)) for t in texts)
    spoken = sum(len(words(q)) for t in texts for q in re.findall(r'"([^"]*)"', t))
    return spoken / total if total else 0.0


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(PACK)


# -- the checkers can fail -----------------------------------------------------------------
def test_the_checkers_catch_what_they_look_for():
    planted = "He felt the KILLING intent of the hokage."
    assert sorted(banned_in(planted)) == ["Hokage", "killing intent"]
    assert banned_in("She went again, against the gale.") == []   # 'Gai' only as a word
    twice = "The purser had seen a thousand honeymoons at sea."
    assert repeated_sentences([twice, "Then: " + twice]) != {}
    assert repeated_sentences(["Short one. Short one."]) == {}
    assert dialogue_share(['"One two three," she said.']) == pytest.approx(3 / 5)


# -- the pack as a whole -------------------------------------------------------------------
def test_the_pack_loads_clean_on_its_own_world(world: World):
    assert world.data.get("warnings", []) == []
    assert (PACK / "pack.yaml").read_text(encoding="utf-8").count("world: jazz_age") == 1
    manifest = yaml.safe_load((PACK / "pack.yaml").read_text(encoding="utf-8"))
    for field in ("rating", "content_notice", "tags", "summary", "footer", "credits"):
        assert manifest.get(field), f"pack.yaml has no {field}"


def test_big_enough(world: World):
    choices = sum(len(s.choices) for s in world.scenes.values())
    print(f"{len(world.scenes)} scenes, {choices} choices, {len(world.endings)} endings")
    assert len(world.scenes) >= 25
    assert choices >= 50
    assert len(world.endings) >= 4
    assert all(any(s.ending == e for s in world.scenes.values()) for e in world.endings)


def test_enough_prose_with_real_dialogue():
    prose = _prose(_scenes())
    count = sum(len(words(t)) for t in prose)
    share = dialogue_share(prose)
    print(f"{count} words of prose, {share:.1%} in dialogue")
    assert count >= 8000
    assert share >= 0.15
    assert all(t.count('"') % 2 == 0 for t in prose), "an unclosed quotation"
    undone = [f"{s['id']}/{c['id']}" for s in _scenes() for c in s.get("choices", [])
              if not c.get("did")]
    assert undone == [], "every choice is told by what was done"


def test_no_sentence_of_six_words_is_said_twice():
    texts: list[str] = []
    for path in _yaml_files():
        if "canon" in path.parts:
            continue
        texts.extend(_strings(yaml.safe_load(path.read_text(encoding="utf-8")), None, set()))
    assert repeated_sentences(texts) == {}


def test_no_first_campaign_world_or_names():
    found = {str(p.relative_to(ROOT)): banned_in(p.read_text(encoding="utf-8"))
             for p in _yaml_files()}
    assert {p: w for p, w in found.items() if w} == {}


def test_every_system_the_brief_asks_for_is_used():
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(PACK.rglob("*.yaml")))
    unused = [name for name, pattern in SYSTEMS.items() if not re.search(pattern, text)]
    assert unused == []


# -- playing it ----------------------------------------------------------------------------
def test_the_canon_reaches_the_story_ending(world: World):
    state, actions, log = canonical_run(world)
    assert state.ending == "real_thing", (state.scene, actions[-5:])
    assert len(actions) >= len(world.canon)
    stages = [e["new"] for e in log if e["kind"] == "bond_stage_changed"]
    assert stages and stages[-1] == "real"
    fought = [e for e in log if e["kind"] == "fight_started"]
    assert len(fought) == 1


@pytest.mark.parametrize("bot", ["random", "explorer"])
def test_two_thousand_runs_reach_everything(world: World, bot: str):
    total = run_job(Job(str(PACK), bot, 1, 2000), workers=2, world=world)
    print(f"{bot}: endings {dict(sorted(total.endings.items()))}")
    assert total.findings == []
    assert set(total.endings) == set(world.endings)
    if bot == "explorer":
        scenes = {s for s, n in total.scenes.items() if n}
        choices = {c for c, n in total.choices.items() if n}
        all_choices = {c.action for s in world.scenes.values() for c in s.choices}
        assert set(world.scenes) - scenes == set()
        assert all_choices - choices == set()
