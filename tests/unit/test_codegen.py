"""Generated conditions (``content/_codegen.py``) give exactly what the closures give: the
same value of the same type, or the same fault with the same message."""

from __future__ import annotations

import ast
from typing import Any

import pytest

from bonds.content import expressions
from bonds.content._codegen import generate
from bonds.content.expressions import CompileEnv, QualitySpec, compile_condition
from bonds.engine import Ctx
from bonds.engine.world import World

SOURCES = [
    "12", "'text'", "true", "coins", "-coins", "+coins", "not lit", "coins + debt * 2",
    "coins - 3", "coins // 2", "coins % 3", "name + 'x'",
    "coins == 2", "coins != 2", "1 < coins < 3", "coins < debt <= 9", "coins in [1, 2, 3]",
    "name not in ('ann', 'bo')", "coins > 1 and lit", "coins > 1 or lit",
    "lit and coins and debt and name", "lit or debt or coins or name", "coins if lit else debt",
    "min(coins, debt) + max(coins, 3)", "min(coins * 1000000, 5)", "abs(debt - coins)",
    "min(min(coins, debt), max(coins, debt)) >= 0 and coins <= 100",
    "lit == 1",
]
TABLES: list[dict[str, Any]] = [
    {}, {"coins": 0, "debt": 0}, {"coins": 3, "debt": 2, "lit": True, "name": "bo"},
    {"coins": 10**12, "debt": -7, "lit": 1, "name": ""}, {"coins": True, "debt": 5},
]


def _env() -> CompileEnv:
    return CompileEnv(
        qualities={"coins": QualitySpec("int", 2), "debt": QualitySpec("int", 0),
                   "lit": QualitySpec("bool", False), "name": QualitySpec("str", "ann")},
        ids={})


def _ctx(values: dict[str, Any]) -> Ctx:
    world = World(manifest=None, scenes={}, endings={}, initial_values={},  # type: ignore[arg-type]
                  content_hash="")
    return Ctx(world, dict(values), 0, "s")


def _outcome(condition: Any, values: dict[str, Any]) -> tuple[Any, ...]:
    try:
        result = condition(_ctx(values))
    except Exception as exc:  # the fault is part of the behaviour compared
        return ("raised", type(exc).__name__, str(exc))
    return ("value", type(result), result)


def _compile_both(source: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    env = _env()
    try:
        generated = expressions.located(compile_condition(source, env), "here")
    except expressions.CompileError:
        pytest.skip(f"{source!r} is refused at load (the type check), both ways")
    with monkeypatch.context() as patch:
        patch.setattr(expressions, "generate", lambda *args: None)
        closure = expressions.located(compile_condition(source, _env()), "here")
    return generated, closure


@pytest.mark.parametrize("source", SOURCES)
def test_a_generated_condition_gives_what_the_closures_give(
        source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    generated, closure = _compile_both(source, monkeypatch)
    assert generated is not closure
    for values in TABLES:
        assert _outcome(generated, values) == _outcome(closure, values), values


def test_the_pack_text_is_bound_not_written_into_the_source() -> None:
    text = "x'); import os; ('y"
    condition = compile_condition(f'name == "{text}"', _env())
    assert condition.__code__.co_filename == "<pack condition>"
    assert "import" not in condition.__code__.co_names
    assert condition(_ctx({"name": text})) is True


def test_a_node_the_generator_does_not_write_keeps_the_closures() -> None:
    tree = ast.parse("{1, 2}", mode="eval")
    assert generate(tree.body, {}, {}) is None
    deep = compile_condition("not " * 98 + "lit", _env())
    assert deep.__code__.co_filename == "<pack condition>"
    assert deep(_ctx({})) is False
