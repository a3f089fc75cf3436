"""A batch's waves: only a bot that reads the run set's memory waits between waves; for the
others every block goes in one wave, with the same results."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.playtest.batch import BLOCK, WAVE, Job, _waves, run_job
from bonds.playtest.bots import BOTS, Bot

FAULTY = Path(__file__).resolve().parent.parent / "packs" / "faulty"
RUNS = BLOCK * WAVE + BLOCK // 2
"""Two waves' worth when waves are used: one whole wave and half a block."""


def test_only_the_explorer_reads_the_memory() -> None:
    assert [name for name, bot in BOTS.items() if bot.remembers] == ["explorer"]


@pytest.mark.parametrize("workers", [1, 2])
def test_one_wave_gives_what_wave_by_wave_gives(workers: int,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    job = Job(str(FAULTY), "random", 5, RUNS, max_steps=50)
    assert [len(wave) for wave in _waves(job)] == [WAVE + 1]
    at_once = run_job(job, workers=workers)
    monkeypatch.setattr(Bot, "remembers", True)
    assert [len(wave) for wave in _waves(job)] == [WAVE, 1]
    assert run_job(job, workers=workers) == at_once
    assert at_once.runs == RUNS and at_once.findings
