"""Pack conditions as one Python function each, generated from their validated tree.

The closures of :mod:`.expressions` call one small function per node of a condition: a
quality read, a comparison, each argument of a call, each part of an ``and``. This module
writes the same condition as the body of a single function instead, so one call does what
a dozen did (the step loop evaluates conditions, invariants above all, thousands of times
a run). It is used only for a tree that :mod:`.expressions` has already compiled and
type-checked, and it writes nothing of the pack's text into the source: every name, string
and number of the pack is passed in as a bound variable (``c0``, ``c1``…), and the source
holds only Python operators, the engine's helpers and those variable names. What it gives
is what the closures give, value for value and error for error (the same helpers raise the
same faults, in the same order of evaluation); a node it does not know makes it give None,
and the closures are used.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from typing import Any

from bonds.engine.context import Ctx
from bonds.rules import FUNCTIONS

__all__ = ["generate"]

_OPERATORS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in",
}
_DIVIDING: dict[type, str] = {ast.FloorDiv: "_floordiv", ast.Mod: "_mod"}
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}


class _Unknown(Exception):
    """A node this generator does not write (the closures are kept)."""


class _Writer:
    """The source of one condition, and the values it binds."""

    def __init__(self, qualities: dict[str, Any]) -> None:
        self.qualities = qualities
        self.bound: list[Any] = []
        self.reads_values = False

    def bind(self, value: Any) -> str:
        self.bound.append(value)
        return f"c{len(self.bound) - 1}"

    def expr(self, node: ast.expr) -> str:  # noqa: PLR0911 - one branch per node kind
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, str, bool):
                raise _Unknown
            return self.bind(node.value)
        if isinstance(node, ast.Name):
            if node.id in _CONSTANT_NAMES:
                return "True" if _CONSTANT_NAMES[node.id] else "False"
            spec = self.qualities.get(node.id)
            if spec is None:
                raise _Unknown
            self.reads_values = True
            return f"_get({self.bind(node.id)}, {self.bind(spec.default)})"
        if isinstance(node, ast.BoolOp):
            joiner = " and " if isinstance(node.op, ast.And) else " or "
            return f"bool({joiner.join(f'({self.expr(v)})' for v in node.values)})"
        if isinstance(node, ast.UnaryOp):
            inner = self.expr(node.operand)
            if isinstance(node.op, ast.Not):
                return f"(not ({inner}))"
            if isinstance(node.op, ast.USub):
                return f"(-({inner}))"
            if isinstance(node.op, ast.UAdd):
                return inner
            raise _Unknown
        if isinstance(node, ast.BinOp):
            left, right = self.expr(node.left), self.expr(node.right)
            if type(node.op) in _DIVIDING:
                return f"_divide({_DIVIDING[type(node.op)]}, {left}, {right})"
            if type(node.op) not in (ast.Add, ast.Sub, ast.Mult):
                raise _Unknown
            return f"(({left}) {_OPERATORS[type(node.op)]} ({right}))"
        if isinstance(node, ast.Compare):
            if any(type(op) not in _OPERATORS for op in node.ops):
                raise _Unknown
            parts = [f"({self.expr(node.left)})"]
            for op, other in zip(node.ops, node.comparators, strict=True):
                parts.append(f"{_OPERATORS[type(op)]} ({self.expr(other)})")
            return f"({' '.join(parts)})"
        if isinstance(node, ast.IfExp):
            test, yes, no = self.expr(node.test), self.expr(node.body), self.expr(node.orelse)
            return f"(({yes}) if ({test}) else ({no}))"
        if isinstance(node, ast.List | ast.Tuple):
            return f"({''.join(f'{self.expr(e)}, ' for e in node.elts)})"
        if isinstance(node, ast.Call):
            return self.call(node)
        raise _Unknown

    def call(self, node: ast.Call) -> str:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise _Unknown
        fn = FUNCTIONS.get(node.func.id)
        if fn is None or fn.is_effect:
            raise _Unknown
        args = []
        for n, arg in enumerate(node.args):
            written = self.expr(arg)
            # As the closures do: a whole number worked out when the call is made is checked
            # against the engine's limit before the rule sees it (a literal was checked at
            # load).
            if (n < len(fn.params) and fn.params[n] == "int"
                    and not isinstance(arg, ast.Constant)):
                written = f"_limit({written}, {self.bind(fn.name)}, {n})"
            args.append(written)
        return f"{self.bind(fn.impl)}(ctx{''.join(f', {a}' for a in args)})"


def generate(node: ast.expr, qualities: dict[str, Any],
             helpers: dict[str, Callable[..., Any]]) -> Callable[[Ctx], Any] | None:
    """One function of ``ctx`` that evaluates the validated condition ``node``, or None
    when it holds a node this module does not write.

    ``helpers`` are the closures' own: ``_limit(value, name, n)`` (a computed whole number
    within the engine's limit), ``_divide(op, a, b)``, ``_floordiv`` and ``_mod``.
    """
    writer = _Writer(qualities)
    try:
        body = writer.expr(node)
    except (_Unknown, RecursionError):
        return None
    names = [f"c{i}" for i in range(len(writer.bound))]
    lines = [f"def _make({', '.join(['_limit', '_divide', '_floordiv', '_mod', *names])}):",
             "    def condition(ctx):"]
    if writer.reads_values:
        lines.append("        _get = ctx.values.get")
    lines += [f"        return {body}", "    return condition"]
    namespace: dict[str, Any] = {}
    try:
        code = compile("\n".join(lines), "<pack condition>", "exec")
    except (SyntaxError, RecursionError, MemoryError):  # nested past what Python parses
        return None
    exec(code, namespace)  # noqa: S102 - our own source: operators and bound names only
    return namespace["_make"](helpers["_limit"], helpers["_divide"], helpers["_floordiv"],
                              helpers["_mod"], *writer.bound)
