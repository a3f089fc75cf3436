"""Saves: the format, round trips, one-line reasons for every bad save, and atomic writes that
survive a process killed mid-write."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bonds import saves
from bonds.engine import SaveError, World, replay, state_hash, state_to_json
from bonds.saves import (
    BrokenRoad,
    Save,
    load_save,
    make_save,
    parse_save,
    read_save,
    rebuild,
    write_save,
)

ACTIONS = ["shore.arrive/fetch_oil", "shore.arrive/climb", "tower.lamp/light"]


@pytest.fixture
def good(lighthouse: World) -> Save:
    state, _ = replay(lighthouse, 3, ACTIONS)
    return make_save(lighthouse, 3, ACTIONS, state)


@pytest.fixture
def saved(tmp_path: Path, good: Save) -> Path:
    path = tmp_path / "slot.json"
    write_save(path, good)
    return path


def reason(path: Path, world: World) -> str:
    """The SaveError message from reading and loading ``path``; fails if it loads."""
    with pytest.raises(SaveError) as caught:
        load_save(world, read_save(path))
    message = str(caught.value)
    assert "\n" not in message
    assert message
    return message


def edit(path: Path, change: Any) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


# -- the format and round trips ----------------------------------------------------------

def test_a_save_holds_versions_pack_seed_actions_and_snapshot(lighthouse: World, good: Save,
                                                              saved: Path) -> None:
    doc = json.loads(saved.read_text())
    state, _ = replay(lighthouse, 3, ACTIONS)
    assert doc == {
        "format": "unbreakable-bonds-save",
        "save_version": 1,
        "min_compatible": 1,
        "pack": {"id": "lighthouse", "version": "1.0.0", "hash": lighthouse.content_hash},
        "seed": 3,
        "actions": ACTIONS,
        "snapshot": {"hash": state_hash(state), "state": state_to_json(state)},
    }
    # Version 2 adds where a run began (``start``); a save without one is still written as 1.
    assert (saves.SAVE_VERSION, saves.PLAIN_VERSION, saves.MIN_COMPATIBLE) == (2, 1, 1)


def test_a_save_round_trips_through_the_file(lighthouse: World, good: Save, saved: Path) -> None:
    again = read_save(saved)
    assert again == good
    state, events = load_save(lighthouse, again)
    expected_state, expected_events = replay(lighthouse, 3, ACTIONS)
    assert state == expected_state
    assert [e.to_json() for e in events] == [e.to_json() for e in expected_events]


def test_a_save_with_no_snapshot_still_loads_by_replay(lighthouse: World, good: Save,
                                                       tmp_path: Path) -> None:
    path = tmp_path / "bare.json"
    write_save(path, dataclasses.replace(good, state_hash="", snapshot=None))
    state, _ = load_save(lighthouse, read_save(path))
    assert state_hash(state) == good.state_hash


def test_a_new_game_with_no_actions_saves_and_loads(lighthouse: World, tmp_path: Path) -> None:
    state, _ = replay(lighthouse, -5, [])
    path = tmp_path / "new.json"
    write_save(path, make_save(lighthouse, -5, [], state))
    assert load_save(lighthouse, read_save(path))[0] == state


def test_write_save_makes_folders_and_replaces_the_old_save(lighthouse: World, good: Save,
                                                            tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "slot.json"
    write_save(path, good)
    shorter = make_save(lighthouse, 9, [], replay(lighthouse, 9, [])[0])
    write_save(path, shorter)
    assert read_save(path) == shorter
    assert sorted(p.name for p in path.parent.iterdir()) == ["slot.json"]  # no temp left


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_a_failed_write_leaves_the_previous_save_whole(
        monkeypatch: pytest.MonkeyPatch, lighthouse: World, good: Save, saved: Path,
        where: str) -> None:
    before = saved.read_bytes()

    def crash(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(saves.os, where, crash)
    with pytest.raises(OSError):
        write_save(saved, make_save(lighthouse, 1, [], replay(lighthouse, 1, [])[0]))
    monkeypatch.undo()
    assert saved.read_bytes() == before
    assert sorted(p.name for p in saved.parent.iterdir()) == ["slot.json"]
    assert load_save(lighthouse, read_save(saved))[0] == replay(lighthouse, 3, ACTIONS)[0]


# -- bad saves: one line each ------------------------------------------------------------

def test_a_missing_save(lighthouse: World, tmp_path: Path) -> None:
    path = tmp_path / "none.json"
    assert reason(path, lighthouse) == f"cannot read save {path}: No such file or directory"


def test_a_folder_is_not_a_save(lighthouse: World, tmp_path: Path) -> None:
    assert reason(tmp_path, lighthouse) == f"cannot read save {tmp_path}: Is a directory"


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"not json at all", b"\xff\xfe\x00garbage", b'{"format": "unbreakable',
     b"[" * 100_000 + b"]" * 100_000, b'{"seed": ' + b"9" * 5000 + b"}"],
    ids=["empty", "brace", "text", "binary", "cut", "deep", "long_number"],
)
def test_a_damaged_save(lighthouse: World, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert reason(path, lighthouse) == f"save {path} is damaged: it is not valid JSON"


@pytest.mark.parametrize("fraction", [0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
def test_a_truncated_save(lighthouse: World, saved: Path, fraction: float) -> None:
    data = saved.read_bytes()
    saved.write_bytes(data[: int(len(data) * fraction)])
    assert reason(saved, lighthouse) == f"save {saved} is damaged: it is not valid JSON"


def test_every_truncation_and_flipped_byte_is_refused_cleanly(lighthouse: World,
                                                              saved: Path) -> None:
    data = saved.read_bytes()
    rng = random.Random(2024)
    cuts = list(range(0, len(data) - 2, 7))
    flips = [rng.randrange(len(data)) for _ in range(150)]
    outcomes = {"refused": 0, "loaded": 0}
    for n, variant in enumerate([data[:c] for c in cuts]
                                + [data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))])
                                   + data[i + 1:] for i in flips]):
        saved.write_bytes(variant)
        try:
            state, _ = load_save(lighthouse, read_save(saved))
        except SaveError as exc:
            assert "\n" not in str(exc)
            outcomes["refused"] += 1
        else:  # a flip in spacing or in the snapshot's copy of the state changes nothing
            assert n >= len(cuts)
            assert state_hash(state) == json.loads(data)["snapshot"]["hash"]
            outcomes["loaded"] += 1
    assert outcomes["refused"] > len(cuts)


def test_too_large_a_save(monkeypatch: pytest.MonkeyPatch, lighthouse: World, saved: Path) -> None:
    monkeypatch.setattr(saves, "MAX_SAVE_BYTES", 100)
    size = saved.stat().st_size
    assert reason(saved, lighthouse) == f"save {saved} is too large ({size:,} bytes)"


MALFORMED = "is damaged: a required field is missing or malformed"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="something-else"), "is not an Unbreakable Bonds save"),
        (lambda d: d.pop("format"), "is not an Unbreakable Bonds save"),
        (lambda d: d.pop("save_version"), "is damaged: it has no save version"),
        (lambda d: d.update(save_version="1"), "is damaged: it has no save version"),
        (lambda d: d.update(save_version=3, min_compatible=3),
         "was written by a newer version (save format 3; this one reads up to 2)"),
        (lambda d: d.update(save_version=99),
         "was written by a newer version (save format 99; this one reads up to 2)"),
        (lambda d: d.pop("actions"), MALFORMED),
        (lambda d: d.update(actions="a/b"), MALFORMED),
        (lambda d: d.update(actions=[1, 2]), MALFORMED),
        (lambda d: d.update(seed="3"), MALFORMED),
        (lambda d: d.update(seed=True), MALFORMED),
        (lambda d: d.pop("seed"), MALFORMED),
        (lambda d: d.update(pack="lighthouse"), MALFORMED),
        (lambda d: d["pack"].pop("hash"), MALFORMED),
        (lambda d: d.update(snapshot=[1]), MALFORMED),
    ],
    ids=["other_format", "no_format", "no_version", "text_version", "future", "far_future",
         "no_actions", "actions_text", "actions_numbers", "seed_text", "seed_bool", "no_seed",
         "pack_text", "no_pack_hash", "snapshot_list"],
)
def test_a_malformed_save(lighthouse: World, saved: Path, change: Any, message: str) -> None:
    edit(saved, change)
    assert reason(saved, lighthouse) == f"{saved} {message}"


def test_a_save_that_is_json_but_not_an_object(lighthouse: World, saved: Path) -> None:
    saved.write_text("[1, 2, 3]")
    assert reason(saved, lighthouse) == f"{saved} is not an Unbreakable Bonds save"


def test_a_save_older_than_the_oldest_readable(monkeypatch: pytest.MonkeyPatch, lighthouse: World,
                                               saved: Path) -> None:
    monkeypatch.setattr(saves, "MIN_COMPATIBLE", 2)
    monkeypatch.setattr(saves, "SAVE_VERSION", 3)
    assert reason(saved, lighthouse) == (f"{saved} uses save format 1, older than the oldest this "
                                   f"version reads (2)")


def test_a_save_for_another_pack(lighthouse: World, saved: Path) -> None:
    edit(saved, lambda d: d["pack"].update(id="duel"))
    assert reason(saved, lighthouse) == "this save is for pack 'duel', not 'lighthouse'"


def test_a_save_for_a_changed_pack_loads_and_says_so(lighthouse: World, saved: Path) -> None:
    edit(saved, lambda d: d["pack"].update(hash="0" * 64))
    done = rebuild(lighthouse, read_save(saved))
    assert done.revised and not done.differs
    assert done.note == ("the story was revised since this save; replayed on the new version "
                         "it stands exactly where it was")
    state, _ = load_save(lighthouse, read_save(saved))
    assert state.ending == "safe_harbour"


def test_on_a_changed_pack_a_differing_snapshot_gives_way_to_the_replay(lighthouse: World,
                                                                        saved: Path) -> None:
    edit(saved, lambda d: (d["pack"].update(hash="0" * 64), d["snapshot"].update(hash="f" * 64)))
    done = rebuild(lighthouse, read_save(saved))
    assert done.revised and done.differs
    assert "the replay wins" in done.note
    assert state_hash(done.state) == state_hash(replay(lighthouse, 3, ACTIONS)[0])


def test_a_save_whose_actions_no_longer_replay(lighthouse: World, saved: Path) -> None:
    edit(saved, lambda d: d["actions"].append("tower.lamp/light"))
    assert reason(saved, lighthouse) == ("step 4 of this save (tower.lamp/light) is no longer a "
                                         "choice the story offers there; the 3 steps before it "
                                         "still stand")
    edit(saved, lambda d: d.update(actions=["shore.arrive/fly"]))
    assert reason(saved, lighthouse) == ("step 1 of this save (shore.arrive/fly) is no longer a "
                                         "choice the story offers there; no step before it "
                                         "stands")


def test_a_broken_road_says_how_far_it_stands_and_upto_continues_there(lighthouse: World,
                                                                       good: Save) -> None:
    broken = dataclasses.replace(good, actions=(ACTIONS[0], "shore.arrive/swim", ACTIONS[2]))
    with pytest.raises(BrokenRoad) as caught:
        rebuild(lighthouse, broken)
    assert (caught.value.step, caught.value.action, caught.value.good) == (
        2, "shore.arrive/swim", 1)
    cut = broken.upto(caught.value.good)
    assert cut.actions == (ACTIONS[0],) and cut.snapshot is None and cut.state_hash == ""
    assert rebuild(lighthouse, cut).state == replay(lighthouse, 3, ACTIONS[:1])[0]


def test_a_save_with_an_altered_snapshot(lighthouse: World, saved: Path) -> None:
    edit(saved, lambda d: d["snapshot"].update(hash="f" * 64))
    assert reason(saved, lighthouse) == ("this save's snapshot does not match its replay: the file "
                                   "was altered")


def test_parse_save_names_the_source_in_its_messages() -> None:
    with pytest.raises(SaveError, match="^upload is not an Unbreakable Bonds save$"):
        parse_save({"format": "x"}, "upload")


# -- a process killed while writing -----------------------------------------------------

WRITERS = """
import dataclasses, json, os, sys
from bonds.saves import parse_save, write_save
path, base = sys.argv[1], parse_save(json.loads(sys.argv[2]))
for line in sys.stdin:
    sys.stdout.flush()
    pid = os.fork()
    if pid == 0:
        i = int(line)
        while True:
            i += 1
            snapshot = dict(base.snapshot, padding="x" * (i * 7919 % 900_000))
            write_save(path, dataclasses.replace(base, snapshot=snapshot))
            if i == int(line) + 1:
                print("ready", os.getpid(), flush=True)
    os.waitpid(pid, 0)
    print("reaped", flush=True)
"""
"""Imports once, then forks one writer per line read: each loops writing ever-changing saves
until the test kills it (forking makes 30+ rounds take about a second, not ten)."""


def test_the_last_good_save_survives_a_kill_mid_write(lighthouse: World, good: Save,
                                                      tmp_path: Path) -> None:
    path = tmp_path / "slot.json"
    rng = random.Random(20240611)
    sizes = set()
    forker = subprocess.Popen([sys.executable, "-c", WRITERS, str(path),
                               json.dumps(good.to_json())],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert forker.stdin is not None and forker.stdout is not None
    try:
        for round_ in range(32):
            forker.stdin.write(f"{round_ * 1000}\n")
            forker.stdin.flush()
            ready, pid = forker.stdout.readline().split()
            assert ready == "ready"
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(int(pid), signal.SIGKILL)
            assert forker.stdout.readline() == "reaped\n"
            save = read_save(path)
            state, _ = load_save(lighthouse, save)
            assert state_hash(state) == good.state_hash
            assert save.snapshot is not None
            padding = save.snapshot["padding"]
            assert set(padding) <= {"x"}
            sizes.add(len(padding))
            # Only the save itself, and temporary files a killed write left behind.
            for leftover in tmp_path.iterdir():
                assert leftover == path or (leftover.name.startswith(".slot.json.")
                                            and leftover.name.endswith(".tmp")), leftover
    finally:
        forker.stdin.close()
        forker.kill()
        forker.wait()
    assert len(sizes) > 5  # the kills landed at many different points
    # Some kills hit a write in progress (about a third here): their temporary files prove it.
    assert len(list(tmp_path.iterdir())) > 1
