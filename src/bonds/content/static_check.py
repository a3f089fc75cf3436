"""What ``bonds check`` can tell without playing: conditions that can never hold.

Conditions are read as constraints on the pack's declared qualities (an int's declared
``min``/``max``, a bool's two values). A conjunction of comparisons that no value in range
satisfies (``oil > 9`` when ``oil`` is at most 5; ``x > 5 and x < 3``; ``false``) can never
hold: a choice guarded by it is never offered, a goto branch behind it is never taken.
A scene that no open way leads to from the start can never be opened. What the analysis
cannot decide (function calls, arithmetic) it assumes may hold, so every warning is real.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping

from .expressions import QualitySpec

__all__ = ["never_holds", "reachable", "unreachable_scenes"]

Bounds = dict[str, tuple[float, float]]
_FLIP = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE, ast.GtE: ast.LtE,
         ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}
_INF = float("inf")


def never_holds(source: str | int | bool, qualities: dict[str, QualitySpec]) -> str | None:
    """A reason the condition can never hold, or None when it may."""
    if isinstance(source, bool | int):
        return None if source else "it is always false"
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return None
    start = {name: _range(spec) for name, spec in qualities.items()}
    bounds = _narrow(tree.body, start, qualities)
    if bounds is None:
        return "no value of the qualities it reads can make it true"
    return None


def _range(spec: QualitySpec) -> tuple[float, float]:
    if spec.type == "bool":
        return (0, 1)
    if spec.type == "int":
        return (-_INF if spec.low is None else spec.low, _INF if spec.high is None else spec.high)
    return (-_INF, _INF)


def _narrow(node: ast.expr, bounds: Bounds, qualities: dict[str, QualitySpec]) -> Bounds | None:
    """The bounds left when ``node`` is true, or None if nothing is left."""
    if isinstance(node, ast.Constant) and isinstance(node.value, bool | int):
        return bounds if node.value else None
    if isinstance(node, ast.Name):
        if node.id in ("false", "False"):
            return None
        if node.id in qualities and qualities[node.id].type == "bool":
            return _meet(bounds, node.id, 1, 1)
        return bounds
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        inner = node.operand
        if isinstance(inner, ast.Name):
            if inner.id in ("true", "True"):
                return None
            if inner.id in qualities and qualities[inner.id].type == "bool":
                return _meet(bounds, inner.id, 0, 0)
        return bounds
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            current: Bounds | None = bounds
            for value in node.values:
                if current is None:
                    return None
                current = _narrow(value, current, qualities)
            return current
        alive = [b for b in (_narrow(v, bounds, qualities) for v in node.values) if b is not None]
        return bounds if alive else None
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return _compare(node.left, node.ops[0], node.comparators[0], bounds, qualities)
    return bounds


def _compare(left: ast.expr, op: ast.cmpop, right: ast.expr, bounds: Bounds,
             qualities: dict[str, QualitySpec]) -> Bounds | None:
    if isinstance(right, ast.Name) and isinstance(left, ast.Constant):
        left, right = right, left
        flipped = _FLIP.get(type(op))
        if flipped is None:
            return bounds
        op = flipped()
    if not (isinstance(left, ast.Name) and isinstance(right, ast.Constant)):
        return bounds
    name, value = left.id, right.value
    spec = qualities.get(name)
    if spec is None or spec.type != "int" or isinstance(value, bool) or not isinstance(value, int):
        return bounds
    if isinstance(op, ast.Lt):
        return _meet(bounds, name, -_INF, value - 1)
    if isinstance(op, ast.LtE):
        return _meet(bounds, name, -_INF, value)
    if isinstance(op, ast.Gt):
        return _meet(bounds, name, value + 1, _INF)
    if isinstance(op, ast.GtE):
        return _meet(bounds, name, value, _INF)
    if isinstance(op, ast.Eq):
        return _meet(bounds, name, value, value)
    return bounds


def _meet(bounds: Bounds, name: str, low: float, high: float) -> Bounds | None:
    old_low, old_high = bounds.get(name, (-_INF, _INF))
    new_low, new_high = max(old_low, low), min(old_high, high)
    if new_low > new_high:
        return None
    return {**bounds, name: (new_low, new_high)}


def reachable(start: str, edges: Mapping[str, Iterable[str]]) -> set[str]:
    """Every scene some way leads to from ``start``; ``edges`` maps a scene to where it leads."""
    seen = {start}
    todo = [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def unreachable_scenes(start: str, edges: Mapping[str, Iterable[str]]) -> list[str]:
    """Scenes no open way leads to from ``start``; ``edges`` maps a scene to where it leads."""
    return sorted(set(edges) - reachable(start, edges))
