"""The ``bonds`` command: --version, check, schema and replay, with their exit codes."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

import bonds
from bonds.cli import app
from bonds.content.schema import FILE_MODELS
from bonds.engine import World, replay, state_hash
from bonds.saves import make_save, write_save

from .conftest import LIGHTHOUSE

ACTIONS = ["shore.arrive/fetch_oil", "shore.arrive/climb", "tower.lamp/light"]


def invoke(*args: str) -> Any:
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    if result.exception is not None:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.output == f"bonds {bonds.__version__}\n"
    assert bonds.__version__ == version("unbreakable-bonds")


def test_no_arguments_shows_the_commands() -> None:
    result = invoke()
    assert "Usage" in result.output
    for command in ("check", "schema", "replay"):
        assert command in result.output


def test_check_a_clean_pack() -> None:
    result = invoke("check", str(LIGHTHOUSE))
    assert result.exit_code == 0
    assert result.output == "lighthouse 1.0.0: 4 scenes, 2 endings, no problems\n"


def test_check_a_missing_pack(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "nothing"))
    assert result.exit_code == 1
    assert result.output == (f"{tmp_path / 'nothing'}:1:1: expected a pack folder, found "
                             f"nothing\n1 problem(s) in {tmp_path / 'nothing'}\n")


def test_check_prints_long_problems_on_one_line_each(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    root.mkdir()
    (root / "pack.yaml").write_text("id: x\n")
    (root / ("a" * 150 + ".yaml")).write_text("a: 1\n")
    result = invoke("check", str(root))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith("a" * 150 + ".yaml:1:1: expected one of the pack's files")
    assert lines[0].endswith("found an unknown file")


def test_check_needs_a_pack_argument() -> None:
    result = invoke("check")
    assert result.exit_code == 2


# -- schema ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = invoke("schema")
    assert result.exit_code == 0
    parsed: dict[str, Any] = json.loads(result.output)
    return parsed


def _walk(node: Any) -> Any:
    if isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk(child)


JSON_TYPES = {"object", "array", "string", "integer", "number", "boolean", "null"}


def test_schema_is_a_2020_12_document_with_one_entry_per_file_kind(
        schema: dict[str, Any]) -> None:
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["type"] == "object"
    assert set(schema["properties"]) == set(FILE_MODELS)
    assert {"pack.yaml", "scenes", "endings.yaml", "qualities"} <= set(schema["properties"])


def test_schema_is_well_formed(schema: dict[str, Any]) -> None:
    for kind, sub in schema["properties"].items():
        defs = sub.get("$defs", {})
        for node in _walk(sub):
            ref = node.get("$ref")
            if isinstance(ref, str):
                assert ref.startswith("#/$defs/"), (kind, ref)
                assert ref.removeprefix("#/$defs/") in defs, (kind, ref)
            kind_of = node.get("type")
            if isinstance(kind_of, str) and kind_of in JSON_TYPES | {"unknown"}:
                assert kind_of in JSON_TYPES, (kind, node)
            for key in ("required", "enum"):
                if key in node and not isinstance(node[key], dict):
                    assert isinstance(node[key], list), (kind, key)


def _resolve(sub: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    if not isinstance(ref, str):
        return node
    resolved: dict[str, Any] = sub["$defs"][ref.removeprefix("#/$defs/")]
    return resolved


def test_schema_forbids_unknown_fields_and_requires_ids(schema: dict[str, Any]) -> None:
    manifest = schema["properties"]["pack.yaml"]
    assert manifest["additionalProperties"] is False
    assert {"id", "title", "version", "authors", "start"} <= set(manifest["required"])
    scenes = schema["properties"]["scenes"]
    assert scenes["type"] == "array"
    scene = _resolve(scenes, scenes["items"])
    assert scene["additionalProperties"] is False
    assert "id" in scene["required"]
    assert {"choices", "goto", "ending", "text", "on_enter"} <= set(scene["properties"])


def test_schema_validates_the_tiny_pack_when_jsonschema_is_installed(
        schema: dict[str, Any]) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    files = {"pack.yaml": "pack.yaml", "qualities": "qualities.yaml",
             "characters.yaml": "characters.yaml", "endings.yaml": "endings.yaml",
             "invariants.yaml": "invariants.yaml", "canon": "canon.yaml",
             "scenes": "scenes/storm.yaml"}
    for kind, name in files.items():
        sub = schema["properties"][kind]
        jsonschema.Draft202012Validator.check_schema(sub)
        data = yaml.safe_load((LIGHTHOUSE / name).read_text())
        jsonschema.validate(data, sub, cls=jsonschema.Draft202012Validator)
    bad = yaml.safe_load((LIGHTHOUSE / "pack.yaml").read_text()) | {"titel": "typo"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema["properties"]["pack.yaml"])


# -- replay ------------------------------------------------------------------------------

@pytest.fixture
def save_file(lighthouse: World, tmp_path: Path) -> Path:
    state, _ = replay(lighthouse, 3, ACTIONS)
    path = tmp_path / "run.json"
    write_save(path, make_save(lighthouse, 3, ACTIONS, state))
    return path


def test_replay_a_good_save(lighthouse: World, save_file: Path) -> None:
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 0, result.output
    digest = state_hash(replay(lighthouse, 3, ACTIONS)[0])
    assert result.output == (f"replayed 3 actions: state {digest[:16]} matches the save; "
                             f"ending: safe_harbour\n")


def _edit(path: Path, change: Any) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize(
    "change",
    [lambda d: d["snapshot"].update(hash="0" * 64),
     lambda d: d.update(seed=4),
     lambda d: d["actions"].pop(),
     lambda d: d.update(actions=["shore.arrive/fly"])],
    ids=["snapshot_hash", "seed", "fewer_actions", "illegal_action"],
)
def test_replay_of_a_save_that_does_not_match_exits_1(save_file: Path, change: Any) -> None:
    _edit(save_file, change)
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 1, result.output
    assert "matches the save" not in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"{", "is damaged: it is not valid JSON"),
     (b'{"format": "unbreakable-bonds-save", "save_version": 7}',
      "was written by a newer version (save format 7; this one reads up to 2)")],
    ids=["damaged", "future"],
)
def test_replay_of_an_unreadable_save_says_why_in_one_line(tmp_path: Path, content: bytes,
                                                           message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    result = invoke("replay", str(path), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert message in result.output


def test_replay_of_a_missing_save(tmp_path: Path) -> None:
    missing = tmp_path / "none.json"
    result = invoke("replay", str(missing), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 1
    assert result.output == f"cannot read save {missing}: No such file or directory\n"


def test_replay_against_another_pack_exits_1(save_file: Path) -> None:
    _edit(save_file, lambda d: d["pack"].update(id="other"))
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 1
    assert "this save is for pack 'other', not 'lighthouse'" in result.output


# -- replay and export on a revised pack -------------------------------------------------

def test_replay_on_a_revised_pack_says_the_place_is_kept(lighthouse: World,
                                                         save_file: Path) -> None:
    _edit(save_file, lambda d: d["pack"].update(hash="0" * 64))
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 0, result.output
    digest = state_hash(replay(lighthouse, 3, ACTIONS)[0])
    assert result.output == (
        "the story was revised since this save; replayed on the new version it stands exactly "
        "where it was\n"
        f"replayed 3 actions: state {digest[:16]} matches the save; ending: safe_harbour\n")


def test_replay_on_a_revised_pack_lets_the_replay_win(save_file: Path) -> None:
    _edit(save_file, lambda d: (d["pack"].update(hash="0" * 64),
                                d["snapshot"].update(hash="0" * 64)))
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 0, result.output
    first, second = result.output.splitlines()
    assert first.endswith("its state differs from the snapshot, and the replay wins")
    assert "differs from the save's snapshot; the replay wins" in second


def test_a_broken_road_is_one_line_and_last_good_step_goes_on(lighthouse: World,
                                                              save_file: Path,
                                                              tmp_path: Path) -> None:
    _edit(save_file, lambda d: (d["pack"].update(hash="0" * 64),
                                d.update(actions=[ACTIONS[0], "shore.arrive/swim"])))
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE))
    assert result.exit_code == 1
    assert result.output == ("step 2 of this save (shore.arrive/swim) is no longer a choice "
                             "the story offers there; the step before it still stands "
                             "(--last-good-step goes as far as they do)\n")
    result = invoke("replay", str(save_file), "--pack", str(LIGHTHOUSE), "--last-good-step")
    assert result.exit_code == 0, result.output
    digest = state_hash(replay(lighthouse, 3, ACTIONS[:1])[0])
    assert result.output == (
        "step 2 (shore.arrive/swim) is no longer in the story: replaying only the 1 before it; "
        "the story was revised since this save; replayed on the new version it stands exactly "
        "where it was\n"
        f"replayed 1 actions: state {digest[:16]} matches the save\n")
    out = tmp_path / "story.md"
    result = invoke("export", str(save_file), "--pack", str(LIGHTHOUSE), "--out", str(out))
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "step 2 of this save (shore.arrive/swim)" in result.output and not out.exists()
    result = invoke("export", str(save_file), "--pack", str(LIGHTHOUSE), "--out", str(out),
                    "--last-good-step")
    assert result.exit_code == 0, result.output
    assert out.read_text().strip() and "replaying only the 1 before it" in result.output


def test_export_of_a_save_on_a_revised_pack(save_file: Path, tmp_path: Path) -> None:
    _edit(save_file, lambda d: d["pack"].update(hash="0" * 64))
    out = tmp_path / "story.md"
    result = invoke("export", str(save_file), "--pack", str(LIGHTHOUSE), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "the story was revised since this save" in result.output
    assert "ending: safe_harbour" in result.output
