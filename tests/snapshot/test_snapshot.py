"""The behaviour snapshot: every bot on every pack plays as it did when the snapshot was
written, step by step (events, state hashes, invariants, legal actions, previews and fight
descriptions; see :mod:`.record`), and the playtest runner makes the same of each run.

Written before the playtest was optimised (issue 16) and kept: an optimisation must pass
it **unchanged**. Rewrite the snapshot only for a change of behaviour that is meant, with
``BONDS_WRITE_SNAPSHOT=1 .venv/bin/python -m tests.snapshot.write`` (``--check`` lists
every run that differs without writing).
"""

from __future__ import annotations

import copy

import pytest

from .record import (
    SEEDS,
    STEP_CHARS,
    cases,
    describe_step,
    differences,
    load_snapshot,
    record_case,
    step_of,
)

SNAPSHOT = load_snapshot()
CASES = sorted({(pack, bot) for pack, bot, _ in SNAPSHOT})
HOW = ("; if the change of behaviour is meant, rewrite the snapshot with "
       "BONDS_WRITE_SNAPSHOT=1 .venv/bin/python -m tests.snapshot.write")


@pytest.mark.parametrize(("pack", "bot"), CASES)
def test_every_run_plays_as_the_snapshot_recorded(pack: str, bot: str) -> None:
    got, _ = record_case(pack, bot)
    assert [g["seed"] for g in got] == list(SEEDS[pack])
    for line in got:
        expected = SNAPSHOT[(pack, bot, line["seed"])]
        found = differences(expected, line)
        if found is None:
            continue
        detail = ""
        if expected["steps"] != line["steps"]:  # show the step where it first departs
            first = next((i for i in range(len(line["steps"]) // STEP_CHARS)
                          if step_of(expected, i) != step_of(line, i)), None)
            _, kept = record_case(pack, bot, keep_seed=line["seed"])
            if first is not None and first < len(kept):
                detail = f"\nstep {first} now: {describe_step(kept[first])}"
                if first:
                    detail += f"\nstep {first - 1}: {describe_step(kept[first - 1])}"
        pytest.fail(found + detail + HOW)


def test_the_snapshot_covers_every_bot_on_every_pack() -> None:
    assert sorted(cases()) == CASES, "packs or bots were added or removed" + HOW
    assert {(p, b, s) for p, b in CASES for s in SEEDS[p]} == set(SNAPSHOT)


def test_a_changed_step_is_found_and_located() -> None:
    """The comparison can fail, and names the pack, bot, seed and step that first differ."""
    key = ("duel", "random", 2)
    line = SNAPSHOT[key]
    assert differences(line, copy.deepcopy(line)) is None
    changed = copy.deepcopy(line)
    at = 5
    flipped = "0" if step_of(line, at)[0] != "0" else "1"
    s = changed["steps"]
    changed["steps"] = s[:at * STEP_CHARS] + flipped + s[at * STEP_CHARS + 1:]
    changed["parts"]["previews"] = "0" * 16
    found = differences(line, changed)
    assert found is not None
    assert found.startswith("duel/random/seed 2: first differs at step 5 ")
    assert "parts that differ over the run: previews" in found
    shorter = copy.deepcopy(line)
    shorter["steps"] = s[:3 * STEP_CHARS]
    assert "first differs at step 3 " in str(differences(line, shorter))
    ended = copy.deepcopy(line)
    ended["playtest"]["ending"] = "elsewhere"
    assert str(differences(line, ended)).startswith("duel/random/seed 2: playtest was ")
