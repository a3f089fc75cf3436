"""The pack expression language: every allowed form computes exactly; every other form is a
compile (load) error, never evaluated."""

from __future__ import annotations

import re
from typing import Any

import pytest

from bonds.content.expressions import (
    MAX_DEPTH,
    CompileEnv,
    CompileError,
    QualitySpec,
    cannot_fault,
    compile_condition,
    compile_effect,
)
from bonds.engine import ContentFault, Ctx
from bonds.engine.world import World


def _env() -> CompileEnv:
    return CompileEnv(
        qualities={
            "coins": QualitySpec("int", 2, 0, 10),
            "debt": QualitySpec("int", 0),
            "lit": QualitySpec("bool", False),
            "name": QualitySpec("str", "ann"),
            "day": QualitySpec("int", 1, 1, 10_000),
        },
        ids={"scene": {"a.start", "a.end"}},
    )


def _ctx(**values: Any) -> Ctx:
    world = World(manifest=None, scenes={}, endings={}, initial_values={},  # type: ignore[arg-type]
                  content_hash="")
    return Ctx(world, dict(values), 0, "a.start")


def value(source: str | int | bool, **values: Any) -> Any:
    return compile_condition(source, _env())(_ctx(**values))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("12", 12), ("-3", -3), ("+4", 4), ("'text'", "text"), ('"text"', "text"),
        ("true", True), ("false", False), ("True", True), ("False", False),
        ("2 + 3 * 4", 14), ("(2 + 3) * 4", 20), ("10 - 4 - 3", 3),
        ("7 // 2", 3), ("-7 // 2", -4), ("7 % 3", 1), ("-7 % 3", 2),
        ("coins", 2), ("coins * 10", 20), ("debt - coins", -2), ("day", 1),
        ("coins == 2", True), ("coins != 2", False), ("coins < 3", True),
        ("coins <= 1", False), ("coins > 1", True), ("coins >= 3", False),
        ("1 < coins < 3", True), ("1 < coins < 2", False), ("3 > coins > 2", False),
        ("coins in [1, 2, 3]", True), ("coins not in [1, 2, 3]", False),
        ("coins in (5, 6)", False), ("name in ['ann', 'bo']", True),
        ("name == 'ann'", True), ("'a' + 'b'", "ab"),
        ("true and not false", True), ("coins > 1 and lit", False),
        ("coins > 5 or not lit", True), ("not coins", False), ("not debt", True),
        ("0 or 5", True), ("3 and 5", True), ("0 and 5", False),
        ("10 if lit else 20", 20), ("10 if coins else 20", 10),
        ("min(coins, 1)", 1), ("max(coins, 7)", 7), ("abs(-4)", 4), ("abs(debt - coins)", 2),
        ("min(max(coins, 5), 6) + 1", 6),
        ("flag('door')", False), ("visited('a.end')", False),
        ("[1, coins]", (1, 2)),
        ("  coins  ", 2),
    ],
)
def test_allowed_forms_compute_exactly(source: str, expected: Any) -> None:
    result = value(source)
    assert result == expected
    assert type(result) is type(expected)


def test_names_read_the_current_value_or_the_declared_default() -> None:
    assert value("coins") == 2
    assert value("coins", coins=9) == 9
    assert value("lit", lit=True) is True
    assert value("flag('door')", **{"flag.door": True}) is True
    assert value("visited('a.end')", **{"seen.a.end": 2}) is True


def test_literal_conditions_need_no_parsing() -> None:
    assert value(7) == 7
    assert value(True) is True
    assert value(0) == 0


def test_and_or_stop_early() -> None:
    # The right side would call a function with a wrong id; short-circuiting never does.
    assert value("debt != 0 and abs(debt) > 1") is False
    assert value("debt == 0 or visited(name)") is True


def test_division_only_by_what_cannot_be_zero() -> None:
    assert value("coins // 2") == 1
    assert value("coins % -3") == -1
    assert value("10 // day") == 10  # day's declared bounds (1-10,000) leave 0 out
    for source in ("coins // debt", "coins % 0", "coins // coins", "10 // (debt + 1)"):
        with pytest.raises(CompileError, match="expected a divisor of"):
            compile_condition(source, _env())


def test_a_divisor_out_of_its_declared_bounds_at_run_time_is_a_fault_not_a_crash() -> None:
    # Only a value set from outside the pack (a test, a --set) can stand outside its bounds.
    with pytest.raises(ContentFault, match="divided by zero"):
        value("10 // day", day=0)
    with pytest.raises(ContentFault, match="divided by zero"):
        run_effect("coins //= day", day=0)


def test_compiling_records_what_is_read_and_written() -> None:
    env = _env()
    compile_condition("coins > 1 and flag('door')", env)
    compile_effect("set_flag('gate')", env)
    compile_effect("debt += 1", env)
    assert env.reads == {"coins", "flag.door"}
    assert env.writes == {"flag.gate", "debt"}


# -- effects -----------------------------------------------------------------------------

def run_effect(source: str, **values: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    ctx = _ctx(**values)
    compile_effect(source, _env())(ctx)
    return ctx.values, [e.to_json() for e in ctx.events]


@pytest.mark.parametrize(
    ("source", "start", "key", "new"),
    [
        ("coins = 5", {}, "coins", 5),
        ("coins += 3", {}, "coins", 5),
        ("coins -= 1", {"coins": 4}, "coins", 3),
        ("coins *= 3", {}, "coins", 6),
        ("coins //= 2", {"coins": 7}, "coins", 3),
        ("coins %= 2", {"coins": 7}, "coins", 1),
        ("coins = coins * 2 + 1", {"coins": 3}, "coins", 7),
        ("coins = min(coins, 1)", {}, "coins", 1),
        ("lit = true", {}, "lit", True),
        ("lit = 1", {}, "lit", True),
        ("lit = coins > 1", {}, "lit", True),
        ("name = 'bo'", {}, "name", "bo"),
        ("debt = -40", {}, "debt", -40),
    ],
)
def test_assignments_set_the_value_and_say_so(source: str, start: dict[str, Any], key: str,
                                              new: Any) -> None:
    defaults = {"coins": 2, "lit": False, "name": "ann", "debt": 0}
    values, events = run_effect(source, **start)
    assert values[key] == new
    old = start.get(key, defaults[key])
    assert events == [{"kind": "value_changed", "key": key, "old": old, "new": new}]


@pytest.mark.parametrize(
    ("source", "start", "new"),
    [("coins = 50", {}, 10), ("coins += 100", {}, 10), ("coins -= 9", {}, 0),
     ("coins = -1", {"coins": 4}, 0)],
)
def test_int_writes_are_clamped_to_the_declared_range(source: str, start: dict[str, Any],
                                                      new: int) -> None:
    values, _ = run_effect(source, **start)
    assert values["coins"] == new


def test_a_write_that_changes_nothing_emits_nothing() -> None:
    values, events = run_effect("coins = 2")
    assert events == []
    assert "coins" not in values
    values, events = run_effect("coins += 5", coins=10)
    assert events == []


def test_effect_calls_change_the_world_through_events() -> None:
    values, events = run_effect("set_flag('door')")
    assert values == {"flag.door": True}
    assert events == [{"kind": "flag_changed", "flag": "door", "value": True}]
    values, events = run_effect("set_flag('door')", **{"flag.door": True})
    assert events == []
    values, events = run_effect("clear_flag('door')", **{"flag.door": True})
    assert values == {"flag.door": False}
    assert events == [{"kind": "flag_changed", "flag": "door", "value": False}]


def test_a_conditional_effect_runs_one_side() -> None:
    values, _ = run_effect("set_flag('rich') if coins > 5 else set_flag('poor')")
    assert values == {"flag.poor": True}
    values, events = run_effect("set_flag('rich') if coins > 5 else None")
    assert (values, events) == ({}, [])


@pytest.mark.parametrize(
    ("source", "message"),
    [("name = coins", "expected text for 'name', found a whole number (coins)"),
     ("coins = name", "expected a whole number for 'coins', found text (name)"),
     ("coins = coins > 1", "expected a whole number for 'coins', found true or false")],
)
def test_a_wrongly_typed_computed_write_is_a_load_error(source: str, message: str) -> None:
    with pytest.raises(CompileError, match=re.escape(message)):
        compile_effect(source, _env())


# -- what is not allowed -----------------------------------------------------------------

FORBIDDEN_CONDITIONS = {
    "__import__('os')": "dunder names",
    "__import__('os').system('true')": "attribute access",
    "__builtins__": "dunder names",
    "__class__ == 1": "dunder names",
    "coins.real > 0": "attribute access",
    "'x'.upper() == 'X'": "attribute access",
    "coins[0]": "a subscript",
    "[1, 2][0:1]": "a subscript",
    "lambda: 1": "a lambda",
    "(lambda: 1)() > 0": "a lambda",
    "[c for c in [1, 2]]": "a comprehension",
    "{c for c in [1, 2]}": "a comprehension",
    "{c: 1 for c in [1, 2]}": "a comprehension",
    "max((c for c in [1, 2]), 1)": "a comprehension",
    "eval('1')": "unknown function 'eval'",
    "exec('x = 1')": "unknown function 'exec'",
    "open('/etc/passwd')": "unknown function 'open'",
    "getattr(coins, 'real')": "unknown function 'getattr'",
    "explode(1)": "unknown function 'explode'",
    "set_flag('x')": "'set_flag' changes the world and cannot be used in a condition",
    "coins > 1.5": "expected an integer, found 1.5",
    "2.0": "expected an integer, found 2.0",
    "coins / 2": "'/' (use '//' for whole-number division)",
    "coins ** 2": "is not allowed in pack expressions",
    "coins << 1": "is not allowed in pack expressions",
    "coins & 1": "is not allowed in pack expressions",
    "coins | 1": "is not allowed in pack expressions",
    "~coins": "is not allowed in pack expressions",
    "coins is 1": "'is' comparisons are not allowed",
    "coins is not None": "'is' comparisons are not allowed",
    "None": "found None",
    "b'x'": "found b'x'",
    "...": "found Ellipsis",
    "1j": "found 1j",
    "f'{coins}'": "an f-string",
    "{'a': 1}": "a dictionary",
    "{1, 2}": "a set",
    "(n := 1)": "an assignment expression",
    "max(*[1, 2], 3)": "a star argument",
    "min(a=1, b=2)": "keyword arguments are not allowed",
    "min(1)": "'min' expected 2 arguments, found 1",
    "abs(1, 2)": "'abs' expected 1 argument, found 2",
    "visited('a.nowhere')": "'visited' expected a scene (a.end, a.start), found 'a.nowhere'",
    "gold > 1": "found unknown name 'gold'",
    "coins >": "syntax error",
    "coins = 1": "syntax error",
    "await coins": "await",
    "yield coins": "syntax error",
}


@pytest.mark.parametrize(("source", "message"), list(FORBIDDEN_CONDITIONS.items()))
def test_forbidden_conditions_are_compile_errors(source: str, message: str) -> None:
    with pytest.raises(CompileError) as caught:
        compile_condition(source, _env())
    assert message in str(caught.value)


FORBIDDEN_EFFECTS = {
    "__import__('os')": "dunder names",
    "__x = 1": "dunder names",
    "coins > 1": "expected an assignment or a call to an effect function",
    "coins": "expected an assignment or a call to an effect function",
    "coins = 1; coins = 2": "expected one statement per effect, found 2",
    "import os": "Import statements are not allowed",
    "from os import system": "ImportFrom statements are not allowed",
    "del coins": "Delete statements are not allowed",
    "for c in [1]: coins = c": "For statements are not allowed",
    "if lit: coins = 1": "If statements are not allowed",
    "while lit: coins = 1": "While statements are not allowed",
    "def f(): pass": "FunctionDef statements are not allowed",
    "class A: pass": "ClassDef statements are not allowed",
    "global coins": "Global statements are not allowed",
    "coins: int = 1": "AnnAssign statements are not allowed",
    "coins.real = 1": "expected an assignment to one quality name",
    "coins[0] = 1": "expected an assignment to one quality name",
    "coins = debt = 1": "expected an assignment to one quality name",
    "coins, debt = 1, 2": "expected an assignment to one quality name",
    "gold = 1": "found unknown name 'gold'",
    "lit += 1": "only += and -= style updates of int qualities",
    "coins **= 2": "only += and -= style updates of int qualities",
    "coins = 'rich'": "expected a whole number for 'coins', found 'rich'",
    "coins = true": "expected a whole number for 'coins', found true",
    "coins += 'x'": "expected a whole number for 'coins', found 'x'",
    "name = 3": "expected text for 'name', found 3",
    "lit = 'yes'": "expected true or false for 'lit', found 'yes'",
    "coins = 1.5": "expected an integer, found 1.5",
    "coins = coins / 2": "'/' (use '//' for whole-number division)",
    "coins = coins.real": "attribute access",
    "explode()": "unknown function 'explode'",
    "set_flag('a') if lit else coins": "expected an effect call (or None) on each side",
    "exec('coins = 1')": "unknown function 'exec'",
}


@pytest.mark.parametrize(("source", "message"), list(FORBIDDEN_EFFECTS.items()))
def test_forbidden_effects_are_compile_errors(source: str, message: str) -> None:
    with pytest.raises(CompileError) as caught:
        compile_effect(source, _env())
    assert message in str(caught.value)


@pytest.mark.parametrize("source", [1, True, None, ["coins"], {"a": 1}])
def test_an_effect_must_be_text(source: Any) -> None:
    with pytest.raises(CompileError, match="expected an expression, found"):
        compile_effect(source, _env())


@pytest.mark.parametrize(
    "source",
    ["-" * 1999 + "1", "1+" * 999 + "1", "not " * 400 + "true", "(" * 300 + "1" + ")" * 300,
     "min(1, " * 150 + "1" + ")" * 150],
)
def test_pathological_nesting_is_an_error_not_a_crash(source: str) -> None:
    with pytest.raises(CompileError):
        compile_condition(source, _env())


def test_nesting_up_to_the_limit_is_fine() -> None:
    depth_40 = "-" * 40 + "1"
    assert value(depth_40) == 1
    assert MAX_DEPTH >= 64


def test_an_over_long_expression_is_refused() -> None:
    assert value("1 + 1" + " " * 1995) == 2
    with pytest.raises(CompileError, match="under 2,000 characters, found 2,001"):
        compile_condition("1 + 1" + " " * 1996, _env())


@pytest.mark.parametrize(
    ("source", "line", "column"),
    [("coins + gold", 1, 9), ("__import__('os')", 1, 1), ("coins >", 1, 8),
     ("(coins > 1 and\n flag(3, 4))", 2, 2)],
)
def test_errors_point_at_their_place_in_the_text(source: str, line: int, column: int) -> None:
    with pytest.raises(CompileError) as caught:
        compile_condition(source, _env())
    assert (caught.value.line, caught.value.column) == (line, column)


def test_text_that_looks_like_code_is_only_text() -> None:
    assert value("'__import__(\"os\")'") == '__import__("os")'
    assert value("name == 'coins.real'") is False


@pytest.mark.parametrize("source,expected", [
    (None, True),
    (True, True),
    ("lit", True),
    ("not lit and coins >= 2", True),
    ("flag('x') or visited('a.start')", True),
    ("suspicion('konoha') >= 50 and trust('ann', 'bo') < 40", True),
    ("coins // debt > 1", False),            # a division by zero
    ("coins + 1 > 2", False),                # arithmetic is left to be evaluated
    ("hurt('ann') > 0", False),              # a query that does not say it never raises
    ("stage('ann', 'bo') in ['trust', 'real']", False),
    ("flag(name)", False),                   # a computed argument
])
def test_a_condition_cannot_fault_only_when_every_part_is_known_not_to(
        source: Any, expected: bool) -> None:
    assert cannot_fault(source) is expected
