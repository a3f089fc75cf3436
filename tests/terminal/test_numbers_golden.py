"""Terminal play in each numbers setting, against golden transcripts: a decision (a choice
with a roll, one without, what each changed) and a fight, as ``words``, ``brief`` and
``full`` show them.

The transcripts are golden files, rewritten only on purpose:
``BONDS_WRITE_GOLDEN=1 .venv/bin/pytest tests/terminal/test_numbers_golden.py``.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from rich.console import Console

from bonds.content import load_pack
from bonds.terminal import play_text
from bonds.views import NUMBERS

HERE = Path(__file__).resolve().parent
DUEL = HERE.parents[0] / "packs" / "duel"
GOLDEN = HERE / "golden"
SCRIPTS = {"decision": "5\n3\ns\n", "fight": "1\n1\n1\n1\n1\n"}
"""What the player types: spar (a roll), talk (no roll), the status; or into the fight."""


def transcript(script: str, numbers: str) -> str:
    out = io.StringIO()
    play_text(load_pack(DUEL), 4, io.StringIO(script),
              Console(file=out, width=100, color_system=None), numbers=numbers)
    return out.getvalue()


@pytest.mark.parametrize("numbers", NUMBERS)
@pytest.mark.parametrize("scene", sorted(SCRIPTS))
def test_each_setting_reads_as_its_golden_transcript(scene: str, numbers: str) -> None:
    got = transcript(SCRIPTS[scene], numbers)
    path = GOLDEN / f"{scene}-{numbers}.txt"
    if os.environ.get("BONDS_WRITE_GOLDEN"):
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8"), (
        f"{path.name} differs; if the change is meant, rewrite it with BONDS_WRITE_GOLDEN=1")


def test_words_show_no_figures_and_full_shows_every_part() -> None:
    words, brief, full = (transcript(SCRIPTS["decision"], n) for n in NUMBERS)
    assert "%" not in words and "+3" not in words and "if not" not in words
    assert "If it works: Ash will fight better beside Fen" in words
    assert "31% chance" in brief and "(base" not in brief
    assert "31% chance (quick hands 10, coordination +15, trust +6)" in full
    assert "rolled 71 against 31%: it went against you" in full
    assert "As Ash" in words and "As Ash" in full
