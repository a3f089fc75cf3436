"""Loading packs: the lighthouse pack compiles to the expected world; problems are collected,
all of them, each at its file:line:column, and a pack with any problem never half-loads."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.content.yaml_source import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    YamlProblem,
    read_yaml,
)
from bonds.engine import ContentError, World

from .conftest import LIGHTHOUSE

Maker = Callable[..., Path]


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_pack(root)
    return caught.value.problems


def test_the_lighthouse_pack_compiles_to_its_world(lighthouse: World) -> None:
    m = lighthouse.manifest
    assert (m.id, m.title, m.version, m.rating) == (
        "lighthouse", "The Lighthouse Keepers", "1.0.0", "General Audiences")
    assert m.content_notice == ("mild peril",)
    assert m.authors == ("the test suite",)
    assert m.characters == ("ada", "bo")
    assert m.start == "shore.arrive"
    assert m.acts == {1: "The Storm"}
    assert sorted(lighthouse.scenes) == ["end.dark", "end.safe", "shore.arrive", "tower.lamp"]
    assert sorted(lighthouse.endings) == ["dark_night", "safe_harbour"]
    assert lighthouse.endings["dark_night"].tone == "tragic"
    assert lighthouse.initial_values == {"day": 1, "hour": 8, "oil": 3, "lamp_lit": False}
    assert lighthouse.canon == ("shore.arrive/climb", "tower.lamp/light")
    assert [i.id for i in lighthouse.invariants] == ["oil_in_range"]
    assert sorted(lighthouse.data["characters"]) == ["ada", "bo"]
    assert lighthouse.data["reads"] == frozenset({"oil", "flag.lit"})
    assert {"oil", "lamp_lit", "flag.lit", "seen.tower.lamp"} <= lighthouse.data["writes"]


def test_scenes_compile_choices_checks_and_text(lighthouse: World) -> None:
    shore = lighthouse.scenes["shore.arrive"]
    assert (shore.act, shore.pov, shore.title) == (1, "ada", "The Shore")
    assert [c.action for c in shore.choices] == ["shore.arrive/climb", "shore.arrive/fetch_oil"]
    assert shore.text[0].when is None
    assert shore.text[1].when is not None
    assert shore.seen_key == "seen.shore.arrive"
    assert set(shore.choice_by_action) == {"shore.arrive/climb", "shore.arrive/fetch_oil"}
    light = lighthouse.scenes["tower.lamp"].choices[0]
    assert light.check is not None
    assert [m.why for m in light.check.modifiers] == ["plenty of oil"]
    assert [r.scene for r in light.check.success.goto] == ["end.safe"]
    assert [r.scene for r in light.check.failure.goto] == ["end.dark"]
    assert light.check.success.text == "The flame caught."
    assert lighthouse.scenes["end.safe"].ending == "safe_harbour"


def test_the_content_hash_is_stable_and_follows_every_byte(tmp_path: Path) -> None:
    first = load_pack(LIGHTHOUSE).content_hash
    assert load_pack(LIGHTHOUSE).content_hash == first
    copy = tmp_path / "elsewhere"
    shutil.copytree(LIGHTHOUSE, copy)
    assert load_pack(copy).content_hash == first  # where the pack lies does not matter
    endings = copy / "endings.yaml"
    endings.write_text(endings.read_text() + "\n")
    assert load_pack(copy).content_hash != first


def test_scenes_qualities_and_canon_may_be_split_into_folders(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text()
    first, second = storm.split("- id: end.safe")
    root = pack_copy({
        "scenes/storm.yaml": None,
        "scenes/act1/open.yaml": first,
        "scenes/act1/deeper/close.yml": "- id: end.safe" + second,
        "qualities.yaml": None,
        "qualities/oil.yaml": "- {id: oil, default: 3, min: 0, max: 5}\n",
        "qualities/lamp.yaml": "- {id: lamp_lit, type: bool, default: false}\n",
        "canon.yaml": None,
        "canon/1.yaml": "- shore.arrive/climb\n",
        "canon/2.yaml": "- tower.lamp/light\n",
    })
    world = load_pack(root)
    assert sorted(world.scenes) == sorted(load_pack(LIGHTHOUSE).scenes)
    assert world.initial_values == load_pack(LIGHTHOUSE).initial_values
    assert world.canon == ("shore.arrive/climb", "tower.lamp/light")


def test_yaml_anchors_and_merge_keys_are_read(pack_copy: Maker) -> None:
    root = pack_copy({"endings.yaml": (
        "- &base {id: safe_harbour, title: Safe, tone: quiet}\n"
        "- <<: *base\n  id: dark_night\n  title: Dark\n")})
    world = load_pack(root)
    assert world.endings["dark_night"].tone == "quiet"
    assert world.endings["dark_night"].title == "Dark"


def test_every_problem_in_every_file_is_reported_at_once(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text()
    root = pack_copy({
        "scenes/storm.yaml": storm.replace("pov: bo", "pov: cy").replace(
            'when: "oil < 5"', 'when: "oil < 5.5"'),
        "characters.yaml": (LIGHTHOUSE / "characters.yaml").read_text().replace(
            "chakra: 40", "chakra: lots"),
        "pack.yaml": (LIGHTHOUSE / "pack.yaml").read_text().replace("version: 1.0.0",
                                                              "version: one"),
    })
    problems = problems_of(root)
    assert any(p.startswith("scenes/storm.yaml:17:20: expected an integer, found 5.5")
               for p in problems), problems
    assert any(p.startswith("characters.yaml:3:") and "chakra" in p and "'lots'" in p
               for p in problems), problems
    assert any(p.startswith("pack.yaml:3:10: version:") and "'one'" in p
               for p in problems), problems


def test_an_unknown_pov_is_reported_where_it_is_named(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text().replace("pov: bo", "pov: cy")
    assert problems_of(pack_copy({"scenes/storm.yaml": storm})) == [
        "scenes/storm.yaml:22:8: expected a known character (ada, bo), found 'cy'"]


def test_a_broken_file_does_not_cause_false_unknown_ids_elsewhere(pack_copy: Maker) -> None:
    # The characters file is broken: scenes naming ada and bo must not be blamed for it.
    problems = problems_of(pack_copy({"characters.yaml": "characters: [\n"}))
    assert len(problems) == 1
    assert problems[0].startswith("characters.yaml:2:1: expected valid YAML")


def test_a_broken_scenes_file_does_not_blame_the_manifest_or_endings(
        pack_copy: Maker) -> None:
    problems = problems_of(pack_copy({"scenes/storm.yaml": "- id: [\n"}))
    assert len(problems) == 1
    assert problems[0].startswith("scenes/storm.yaml:")


def test_a_broken_qualities_file_does_not_make_every_name_unknown(pack_copy: Maker) -> None:
    problems = problems_of(pack_copy({"qualities.yaml": "- id: oil\n  default: [\n"}))
    assert len(problems) == 1
    assert problems[0].startswith("qualities.yaml:")


def test_a_quoted_expression_maps_its_columns_onto_the_file(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text().replace(
        'effects: ["oil += 1"]', 'effects: ["oil += gold"]')
    assert problems_of(pack_copy({"scenes/storm.yaml": storm})) == [
        "scenes/storm.yaml:18:25: expected a quality from qualities.yaml, "
        "found unknown name 'gold'"]


@pytest.mark.parametrize(
    ("path_kind", "message"),
    [("file", "expected a pack folder, found a file"),
     ("missing", "expected a pack folder, found nothing")],
)
def test_a_pack_path_that_is_not_a_folder(tmp_path: Path, path_kind: str,
                                          message: str) -> None:
    target = tmp_path / "pack"
    if path_kind == "file":
        target.write_text("id: x\n")
    problems = problems_of(target)
    assert problems == [f"{target}:1:1: {message}"]


def test_files_that_are_not_yaml_are_ignored(pack_copy: Maker) -> None:
    root = pack_copy({"README.md": "# notes\n", "scenes/draft.txt": "not yet\n"})
    assert load_pack(root).manifest.id == "lighthouse"


# -- reading YAML ------------------------------------------------------------------------

def read(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "f.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return read_yaml(path, "f.yaml")


def test_read_yaml_remembers_where_each_value_stood(tmp_path: Path) -> None:
    source = read(tmp_path, "a: 1\nb:\n  - x\n  - {c: 'quoted'}\n")
    assert source.data == {"a": 1, "b": ["x", {"c": "quoted"}]}  # type: ignore[attr-defined]
    assert source.where(("a",)) == (1, 4)  # type: ignore[attr-defined]
    assert source.where(("b", 1)) == (4, 5)  # type: ignore[attr-defined]
    assert source.where(("b", 1, "c")) == (4, 10)  # type: ignore[attr-defined]
    assert source.where(("b", 1, "c", "deeper")) == (4, 10)  # type: ignore[attr-defined]
    assert source.at(("b", 0), "here") == "f.yaml:3:5: here"  # type: ignore[attr-defined]


def test_a_byte_order_mark_and_windows_line_ends_are_fine(tmp_path: Path) -> None:
    source = read(tmp_path, b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert source.data == {"a": 1, "b": 2}  # type: ignore[attr-defined]
    assert source.where(("b",)) == (2, 4)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("a: [1, 2\n", 2, 1, "expected valid YAML"),
        ("a: 1\na: 2\n", 2, 1, "the key 'a' a second time"),
        ("? [1, 2]\n: x\n", 1, 3, "a key of type list"),
        ("a:\n\t- 1\n", 2, 1, "expected valid YAML"),
        ("a: *nowhere\n", 1, 4, "expected valid YAML"),
        ("a: !!python/object:os.system x\n", 1, 4, "expected valid YAML"),
        ("--- 1\n--- 2\n", 2, 1, "expected valid YAML"),
        (b"a: caf\xe9\n", 1, 7, "expected UTF-8 text, found byte 0xe9"),
        (b"a: 1\nb: \xff\xfe\n", 2, 4, "found byte 0xff"),
        ("a: &a [*a]\n", 1, 4, "nested more than"),
        ("[" * 5000 + "]" * 5000, 1, 1, "nested at most"),
    ],
    ids=["unclosed", "duplicate_key", "list_key", "tab", "unknown_alias", "python_tag",
         "two_documents", "latin1", "bad_bytes", "alias_in_itself", "deep"],
)
def test_unreadable_yaml_is_a_problem_with_a_place(tmp_path: Path, text: str | bytes,
                                                   line: int, column: int,
                                                   message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        read(tmp_path, text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in caught.value.message


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['l0: &l0 ["x","x","x","x","x","x","x","x","x"]']
    lines += [f"l{i}: &l{i} [" + ",".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 10)]
    with pytest.raises(YamlProblem) as caught:
        read(tmp_path, "\n".join(lines) + "\n")
    assert f"more than {MAX_VALUES:,} values" in caught.value.message


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    with pytest.raises(YamlProblem) as caught:
        read(tmp_path, "a: 1\n" + "#" * MAX_FILE_BYTES)
    assert (caught.value.line, caught.value.column) == (1, 1)
    assert caught.value.message == (f"expected a file under {MAX_FILE_BYTES:,} bytes, found "
                                    f"{MAX_FILE_BYTES + 5:,} bytes")


def test_nesting_within_the_limit_reads(tmp_path: Path) -> None:
    text = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)
    data = read(tmp_path, text).data  # type: ignore[attr-defined]
    depth = 0
    while isinstance(data, list):
        depth += 1
        data = data[0] if data else None
    assert depth == MAX_DEPTH - 1


def test_an_empty_file_reads_as_nothing(tmp_path: Path) -> None:
    assert read(tmp_path, "").data is None  # type: ignore[attr-defined]
    assert read(tmp_path, "# only a comment\n").data is None  # type: ignore[attr-defined]


# -- every problem at once, with a way out ----------------------------------------------

def test_a_broken_entry_hides_no_problem_of_the_rest(pack_copy: Maker) -> None:
    """One quality's bad default, a scene's bad field: the rest of both files is still read,
    so a scene's unknown name and a misspelt goto are reported in the same run."""
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text()
    storm = storm.replace('effects: ["oil += 1"]', 'effects: ["oil += gold"]').replace(
        "pov: bo", "pov: bo\n  mood: grim")
    root = pack_copy({"scenes/storm.yaml": storm,
                      "qualities.yaml": "- {id: oil, default: three}\n"
                                        "- {id: lamp_lit, type: bool, default: false}\n"})
    problems = problems_of(root)
    assert any(p.startswith("qualities.yaml:1:22: 0.default: expected a whole number")
               and "found 'three'" in p for p in problems), problems
    assert any("unknown field 'mood'" in p for p in problems), problems
    assert any(p.startswith("scenes/storm.yaml:18:25:") and "unknown name 'gold'" in p
               for p in problems), problems
    assert len(problems) == 3, problems


def test_an_entry_left_out_keeps_the_places_of_those_after_it(pack_copy: Maker) -> None:
    """A scene that cannot be mended (its id is malformed) is left out; the scenes after it
    keep their lines, and a goto to the one left out is not blamed on the goto."""
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text()
    broken = "- id: Broken.One\n  act: -3\n  text: [x]\n  goto: shore.arrive\n"
    root = pack_copy({"scenes/storm.yaml": broken + storm.replace("pov: bo", "pov: cy"),
                      "scenes/more.yaml": "- id: more\n  goto: broken.one\n"})
    assert problems_of(root) == [
        "scenes/storm.yaml:1:7: 0.id: expected a scene id: ids of lowercase letters, digits "
        "and underscores joined by dots (e.g. 'camp.fire'), found 'Broken.One' (write "
        "'broken.one')",
        "scenes/storm.yaml:2:8: 0.act: expected greater than or equal to 0, found -3",
        "scenes/storm.yaml:26:8: expected a known character (ada, bo), found 'cy'"]


def test_warnings_come_with_the_problems(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text().replace(
        'effects: ["oil += 1"]', 'effects: ["oil += gold"]')
    extra = "- id: nowhere\n  text: [Nobody comes.]\n  goto: end.dark\n"
    with pytest.raises(ContentError) as caught:
        load_pack(pack_copy({"scenes/storm.yaml": storm + extra}))
    assert len(caught.value.problems) == 1
    assert any("scene 'nowhere' can never be opened" in w for w in caught.value.warnings)


@pytest.mark.parametrize(("file", "text", "expected"), [
    ("pack.yaml", "id: Lighthouse\n", "id: expected an id: lowercase letters, digits and "
                                       "underscores, starting with a letter (e.g. 'ann'), "
                                       "found 'Lighthouse' (write 'lighthouse')"),
    ("pack.yaml", "version: one\n", "version: expected a version such as 1.0.0, found 'one'"),
    ("pack.yaml", "start: Shore.Arrive\n", "(write 'shore.arrive')"),
    ("pack.yaml", "titel: x\n", "unknown field 'titel' (did you mean 'title'?)"),
    ("pack.yaml", "sumary: x\n", "(did you mean 'summary'?)"),
    ("endings.yaml", None, "tone: expected one of triumphant, bittersweet, tragic, quiet, "
                           "found 'tragik' (did you mean 'tragic'?)"),
    ("qualities.yaml", "- {id: oil, type: integer, default: 3}\n",
     "type: expected one of int, bool, str, found 'integer' (did you mean 'int'?)"),
    ("qualities.yaml", "- {id: oil, default: twelve}\n",
     "default: expected a whole number for a quality of type int, found 'twelve' (write a "
     "number, or say 'type: str' for text)"),
])
def test_schema_errors_say_what_was_meant(pack_copy: Maker, file: str, text: str | None,
                                          expected: str) -> None:
    original = (LIGHTHOUSE / file).read_text()
    if file == "pack.yaml":
        key = text.split(":")[0] if text else ""
        lines = [line for line in original.splitlines() if not line.startswith(key + ":")]
        changed = "\n".join(lines) + "\n" + text
        if key in ("titel", "sumary"):
            changed = original + text
    elif file == "endings.yaml":
        changed = original.replace("tone: tragic", "tone: tragik")
    else:
        changed = text + "- {id: lamp_lit, type: bool, default: false}\n"
    problems = problems_of(pack_copy({file: changed}))
    assert any(expected in p for p in problems), problems
    assert not any("found a mapping" in p or "should match pattern" in p for p in problems)


def test_a_value_one_of_several_forms_is_one_problem(pack_copy: Maker) -> None:
    storm = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text().replace(
        "text:\n", "text:\n    - 42\n", 1)
    problems = problems_of(pack_copy({"scenes/storm.yaml": storm}))
    assert len([p for p in problems if "found 42" in p]) == 1, problems


@pytest.mark.parametrize(("text", "hint"), [
    ("a:\n\t- 1\n", "YAML indents with spaces, not tabs"),
    ("label: Wait: listen\n", "text holding ': ' must be quoted"),
    ("text: [He had {coins} coins.]\n", "text holding {, }, [ or ] must be quoted"),
])
def test_yaml_traps_get_a_way_out(tmp_path: Path, text: str, hint: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        read(tmp_path, text)
    assert hint in caught.value.message


def test_the_fast_and_the_plain_parser_read_alike(tmp_path: Path, monkeypatch) -> None:
    from bonds.content import yaml_source

    text = (LIGHTHOUSE / "scenes" / "storm.yaml").read_text() + "- {id: 'q', text: \"x\"}\n"
    fast = read(tmp_path, text)
    monkeypatch.setattr(yaml_source, "_FAST", None)
    plain = read(tmp_path, text)
    assert fast.data == plain.data  # type: ignore[attr-defined]
    assert fast.positions == plain.positions  # type: ignore[attr-defined]
