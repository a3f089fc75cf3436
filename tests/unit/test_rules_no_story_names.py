"""The engine knows no story and no world: no character, place or faction of the campaign,
and no word of the shinobi world it builds on, in src/bonds.

The campaigns and worlds ship inside the package through links (``src/bonds/campaigns``,
``src/bonds/worlds``), which are content, not engine, and are not searched.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "bonds"

STORY_NAMES = (
    "Kakashi", "Iruka", "Tsunade", "Sakura", "Naruto", "Konoha", "Riverside", "Asahi",
    "Kenji", "Hiroaka", "Sentai", "Shinsei", "Red Lotus", "Red_Lotus", "Hatake", "Umino",
    "Kotetsu", "Izumo", "Asuma", "Kurenai", "Gai", "Homura", "Hokage", "River Rat",
)
WORLD_WORDS = (
    "chakra", "jutsu", "shinobi", "ninja", "kunai", "ANBU", "Konoha", "Hokage", "genin",
    "chuunin", "jounin", "killing intent",
)
"""The shinobi world's own words: they belong to worlds/shinobi, never to the engine."""
PATTERN = re.compile(
    "|".join(r"(?<![A-Za-z])" + "[ _]".join(map(re.escape, n.split(" "))) + r"(?![A-Za-z])"
             for n in STORY_NAMES + WORLD_WORDS), re.IGNORECASE)


def engine_files() -> list[Path]:
    """Every file under src/bonds, not following links, without caches."""
    found = []
    for folder, dirs, files in os.walk(SRC):  # os.walk does not follow linked folders
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        found.extend(Path(folder) / f for f in files)
    return sorted(found)


def test_the_scan_sees_the_engine_and_not_the_linked_campaign() -> None:
    names = {p.relative_to(SRC).as_posix() for p in engine_files()}
    assert {"engine/core.py", "rules/missions.py", "rules/health.py"} <= names
    assert not any(n.startswith(("campaigns/", "worlds/")) for n in names)


def test_the_pattern_finds_names_in_any_spelling() -> None:
    hits = [m.group(0) for m in PATTERN.finditer(
        "kakashi, RED_LOTUS, red lotus, hokage_office, chakra_max, Killing_Intent; but not "
        "gaiety, sakuraba's or engine")]
    assert hits == ["kakashi", "RED_LOTUS", "red lotus", "hokage", "chakra", "Killing_Intent"]


def test_no_story_name_or_world_word_appears_in_the_engine() -> None:
    hits = []
    for path in engine_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            for match in PATTERN.finditer(line):
                hits.append(f"{path.relative_to(SRC)}:{number}: {match.group(0)}")
    assert hits == []
