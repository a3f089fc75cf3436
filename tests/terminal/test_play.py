"""Terminal play: scripted from standard input, with odds, status, slots and autosave."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from rich.console import Console

from bonds.content import load_pack
from bonds.engine import World, legal_actions, replay, state_hash
from bonds.saves import read_save
from bonds.terminal import play_text
from web.support import PACKS, first_act

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"
BONDS = Path(sys.executable).with_name("bonds")


def script_for(world: World, actions: list[str], seed: int) -> str:
    """The numbers a player types to take ``actions``."""
    state, _ = replay(world, seed, [])
    lines = []
    for action in actions:
        lines.append(str(legal_actions(world, state).index(action) + 1))
        state, _ = replay(world, seed, actions[:len(lines)])
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("pack", PACKS, ids=[p.name for p in PACKS])
def test_the_command_plays_the_first_act_from_a_script(pack: Path, tmp_path: Path) -> None:
    world = load_pack(pack)
    actions, final = first_act(world, 4)
    done = subprocess.run([str(BONDS), "play", "--text", "--pack", str(pack), "--seed", "4",
                           "--saves", str(tmp_path)], input=script_for(world, actions, 4),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    first = world.scenes[world.manifest.start]
    assert first.text[0].text.split()[0] in done.stdout
    save = read_save(tmp_path / "autosave.json")
    assert list(save.actions) == actions and save.state_hash == state_hash(final)
    if final.ending is not None:
        assert f"The End: {world.endings[final.ending].title}" in done.stdout


def play(world: World, lines: str, saves: Path | None, resume: bool = False,
         seed: int = 4, numbers: str = "words", debug: bool = False) -> tuple[str, object]:
    out = io.StringIO()
    state = play_text(world, seed, io.StringIO(lines), Console(file=out, width=120),
                      saves=saves, resume=resume, numbers=numbers, debug=debug)
    return out.getvalue(), state


def test_odds_status_and_bad_input(tmp_path: Path) -> None:
    tiny = load_pack(TINY)
    text, _ = play(tiny, "2\ns\n7\nwhat\n²\n1\n", tmp_path, numbers="full", debug=True)
    assert "Light the lamp  90% chance (base 50, plenty of oil +40)" in text
    assert "oil       4 (+1)" in text  # a raw story value: in the debug view only
    assert text.count("Choose a number from 1 to 2.") == 1
    assert text.count("Type a number from 1 to 2, or h for help.") == 2
    assert "Input ended; your place is saved." in text


def test_ctrl_d_autosaves_and_continue_resumes(tmp_path: Path) -> None:
    tiny = load_pack(TINY)
    play(tiny, "", tmp_path, seed=8)
    assert read_save(tmp_path / "autosave.json").actions == ()
    play(tiny, "2\n", tmp_path, seed=8)
    assert read_save(tmp_path / "autosave.json").actions == ("shore.arrive/fetch_oil",)
    text, _ = play(tiny, "1\n", tmp_path, resume=True, seed=999)
    assert "Continuing your story after 1 choices." in text
    save = read_save(tmp_path / "autosave.json")
    assert save.seed == 8 and save.actions == ("shore.arrive/fetch_oil", "shore.arrive/climb")


def test_slots_save_load_and_delete(tmp_path: Path) -> None:
    tiny = load_pack(TINY)
    text, _ = play(tiny, "save start\n2\n2\nsaves\nload start\nsave ../x\nload nope\n"
                         "delete start\nsaves\n", tmp_path)
    assert "Saved as start." in text and "Loaded start." in text
    assert "Saves: autosave, start" in text and "Deleted start." in text
    assert "a save's name is 1-40 letters" in text and "there is no save named nope" in text
    assert text.rstrip().endswith("Input ended; your place is saved.")
    assert read_save(tmp_path / "autosave.json").actions == ()
    assert not (tmp_path / "start.json").exists()


def test_the_end_is_told_and_play_stops(tmp_path: Path) -> None:
    tiny = load_pack(TINY)
    text, state = play(tiny, "1\n2\n1\n", tmp_path)
    assert "The End: A Dark Night" in text and "The story is told." in text
    assert getattr(state, "ending", None) == "dark_night"


def test_what_changed_is_told_in_prose_with_its_figures(tmp_path: Path) -> None:
    duel = load_pack(TINY.parent / "duel")
    text, _ = play(duel, "4\n", None, numbers="full")
    lines = text.splitlines()
    [at] = [n for n, t in enumerate(lines) if t == "    Ash → Fen, trust +12 (now 42)"]
    told = " ".join(" ".join(lines[:at]).split())
    assert told.endswith("It was the kind of moment that changed things, and Ash knew it: "
                         "an oath kept on the road.")  # a watershed, woven into the prose


def test_a_broken_road_asks_to_continue_from_the_last_step_that_stands(tmp_path: Path) -> None:
    import json

    tiny = load_pack(TINY)
    play(tiny, "2\n2\n", tmp_path, seed=8)  # fetch oil twice
    path = tmp_path / "autosave.json"
    doc = json.loads(path.read_text())
    doc["pack"]["hash"] = "0" * 64  # made with an earlier version of the pack
    doc["actions"][1] = "shore.arrive/fetch_water"  # a choice since renamed
    path.write_text(json.dumps(doc))
    text, _ = play(tiny, "n\n", tmp_path, resume=True)
    text = " ".join(text.split())
    assert ("step 2 of this save (shore.arrive/fetch_water) is no longer a choice the story "
            "offers there; the step before it still stands") in text
    assert "Cannot continue the autosave" in text and "A new story" in text
    path.write_text(json.dumps(doc))
    text, _ = play(tiny, "y\n", tmp_path, resume=True)
    text = " ".join(text.split())
    assert "Continue after choice 1, the last that stands? [y/N]" in text
    assert "your place in it is kept" in text
    assert "Continuing your story after 1 choices." in text
    assert read_save(path).actions == ("shore.arrive/fetch_oil",)
