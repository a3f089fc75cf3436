"""The pack-format docs cannot drift from the engine: the example pack they quote
(``docs/example/``: the ``night_ferry`` campaign on the ``delta`` world) checks clean, plays
and holds every kind of file; each YAML block that names an example file is that file, byte
for byte; the table of event kinds is the one the code emits; every function a pack may call
is in the docs' tables; and the migration note quotes what ``bonds check`` really says to a
pack written before worlds."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest
import yaml
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.content._events import event_table
from bonds.content.reading import WORLD_KINDS, _kind_of
from bonds.content.schema import FILE_TYPES, file_schemas, schema_file_name
from bonds.engine import replay
from bonds.rules import FUNCTIONS

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "pack-format.md"
EXAMPLE = ROOT / "docs" / "example"
CAMPAIGN = EXAMPLE / "night_ferry"
WORLD = EXAMPLE / "worlds" / "delta"
OLD = ROOT / "tests" / "packs" / "old_format"

_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.S | re.M)
_NAMED = re.compile(r"# (docs/example/\S+\.ya?ml)\n")
_OLD_NAMES = ("chakra(", "chakra_max(", "chakra_pct(", "spend_chakra(", "restore_chakra(",
              "pills(", "take_pill(", "give_pills(", "killing_intent(", "chakra_changed",
              "pills_changed", "intent_felt")


def _text() -> str:
    return DOCS.read_text(encoding="utf-8")


def _section(title: str) -> str:
    """The docs' section under ``## title``, up to the next ``## `` heading."""
    text = _text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def _quoted() -> dict[str, str]:
    """Each YAML block of the docs whose first line names an example file: path -> block."""
    found: dict[str, str] = {}
    for block in _BLOCK.findall(_text()):
        named = _NAMED.match(block)
        if named:
            assert named.group(1) not in found, f"{named.group(1)} is quoted twice"
            found[named.group(1)] = block
    return found


def _example_files() -> list[Path]:
    return sorted(p for p in EXAMPLE.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))


def _script() -> ModuleType:
    path = ROOT / "scripts" / "event_kinds.py"
    spec = importlib.util.spec_from_file_location("event_kinds", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_checks_clean_with_no_warning() -> None:
    result = CliRunner().invoke(app, ["check", str(CAMPAIGN)])
    assert result.exit_code == 0, result.output
    assert "night_ferry 1.0.0: 9 scenes, 2 endings, no problems\n" in result.output
    assert "warning" not in result.output


def test_each_yaml_block_that_names_an_example_file_is_that_file() -> None:
    quoted = _quoted()
    assert quoted, "the docs quote no example file"
    for name, block in quoted.items():
        path = ROOT / name
        assert path.is_file(), f"the docs quote {name}, which does not exist"
        assert path.read_text(encoding="utf-8") == block, (
            f"{name} differs from its block in docs/pack-format.md: change both together")


def test_every_file_of_the_example_is_quoted_whole_in_the_docs() -> None:
    quoted = _quoted()
    for path in _example_files():
        name = path.relative_to(ROOT).as_posix()
        assert name in quoted, f"{name} is not shown in docs/pack-format.md"
        assert path.read_text(encoding="utf-8").startswith(f"# {name}\n")


def test_the_example_holds_every_kind_of_file_a_pack_or_world_may_hold() -> None:
    campaign = {_kind_of(p.relative_to(CAMPAIGN).as_posix()) for p in CAMPAIGN.rglob("*.yaml")}
    world = {_kind_of(p.relative_to(WORLD).as_posix()) for p in WORLD.rglob("*.yaml")}
    assert world == set(WORLD_KINDS)
    assert campaign | world == set(FILE_TYPES)
    assert None not in campaign
    manifest = yaml.safe_load((CAMPAIGN / "pack.yaml").read_text(encoding="utf-8"))
    assert {"world", "footer", "credits"} <= set(manifest)


def test_the_example_builds_on_its_world_and_merges_it() -> None:
    world = load_pack(CAMPAIGN)
    data = world.data
    assert world.manifest.world == "delta"
    assert list(data["ranks"]) == ["hand", "pilot", "captain"]
    assert data["characters"]["tam"].rank == "hand"  # no rank given: the lowest
    assert list(data["places"]) == ["quay", "river", "far_bank"]  # the world's first
    # A campaign's lines replace the world's for that kind; the world's others stay.
    events = data["narration"].events
    assert "felt the cold go out" in str(events["items_changed"])
    assert "unwrapped" not in str(events["items_changed"])
    assert "hard stare" in str(events["intimidated"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_examples_canon_walks_to_its_ending_on_any_seed(seed: int) -> None:
    world = load_pack(CAMPAIGN)
    state, events = replay(world, seed, world.canon)
    assert state.ending == "home_free"
    assert not any(e.kind == "expectation_broken" for e in events)


def test_an_explorer_reaches_every_scene_choice_and_ending_of_the_example() -> None:
    result = CliRunner().invoke(app, ["playtest", str(CAMPAIGN), "--runs", "400", "--bot",
                                      "explorer", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["unreached"] == {"scenes": [], "choices": []}
    assert report["endings_unreached"] == []
    for finding in ("crashes", "softlocks", "dead_ends", "invariant_failures",
                    "continuity_breaks"):
        assert report[f"{finding}_count"] == 0, finding


def test_the_example_validates_against_the_editor_schemas() -> None:
    schemas = file_schemas()
    for path in _example_files():
        folder = WORLD if WORLD in path.parents else CAMPAIGN
        kind = _kind_of(path.relative_to(folder).as_posix())
        assert kind is not None, path
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8"))))
        jsonschema.validate(data, schemas[schema_file_name(kind)])


def test_the_event_table_is_the_one_the_code_emits() -> None:
    script = _script()
    text = _text()
    rows = script.parse(script.current(text))
    table = event_table()
    missing = sorted(table.kinds - set(rows))
    assert not missing, f"event kinds missing from docs/pack-format.md: {missing}"
    gone = sorted(set(rows) - table.kinds)
    assert not gone, f"event kinds in docs/pack-format.md that nothing emits: {gone}"
    assert script.fresh_text(text) == text, (
        "the event table is stale: run .venv/bin/python scripts/event_kinds.py --write")
    undescribed = sorted(kind for kind, row in rows.items() if row[2] in ("", script.TODO))
    assert not undescribed, f"say what these events mean in the table: {undescribed}"


def test_every_function_a_pack_may_call_is_in_the_docs() -> None:
    section = _section("Expressions")
    missing = sorted(name for name in FUNCTIONS
                     if not re.search(rf"`{name}[`(]|(?<![a-z_]){name}\(", section))
    assert not missing, f"functions missing from the docs' tables: {missing}"
    marked = set(re.findall(r"`([a-z_]+)\([^`]*\)` †", section))
    refusing = {name for name, fn in FUNCTIONS.items() if fn.refuses}
    assert marked == refusing, (f"mark with † exactly the effects that may refuse: missing "
                                f"{sorted(refusing - marked)}, wrongly marked "
                                f"{sorted(marked - refusing)}")


def test_only_the_migration_note_speaks_of_the_old_names() -> None:
    text = _text()
    before = text[:text.index("\n## Packs written before worlds\n")]
    for name in _OLD_NAMES:
        assert name not in before, (f"'{name}' is gone from the engine; only the migration "
                                    f"note may name it")
    note = _section("Packs written before worlds")
    for name in _OLD_NAMES:
        assert name in note, f"the migration note says nothing of '{name}'"


def test_the_migration_note_quotes_what_check_says_to_an_old_pack(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["check", str(OLD.relative_to(ROOT))])
    assert result.exit_code == 1
    said = [line for line in result.output.splitlines() if line.strip()]
    note = _section("Packs written before worlds")
    quoted = re.search(r"```text\n\$ bonds check tests/packs/old_format\n(.*?)```", note, re.S)
    assert quoted is not None, "the migration note quotes no run of bonds check"
    assert quoted.group(1).splitlines() == said
    assert "see docs/pack-format.md, 'Packs written before worlds'" in result.output
