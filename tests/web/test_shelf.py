"""The shelf: with several packs installed, play opens on a list of them (title, rating,
summary, tags), in the browser and in the terminal, and the one picked is played."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from rich.console import Console
from starlette.testclient import TestClient

from bonds.content import load_pack
from bonds.content.packs import DEFAULT_PACK, installed_packs
from bonds.terminal.shelf import choose_from_shelf
from bonds.web.app import create_app
from bonds.web.shelf import Shelf

PACKS = Path(__file__).resolve().parents[1] / "packs"


@pytest.fixture
def shelf_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "campaigns"
    for name in ("tiny", "duel"):
        shutil.copytree(PACKS / name, folder / name)
    (folder / "broken").mkdir()
    (folder / "broken" / "pack.yaml").write_text("{ not yaml")
    return folder


def test_installed_packs_are_read_from_their_manifests(shelf_folder: Path) -> None:
    entries = installed_packs(shelf_folder)
    assert [(e.id, e.title, e.rating) for e in entries] == [
        ("tiny", "The Lighthouse Keepers", "General Audiences"),
        ("duel", "The Salt Road", "General Audiences")]  # by title; the broken one left off
    assert entries[0].summary.startswith("Two keepers, one lamp")
    assert "storm" in entries[0].tags


def test_the_shipped_shelf_puts_the_default_campaign_first() -> None:
    entries = installed_packs()
    assert entries[0].id == DEFAULT_PACK
    assert len({e.id for e in entries}) == len(entries)
    assert entries[0].world == "The Shinobi World"  # the world it names, by its own name


def test_the_browser_shelf_lists_picks_and_comes_back(shelf_folder: Path, tmp_path: Path
                                                      ) -> None:
    db = f"sqlite:///{tmp_path / 'saves.db'}"
    shelf = Shelf(installed_packs(shelf_folder), lambda e: create_app(load_pack(e.path), db))
    with TestClient(shelf) as client:
        first = client.get("/")
        assert first.status_code == 200
        assert "The Salt Road" in first.text and "The Lighthouse Keepers" in first.text
        assert "General Audiences" in first.text and "Two keepers, one lamp" in first.text
        assert client.get("/play", follow_redirects=False).headers["location"] == "/shelf"
        assert client.get("/shelf/tiny").status_code == 405
        assert client.post("/shelf/nowhere").status_code == 404
        assert client.post("/shelf/tiny", headers={"origin": "http://evil.example"}
                           ).status_code == 403
        picked = client.post("/shelf/tiny")
        assert picked.status_code == 200 and picked.url.path == "/"
        assert "The Lighthouse Keepers" in picked.text and "Begin" in picked.text
        again = client.get("/shelf")
        assert "The Salt Road" in again.text


def test_the_terminal_shelf_asks_until_it_gets_a_number(shelf_folder: Path) -> None:
    entries = installed_packs(shelf_folder)
    out = Console(file=io.StringIO(), width=100)
    picked = choose_from_shelf(entries, io.StringIO("lamp\n7\n2\n"), out)
    assert picked is not None and picked.id == entries[1].id
    text = out.file.getvalue()  # type: ignore[attr-defined]
    assert "1. The Lighthouse Keepers" in text and "2. The Salt Road" in text
    assert text.count("Type a number from 1 to 2.") == 2
    assert choose_from_shelf(entries, io.StringIO(""), out) is None
