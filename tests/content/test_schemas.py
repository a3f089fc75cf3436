"""Editor support: ``bonds schema --out DIR`` writes one JSON Schema per kind of pack file, and
every file of both campaigns, of their worlds and of the test packs validates against its
schema, found the way the docs' editor set-up finds it (VS Code's ``yaml.schemas`` globs,
or a file's ``yaml-language-server`` modeline)."""

from __future__ import annotations

import fnmatch
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content.reading import _kind_of
from bonds.content.schema import FILE_MODELS, schema_file_name

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "pack-format.md"
FOLDERS = sorted([*(ROOT / "campaigns").iterdir(), *(ROOT / "worlds").iterdir(),
                  *(p for p in (ROOT / "tests" / "packs").iterdir() if p.name != "old_format"),
                  ROOT / "tests" / "unit" / "lighthouse",
                  *(p for p in (ROOT / "docs" / "example").glob("*")
                    if (p / "pack.yaml").is_file()),
                  *(ROOT / "docs" / "example" / "worlds").glob("*")])
"""Every pack and world a player, a test or the docs' example loads (``old_format`` is a
pack of the format before worlds, kept to test its migration messages: it is meant not to
validate)."""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    folder = tmp_path_factory.mktemp("schema")
    result = CliRunner().invoke(app, ["schema", "--out", str(folder)])
    assert result.exit_code == 0, result.output
    assert "wrote 12 schemas" in result.output
    return {p.name: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(folder.glob("*.json"))}


def _editor_settings() -> dict[str, list[str]]:
    """The ``yaml.schemas`` mapping of the docs' VS Code settings."""
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("## Editor support"):]
    block = re.search(r"```json\n(.*?)```", section, re.S)
    assert block is not None, "the Editor support section shows no JSON settings"
    settings: dict[str, dict[str, list[str]]] = json.loads(block.group(1))
    return settings["yaml.schemas"]


def _json(path: Path) -> Any:
    """The file's data as a YAML language server sees it (JSON: keys are text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))


def test_one_schema_per_file_kind_each_with_its_own_id(
        written: dict[str, dict[str, Any]]) -> None:
    assert set(written) == {schema_file_name(kind) for kind in FILE_MODELS}
    ids = [doc["$id"] for doc in written.values()]
    assert len(set(ids)) == len(ids)
    for name, doc in written.items():
        assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert doc["$id"].endswith(name.removesuffix(".schema.json"))
        assert doc["title"]
        jsonschema.Draft202012Validator.check_schema(doc)


def test_the_docs_settings_map_every_kind_to_a_written_schema(
        written: dict[str, dict[str, Any]]) -> None:
    settings = _editor_settings()
    assert {Path(path).name for path in settings} == set(written)
    text = DOCS.read_text(encoding="utf-8")
    modeline = re.search(r"# yaml-language-server: \$schema=(\S+)", text)
    assert modeline is not None
    assert Path(modeline.group(1)).name in written


def _schema_for(path: Path, settings: dict[str, list[str]]) -> str:
    """The schema file the docs' settings give ``path`` (relative to the opened folder)."""
    relative = path.relative_to(ROOT).as_posix()
    found = {Path(schema).name for schema, globs in settings.items()
             if any(fnmatch.fnmatch(relative, glob) or fnmatch.fnmatch("/" + relative, glob)
                    for glob in globs)}
    assert len(found) == 1, (relative, found)
    return found.pop()


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_file_validates_against_the_schema_the_editor_finds_for_it(
        folder: Path, written: dict[str, dict[str, Any]]) -> None:
    settings = _editor_settings()
    files = sorted(folder.rglob("*.yaml"))
    assert files
    for path in files:
        kind = _kind_of(path.relative_to(folder).as_posix())
        assert kind is not None, path
        name = _schema_for(path, settings)
        assert name == schema_file_name(kind), (path, name)
        validator = jsonschema.Draft202012Validator(written[name])
        problems = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(_json(path))]
        assert not problems, (path, problems[:5])


def test_the_schema_catches_what_an_author_mistypes(written: dict[str, dict[str, Any]]) -> None:
    scenes = jsonschema.Draft202012Validator(written["scenes.schema.json"])
    good = [{"id": "a.start", "text": ["A room."], "goto": "a.end"}]
    assert not list(scenes.iter_errors(good))
    for bad in ([{"id": "A.Start", "goto": "a.end"}],
                [{"id": "a.start", "goto": "a.end", "efects": []}],
                [{"id": "a.start", "act": "two", "goto": "a.end"}]):
        assert list(scenes.iter_errors(bad)), bad
    qualities = jsonschema.Draft202012Validator(written["qualities.schema.json"])
    assert list(qualities.iter_errors([{"id": "gold", "type": "integer"}]))


def test_without_out_the_command_prints_one_document() -> None:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0
    assert set(json.loads(result.output)["properties"]) == set(FILE_MODELS)


def test_an_unwritable_folder_is_one_line_and_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = CliRunner().invoke(app, ["schema", "--out", str(blocker / "schema")])
    assert result.exit_code == 1
    assert "cannot write the schemas" in result.output
    assert "Traceback" not in result.output
