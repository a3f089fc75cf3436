"""`bonds check` on a corpus of broken packs: exit 1, every problem at its file:line, no traceback.

Each folder under ``broken/`` is a small pack with one kind of fault (a few have several)
and an ``expected.txt``: one substring per line that the command's output must contain.
A line ``N problem(s) in`` (or ``N problem(s) and M warning(s) in``) pins the exact counts,
so no false follow-on errors creep in; warnings are told beside the problems, each line
``warning: file:line:column: ...``. ``huge_file`` is padded past the size limit in a
temporary copy, not committed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content.yaml_source import MAX_FILE_BYTES

BROKEN = Path(__file__).resolve().parent / "broken"
CASES = sorted(p.name for p in BROKEN.iterdir() if (p / "expected.txt").is_file())
BONDS = Path(sys.executable).with_name("bonds")
PROBLEM_LINE = re.compile(r"^(warning: )?[\w./-]+\.ya?ml:\d+:\d+: \S")
"""How every reported problem (and warning) starts: ``file:line:column: message``."""
SUMMARY = re.compile(r"^(\d+) problem\(s\)(?: and (\d+) warning\(s\))? in (.+)$")


def expected(case: str) -> list[str]:
    return [line for line in (BROKEN / case / "expected.txt").read_text().splitlines() if line]


def pack_path(case: str, tmp_path: Path) -> Path:
    """The case's folder, or for ``huge_file`` a copy whose scene file is padded too large."""
    if case != "huge_file":
        return BROKEN / case
    copy = tmp_path / case
    shutil.copytree(BROKEN / case, copy)
    scenes = copy / "scenes" / "a.yaml"
    with scenes.open("a", encoding="utf-8") as f:
        f.write(("# padding to make the file too large to read\n" * 50_000)[:MAX_FILE_BYTES])
    return copy


def test_the_corpus_covers_the_required_kinds_of_fault() -> None:
    required = {
        "yaml_syntax", "missing_field", "wrong_type", "unknown_scene", "unknown_character",
        "unknown_ending", "duplicate_scene_id", "duplicate_choice_id", "bad_expression_syntax",
        "import_os", "attribute_access", "dunder_name", "unknown_function",
        "effect_in_condition", "huge_file", "non_utf8", "empty_pack", "missing_manifest",
        "empty_manifest", "unknown_file", "goto_last_branch_condition", "choice_without_goto",
        "canon_unknown_choice", "ending_without_scene", "ending_unreachable", "unknown_field",
    }
    assert required <= set(CASES)
    assert len(CASES) >= 22


WORKBENCH = {
    # typed expressions
    "type_text_compared_with_number", "type_text_equals_number", "type_text_plus_number",
    "type_argument_of_wrong_type", "type_truth_into_number", "type_branches_disagree",
    "type_chance_in_condition", "type_modifier_not_a_number", "type_text_into_truth",
    # memory bombs and runaway numbers
    "memory_bomb_text_repeated", "memory_bomb_text_times_quality", "memory_bomb_power",
    "number_past_the_engine_limit",
    # division
    "division_by_a_quality_that_may_be_zero", "division_by_zero", "augmented_division_by_zero",
    "augmented_modulo_by_a_quality", "division_by_an_expression",
    # habits from other languages, YAML traps, schema messages
    "condition_single_equals", "condition_double_ampersand", "condition_double_pipe",
    "condition_exclamation_not", "yaml_tab_indent", "yaml_unquoted_colon",
    "yaml_braces_in_a_flow_list", "default_word_for_a_number", "capitalised_character_id",
    "capitalised_scene_id", "misspelt_field", "misspelt_quality_type",
    "bounds_on_a_text_quality",
    # near misses
    "goto_near_miss_lists_the_nearest", "unknown_quality_near_miss",
    "unknown_function_near_miss", "unknown_character_argument_near_miss", "pov_near_miss",
    "canon_near_miss", "technique_near_miss", "resource_near_miss",
    # silent no-ops that are errors now
    "goto_beside_choices", "narration_unknown_event_kind", "narration_unknown_template_field",
    "narration_unknown_condition_key", "narration_unknown_silent_kind", "prose_unknown_field",
    # every error at once
    "broken_qualities_hide_nothing", "warnings_beside_errors", "errors_in_every_file",
}
"""The cases of issue 14 (the author's workbench): at least 30 beyond the first corpus."""


def test_the_workbench_cases_are_all_there() -> None:
    assert set(CASES) >= WORKBENCH
    assert len(WORKBENCH) >= 30


def test_one_run_tells_the_problems_of_every_file_and_the_warnings() -> None:
    """A pack with faults in seven files and a warning: one run of ``bonds check`` reports
    them all, however early one file fails."""
    result = CliRunner().invoke(app, ["check", str(BROKEN / "errors_in_every_file")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    files = {line.split(":", 1)[0] for line in lines if PROBLEM_LINE.match(line)
             and not line.startswith("warning: ")}
    assert {"pack.yaml", "qualities.yaml", "characters.yaml", "endings.yaml", "canon.yaml",
            "narration.yaml", "scenes/a.yaml"} <= files
    assert any(line.startswith("warning: scenes/a.yaml:") for line in lines)
    assert sum("did you mean" in line for line in lines) >= 6


def test_the_empty_pack_holds_no_yaml_at_all() -> None:
    assert [p.name for p in (BROKEN / "empty_pack").iterdir()] == ["expected.txt"]


@pytest.mark.parametrize("case", CASES)
def test_bonds_check_reports_the_fault_at_its_place(case: str, tmp_path: Path) -> None:
    root = pack_path(case, tmp_path)
    result = CliRunner().invoke(app, ["check", str(root)])
    output = result.output
    assert result.exit_code == 1, output
    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in output
    for part in expected(case):
        assert part in output, f"{part!r} missing from:\n{output}"
    lines = [line for line in output.splitlines() if line]
    summary = SUMMARY.match(lines[-1])
    assert summary is not None and summary.group(3) == str(root), lines[-1]
    for line in lines[:-1]:
        assert PROBLEM_LINE.match(line), f"not a file:line:column problem: {line!r}"
    warnings = [line for line in lines[:-1] if line.startswith("warning: ")]
    problems = [line for line in lines[:-1] if not line.startswith("warning: ")]
    assert problems, output
    assert int(summary.group(1)) == len(problems)
    assert int(summary.group(2) or 0) == len(warnings)


@pytest.mark.parametrize("case", [c for c in CASES if c != "alias_bomb"])  # slow, and above
def test_no_case_loads_half_way(case: str, tmp_path: Path) -> None:
    from bonds.content import load_pack
    from bonds.engine import ContentError

    with pytest.raises(ContentError) as caught:
        load_pack(pack_path(case, tmp_path))
    assert caught.value.problems


SUBPROCESS_CASES = ["yaml_syntax", "non_utf8", "huge_file", "many_problems"]


def test_the_installed_command_behaves_the_same(tmp_path: Path) -> None:
    """The real console script, all cases at once: stderr has the problems, stdout nothing."""
    assert BONDS.exists(), BONDS
    procs = {case: subprocess.Popen([str(BONDS), "check", str(pack_path(case, tmp_path))],
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for case in SUBPROCESS_CASES}
    for case, proc in procs.items():
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 1, (case, out, err)
        assert out == ""
        assert "Traceback" not in err
        for part in expected(case):
            assert part in err, (case, part, err)


def test_the_intact_base_of_the_corpus_is_clean(tmp_path: Path) -> None:
    """The corpus packs differ from a clean pack only by their fault: this one is whole."""
    root = tmp_path / "clean"
    shutil.copytree(BROKEN / "unknown_quality", root)
    scenes = root / "scenes" / "a.yaml"
    scenes.write_text(scenes.read_text().replace("gold > 1", "coins > 1"))
    result = CliRunner().invoke(app, ["check", str(root)])
    assert result.exit_code == 0, result.output
    assert "broken 1.0.0: 2 scenes, 1 endings, no problems" in result.output
