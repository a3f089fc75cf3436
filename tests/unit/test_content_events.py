"""The event kinds and fields read from the code that emits them (:mod:`bonds.content._events`),
against what the storyteller's own generic lines use: every kind it tells is found, and every
blank and condition of its lines is a field the check accepts."""

from __future__ import annotations

import re

import pytest

from bonds.content._events import event_table
from bonds.narration.generic import GENERIC, GENERIC_REPEATS, UNTOLD

FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.[A-Za-z]+)?\}")


def test_every_kind_the_storyteller_knows_is_emitted_somewhere() -> None:
    kinds = event_table().kinds
    assert set(GENERIC) | set(UNTOLD) <= kinds
    assert {"scene_entered", "choice_made", "roll", "value_changed"} <= kinds


def test_a_kind_built_from_a_pattern_is_found_from_its_callers() -> None:
    table = event_table()
    assert {"infamy_changed", "attention_changed"} <= table.kinds
    assert table.has_field("infamy_changed", "reason")
    assert table.has_field("infamy_changed", "region")  # passed as **{field: who}


def test_fields_the_storyteller_derives_are_accepted() -> None:
    table = event_table()
    assert table.has_field("time_passed", "hours_span")
    assert table.has_field("time_passed", "hours_word")
    assert table.has_field("bond_changed", "direction")
    assert table.has_field("debriefed", "news")
    assert not table.has_field("flag_changed", "flg")
    assert table.known_fields("flag_changed") == ["flag", "value"]


@pytest.mark.parametrize("kind", sorted(set(GENERIC) | set(GENERIC_REPEATS)))
def test_every_generic_line_passes_the_check_a_pack_line_gets(kind: str) -> None:
    table = event_table()
    extra = {"more", "count", "once"}
    for template in [*GENERIC.get(kind, ()), *GENERIC_REPEATS.get(kind, ())]:
        for name in FIELD.findall(template.text):
            assert name in extra or table.has_field(kind, name), (kind, name)
        for key, _ in template.when:
            assert key in extra or table.has_field(kind, key), (kind, key)
