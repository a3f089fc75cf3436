"""Saves outlive edits to their pack: copies of the campaign, edited as an author would.

A save of the campaign's first steps is replayed on edited copies: a comment, a changed
sentence, a new scene and changed numbers ahead of the save each leave its road playable, so
it loads and says the story was revised. A choice renamed on its road breaks it: one line
names the step and the action, and the run continues from the last step that stands.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import World, legal_actions, start, state_hash, step
from bonds.saves import BrokenRoad, Save, make_save, rebuild
from bonds.views.game import Game

CAMPAIGN = resolve_pack(None)
STEPS = 8
"""How far into the campaign the save goes (the first act's opening)."""
SEED = 5


@pytest.fixture(scope="module")
def campaign() -> World:
    return load_pack(CAMPAIGN)


@pytest.fixture(scope="module")
def save(campaign: World) -> Save:
    """A save of the canon's first steps (the first open choice where the canon has none)."""
    state, _ = start(campaign, SEED)
    canon = list(campaign.canon)
    actions: list[str] = []
    for _ in range(STEPS):
        options = legal_actions(campaign, state)
        action = next((a for a in canon if a in options), options[0])
        state, _ = step(campaign, state, action)
        actions.append(action)
    return make_save(campaign, SEED, actions, state)


def copy_campaign(tmp_path: Path) -> Path:
    """The campaign and its world, copied side by side as they sit in the repository."""
    root = tmp_path / "campaigns" / CAMPAIGN.name
    shutil.copytree(CAMPAIGN, root)
    world = yaml.safe_load((CAMPAIGN / "pack.yaml").read_text()).get("world")
    if world:
        source = CAMPAIGN.resolve().parents[1] / "worlds" / world
        shutil.copytree(source, tmp_path / "worlds" / world)
    return root


def scene_files(root: Path) -> list[Path]:
    return sorted((root / "scenes").rglob("*.yaml"))


def edit_scenes(path: Path, change: Callable[[list[dict[str, Any]]], None]) -> None:
    scenes = yaml.safe_load(path.read_text())
    change(scenes)
    path.write_text(yaml.safe_dump(scenes, sort_keys=False, allow_unicode=True, width=100))


def file_of(root: Path, scene_id: str) -> Path:
    for path in scene_files(root):
        if any(s.get("id") == scene_id for s in yaml.safe_load(path.read_text()) or []):
            return path
    raise AssertionError(f"no file holds scene {scene_id}")


# -- the edits ---------------------------------------------------------------------------

def add_comment(root: Path, _save: Save) -> None:
    path = scene_files(root)[0]
    path.write_text(path.read_text() + "\n# An editor's note: nothing here changes.\n")


def change_sentence(root: Path, save: Save) -> None:
    scene_id = save.actions[0].split("/")[0]

    def change(scenes: list[dict[str, Any]]) -> None:
        scene = next(s for s in scenes if s["id"] == scene_id)
        first = next(i for i, t in enumerate(scene["text"]) if isinstance(t, str))
        scene["text"][first] = scene["text"][first] + " The lamp hissed, and no one looked at it."

    edit_scenes(file_of(root, scene_id), change)


def add_scene(root: Path, _save: Save) -> None:
    first = yaml.safe_load(scene_files(root)[0].read_text())[0]
    extra = copy.deepcopy(first)
    extra["id"] = "revision.new_scene"
    extra["title"] = "A Scene Added Later"
    extra["text"] = ["A scene the authors wrote after the save was made."]
    extra.pop("on_enter", None)
    (root / "scenes" / "9_added.yaml").write_text(
        yaml.safe_dump([extra], sort_keys=False, allow_unicode=True, width=100))


def change_numbers_ahead(root: Path, save: Save, campaign: World) -> None:
    state, _ = start(campaign, save.seed)
    act = campaign.scenes[state.scene].act
    for action in save.actions:
        state, _ = step(campaign, state, action)
        act = max(act, campaign.scenes[state.scene].act)
    later = [p for p in scene_files(root)
             if all(campaign.scenes[s["id"]].act > act + 1
                    for s in yaml.safe_load(p.read_text()) or [])]
    assert later, "no part of the story lies ahead of the save"
    changed = []

    def change(scenes: list[dict[str, Any]]) -> None:
        for scene in scenes:
            for choice in scene.get("choices") or []:
                for n, effect in enumerate(choice.get("effects") or []):
                    if isinstance(effect, str) and any(c.isdigit() for c in effect):
                        digit = next(i for i, c in enumerate(effect) if c.isdigit())
                        choice["effects"][n] = effect[:digit] + "1" + effect[digit:]
                        changed.append(effect)
                        if len(changed) >= 3:
                            return

    edit_scenes(later[-1], change)
    assert changed, "no number to change ahead of the save"


EDITS = {
    "a_comment": add_comment,
    "a_changed_sentence": change_sentence,
    "a_new_scene": add_scene,
    "changed_numbers_ahead": change_numbers_ahead,
}


@pytest.mark.parametrize("edit", list(EDITS), ids=list(EDITS))
def test_an_edit_that_keeps_the_road_keeps_the_place(edit: str, campaign: World, save: Save,
                                                     tmp_path: Path) -> None:
    root = copy_campaign(tmp_path)
    make = EDITS[edit]
    if edit == "changed_numbers_ahead":
        make(root, save, campaign)  # type: ignore[call-arg]
    else:
        make(root, save)  # type: ignore[call-arg]
    revised = load_pack(root)
    assert revised.content_hash != campaign.content_hash
    done = rebuild(revised, save)
    assert done.revised and not done.differs
    assert state_hash(done.state) == save.state_hash
    assert done.note.startswith("the story was revised since this save")
    game = Game.from_save(revised, save)
    assert game.revised and game.turn == STEPS
    assert not game.with_revision(1).revised  # the next save records the pack as it is


def test_a_choice_renamed_on_the_road_names_the_step_and_goes_on_from_before_it(
        campaign: World, save: Save, tmp_path: Path) -> None:
    root = copy_campaign(tmp_path)
    n = 3
    action = save.actions[n - 1]
    scene_id, choice_id = action.split("/")

    def rename(scenes: list[dict[str, Any]]) -> None:
        scene = next(s for s in scenes if s["id"] == scene_id)
        next(c for c in scene["choices"] if c["id"] == choice_id)["id"] = choice_id + "_again"

    edit_scenes(file_of(root, scene_id), rename)
    for canon in (root / "canon").rglob("*.yaml"):
        canon.write_text(canon.read_text().replace(action, action + "_again"))
    revised = load_pack(root)
    with pytest.raises(BrokenRoad) as caught:
        rebuild(revised, save)
    message = str(caught.value)
    assert "\n" not in message
    assert message == (f"step {n} of this save ({action}) is no longer a choice the story "
                       f"offers there; the {n - 1} steps before it still stand")
    assert caught.value.good == n - 1
    with pytest.raises(BrokenRoad):
        Game.from_save(revised, save)
    game = Game.from_save(revised, save.upto(caught.value.good))
    assert game.turn == n - 1 and game.revised
    assert action + "_again" in game.options
    assert game.advance(action + "_again").turn == n
