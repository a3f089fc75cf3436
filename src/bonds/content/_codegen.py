"""Pack conditions and effects as one Python function each, generated from their validated tree.

The closures of :mod:`.expressions` call one small function per node of an expression: a
quality read, a comparison, each argument of a call, each part of an ``and``, the value of
an assignment. This module writes the same condition or effect as the body of a single
function instead, so one call does what a dozen did (the step loop evaluates conditions,
invariants above all, and effects thousands of times a run). It is used only for a tree
that :mod:`.expressions` has already compiled and type-checked, and it writes nothing of
the pack's text into the source: every name, string and number of the pack is passed in as
a bound variable (``c0``, ``c1``…), and the source holds only Python operators, the
engine's helpers and those variable names. What it gives is what the closures give, value
for value, write for write and error for error (the same helpers raise the same faults, in
the same order of evaluation); a node it does not know makes it give None, and the
closures are used.

Each generated function can also be made *located* (:func:`located_version`): the same
body inside the ``try`` of :func:`.expressions.located`, so that the step loop pays one
call per expression rather than two.

The forms written, with what each closure does spelled out in Python:

* a condition: ``return <expression>``;
* an effect call ``f(a, b)``: ``return f(ctx, a, b)``;
* a conditional effect ``f() if c else g()``: ``if c: f(ctx)`` / ``else: g(ctx)``;
* an assignment ``x = v`` or ``x += v``: ``store(ctx, v)`` or ``store(ctx, x + v)``,
  where ``store`` is the closures' own write for that quality (clamps, limits, event).

A computed whole-number argument of a call is checked against the engine's limit where
it is worked out; the common case (a plain ``int`` within the limit) is tested inline and
anything else goes to the closures' ``_limit``, which raises or lets it pass.
"""

from __future__ import annotations

import ast
import weakref
from collections.abc import Callable
from typing import Any

from bonds.engine.context import Ctx
from bonds.rules import FUNCTIONS

__all__ = ["HELPERS", "generate", "located_version"]

_OPERATORS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.In: "in", ast.NotIn: "not in",
}
_DIVIDING: dict[type, str] = {ast.FloorDiv: "_floordiv", ast.Mod: "_mod"}
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}

HELPERS = ("_relocated", "_limit", "_low", "_high", "_divide", "_floordiv", "_mod")
"""What the generated source may name besides ``ctx`` and the bound values, all given by
:mod:`.expressions` (see :func:`generate`)."""

Closure = Callable[[Ctx], Any]

_MAKERS: dict[tuple[str, str], Callable[..., Closure]] = {}
"""The compiled ``_make`` of each kind and source written so far. The source holds no pack
text, so expressions of one shape (``bond(...)`` with other ids, ``x += n`` for other
qualities and numbers) share it, and a pack of a thousand expressions compiles under a
hundred (what keeps the load as fast as with closures alone)."""
_MAKERS_SIZE = 4096
"""The most sources kept (a bound on memory however many packs a process loads)."""

_LOCATABLE: weakref.WeakKeyDictionary[Closure, Callable[[str], Closure]] = (
    weakref.WeakKeyDictionary())
"""For each generated function, how to make it again with a place to name in its faults."""


class _Unknown(Exception):
    """A node this generator does not write (the closures are kept)."""


class _Writer:
    """The source of one condition or effect, and the values it binds."""

    def __init__(self, qualities: dict[str, Any], helpers: dict[str, Any]) -> None:
        self.qualities = qualities
        self.helpers = helpers
        self.bound: list[Any] = []
        self.reads_values = False
        self.temporaries = 0

    def bind(self, value: Any) -> str:
        self.bound.append(value)
        return f"c{len(self.bound) - 1}"

    def read(self, name: str) -> str:
        """A quality's value, its default when the table has none."""
        spec = self.qualities.get(name)
        if spec is None:
            raise _Unknown
        self.reads_values = True
        return f"_get({self.bind(name)}, {self.bind(spec.default)})"

    def expr(self, node: ast.expr) -> str:  # noqa: PLR0911 - one branch per node kind
        if isinstance(node, ast.Constant):
            if type(node.value) not in (int, str, bool):
                raise _Unknown
            return self.bind(node.value)
        if isinstance(node, ast.Name):
            if node.id in _CONSTANT_NAMES:
                return "True" if _CONSTANT_NAMES[node.id] else "False"
            return self.read(node.id)
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
            return self.binary(node.op, self.expr(node.left), self.expr(node.right))
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
            return self.call(node, effect_allowed=False)
        raise _Unknown

    @staticmethod
    def binary(op: ast.operator, left: str, right: str) -> str:
        """``left op right``; ``//`` and ``%`` through the closures' ``_divide`` (a fault
        for a division by 0)."""
        if type(op) in _DIVIDING:
            return f"_divide({_DIVIDING[type(op)]}, {left}, {right})"
        if type(op) not in (ast.Add, ast.Sub, ast.Mult):
            raise _Unknown
        return f"(({left}) {_OPERATORS[type(op)]} ({right}))"

    def call(self, node: ast.Call, effect_allowed: bool) -> str:
        if not isinstance(node.func, ast.Name) or node.keywords:
            raise _Unknown
        fn = FUNCTIONS.get(node.func.id)
        if fn is None or (fn.is_effect and not effect_allowed):
            raise _Unknown
        args = []
        for n, arg in enumerate(node.args):
            written = self.expr(arg)
            # As the closures do: a whole number worked out when the call is made is checked
            # against the engine's limit before the rule sees it (a literal was checked at
            # load). A plain int within the limit passes inline, saving a call; anything
            # else (too big, a bool, text) goes to ``_limit``, which decides as before.
            if (n < len(fn.params) and fn.params[n] == "int"
                    and not isinstance(arg, ast.Constant)):
                t = f"_t{self.temporaries}"
                self.temporaries += 1
                written = (f"({t} if type({t} := {written}) is int and _low <= {t} <= _high "
                           f"else _limit({t}, {self.bind(fn.name)}, {n}))")
            args.append(written)
        return f"{self.bind(fn.impl)}(ctx{''.join(f', {a}' for a in args)})"

    def statement(self, node: ast.stmt) -> list[str]:
        """The body lines of an effect (see the module's docstring for the forms)."""
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            return [f"return {self.call(node.value, effect_allowed=True)}"]
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.IfExp):
            test = self.expr(node.value.test)
            yes, no = (self.branch(part) for part in (node.value.body, node.value.orelse))
            return [f"if {test}:", f"    {yes}", "else:", f"    {no}"]
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if len(targets) != 1 or not isinstance(targets[0], ast.Name):
                raise _Unknown
            name = targets[0].id
            spec = self.qualities.get(name)
            if spec is None:
                raise _Unknown
            value = self.expr(node.value)
            if isinstance(node, ast.AugAssign):  # the quality is read first, as the closures do
                value = self.binary(node.op, self.read(name), value)
            return [f"{self.bind(self.helpers['_store'](name, spec))}(ctx, {value})"]
        raise _Unknown

    def branch(self, part: ast.expr) -> str:
        """One side of a conditional effect: an effect call, or nothing for ``None``."""
        if isinstance(part, ast.Constant) and part.value is None:
            return "pass"
        if isinstance(part, ast.Call):
            return self.call(part, effect_allowed=True)
        raise _Unknown


def generate(node: ast.expr | ast.stmt, qualities: dict[str, Any],
             helpers: dict[str, Any]) -> Closure | None:
    """One function of ``ctx`` that evaluates the validated condition ``node`` (an
    expression) or runs the validated effect ``node`` (a statement), or None when it holds
    a node this module does not write.

    ``helpers`` are the closures' own: ``_relocated(exc, where)`` (the fault
    :func:`.expressions.located` raises for ``exc``, None to let it pass; ``where`` None
    lets everything pass), ``_limit(value, name, n)`` (a computed whole number within the
    engine's limit, ``_low`` to ``_high``), ``_divide(op, a, b)``, ``_floordiv``, ``_mod``,
    and ``_store(name, spec)``, which gives the write of a quality, ``store(ctx, new)``.
    """
    writer = _Writer(qualities, helpers)
    try:
        if isinstance(node, ast.stmt):
            kind, body = "effect", writer.statement(node)
        else:
            kind, body = "condition", [f"return {writer.expr(node)}"]
    except (_Unknown, RecursionError):
        return None
    names = [f"c{i}" for i in range(len(writer.bound))]
    # The body runs inside the ``try`` of ``located``; with ``_where`` None (not located
    # yet) every error passes as it is, as from the closures. The function is named
    # ``run`` like located's wrapper: a playtest's crash finding names the function the
    # fault was raised in.
    lines = [f"def _make({', '.join(['_where', *HELPERS, *names])}):",
             "    def run(ctx):",
             "        try:"]
    if writer.reads_values:
        lines.append("            _get = ctx.values.get")
    lines += [f"            {line}" for line in body]
    lines += ["        except Exception as exc:",
              "            fault = _relocated(exc, _where)",
              "            if fault is None:",
              "                raise",
              "            raise fault from None",
              "    return run"]
    source = "\n".join(lines)
    make = _MAKERS.get((kind, source))
    if make is None:
        namespace: dict[str, Any] = {}
        try:
            code = compile(source, f"<pack {kind}>", "exec")
        except (SyntaxError, RecursionError, MemoryError):  # nested past what Python parses
            return None
        exec(code, namespace)  # noqa: S102 - our own source: operators and bound names only
        make = namespace["_make"]
        if len(_MAKERS) < _MAKERS_SIZE:
            _MAKERS[kind, source] = make
    values = [*(helpers[h] for h in HELPERS), *writer.bound]

    def located(where: str) -> Closure:
        return make(where, *values)

    function: Closure = make(None, *values)
    _LOCATABLE[function] = located
    return function


def located_version(function: Closure, where: str) -> Closure | None:
    """``function``, if this module generated it, made again to name ``where`` in its
    faults exactly as :func:`.expressions.located` would (None for any other function)."""
    try:
        located = _LOCATABLE.get(function)
    except TypeError:  # not weakly referable, so not one of ours
        return None
    return None if located is None else located(where)
