"""Generated conditions and effects (``content/_codegen.py``) do exactly what the closures
do: the same value of the same type, the same writes and events, or the same fault with the
same message raised from a function of the same name; on hand-written expressions and on
every expression of every pack, in states the packs' own runs reach."""

from __future__ import annotations

import ast
import dataclasses
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import compiler, expressions, load_pack
from bonds.content._codegen import generate
from bonds.content.expressions import (
    CompileEnv,
    QualitySpec,
    compile_condition,
    compile_effect,
    located,
)
from bonds.engine import (
    BondsError,
    ContentError,
    ContentFault,
    Ctx,
    State,
    legal_actions,
    start,
    step,
)
from bonds.engine.world import World

ROOT = Path(__file__).resolve().parents[2]
PACKS = sorted(p for folder in (ROOT / "campaigns", ROOT / "tests" / "packs")
               for p in folder.iterdir() if p.is_dir())
"""Both campaigns and every test pack."""

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


def _outcome(function: Any, values: dict[str, Any], world: World | None = None,
             rng: int = 0, scene: str = "s") -> tuple[Any, ...]:
    """What running ``function`` does: its value or fault, and the context's values, events
    and RNG after. A fault names the function that raised it, as a playtest's crash finding
    does; not a Python error or a fault without its place, which only a function not yet
    located lets out (the engine runs none such)."""
    ctx = _ctx(values) if world is None else Ctx(world, dict(values), rng, scene)
    result: tuple[Any, ...]
    try:
        value = function(ctx)
        result = ("value", type(value), value)
    except Exception as exc:  # the fault is part of the behaviour compared
        raised_in = traceback.extract_tb(exc.__traceback__)[-1].name
        named = isinstance(exc, BondsError) and not (
            isinstance(exc, ContentFault) and not exc.where)
        result = ("raised", type(exc).__name__, str(exc), raised_in if named else "")
    return (*result, ctx.values, ctx.events, ctx.rng)


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


EFFECTS = [
    "coins = 5", "coins = debt * 3", "coins += 2", "coins -= debt", "coins *= 1000000",
    "coins //= div", "coins %= div", "coins = coins // div", "lit = coins > 2", "lit = true",
    "name = name + 'x'",
    "capped = coins * 10", "capped += 1000", "short = name + name", "set_flag('seen')",
    "clear_flag('seen') if lit else set_flag('seen')", "set_flag('seen') if coins else None",
    "None if coins > 2 else set_flag('low')",
]


def _effect_env() -> CompileEnv:
    env = _env()
    env.qualities.update(div=QualitySpec("int", 1, low=1),
                         capped=QualitySpec("int", 0, low=-5, high=50),
                         short=QualitySpec("str", "", max_length=3))
    return env


@pytest.mark.parametrize("source", EFFECTS)
def test_a_generated_effect_does_what_the_closures_do(
        source: str, monkeypatch: pytest.MonkeyPatch) -> None:
    generated = compile_effect(source, _effect_env())
    assert generated.__code__.co_filename == "<pack effect>"
    with monkeypatch.context() as patch:
        patch.setattr(expressions, "generate", lambda *args: None)
        closure = compile_effect(source, _effect_env())
    for values in [*TABLES, {"coins": 10**6, "debt": 10**6, "name": "x" * 9, "div": 0},
                   {"coins": "text", "lit": 0, "div": 7}]:
        for how in (lambda f: f, lambda f: located(f, "here")):
            assert _outcome(how(generated), values) == _outcome(how(closure), values), values


def test_a_located_generated_function_is_one_call_that_names_its_place() -> None:
    effect = compile_effect("coins //= div", _effect_env())
    placed = located(effect, "scenes/a.yaml:3:9")
    assert placed.__code__.co_filename == "<pack effect>"  # the try is its own, not a wrapper
    with pytest.raises(ContentFault, match="^scenes/a.yaml:3:9: divided by zero$"):
        placed(_ctx({"div": 0}))
    with pytest.raises(ContentFault, match="^divided by zero$"):
        effect(_ctx({"div": 0}))
    again = located(placed, "elsewhere")  # located twice: the first place stays
    with pytest.raises(ContentFault, match="^scenes/a.yaml:3:9: divided"):
        again(_ctx({"div": 0}))


@dataclasses.dataclass
class _Compiled:
    """An expression a pack compiled: its text, the environment it was compiled in, and
    whether it is an effect (else a condition wanting ``want``)."""

    text: Any
    env: CompileEnv
    effect: bool
    want: str = "value"

    def build(self, closures_only: bool, monkeypatch: pytest.MonkeyPatch
              ) -> Callable[[Ctx], Any]:
        env = dataclasses.replace(self.env, reads=set(), writes=set())
        with monkeypatch.context() as patch:
            if closures_only:
                patch.setattr(expressions, "generate", lambda *args: None)
            if self.effect:
                return compile_effect(self.text, env)
            return compile_condition(self.text, env, self.want)


def _pack_expressions(pack: Path, monkeypatch: pytest.MonkeyPatch
                      ) -> tuple[World | None, list[_Compiled]]:
    """The pack loaded, and every expression its load compiled (scenes, invariants, fight
    and rule data alike)."""
    seen: list[_Compiled] = []
    real_condition, real_effect = expressions.compile_condition, expressions.compile_effect

    def condition(text: Any, env: CompileEnv, want: str = "value") -> Any:
        closure = real_condition(text, env, want)  # compiled first: what fails is not kept
        seen.append(_Compiled(text, env, False, want))
        return closure

    def effect(text: Any, env: CompileEnv) -> Any:
        closure = real_effect(text, env)
        seen.append(_Compiled(text, env, True))
        return closure

    with monkeypatch.context() as patch:
        for module in (expressions, compiler):
            patch.setattr(module, "compile_condition", condition)
            patch.setattr(module, "compile_effect", effect)
        try:
            world: World | None = load_pack(pack)
        except ContentError:
            world = None
    return world, seen


def _states(world: World | None) -> Iterator[tuple[dict[str, Any], int, str]]:
    """Value tables (with the RNG and scene) to run expressions in: the start of a few
    runs and every few steps along them, the same tables with each whole number made huge
    (past the engine's limit), and an empty table."""
    yield {}, 0, "s"
    if world is None:
        return
    for seed in range(3):
        try:
            state: State = start(world, seed)[0]
        except Exception:  # noqa: BLE001 - a pack that cannot start has its table only
            return
        for n in range(60):
            if n % 12 == 0:
                yield dict(state.values), state.rng, state.scene
                yield ({k: v * 10**6 if type(v) is int else v for k, v in state.values.items()},
                       state.rng, state.scene)
            actions = legal_actions(world, state)
            if state.ending or not actions:
                break
            try:
                state = step(world, state, actions[(seed * 7 + n) % len(actions)])[0]
            except Exception:  # noqa: BLE001 - a faulty pack's crash ends the walk
                break


@pytest.mark.parametrize("pack", PACKS, ids=[p.name for p in PACKS])
def test_every_expression_of_every_pack_does_what_its_closures_do(
        pack: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    world, compiled = _pack_expressions(pack, monkeypatch)
    assert compiled, "the pack compiled no expression"
    states = list(_states(world))
    differences = []
    for expression in compiled:
        generated = expression.build(False, monkeypatch)
        closure = expression.build(True, monkeypatch)
        if isinstance(expression.text, str):  # else a plain number or true/false: a constant
            assert generated.__code__.co_filename.startswith("<pack "), expression.text
            generated, closure = located(generated, "at"), located(closure, "at")
        for values, rng, scene in states:
            want = _outcome(closure, values, world, rng, scene)
            got = _outcome(generated, values, world, rng, scene)
            if got != want:
                differences.append((expression.text, values, got, want))
    assert not differences, differences[:3]
