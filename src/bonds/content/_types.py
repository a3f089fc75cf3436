"""The type check of pack expressions: what each part of an expression gives, checked at load.

Types come from the pack's qualities (``int``, ``bool``, ``str`` in qualities.yaml) and from
the registered functions (each parameter's kind, each function's declared ``returns``). A
whole number and true/false mix freely (true counts 1); text mixes only with text. What
is refused, each at its line and column:

- arithmetic or an ordering comparison between text and a number (``story > 3``), or a
  comparison for equality that can never hold (``story == 3``);
- repeating text (``'a' * n``): one expression could build a string of any size;
- ``//`` or ``%`` (``//=``, ``%=`` too) by anything but a number other than 0 or a quality
  whose declared ``min``/``max`` leave 0 out;
- a whole number written past the engine's limit (:data:`INT_LIMIT`);
- an argument of the wrong type for its parameter, a value of the wrong type for the
  quality it is assigned to;
- a function's chance (``cover_chance(...)``) anywhere but as a check's whole ``chance:``.

The check runs once, at load, over the parsed tree the compiler has already accepted; the
closures it builds are not touched, so the step loop pays nothing for it.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping
from typing import Any

from bonds.engine.errors import CompileError
from bonds.rules import FUNCTIONS

__all__ = ["INT_LIMIT", "TEXT_LIMIT", "check_expression", "check_statement", "safe_divisor"]

INT_LIMIT = 1_000_000
"""The largest whole number (either sign) a quality without declared bounds may hold, and
the largest a pack may write: past it a value is a runaway, not a story."""
TEXT_LIMIT = 10_000
"""The longest text a quality without a declared ``max_length`` may hold."""

_NUMERIC = {"int", "bool", "any"}
_WORDS = {"int": "a whole number", "bool": "true or false", "str": "text",
          "chance": "a chance", "none": "nothing (an effect's result)", "any": "a value"}
_SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.FloorDiv: "//", ast.Mod: "%",
            ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==",
            ast.NotEq: "!=", ast.In: "in", ast.NotIn: "not in"}
_CONSTANTS = {"true": "bool", "false": "bool", "True": "bool", "False": "bool"}


def _fail(node: ast.AST, message: str) -> CompileError:
    return CompileError(message, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def _words(kind: str) -> str:
    return "a list" if kind.startswith("list") else _WORDS.get(kind, kind)


def _shown(node: ast.AST, kind: str) -> str:
    text = ast.unparse(node)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{_words(kind)} ({text})"


def _param_type(kind: str) -> str:
    """The value type a parameter of this kind takes (ids and free text are text)."""
    return {"int": "int", "any": "any"}.get(kind, "str")


def _compatible(a: str, b: str) -> bool:
    """Whether values of types ``a`` and ``b`` may be compared for equality or joined."""
    if "any" in (a, b):
        return True
    if a in _NUMERIC and b in _NUMERIC:
        return True
    if a.startswith("list") and b.startswith("list"):
        return True
    return a == b


def _unify(a: str, b: str) -> str | None:
    if a == b:
        return a
    if "any" in (a, b):
        return b if a == "any" else a
    if a in _NUMERIC and b in _NUMERIC:
        return "int"
    if a.startswith("list") and b.startswith("list"):
        return "list[any]"
    return None


def literal_int(node: ast.expr) -> int | None:
    """The value of a whole-number literal (``3``, ``-3``), else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(
            node.value, bool):
        return sign * node.value
    return None


def safe_divisor(node: ast.expr, qualities: Mapping[str, Any]) -> bool:
    """Whether a divisor can never be 0: a number other than 0, or a quality whose declared
    bounds leave 0 out."""
    value = literal_int(node)
    if value is not None:
        return value != 0
    if isinstance(node, ast.Name):
        spec = qualities.get(node.id)
        if spec is not None and spec.type == "int":
            low, high = spec.low, spec.high
            return (low is not None and low > 0) or (high is not None and high < 0)
    return False


def _divisor_problem(node: ast.expr, symbol: str) -> str:
    what = ast.unparse(node)
    if literal_int(node) == 0:
        return f"expected a divisor of '{symbol}' other than 0, found 0 (nothing divides by 0)"
    hint = (f"declare 'min: 1' (or a max below 0) for '{what}' in qualities.yaml"
            if isinstance(node, ast.Name) else "divide by a number or by such a quality")
    return (f"expected a divisor of '{symbol}' that cannot be 0 (a number other than 0, or a "
            f"quality whose declared min/max leave 0 out), found '{what}', which may be 0: "
            f"{hint}")


class _Checker:
    def __init__(self, qualities: Mapping[str, Any],
                 functions: Mapping[str, Any] | None = None) -> None:
        self.qualities = qualities
        self.functions = FUNCTIONS if functions is None else functions
        self.limits = True
        """Whether a literal past the engine's limit is an error (off while a product is
        first typed, so that repeated text is named as what it is)."""

    def of(self, node: ast.expr, top: str = "value") -> str:
        kind = self._of(node)
        if kind == "chance" and top != "chance":
            raise _fail(node, f"expected a number or true/false, found a chance "
                              f"({ast.unparse(node)}), which only a check's 'chance:' may be "
                              f"on its own")
        return kind

    def _of(self, node: ast.expr) -> str:  # noqa: C901 - one case per node kind
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            if node.id in _CONSTANTS:
                return "bool"
            spec = self.qualities.get(node.id)
            return "any" if spec is None else str(spec.type)
        if isinstance(node, ast.BoolOp):
            for value in node.values:
                self.of(value)
            return "bool"
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.Not):
                self.of(node.operand)
                return "bool"
            if literal_int(node) is not None:
                self._constant_range(node, literal_int(node) or 0)
                return "int"
            inner = self.of(node.operand)
            if inner not in _NUMERIC:
                raise _fail(node, f"expected a number after '{ast.unparse(node)[:1]}', found "
                                  f"{_shown(node.operand, inner)}")
            return "int"
        if isinstance(node, ast.BinOp):
            return self._binary(node)
        if isinstance(node, ast.Compare):
            self._compare(node)
            return "bool"
        if isinstance(node, ast.IfExp):
            self.of(node.test)
            yes, no = self.of(node.body), self.of(node.orelse)
            joined = _unify(yes, no)
            if joined is None:
                raise _fail(node, f"expected both sides of 'if ... else' to give the same "
                                  f"type, found {_shown(node.body, yes)} and "
                                  f"{_shown(node.orelse, no)}")
            return joined
        if isinstance(node, ast.List | ast.Tuple):
            kinds = [self.of(e) for e in node.elts]
            joined = kinds[0] if kinds else "any"
            for e, k in zip(node.elts[1:], kinds[1:], strict=True):
                step = _unify(joined, k)
                if step is None:
                    raise _fail(e, f"expected every item of a list to have one type, found "
                                   f"{_words(joined)} and {_shown(e, k)}")
                joined = step
            return f"list[{joined}]"
        if isinstance(node, ast.Call):
            return self.call(node)
        return "any"

    def _constant(self, node: ast.Constant) -> str:
        value = node.value
        if isinstance(value, bool):
            return "bool"
        if isinstance(value, int):
            self._constant_range(node, value)
            return "int"
        return "str" if isinstance(value, str) else "any"

    def _constant_range(self, node: ast.expr, value: int) -> None:
        if abs(value) > INT_LIMIT and self.limits:
            raise _fail(node, f"expected a whole number from {-INT_LIMIT:,} to {INT_LIMIT:,} "
                              f"(the engine's limit), found {value:,}")

    def _binary(self, node: ast.BinOp) -> str:
        if isinstance(node.op, ast.Mult):
            # Text repeated is named as such, even by a number past the limit.
            self.limits = False
            try:
                left, right = self.of(node.left), self.of(node.right)
            finally:
                self.limits = True
        if not isinstance(node.op, ast.Mult) or "str" not in (left, right):
            left, right = self.of(node.left), self.of(node.right)
        symbol = _SYMBOLS.get(type(node.op), "?")
        if isinstance(node.op, ast.Mult) and "str" in (left, right):
            raise _fail(node, f"expected numbers on both sides of '*', found "
                              f"{_shown(node.left, left)} and {_shown(node.right, right)}: "
                              f"repeating text is not allowed (it could build text of any "
                              f"size)")
        if isinstance(node.op, ast.FloorDiv | ast.Mod) and not safe_divisor(node.right,
                                                                          self.qualities):
            raise _fail(node.right, _divisor_problem(node.right, symbol))
        if isinstance(node.op, ast.Add) and (left == right == "str" or (
                "any" in (left, right) and "str" in (left, right))):
            return "str"
        if left in _NUMERIC and right in _NUMERIC:
            return "int"
        if isinstance(node.op, ast.Add) and "str" in (left, right):
            raise _fail(node, f"expected text on both sides of '+' (or numbers on both), "
                              f"found {_shown(node.left, left)} and "
                              f"{_shown(node.right, right)}")
        raise _fail(node, f"expected numbers on both sides of '{symbol}', found "
                          f"{_shown(node.left, left)} and {_shown(node.right, right)}")

    def _compare(self, node: ast.Compare) -> None:
        left_node = node.left
        left = self.of(left_node)
        for op, right_node in zip(node.ops, node.comparators, strict=True):
            right = self.of(right_node)
            symbol = _SYMBOLS.get(type(op), "?")
            if isinstance(op, ast.In | ast.NotIn):
                if right.startswith("list"):
                    item = right[5:-1]
                    ok = _compatible(left, item)
                else:
                    ok = right == "any" or (right == "str" and left in ("str", "any"))
                if not ok:
                    raise _fail(node, f"expected '{symbol}' to look for a value among values "
                                      f"of its type, found {_shown(left_node, left)} "
                                      f"{symbol} {_shown(right_node, right)}")
            elif isinstance(op, ast.Eq | ast.NotEq):
                if not _compatible(left, right):
                    never = "never" if isinstance(op, ast.Eq) else "always"
                    raise _fail(node, f"expected the two sides of '{symbol}' to have one type, "
                                      f"found {_shown(left_node, left)} and "
                                      f"{_shown(right_node, right)} ({never} true: text is "
                                      f"never equal to a number)")
            else:
                both_numbers = left in _NUMERIC and right in _NUMERIC
                both_text = left in ("str", "any") and right in ("str", "any")
                if not (both_numbers or both_text) or left.startswith("list") or \
                        right.startswith("list"):
                    raise _fail(node, f"expected numbers (or text) on both sides of "
                                      f"'{symbol}', found {_shown(left_node, left)} and "
                                      f"{_shown(right_node, right)}")
            left_node, left = right_node, right

    def call(self, node: ast.Call) -> str:
        assert isinstance(node.func, ast.Name)
        fn = self.functions.get(node.func.id)
        if fn is None:
            return "any"
        for n, (kind, arg) in enumerate(zip(fn.params, node.args, strict=False), start=1):
            want = _param_type(kind)
            have = self.of(arg)
            if want == "any" or have == "any":
                continue
            ok = have in _NUMERIC if want == "int" else have == want
            if not ok:
                what = "a whole number" if want == "int" else (
                    "text" if kind == "text" else f"a {kind.replace('_', ' ')} id (text)")
                raise _fail(arg, f"'{fn.name}' expected {what} as argument {n}, found "
                                 f"{_shown(arg, have)}")
        return fn.returns or "any"

    def assignment(self, node: ast.Assign | ast.AugAssign, name: str, spec: Any) -> None:
        have = self.of(node.value)
        kind = str(spec.type)
        if isinstance(node, ast.AugAssign):
            if isinstance(node.op, ast.FloorDiv | ast.Mod) and not safe_divisor(
                    node.value, self.qualities):
                raise _fail(node.value, _divisor_problem(node.value, _SYMBOLS[type(node.op)]
                                                         + "="))
            if isinstance(node.op, ast.Add) and kind == "str" and have in ("str", "any"):
                return
            if have not in _NUMERIC or kind not in ("int", "any"):
                symbol = _SYMBOLS.get(type(node.op), "?") + "="
                raise _fail(node, f"expected a whole number quality and a number for "
                                  f"'{symbol}', found {_words(kind)} ('{name}') and "
                                  f"{_shown(node.value, have)}")
            return
        if kind == "any" or have == "any":
            return
        ok = {"int": have == "int", "bool": have in _NUMERIC, "str": have == "str"}.get(kind, True)
        if not ok:
            raise _fail(node.value, f"expected {_words(kind)} for '{name}', found "
                                    f"{_shown(node.value, have)}")


def check_expression(tree: ast.expr, qualities: Mapping[str, Any], want: str = "value") -> str:
    """Check the types of a compiled expression; ``want`` is ``value`` (anything but a
    chance), ``chance`` (a check's chance: a number or a chance) or ``int`` (a number).
    Returns the expression's type.

    Raises:
        CompileError: a type error, at its place in the expression.
    """
    checker = _Checker(qualities)
    kind = checker.of(tree, top=want)
    if want in ("int", "chance") and kind not in (*_NUMERIC, "chance"):
        raise _fail(tree, f"expected a number, found {_shown(tree, kind)}")
    return kind


def check_statement(node: ast.stmt, qualities: Mapping[str, Any],
                    assigned: Callable[[str], Any] | None = None) -> None:
    """Check the types of a compiled effect statement (an assignment, an effect call, or
    ``effect() if condition else other()``).

    Raises:
        CompileError: a type error, at its place in the statement.
    """
    checker = _Checker(qualities)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        checker.call(node.value)
    elif isinstance(node, ast.Expr) and isinstance(node.value, ast.IfExp):
        checker.of(node.value.test)
        for side in (node.value.body, node.value.orelse):
            if isinstance(side, ast.Call):
                checker.call(side)
    elif isinstance(node, ast.Assign | ast.AugAssign):
        target = node.targets[0] if isinstance(node, ast.Assign) else node.target
        assert isinstance(target, ast.Name)
        spec = qualities.get(target.id) if assigned is None else assigned(target.id)
        if spec is not None:
            checker.assignment(node, target.id, spec)
