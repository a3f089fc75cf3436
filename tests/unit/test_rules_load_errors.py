"""Bad system data is a load error at its file and line, never a half-loaded game."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import ContentError

from .rules_pack import CHARACTERS, TECHNIQUES, make_rules_pack


def problems(root: Path) -> list[str]:
    with pytest.raises(ContentError) as err:
        load_pack(root)
    return err.value.problems


def test_a_technique_with_a_negative_cost(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path, {"techniques.yaml": TECHNIQUES.replace(
        "name: Call the Hound, cost: 12", "name: Call the Hound, cost: -12")})
    assert problems(root) == [
        "techniques.yaml:13:45: techniques.6.cost: expected greater than or equal to 0, "
        "found -12"]


def test_an_injury_kind_that_does_not_exist(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path, {
        "techniques.yaml": TECHNIQUES.replace("inflicts: {injury: cut, step: shallow}",
                                              "inflicts: {injury: gash, step: shallow}"
                                              ).replace("{injury: burn, step: red}",
                                                        "{injury: burn, step: charred}"),
        "characters.yaml": CHARACTERS.replace("immune: [fever]", "immune: [plague, cut]")})
    assert problems(root) == [
        "characters.yaml:4:107: expected a poison injury kind (fever), found 'plague'",
        "characters.yaml:4:115: expected a poison injury kind (fever), found 'cut'",
        "techniques.yaml:11:78: expected an injury kind (cut, bruise, burn, fever), "
        "found 'gash'",
        "techniques.yaml:12:96: expected a step of burn (blistered, red), found 'charred'"]


def test_a_technique_nobody_declared_and_misplaced_fields(tmp_path: Path) -> None:
    root = make_rules_pack(tmp_path, {
        "characters.yaml": CHARACTERS.replace("techniques: [mend, twin_beam, signs]",
                                              "techniques: [mend, fireball]"),
        "techniques.yaml": TECHNIQUES.replace(
            "{id: mend, name: Mending Touch, cost: 5,",
            "{id: mend, name: Mending Touch, cost: 5, min_coordination: 10, needs: [partner],")})
    assert problems(root) == [
        "techniques.yaml:8:75: expected 'partner' only on a combined technique, found it on "
        "'mend'",
        "techniques.yaml:8:64: expected min_coordination only on a combined technique or a "
        "signal, found it on 'mend'",
        "characters.yaml:3:114: expected a technique (hound, lamp_sense, mend, scroll_seal, "
        "signs, snare_craft, tide_lift, twin_beam), found 'fireball'"]
