"""Worlds apart from campaigns: a campaign names the world it builds on, the world's files are
read first and reported under their own path, the footer and credits come from the pack, and
a pack written before worlds is told exactly what to move where."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.engine import ContentError, replay
from bonds.narration import export_run, play_bot
from bonds.views import Names, panel_of
from bonds.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "packs" / "tiny"
OLD = ROOT / "tests" / "packs" / "old_format"


def _campaign_on_a_world(tmp_path: Path, world_yaml: str) -> Path:
    """The tiny pack moved into ``campaigns/tiny`` with its ladder and pool in
    ``worlds/coast/world.yaml``, named by ``world: coast``."""
    pack = tmp_path / "campaigns" / "tiny"
    shutil.copytree(TINY, pack)
    world = tmp_path / "worlds" / "coast"
    world.mkdir(parents=True)
    own = (pack / "world.yaml").read_text()
    ladder, _, places = own.partition("regions:")
    (world / "world.yaml").write_text(world_yaml or ladder)
    (pack / "world.yaml").write_text("regions:" + places)
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text() + "world: coast\n")
    return pack


def test_a_campaign_builds_on_the_world_it_names(tmp_path: Path) -> None:
    pack = _campaign_on_a_world(tmp_path, "")
    world = load_pack(pack)
    assert world.manifest.world == "coast"
    assert list(world.data["ranks"]) == ["apprentice", "keeper"]
    assert world.data["characters"]["ada"].rank == "keeper"
    assert set(world.data["resources"]) == {"stamina"}
    edited = (tmp_path / "worlds" / "coast" / "world.yaml")
    edited.write_text(edited.read_text().replace("name: stamina", "name: grit"))
    assert load_pack(pack).content_hash != world.content_hash  # the world is part of the pack


def test_a_problem_in_the_world_is_reported_at_the_worlds_own_file(tmp_path: Path) -> None:
    pack = _campaign_on_a_world(tmp_path, "ranks:\n  - {id: keeper, name: keeper, level: 2}\n"
                                          "resources:\n  - {id: stamina, name: stamina, "
                                          "techniques: true}\n"
                                          "items:\n  - {id: tonic, name: tonic, restores: grit}"
                                          "\n")
    with pytest.raises(ContentError) as caught:
        load_pack(pack)
    problems = caught.value.problems
    assert any(p.startswith("../../worlds/coast/world.yaml:6:") and "found 'grit'" in p
               for p in problems), problems
    assert any(p.startswith("characters.yaml:3:") and "expected a rank of the world (keeper)"
               in p and "'apprentice'" in p for p in problems), problems


def test_a_world_that_cannot_be_found_is_one_located_problem(tmp_path: Path) -> None:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY, pack)
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text() + "world: atlantis\n")
    with pytest.raises(ContentError) as caught:
        load_pack(pack)
    assert caught.value.problems == ["pack.yaml:13:8: expected a world folder 'worlds/atlantis' "
                                     "beside the pack or above it, found none"]


def test_a_pack_written_before_worlds_is_told_what_to_move_where() -> None:
    result = CliRunner().invoke(app, ["check", str(OLD)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    first = next(line for line in lines if line.startswith("characters.yaml:2:64:"))
    assert "found unknown field 'chakra'" in first
    assert ("pools and things carried moved when worlds split from campaigns: write "
            "'resources: {chakra: 60}' with the resource declared under 'resources:' in "
            "world.yaml") in first
    assert "write 'resources: {chakra: 40}'" in result.output
    assert any(line.startswith("characters.yaml:2:32: expected a rank of the world (ordinary), "
                               "found 'chuunin'; a pack written before worlds names its world")
               for line in lines)
    assert any(line.startswith("techniques.yaml:4:") and "mark one 'techniques: true' in "
               "world.yaml" in line for line in lines)
    assert "Traceback" not in result.output


def test_the_footer_and_credits_come_from_the_pack(tmp_path: Path) -> None:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY, pack)
    (pack / "pack.yaml").write_text((pack / "pack.yaml").read_text()
                                    + "footer: An original work by the keepers.\n"
                                      "credits: [Words by Ada, Lamps by Bo]\n")
    world = load_pack(pack)
    state, events = replay(world, 1, ["shore.arrive/climb"])
    story = export_run(world, 1, ["shore.arrive/climb"], state, events, "md").decode()
    assert "*An original work by the keepers.*" in story
    assert "**Credits:** Words by Ada; Lamps by Bo" in story
    assert "fan work" not in story.lower()
    with TestClient(create_app(world, f"sqlite:///{tmp_path / 'saves.db'}")) as client:
        page = client.get("/").text
    assert "An original work by the keepers." in page
    assert "Words by Ada · Lamps by Bo" in page
    assert "fan work" not in page.lower()


def test_the_panel_names_the_bonds_stage_as_the_world_does(tmp_path: Path) -> None:
    pack = tmp_path / "duel"
    shutil.copytree(ROOT / "tests" / "packs" / "duel", pack)
    world_file = pack / "world.yaml"
    named = {"pretence": "keeping up appearances", "friction": "at daggers drawn",
             "thaw": "warming", "trust": "partners", "real": "the genuine article"}
    world_file.write_text(f"bond_stages: {named}\n".replace("'", "") + world_file.read_text())
    world = load_pack(pack)
    state, _ = replay(world, 1, [])
    # The stage is the pair's: shown once, with what the pair shares.
    stages = [b.stage for b in panel_of(world, state, Names(world)).bonds if b.stage]
    assert stages and all(s is not None and s[0].lower() + s[1:] in named.values()
                          for s in stages), stages


def test_the_missions_clock_ends_with_the_story() -> None:
    world = load_pack(ROOT / "campaigns" / "unbreakable_bonds")
    for seed in range(1, 40):
        run = play_bot(world, "random", seed)
        views = panel_of(world, run.state, Names(world)).missions
        if any(m.state == "Active" for m in views):
            assert run.state.ending is not None
            assert all(m.days_left is None for m in views)
            return
    pytest.fail("no run in 39 ended with its mission still active")
