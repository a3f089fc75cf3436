"""``bonds export``: the same save gives the same bytes, bot runs export, bad saves say why."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.content.packs import default_pack_path
from bonds.engine import ContentError, World
from bonds.narration.golden import golden_files

from .conftest import GOLDEN, TINY

CANON = ["shore.arrive/climb", "tower.lamp/light"]


def _export(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["export", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("fmt", ["md", "html", "epub"])
def test_the_same_save_exports_the_same_bytes(
        fmt: str, tiny: World, save_of: Callable[..., Path], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    save = save_of(tiny, 5, CANON)
    first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    assert _export(str(save), "--pack", str(TINY), "--format", fmt, "--out", str(first)
                   )[0] == 0
    later = time.time() + 3 * 86400 + 7
    monkeypatch.setattr(time, "time", lambda: later)  # a later day must not show in the file
    code, stdout, _ = _export(str(save), "--pack", str(TINY), "--format", fmt,
                              "--out", str(second))
    assert code == 0 and stdout.startswith(f"wrote {second}")
    assert first.read_bytes() == second.read_bytes()
    data = first.read_bytes()
    assert data[:2] == b"PK" if fmt == "epub" else b"Bo struck the match" in data


def test_a_bot_run_exports_like_the_golden_files(tmp_path: Path) -> None:
    out = tmp_path / "tiny.md"
    code, _, stderr = _export("--pack", str(TINY), "--bot", "canon", "--seed", "1",
                              "--out", str(out), "--numbers", "full")
    assert (code, stderr) == (0, "")
    assert out.read_bytes() == (GOLDEN / "tiny.md").read_bytes()


def test_the_end_note_shows_the_numbers_the_setting_asks_for(tmp_path: Path) -> None:
    """``words`` (the default) gives each bond its stage in the world's words; ``brief`` and
    ``full`` its measures too."""
    notes = {}
    for numbers in ("words", "brief", "full"):
        out = tmp_path / f"{numbers}.md"
        code, _, stderr = _export("--pack", str(TINY.parent / "duel"), "--bot", "canon",
                                  "--seed", "1", "--out", str(out), "--numbers", numbers)
        assert (code, stderr) == (0, "")
        text = out.read_text(encoding="utf-8")
        notes[numbers] = text[text.index("## End note"):]
    assert "trust 30" not in notes["words"] and "Ash towards Fen:** thaw" in notes["words"]
    assert "trust 30" in notes["brief"] and notes["brief"] == notes["full"]
    code, _, stderr = _export("--pack", str(TINY), "--bot", "canon", "--numbers", "all")
    assert code == 2 and "expected one of words, brief, full" in stderr


def test_golden_exports_are_current(tiny: World) -> None:
    for name, data in golden_files(tiny).items():
        assert data == (GOLDEN / name).read_bytes(), (
            f"{name} differs from the golden file; if the change is meant, rewrite it with "
            f".venv/bin/python -m bonds.narration.golden tests/packs/tiny")


def test_the_campaigns_canonical_export_matches_its_golden_files() -> None:
    try:
        world = load_pack(default_pack_path())
    except ContentError as exc:
        pytest.skip(f"the campaign does not load yet ({len(exc.problems)} problems)")
    files = golden_files(world)
    assert sorted(files) == ["unbreakable_bonds.html", "unbreakable_bonds.md"]
    for name, data in files.items():
        assert data == (GOLDEN / name).read_bytes(), (
            f"{name} differs from the golden file; read the diff, and if the change is meant "
            f"rewrite it with .venv/bin/python -m bonds.narration.golden tests/packs/tiny "
            f"src/bonds/campaigns/unbreakable_bonds")
    story = files["unbreakable_bonds.md"].decode()
    words = int(story.split("**Words:** ", 1)[1].split(" ", 1)[0].replace(",", ""))
    assert words >= 8000  # a story, not a sketch (the source runs to about 10,700)
    body = story.split("## Chapter 1", 1)[1].split("## End note", 1)[0]
    prose = "\n".join(line for line in body.splitlines() if not line.startswith("#"))
    assert not re.search(r"\b\d+\b", prose), "numbers in prose are words"


def test_export_to_stdout_and_default_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                           ) -> None:
    code, stdout, _ = _export("--pack", str(TINY), "--bot", "random", "--seed", "2",
                              "--format", "html", "--out", "-")
    assert code == 0 and stdout.startswith("<!DOCTYPE html>")
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = _export("--pack", str(TINY), "--bot", "canon", "--format", "epub")
    assert code == 0 and (tmp_path / "tiny-seed1.epub").read_bytes()[:2] == b"PK"


def _edited(save: Path, edit: Callable[[dict], None]) -> Path:
    doc = json.loads(save.read_text())
    edit(doc)
    save.write_text(json.dumps(doc))
    return save


BAD_SAVES: dict[str, tuple[Callable[[Path], object], str]] = {
    "not json": (lambda p: p.write_text("{garbage"), "is damaged: it is not valid JSON"),
    "not a save": (lambda p: p.write_text('{"hello": 1}'), "is not an Unbreakable Bonds save"),
    "newer format": (lambda p: _edited(p, lambda d: d.update(save_version=99)),
                     "was written by a newer version"),
    "snapshot altered": (lambda p: _edited(p, lambda d: d["snapshot"].update(hash="f" * 64)),
                         "snapshot does not match its replay"),
    "illegal action": (lambda p: _edited(p, lambda d: d["actions"].append("tower.lamp/fly")),
                       "(tower.lamp/fly) is no longer a choice the story offers there"),
    "missing field": (lambda p: _edited(p, lambda d: d.pop("seed")),
                      "a required field is missing or malformed"),
    "missing file": (lambda p: p.unlink(), "cannot read save"),
}


@pytest.mark.parametrize("case", sorted(BAD_SAVES))
def test_a_bad_save_gets_one_line_and_exit_1(
        case: str, tiny: World, save_of: Callable[..., Path]) -> None:
    damage, reason = BAD_SAVES[case]
    save = save_of(tiny, 3, CANON)
    damage(save)
    code, stdout, stderr = _export(str(save), "--pack", str(TINY), "--format", "md",
                                   "--out", str(save.with_suffix(".md")))
    assert code == 1
    assert stderr.count("\n") == 1 and reason in stderr, stderr
    assert stdout == "" and not save.with_suffix(".md").exists()


def test_a_save_of_a_pack_not_installed(tiny: World, save_of: Callable[..., Path]) -> None:
    save = _edited(save_of(tiny, 3, CANON), lambda d: d["pack"].update(id="lost_pack"))
    code, _, stderr = _export(str(save), "--format", "md")
    assert code == 1
    assert stderr == (f"{save} is a save of pack 'lost_pack', which is not installed here "
                      f"(name its folder with --pack)\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--bot", "canon", "--format", "pdf"], "unknown format 'pdf': expected one of md, html, "
                                            "epub\n"),
    (["--format", "md"], "give a save file, or --bot NAME for a fresh run (not both)\n"),
    (["--bot", "nobody"], "unknown bot 'nobody': expected one of "),
])
def test_usage_errors(args: list[str], message: str) -> None:
    code, _, stderr = _export("--pack", str(TINY), *args)
    assert code == 2 and stderr.startswith(message)
