"""The type check of pack expressions (:mod:`bonds.content._types`), the bounds of qualities,
the hints for habits from other languages, and the declared return type of every function."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from bonds.content.expressions import (
    INT_LIMIT,
    TEXT_LIMIT,
    CompileEnv,
    CompileError,
    QualitySpec,
    compile_condition,
    compile_effect,
)
from bonds.engine import ContentFault, Ctx
from bonds.engine.world import World
from bonds.rules import FUNCTIONS
from bonds.rules._registry import RETURN_TYPES


def _env() -> CompileEnv:
    return CompileEnv(
        qualities={
            "coins": QualitySpec("int", 2, 0, 10),
            "debt": QualitySpec("int", 0),
            "turns": QualitySpec("int", 1, 1, 9),
            "below": QualitySpec("int", -1, -5, -1),
            "lit": QualitySpec("bool", False),
            "story": QualitySpec("str", ""),
            "motto": QualitySpec("str", "", max_length=4),
            "mood": QualitySpec("any", 0),
        },
        ids={"character": {"ann", "bo"}, "scene": {"a.start", "a.end"}},
    )


def _ctx(**values: Any) -> Ctx:
    world = World(manifest=None, scenes={}, endings={}, initial_values={},  # type: ignore[arg-type]
                  content_hash="")
    return Ctx(world, dict(values), 0, "a.start")


def _error(source: str, effect: bool = False, want: str = "value") -> CompileError:
    with pytest.raises(CompileError) as caught:
        if effect:
            compile_effect(source, _env())
        else:
            compile_condition(source, _env(), want)
    return caught.value


@pytest.mark.parametrize("source", [
    "story == 'x'", "story != ''", "story < 'm'", "story in ['a', 'b']", "'a' in story",
    "story + 'x' == 'x'", "coins + lit > 1", "lit == 1", "coins in [1, 2]", "-coins < 0",
    "trust('ann', 'bo') > 20",
    "(1 if lit else 2) > 0", "('a' if lit else 'b') == story", "mood > 3", "mood == 'x'",
    "min(coins, 3) + abs(debt) > 1", "coins // 2 > 0", "coins % -3 == 0", "coins // turns",
    "coins // below", "visited(story)", "not story", "story and lit",
])
def test_well_typed_conditions_compile(source: str) -> None:
    compile_condition(source, _env())


@pytest.mark.parametrize(("source", "message", "column"), [
    ("story > 3", "expected numbers (or text) on both sides of '>', found text (story) and a "
                  "whole number (3)", 1),
    ("coins >= story", "found a whole number (coins) and text (story)", 1),
    ("story == 3", "(never true: text is never equal to a number)", 1),
    ("story != 3", "(always true", 1),
    ("story + 1 == 'x'", "expected text on both sides of '+' (or numbers on both)", 1),
    ("coins - story > 0", "expected numbers on both sides of '-'", 1),
    ("-story", "expected a number after '-', found text (story)", 1),
    ("coins in ['a']", "expected 'in' to look for a value among values of its type", 1),
    ("coins in story", "expected 'in' to look for a value", 1),
    ("[1, 'a'] == [1]", "expected every item of a list to have one type", 5),
    ("(1 if lit else 'x') == 1", "expected both sides of 'if ... else' to give the same type",
     2),
    ("abs(story) > 1", "'abs' expected a whole number as argument 1, found text (story)", 5),
    ("trust('ann', 3) > 1", "'trust' expected a character (ann, bo), found 3", 1),
    ("trust('ann', coins) > 1", "'trust' expected a character id (text) as argument 2, "
                                "found a whole number (coins)", 14),
    ("'ab' * 3 == story", "repeating text is not allowed", 1),
    ("story * coins == ''", "repeating text is not allowed", 1),
    ("3 * story == ''", "repeating text is not allowed", 1),
    ("coins // debt > 0", "found 'debt', which may be 0: declare 'min: 1'", 10),
    ("coins % coins > 0", "expected a divisor of '%' that cannot be 0", 9),
    ("coins // 0 > 0", "expected a divisor of '//' other than 0, found 0", 10),
    ("coins // (turns - 1) > 0", "found 'turns - 1', which may be 0", 11),
    ("coins > 1000001", "expected a whole number from -1,000,000 to 1,000,000 (the engine's "
                        "limit), found 1,000,001", 9),
    ("coins > -2000000", "found -2,000,000", 9),
    ("reflex_chance('ann', 'bo') > 50", "found a chance (reflex_chance('ann', 'bo'))", 1),
    ("reflex_chance('ann', 'bo')", "which only a check's 'chance:' may be on its own", 1),
])
def test_type_errors_are_load_errors_at_their_place(source: str, message: str | None,
                                                    column: int) -> None:
    error = _error(source)
    if message is not None:
        assert message in str(error)
    assert (error.line, error.column) == (1, column)


def test_a_checks_chance_may_be_a_chance_or_a_number_and_a_modifier_a_number() -> None:
    env = _env()
    compile_condition("reflex_chance('ann', 'bo')", env, "chance")
    compile_condition("50 + coins", env, "chance")
    compile_condition("lit", env, "int")
    assert "expected a number, found text ('high')" in str(_error("'high'", want="chance"))
    assert "expected a number, found text (story)" in str(_error("story", want="int"))
    with pytest.raises(CompileError, match="the engine's limit"):
        compile_condition(5_000_000, env, "chance")


@pytest.mark.parametrize(("source", "message"), [
    ("coins = story", "expected a whole number for 'coins', found text (story)"),
    ("coins = lit", "expected a whole number for 'coins', found true or false (lit)"),
    ("story = coins + 1", "expected text for 'story', found a whole number (coins + 1)"),
    ("lit = story", "expected true or false for 'lit', found text (story)"),
    ("coins += story", "expected a whole number quality and a number for '+='"),
    ("coins //= 0", "expected a divisor of '//=' other than 0"),
    ("coins %= debt", "expected a divisor of '%=' that cannot be 0"),
    ("coins //= coins - 1", "which may be 0"),
    ("story = 'ab' * 300000000", "repeating text is not allowed"),
    ("coins = 99999999999", "found 99,999,999,999"),
    ("coins = coins ** 2", "the operator '**' is not allowed"),
    ("pass_hours(story)", "'pass_hours' expected a whole number as argument 1"),
    ("set_flag('x') if story > 1 else None", "found text (story) and a whole number (1)"),
    ("bond('ann', 'bo', 'trust', story, 'why')", "expected a whole number as argument 4"),
])
def test_type_errors_in_effects(source: str, message: str) -> None:
    assert message in str(_error(source, effect=True))


@pytest.mark.parametrize("source", [
    "coins = coins * 2", "coins //= 2", "coins %= turns", "coins //= below", "lit = coins",
    "lit = 1", "story = story + 'x'", "mood = 'x'", "coins = mood", "story = mood",
    "coins = 1 if lit else 2", "bond('ann', 'bo', 'trust', coins + 1, 'why')",
])
def test_well_typed_effects_compile(source: str) -> None:
    compile_effect(source, _env())


# -- bounds --------------------------------------------------------------------------------

def _run(source: str, **values: Any) -> dict[str, Any]:
    ctx = _ctx(**values)
    compile_effect(source, _env())(ctx)
    return ctx.values


def test_an_int_without_declared_bounds_faults_past_the_engine_limit() -> None:
    assert _run("debt = debt * 1000", debt=1000)["debt"] == INT_LIMIT
    with pytest.raises(ContentFault, match="'debt' came to 1,001,000, past the engine's limit"):
        _run("debt = debt * 1001", debt=1000)
    with pytest.raises(ContentFault, match="came to -1,001,000"):
        _run("debt = debt * 1001", debt=-1000)
    with pytest.raises(ContentFault, match="a number of 31 digits"):
        _run("debt = debt * debt", debt=10**15)


def test_declared_bounds_clamp_silently() -> None:
    assert _run("coins = coins * 1000", coins=9)["coins"] == 10
    assert _run("motto = motto + 'abcdef'")["motto"] == "abcd"


def test_text_without_a_declared_length_faults_past_the_engine_limit() -> None:
    long = "x" * (TEXT_LIMIT // 2 + 1)
    with pytest.raises(ContentFault, match="'story' came to text of 10,002 characters"):
        _run("story = story + story", story=long)


def test_a_fault_without_a_place_gets_one_from_the_expression_text() -> None:
    env = _env()
    closure = env.effect("debt = debt * 1001")
    with pytest.raises(ContentFault) as caught:
        closure(_ctx(debt=1000))
    assert caught.value.where == "the expression 'debt = debt * 1001'"


# -- hints for habits from other languages ---------------------------------------------------

@pytest.mark.parametrize(("source", "hint", "column"), [
    ("coins = 2", "(write '==' to compare; a single '=' sets a quality", 7),
    ("coins > 1 && lit", "(write 'and' instead of '&&')", 11),
    ("coins > 1 || lit", "(write 'or' instead of '||')", 11),
    ("!lit", "(write 'not' instead of '!')", 1),
    ("coins === 2", "(write '==' to compare)", 7),
    ("story == 'a && b' &&", "(write 'and' instead of '&&')", 19),
])
def test_syntax_errors_from_other_languages_get_a_way_out(source: str, hint: str,
                                                          column: int) -> None:
    error = _error(source)
    assert "syntax error" in str(error) and hint in str(error)
    assert (error.line, error.column) == (1, column)


def test_an_unknown_name_or_function_is_answered_with_the_nearest() -> None:
    assert "found unknown name 'coin' (did you mean 'coins'?)" in str(_error("coin > 1"))
    assert "(did you mean 'flag'?)" in str(_error("flg('x')"))
    assert "found 'an' (did you mean 'ann'?)" in str(_error("trust('an', 'bo') > 1"))
    assert "(did you mean the function call trust(" in str(_error("trust > 1"))
    assert "'ann' is a character id: quote it" in str(_error("trust(ann, 'bo') > 1"))
    assert "did you mean" not in str(_error("gold > 1"))


# -- the registry's declared return types ----------------------------------------------------

_ANNOTATIONS = {"int": "int", "bool": "bool", "str": "str", "None": "none",
                "Chance": "chance", "Value": "int"}


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_every_function_declares_what_it_returns_as_its_code_says(name: str) -> None:
    fn = FUNCTIONS[name]
    assert fn.returns in RETURN_TYPES - {""}, f"{name} declares no returns="
    annotation = fn.impl.__annotations__.get("return")  # as written: the modules defer them
    written = annotation if isinstance(annotation, str) else getattr(annotation, "__name__",
                                                                     str(annotation))
    assert _ANNOTATIONS.get(written) == fn.returns, (name, written, fn.returns)


def test_the_returned_type_is_what_the_check_reads() -> None:
    tree = ast.parse("stage('ann', 'bo') > 3", mode="eval")
    from bonds.content._types import check_expression

    with pytest.raises(CompileError, match=r"found text \(stage\('ann', 'bo'\)\)"):
        check_expression(tree.body, _env().qualities)
