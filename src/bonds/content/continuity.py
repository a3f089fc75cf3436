"""What ``bonds check`` can tell of continuity without playing: the scenes an outcome leads to.

A scene entered from one side of a fight (win, lose, fled) or of a roll (success, failure),
where the sides lead to different scenes, is told only after that outcome; it should say
what it takes for granted (``expects:``: who is standing, who won, who was caught), so the
playtest can catch a road that enters it otherwise. Two warnings:

- such a scene declares no ``expects``;
- one of its ``expects`` can never hold when entered from that outcome, judged from what the
  outcome surely made true: the fight's result (``fight_outcome('f')``) and the flags the
  outcome's effects set or clear (``set_flag``/``clear_flag`` with a literal name). What the
  analysis cannot decide it assumes may hold, so every warning is real.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Arrival", "arrivals", "never_on_arrival"]


@dataclass(frozen=True)
class Arrival:
    """A scene entered from one outcome, and what that outcome surely made true."""

    scene: str
    how: str
    """For the warning: ``the fight 'brawl' ending in lose``, ``the failure of 'a/b'``."""
    flags: Mapping[str, bool] = field(default_factory=dict)
    fights: Mapping[str, str] = field(default_factory=dict)


def _flags(effects: list[str]) -> dict[str, bool]:
    """Flags set (True) or cleared (False) by literal ``set_flag``/``clear_flag`` calls."""
    found: dict[str, bool] = {}
    for text in effects:
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError:
            continue
        node = tree.body
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("set_flag", "clear_flag") and len(node.args) == 1
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            found[node.args[0].value] = node.func.id == "set_flag"
    return found


def arrivals(scenes: list[Any], fights: Mapping[str, Any]) -> Iterator[Arrival]:
    """Every scene entered from one side of a fight or a roll whose sides part ways."""
    for scene in scenes:
        call = scene.fight
        if call is not None:
            targets = {"win": call.win, "lose": call.lose, "fled": call.fled}
            if len(set(targets.values())) > 1:
                spec = fights.get(call.id)
                for outcome, target in targets.items():
                    effects = list(getattr(spec, f"on_{outcome}", []) or [])
                    yield Arrival(target, f"the fight '{call.id}' ending in {outcome}",
                                  _flags(effects), {call.id: outcome})
        for choice in scene.choices:
            check = choice.check
            if check is None:
                continue
            sides = {"success": check.success, "failure": check.failure}
            gotos = {side: _first(o.goto) for side, o in sides.items()}
            if None in gotos.values() or len(set(gotos.values())) < 2:
                continue
            for side, outcome in sides.items():
                yield Arrival(str(gotos[side]), f"the {side} of '{scene.id}/{choice.id}'",
                              _flags([*choice.effects, *outcome.effects]))


def _first(goto: Any) -> str | None:
    """The scene a goto surely leads to: a plain target, or a branch list's last (open)
    branch when it is the only one."""
    if goto is None:
        return None
    if isinstance(goto, str):
        return goto
    return goto[0].scene if len(goto) == 1 else None


def never_on_arrival(condition: str, arrival: Arrival) -> bool:
    """Whether ``condition`` is surely false on ``arrival`` (False when undecided)."""
    try:
        tree = ast.parse(condition.strip(), mode="eval")
    except SyntaxError:
        return False
    return _fold(tree.body, arrival) is False


def _fold(node: ast.expr, at: Arrival) -> Any:
    """The value of ``node`` on arrival, or None when it cannot be told."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = _fold(node.operand, at)
        return None if inner is None else not inner
    if isinstance(node, ast.BoolOp):
        values = [_fold(v, at) for v in node.values]
        if isinstance(node.op, ast.And):
            return False if False in values else (True if all(v is True for v in values)
                                                  else None)
        return True if True in values else (False if all(v is False for v in values)
                                            else None)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = _fold(node.left, at), _fold(node.comparators[0], at)
        if left is None or right is None:
            return None
        if isinstance(node.ops[0], ast.Eq):
            return left == right
        if isinstance(node.ops[0], ast.NotEq):
            return left != right
        return None
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and len(node.args) == 1
            and isinstance(node.args[0], ast.Constant)):
        arg = str(node.args[0].value)
        if node.func.id == "flag":
            return at.flags.get(arg)
        if node.func.id == "fight_outcome":
            return at.fights.get(arg)
    return None
