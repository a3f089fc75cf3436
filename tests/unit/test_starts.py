"""Starting anywhere: ``--at SCENE --set key=value`` read by the pack's types, kept in saves,
played in the terminal and the browser, and ``playtest --from`` testing one scene onwards."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.content.starts import parse_opening, reachable_scenes
from bonds.engine import BondsError, Opening, World, replay, start
from bonds.saves import SaveError, parse_save, read_save, rebuild
from bonds.terminal import play_text
from bonds.views import Game
from bonds.web.app import create_app
from bonds.web.db import SaveStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

PACKS = Path(__file__).resolve().parents[1] / "packs"
TINY = PACKS / "tiny"
FAULTY = PACKS / "faulty"
BONDS = Path(sys.executable).with_name("bonds")


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


# -- reading --at and --set ----------------------------------------------------------------

def test_values_are_read_by_the_type_the_pack_gives_them(tiny: World) -> None:
    opening = parse_opening(tiny, "tower.lamp", ["oil=5", "lamp_lit=yes", "day=3",
                                                 "flag.rounds=true"])
    assert opening == Opening("tower.lamp", (("oil", 5), ("lamp_lit", True), ("day", 3),
                                             ("flag.rounds", True)))
    assert parse_opening(tiny, None, ["oil=0"]).scene is None


@pytest.mark.parametrize(("scene", "sets", "message"), [
    ("tower.lam", [], "the pack has no scene 'tower.lam' (did you mean 'tower.lamp'?)"),
    (None, ["oli=2"], "the pack has no value 'oli' to set (did you mean 'oil'?)"),
    (None, ["oil=lots"], "oil is a whole number, found 'lots'"),
    (None, ["oil=9"], "oil is a whole number from 0 to 5, found 9"),
    (None, ["lamp_lit=perhaps"], "lamp_lit is true or false, found 'perhaps'"),
    (None, ["oil"], "expected key=value after --set, found 'oil'"),
])
def test_a_wrong_name_or_value_is_one_line_with_the_nearest(tiny: World, scene: str | None,
                                                            sets: list[str], message: str
                                                            ) -> None:
    with pytest.raises(BondsError) as caught:
        parse_opening(tiny, scene, sets)
    assert str(caught.value) == message


def test_continuing_and_beginning_elsewhere_do_not_mix() -> None:
    result = CliRunner().invoke(app, ["play", "--text", "--pack", str(TINY), "--continue",
                                      "--at", "tower.lamp"], input="")
    assert result.exit_code == 2 and "give one or the other" in result.output


def test_the_command_refuses_an_unknown_scene_with_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["play", "--text", "--pack", str(TINY), "--at",
                                      "tower.lam"], input="")
    assert result.exit_code == 2
    assert "the pack has no scene 'tower.lam' (did you mean 'tower.lamp'?)" in result.output
    result = CliRunner().invoke(app, ["playtest", str(TINY), "--from", "shore.arive"])
    assert result.exit_code == 2 and "did you mean 'shore.arrive'?" in result.output


# -- the engine and saves --------------------------------------------------------------------

def test_a_run_begins_at_the_scene_with_the_values(tiny: World) -> None:
    opening = Opening("tower.lamp", (("oil", 5),))
    state, events = start(tiny, 3, opening)
    assert state.scene == "tower.lamp" and state.values["oil"] == 5
    assert "seen.shore.arrive" not in state.values
    assert events[0].data["at"] == "tower.lamp" and events[0].data["set"] == {"oil": 5}
    with pytest.raises(BondsError, match="no scene 'nowhere' to start at"):
        start(tiny, 3, Opening("nowhere"))


def test_a_save_records_the_opening_and_replays_from_it(tiny: World, tmp_path: Path) -> None:
    opening = Opening("tower.lamp", (("oil", 5),))
    game = Game.new(tiny, 3, opening).advance("tower.lamp/rounds")
    doc = game.to_save().to_json()
    assert doc["start"] == {"scene": "tower.lamp", "set": {"oil": 5}}
    assert (doc["save_version"], doc["min_compatible"]) == (2, 2)  # older readers refuse it
    save = parse_save(json.loads(json.dumps(doc)))
    assert save.opening == opening
    done = rebuild(tiny, save)
    assert done.state == replay(tiny, 3, ["tower.lamp/rounds"], opening)[0] == game.state
    assert not done.differs
    plain = Game.new(tiny, 3).to_save().to_json()
    assert plain["save_version"] == 1 and "start" not in plain


def test_a_save_whose_opening_is_malformed_is_damaged(tiny: World) -> None:
    doc = Game.new(tiny, 3, Opening("tower.lamp")).to_save().to_json()
    doc["start"] = {"scene": 7}
    with pytest.raises(SaveError, match="is damaged"):
        parse_save(doc)


# -- the terminal ----------------------------------------------------------------------------

def test_the_terminal_begins_at_the_scene(tiny: World, tmp_path: Path) -> None:
    out = io.StringIO()
    state = play_text(tiny, 3, io.StringIO("3\n"), Console(file=out, width=120),
                      saves=tmp_path, opening=parse_opening(tiny, "tower.lamp", ["oil=5"]))
    text = out.getvalue()
    assert "A new story, seed 3 at tower.lamp." in text
    assert "The wind had teeth" not in text and "The lamp room smelt" in text
    assert "Walk the rounds before lighting" in text  # open only with oil 5
    assert state.values["flag.rounds"] is True
    saved = read_save(tmp_path / "autosave.json")
    assert saved.opening == Opening("tower.lamp", (("oil", 5),))


def test_the_command_begins_at_the_scene_and_replay_follows(tmp_path: Path) -> None:
    done = subprocess.run([str(BONDS), "play", "--text", "--pack", str(TINY), "--seed", "3",
                           "--saves", str(tmp_path), "--at", "tower.lamp", "--set", "oil=5"],
                          input="3\n", capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert "Walk the rounds before lighting" in done.stdout
    again = subprocess.run([str(BONDS), "replay", str(tmp_path / "autosave.json"), "--pack",
                            str(TINY)], capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode == 0 and "matches the save" in again.stdout, again.stderr


# -- the browser -----------------------------------------------------------------------------

def test_a_new_game_in_the_browser_begins_at_the_scene(tiny: World) -> None:
    store = SaveStore("sqlite://")
    web = create_app(tiny, store=store, opening=parse_opening(tiny, "tower.lamp", ["oil=5"]))
    with TestClient(web) as client:
        token = client.get("/").text.split('name="csrf" value="')[1].split('"')[0]
        assert client.post("/new", data={"csrf": token, "seed": "3"}).status_code == 200
        page = client.get("/play").text
    assert "The lamp room smelt of salt" in page and "The wind had teeth" not in page
    assert "Walk the rounds before lighting" in page
    store.close()


# -- playtest --from -------------------------------------------------------------------------

def test_playtest_from_a_scene_counts_only_what_follows(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["playtest", str(TINY), "--from", "tower.lamp", "--set",
                                      "oil=5", "--runs", "40", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    assert doc["from"] == {"scene": "tower.lamp", "set": {"oil": 5}}
    assert doc["coverage"]["scenes"] == {"reached": 3, "total": 3}  # not shore.arrive
    assert "shore.arrive" not in doc["hits"]["scenes"]
    assert set(doc["endings"]) == {"safe_harbour", "dark_night"}
    assert reachable_scenes(load_pack(TINY), "tower.lamp") == {"tower.lamp", "end.safe",
                                                              "end.dark"}


def test_a_finding_from_a_scene_replays_from_there(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["playtest", str(FAULTY), "--from", "stairs.up",
                                      "--runs", "3", "--max-steps", "20", "--json",
                                      "--report", str(tmp_path)])
    assert result.exit_code == 1
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    assert doc["softlocks_count"] == 3
    assert doc["coverage"]["scenes"]["total"] == 2  # the stairs, up and down
    assert doc["endings"] == {} and doc["unreached"]["scenes"] == []
    replay_file = Path(doc["softlocks"][0]["replay"])
    assert read_save(replay_file).opening == Opening("stairs.up")
    again = CliRunner().invoke(app, ["replay", str(replay_file), "--pack", str(FAULTY)])
    assert again.exit_code == 1
    assert "softlock: no ending after 20 steps (now in 'stairs.up')" in again.output
