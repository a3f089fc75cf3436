"""``bonds play --text --watch``: a saved edit shows the current page again, replayed on the
new pack; a broken edit is reported and the last good pack plays on."""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from bonds.content import load_pack
from bonds.engine import State
from bonds.live import PackWatcher, watched_folders
from bonds.terminal import play_text

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"


def wait_until(done: Callable[[], bool], what: str, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


def test_a_saved_edit_shows_the_page_again_in_place(tmp_path: Path) -> None:
    pack = tmp_path / "tiny"
    shutil.copytree(TINY, pack)
    scenes = pack / "scenes" / "storm.yaml"
    read_fd, write_fd = os.pipe()
    typed = os.fdopen(write_fd, "w", buffering=1)
    out = io.StringIO()
    result: list[State] = []
    player = threading.Thread(target=lambda: result.append(play_text(
        load_pack(pack), 3, os.fdopen(read_fd), Console(file=out, width=200), saves=tmp_path,
        watch=pack)), daemon=True)
    player.start()
    wait_until(lambda: "Watching" in out.getvalue(), "the watcher")
    typed.write("1\n")  # climb the tower: turn 1
    wait_until(lambda: "The lamp room smelt of salt and old smoke" in out.getvalue(), "a step")

    scenes.write_text(scenes.read_text().replace("salt and old smoke", "salt and fresh paint"))
    wait_until(lambda: "The lamp room smelt of salt and fresh paint" in out.getvalue(), "the edit")
    # The page is printed from the player's thread: wait for the choices offered again.
    wait_until(lambda: "2. Wait out the storm" in out.getvalue().split("salt and fresh paint")[-1],
               "the choices again")
    assert "your place is kept" in out.getvalue()

    scenes.write_text(scenes.read_text().replace("goto: end.dark", "goto: end.drak"))
    # The heading and the problems under it are printed one after the other: wait for both.
    wait_until(lambda: "did you mean" in out.getvalue().partition("The pack has problems")[2],
               "the problems")
    assert "did you mean 'end.dark'?" in out.getvalue()

    typed.write("2\n")  # wait out the storm, on the last version that loaded
    wait_until(lambda: "The rocks took what the dark gave them" in out.getvalue(), "the end")
    typed.close()
    player.join(timeout=15)
    assert result and result[0].ending == "dark_night" and result[0].turn == 2


def test_a_save_to_the_worlds_file_loads_the_pack_again(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "docs" / "example"
    shutil.copytree(example, tmp_path / "example")
    pack, world = tmp_path / "example" / "night_ferry", tmp_path / "example" / "worlds" / "delta"
    assert watched_folders(pack) == [pack.resolve(), world.resolve()]
    loaded: list[object] = []
    broken: list[list[str]] = []
    watcher = PackWatcher(pack, loaded.append, broken.append)
    watcher.start()
    try:
        world_file = world / "world.yaml"
        world_file.write_text(world_file.read_text() + "\n# an author's note\n")
        wait_until(lambda: bool(loaded), "the reload")
        world_file.write_text(world_file.read_text() + "\nnot: [valid\n")
        wait_until(lambda: bool(broken), "the problems")
        assert any("world.yaml" in line for line in broken[0])
    finally:
        watcher.stop()
