"""The pack expression language: parsed once at load, compiled to closures, never eval'd.

Conditions are Python-like expressions and effects Python-like statements, read with
:mod:`ast` and then checked against a short whitelist: literals, quality names, arithmetic,
comparisons, ``and``/``or``/``not``, ``x if c else y``, and calls to the registered rules
functions. Anything else (attribute access, subscripts, lambdas, comprehensions, dunder
names, calls outside the table) is a load error. What passes is turned into nested
closures, and then, from the same validated tree, into one generated Python function per
condition or effect (:mod:`._codegen`), which does what the closures do in fewer calls;
the closures stay for anything the generator does not write. The step loop calls them
without parsing anything.

Types are checked once, at load (:mod:`._types`): text against numbers, text repeated,
division by what may be 0. Every quality has bounds, declared or the engine's (a whole
number within :data:`INT_LIMIT`, text within :data:`TEXT_LIMIT` characters): a write
is clamped to declared bounds, and a value past the engine's is a :class:`ContentFault`
(a finding in a playtest, a short error for the player), never a hang. The compiler wraps
each expression with :func:`located`, so a fault names the file, line and column of the
expression it came from.
"""

from __future__ import annotations

import ast
import dataclasses
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import BondsError, CompileError, ContentFault, Impossible
from bonds.rules import FUNCTIONS, Function

from ._codegen import generate, located_version
from ._suggest import did_you_mean, known_list
from ._types import INT_LIMIT, TEXT_LIMIT, check_expression, check_statement

__all__ = ["INT_LIMIT", "TEXT_LIMIT", "CompileEnv", "CompileError", "QualitySpec",
           "cannot_fault", "compile_condition", "compile_effect", "located", "moved_function"]

_POOL_CALLS = (("spend_", "", "spend(c, '{r}', n)"), ("restore_", "", "restore(c, '{r}', n)"),
               ("", "_max", "resource_max(c, '{r}')"), ("", "_pct", "resource_pct(c, '{r}')"),
               ("", "", "resource(c, '{r}')"))
_ITEM_CALLS = {"pills": "items(c, '<item>')", "take_pill": "use_item(c, '<item>')",
               "give_pills": "give_items(c, '<item>', n)"}


def moved_function(name: str, env: CompileEnv) -> str:
    """What a pack written before worlds were split from campaigns should call instead of
    ``name`` ('' when nothing fits): a function named after a resource of the world
    (``<r>``, ``spend_<r>``, ``<r>_max``…) reads the world's pool; an item function takes
    the item's id; a technique named like a function is used with ``use_technique``."""
    for resource in sorted(env.ids.get("resource", ())):
        for before, after, call in _POOL_CALLS:
            if name == f"{before}{resource}{after}":
                return call.format(r=resource)
    if name in _ITEM_CALLS:
        return _ITEM_CALLS[name]
    if name in env.ids.get("technique", ()):
        return (f"use_technique(c, '{name}'), or intimidate(source, target) for a technique "
                f"that holds someone still")
    return ""

Closure = Callable[[Ctx], Any]

_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
}
_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le,
    ast.Gt: operator.gt, ast.GtE: operator.ge,
    ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
}
_OPERATORS = {ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&",
              ast.BitOr: "|", ast.BitXor: "^", ast.MatMult: "@"}
"""Operators pack expressions refuse, as they are written."""
MAX_DEPTH = 100
"""The deepest nesting an expression may have: deeper would exhaust Python's stack."""
_CONSTANT_NAMES = {"true": True, "false": False, "True": True, "False": False}
_FORBIDDEN = {
    ast.Attribute: "attribute access", ast.Subscript: "a subscript", ast.Lambda: "a lambda",
    ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield",
    ast.NamedExpr: "an assignment expression (:=)", ast.Starred: "a star argument",
    ast.JoinedStr: "an f-string", ast.Dict: "a dictionary", ast.Set: "a set",
    ast.Slice: "a slice",
}


@dataclass(frozen=True)
class QualitySpec:
    """A declared quality: its type, default and range."""

    type: str
    """``int``, ``bool`` or ``str``; ``any`` stands in for a quality whose file failed to load."""
    default: Any
    low: int | None = None
    """The declared least value of an int (writes below are raised to it)."""
    high: int | None = None
    """The declared greatest value of an int (writes above are lowered to it)."""
    max_length: int | None = None
    """The declared longest text of a str (longer writes are cut to it)."""


@dataclass
class CompileEnv:
    """What the compiler checks names and calls against."""

    qualities: dict[str, QualitySpec]
    ids: dict[str, set[str]]
    """Known ids by parameter kind (character, place, scene, …)."""
    checks: dict[str, Callable[[tuple[Any, ...]], str | None]] = field(default_factory=dict)
    """Extra argument checks by function name (e.g. an injury step must fit its kind)."""
    reads: set[str] = field(default_factory=set)
    """Value keys read by what was compiled (filled as a side effect, for coverage)."""
    writes: set[str] = field(default_factory=set)

    def condition(self, text: str | int | bool, names: Iterable[str] = ()) -> Closure:
        """Compile a condition, with extra string names read like qualities (e.g. ``a`` and
        ``b`` of a requirement). What load hooks use for expressions in system data.

        Raises:
            CompileError: the expression does not compile.
        """
        extra = {n: QualitySpec("str", "") for n in names}
        if not extra:
            return located(compile_condition(text, self), _quoted(text))
        local = dataclasses.replace(self, qualities={**self.qualities, **extra}, reads=set(),
                                    writes=set())
        closure = compile_condition(text, local)
        self.reads.update(local.reads - set(extra))
        return located(closure, _quoted(text))

    def effect(self, text: str) -> Closure:
        """Compile one effect statement (see :func:`compile_effect`)."""
        return located(compile_effect(text, self), _quoted(text))


def _quoted(text: object) -> str:
    shown = str(text)
    return f"the expression '{shown if len(shown) <= 60 else shown[:57] + '...'}'"


def located(closure: Closure, where: str) -> Closure:
    """``closure`` that names ``where`` (``file:line:col``) in any fault it raises.

    A rule's refusal (:class:`Impossible`) passes as it is; a Python error from the content
    (a bug the type check could not see) or a value past the engine's limits becomes a
    :class:`ContentFault` that says where the expression stands, so no player and no
    playtest ever sees a traceback for it. A generated function is made again with this
    ``try`` around its own body (one call per evaluation instead of two).
    """
    generated = located_version(closure, where)
    if generated is not None:
        return generated

    def run(ctx: Ctx) -> Any:
        try:
            return closure(ctx)
        except Exception as exc:
            fault = _relocated(exc, where)
            if fault is None:
                raise
            raise fault from None

    return run


def _relocated(exc: Exception, where: str | None) -> ContentFault | None:
    """The fault :func:`located` raises for ``exc`` at ``where``, or None to let ``exc``
    pass as it is: a refusal or other deliberate error does, and so does a fault that
    already names its place; with ``where`` None (not located), everything does."""
    if where is None:
        return None
    if isinstance(exc, ContentFault):
        return None if exc.where else ContentFault(exc.what, where)
    if isinstance(exc, BondsError):
        return None
    return ContentFault(f"{type(exc).__name__}: {exc}", where)  # the pack's fault


def compile_condition(source: str | int | bool, env: CompileEnv, want: str = "value"
                      ) -> Closure:
    """Compile a condition or value expression, its types checked: ``want`` is ``value``
    (anything but a chance), ``chance`` (a check's chance: a number or a function's chance)
    or ``int`` (a number, e.g. a modifier). Raises CompileError."""
    if isinstance(source, bool | int):
        if not isinstance(source, bool) and abs(source) > INT_LIMIT:
            raise CompileError(f"expected a whole number from {-INT_LIMIT:,} to "
                               f"{INT_LIMIT:,} (the engine's limit), found {source:,}")
        value = source
        return lambda ctx: value
    tree = _parse(source, "eval")
    closure = _expr(tree.body, env)
    check_expression(tree.body, env.qualities, want)
    # The same condition as one generated function (fewer calls a step), from the tree just
    # validated; the closures stay for a node the generator does not write.
    return generate(tree.body, env.qualities, _HELPERS) or closure


def cannot_fault(source: str | int | bool | None) -> bool:
    """Whether a condition that compiled can never raise while it runs: it is made only of
    constants, qualities (read with their defaults), comparisons (their operands' types were
    checked at load), ``and``/``or``/``not`` and calls with constant arguments to queries
    that say they never raise (:attr:`Function.faultless`). Arithmetic (a division by zero),
    a computed argument (the engine's limit) or any other query may fault, so a caller that
    could skip the condition must evaluate it all the same (the fault is a crash to report).
    """
    if source is None or isinstance(source, bool | int):
        return True
    try:
        tree = ast.parse(source.strip(), mode="eval")
    except SyntaxError:
        return False
    return all(_faultless(node) for node in ast.walk(tree.body))


def _faultless(node: ast.AST) -> bool:
    if isinstance(node, ast.Call):
        fn = FUNCTIONS.get(node.func.id) if isinstance(node.func, ast.Name) else None
        return (fn is not None and fn.faultless and not node.keywords
                and all(isinstance(a, ast.Constant) for a in node.args))
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, ast.Not)
    return isinstance(node, ast.Constant | ast.Name | ast.Compare | ast.BoolOp | ast.boolop
                      | ast.Not | ast.expr_context | ast.Eq | ast.NotEq | ast.Lt | ast.LtE | ast.Gt
                      | ast.GtE)


def compile_effect(source: str, env: CompileEnv) -> Closure:
    """Compile one effect statement (an assignment or an effect call), its types checked.
    Raises CompileError."""
    tree = _parse(source, "exec")
    if len(tree.body) != 1:
        raise CompileError("expected one statement per effect, found "
                           f"{len(tree.body)}")
    closure = _statement(tree.body[0], env)
    check_statement(tree.body[0], env.qualities)
    # As for conditions: one generated function, from the tree just validated.
    return generate(tree.body[0], env.qualities, _HELPERS) or closure


def _parse(source: str, mode: str) -> Any:
    if not isinstance(source, str):
        raise CompileError(f"expected an expression, found {type(source).__name__}")
    if len(source) > 2000:
        raise CompileError(f"expected an expression under 2,000 characters, found {len(source):,}")
    try:
        tree = ast.parse(source.strip(), mode=mode)
    except SyntaxError as exc:
        hint, at = _syntax_hint(source.strip(), mode)
        line, column = at or (exc.lineno or 1, exc.offset or len(source.strip()) + 1)
        raise CompileError(f"expected a valid expression, found a syntax error: "
                           f"{exc.msg}{hint}", line, column) from None
    except (RecursionError, MemoryError):
        tree = None
    if tree is None or not _shallow(tree):
        raise CompileError(f"expected an expression nested at most {MAX_DEPTH} deep, "
                           f"found one nested deeper")
    return tree


_HINTS = (("&&", "write 'and' instead of '&&'"), ("||", "write 'or' instead of '||'"),
          ("===", "write '==' to compare"), ("<>", "write '!=' for 'not equal'"),
          ("!", "write 'not' instead of '!'"))


def _syntax_hint(source: str, mode: str) -> tuple[str, tuple[int, int] | None]:
    """A hint for a habit from other languages (``&&``, ``||``, ``!``, ``=`` in a condition)
    and where it stands (line, column; 1-based), read outside quoted text."""
    line, column, quote, i = 1, 0, "", 0
    while i < len(source):
        ch = source[i]
        column += 1
        if quote:
            if ch == "\\":
                i, column = i + 2, column + 1
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch == "\n":
            line, column = line + 1, 0
        else:
            for token, hint in _HINTS:
                if source.startswith(token, i) and not (token == "!" and source.startswith(
                        "!=", i)):
                    return f" ({hint})", (line, column)
            if (ch == "=" and mode == "eval" and source[i - 1: i] not in ("=", "!", "<", ">")
                    and source[i + 1: i + 2] != "="):
                return (" (write '==' to compare; a single '=' sets a quality and belongs in "
                        "effects)"), (line, column)
        i += 1
    return "", None


def _shallow(tree: ast.AST) -> bool:
    """Whether no node of ``tree`` lies deeper than MAX_DEPTH (checked without recursion)."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))
    return True


def _fail(node: ast.AST, message: str) -> CompileError:
    return CompileError(message, getattr(node, "lineno", 1), getattr(node, "col_offset", 0) + 1)


def _expr(node: ast.expr, env: CompileEnv) -> Closure:
    for kind, what in _FORBIDDEN.items():
        if isinstance(node, kind):
            raise _fail(node, f"expected a value, a name or a pack function call, found "
                              f"{what}, which pack expressions do not allow")
    if isinstance(node, ast.Constant):
        value = node.value
        if isinstance(value, float):
            raise _fail(node, f"expected an integer, found {value!r} (values are whole numbers)")
        if not isinstance(value, int | str | bool):
            raise _fail(node, f"expected a number, string or true/false, found {value!r}")
        return lambda ctx: value
    if isinstance(node, ast.Name):
        return _name(node, env)
    if isinstance(node, ast.BoolOp):
        parts = [_expr(v, env) for v in node.values]
        return _all(parts) if isinstance(node.op, ast.And) else _any(parts)
    if isinstance(node, ast.UnaryOp):
        inner = _expr(node.operand, env)
        if isinstance(node.op, ast.Not):
            return lambda ctx: not inner(ctx)
        if isinstance(node.op, ast.USub):
            return lambda ctx: -inner(ctx)
        if isinstance(node.op, ast.UAdd):
            return inner
        raise _fail(node, "the operator '~' is not allowed in pack expressions")
    if isinstance(node, ast.BinOp):
        op = _BINARY.get(type(node.op))
        if op is None:
            what = "'/' (use '//' for whole-number division)" if isinstance(
                node.op, ast.Div) else f"the operator '{_OPERATORS.get(type(node.op), '?')}'"
            why = " (a power can build a number of any size)" if isinstance(
                node.op, ast.Pow) else ""
            raise _fail(node, f"{what} is not allowed in pack expressions{why}")
        left, right = _expr(node.left, env), _expr(node.right, env)
        if isinstance(node.op, ast.FloorDiv | ast.Mod):
            return lambda ctx: _divide(op, left(ctx), right(ctx))
        return lambda ctx: op(left(ctx), right(ctx))
    if isinstance(node, ast.Compare):
        return _compare(node, env)
    if isinstance(node, ast.IfExp):
        test, yes, no = _expr(node.test, env), _expr(node.body, env), _expr(node.orelse, env)
        return lambda ctx: yes(ctx) if test(ctx) else no(ctx)
    if isinstance(node, ast.List | ast.Tuple):
        items = [_expr(e, env) for e in node.elts]
        return lambda ctx: tuple(i(ctx) for i in items)
    if isinstance(node, ast.Call):
        return _call(node, env, effect_allowed=False)
    raise _fail(node, f"{type(node).__name__} is not allowed in pack expressions")


def _all(parts: list[Closure]) -> Closure:
    """``a and b and …`` as True or False, as ``all()`` gives it.

    Two and three parts (nearly every condition) are spelled out: the step loop calls
    these on every step (invariants, choice conditions), and a generator per call costs.
    """
    if len(parts) == 2:
        a, b = parts
        return lambda ctx: bool(a(ctx) and b(ctx))
    if len(parts) == 3:
        a, b, c = parts
        return lambda ctx: bool(a(ctx) and b(ctx) and c(ctx))
    return lambda ctx: all(p(ctx) for p in parts)


def _any(parts: list[Closure]) -> Closure:
    """``a or b or …`` as True or False, as ``any()`` gives it (see :func:`_all`)."""
    if len(parts) == 2:
        a, b = parts
        return lambda ctx: bool(a(ctx) or b(ctx))
    if len(parts) == 3:
        a, b, c = parts
        return lambda ctx: bool(a(ctx) or b(ctx) or c(ctx))
    return lambda ctx: any(p(ctx) for p in parts)


def _divide(op: Callable[[Any, Any], Any], a: Any, b: Any) -> Any:
    if b == 0:
        raise ContentFault("divided by zero")
    return op(a, b)


def _name(node: ast.Name, env: CompileEnv) -> Closure:
    name = node.id
    if name.startswith("__"):
        raise _fail(node, f"dunder names such as '{name}' are not allowed")
    if name in _CONSTANT_NAMES:
        value = _CONSTANT_NAMES[name]
        return lambda ctx: value
    spec = env.qualities.get(name)
    if spec is None:
        raise _fail(node, f"expected a quality from qualities.yaml, found unknown name "
                          f"'{name}'{_name_hint(name, env)}")
    env.reads.add(name)
    default = spec.default
    return lambda ctx: ctx.values.get(name, default)


def _compare(node: ast.Compare, env: CompileEnv) -> Closure:
    left = _expr(node.left, env)
    pairs = [(_COMPARE[type(op)], _expr(right, env)) for op, right in
             zip(node.ops, node.comparators, strict=True) if type(op) in _COMPARE]
    if len(pairs) != len(node.ops):
        raise _fail(node, "'is' comparisons are not allowed; use == or !=")
    if len(pairs) == 1:
        op, right = pairs[0]
        fixed = _literal(node.comparators[0])
        if fixed is _NOT_LITERAL:
            return lambda ctx: op(left(ctx), right(ctx))
        # A comparison with a literal (``day >= 3``, ``flag('x') == true``): the literal
        # is folded in, and a quality on the left is read directly, saving two calls.
        if isinstance(node.left, ast.Name) and node.left.id not in _CONSTANT_NAMES:
            spec = env.qualities.get(node.left.id)
            if spec is not None:
                name, default = node.left.id, spec.default
                return lambda ctx: op(ctx.values.get(name, default), fixed)
        return lambda ctx: op(left(ctx), fixed)

    def chain(ctx: Ctx) -> bool:
        a = left(ctx)
        for op, right in pairs:
            b = right(ctx)
            if not op(a, b):
                return False
            a = b
        return True

    return chain


_NOT_LITERAL = object()


def _literal(node: ast.expr) -> Any:
    """The value of a literal operand (a constant or true/false), else ``_NOT_LITERAL``."""
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name) and node.id in _CONSTANT_NAMES:
        return _CONSTANT_NAMES[node.id]
    return _NOT_LITERAL


def _call(node: ast.Call, env: CompileEnv, effect_allowed: bool) -> Closure:
    if not isinstance(node.func, ast.Name):
        _expr(node.func, env)  # a lambda or attribute being called is named as such
        raise _fail(node, "only calls to the pack functions by name are allowed")
    name = node.func.id
    if name.startswith("__"):
        raise _fail(node, f"dunder names such as '{name}' are not allowed")
    fn = FUNCTIONS.get(name)
    if fn is None:
        moved = moved_function(name, env)
        hint = (f" (renamed when worlds split from campaigns: write {moved})" if moved
                else did_you_mean(name, FUNCTIONS))
        raise _fail(node, f"expected a pack function, found unknown function '{name}'{hint}")
    if fn.is_effect and not effect_allowed:
        raise _fail(node, f"'{name}' changes the world and cannot be used in a condition")
    if node.keywords:
        raise _fail(node, "keyword arguments are not allowed")
    count, most = len(node.args), len(fn.params)
    if not most - fn.optional <= count <= most:
        wanted = str(most) if not fn.optional else f"{most - fn.optional} to {most}"
        noun = "argument" if wanted == "1" else "arguments"
        raise _fail(node, f"'{name}' expected {wanted} {noun}, found {count}")
    args = [_expr(a, env) for a in node.args]
    constants = [a.value if isinstance(a, ast.Constant) else None for a in node.args]
    _check_args(node, fn, constants, env)
    _note_keys(fn, constants, env)
    impl = fn.impl
    if all(isinstance(a, ast.Constant) for a in node.args):
        return _bound(impl, tuple(constants))
    args = [_within_limit(arg, fn.name, n) if kind == "int" and constants[n] is None else arg
            for n, (kind, arg) in enumerate(zip(fn.params, args, strict=False))]
    return _computed(impl, args)


def _within_limit(arg: Closure, name: str, n: int) -> Closure:
    """A computed whole-number argument, refused past the engine's limit (a runaway value
    would otherwise reach the state through the rule)."""

    def checked(ctx: Ctx) -> Any:
        value = arg(ctx)
        if isinstance(value, int) and not -INT_LIMIT <= value <= INT_LIMIT:
            raise ContentFault(f"argument {n + 1} of '{name}' came to {_big(value)}, past the "
                               f"engine's limit of {INT_LIMIT:,}")
        return value

    return checked


def _limit(value: Any, name: str, n: int) -> Any:
    """``value`` as :func:`_within_limit` lets it pass (for generated functions)."""
    if isinstance(value, int) and not -INT_LIMIT <= value <= INT_LIMIT:
        raise ContentFault(f"argument {n + 1} of '{name}' came to {_big(value)}, past the "
                           f"engine's limit of {INT_LIMIT:,}")
    return value


def _big(value: int) -> str:
    """A whole number short enough to show, however large."""
    if abs(value) < 10**15:
        return f"{value:,}"
    return f"a number of {len(str(abs(value))) if abs(value) < 10**4000 else 'over 4,000'} digits"


def _name_hint(name: str, env: CompileEnv) -> str:
    """A way out for an unknown bare name: the near quality, or the call it may have meant."""
    if name in FUNCTIONS:
        params = ", ".join(FUNCTIONS[name].params)
        return f" (did you mean the function call {name}({params})?)"
    for kind, known in sorted(env.ids.items()):
        if type(known) is set and name in known:
            return (f" ('{name}' is a {kind.replace('_', ' ')} id: quote it, '{name}', to "
                    f"pass it to a function)")
    return did_you_mean(name, env.qualities)


# The two helpers below spell out the usual argument counts: pack functions are called many
# times a step, and unpacking a tuple or building a list for each call costs more than the
# extra lines do.
def _bound(impl: Callable[..., Any], fixed: tuple[Any, ...]) -> Closure:
    """A call whose arguments are all literals."""
    if len(fixed) == 1:
        (a,) = fixed
        return lambda ctx: impl(ctx, a)
    if len(fixed) == 2:
        a, b = fixed
        return lambda ctx: impl(ctx, a, b)
    if len(fixed) == 3:
        a, b, c = fixed
        return lambda ctx: impl(ctx, a, b, c)
    if len(fixed) == 5:  # bond(a, b, measure, delta, reason) and its kin
        a, b, c, d, e = fixed
        return lambda ctx: impl(ctx, a, b, c, d, e)
    return lambda ctx: impl(ctx, *fixed)


def _computed(impl: Callable[..., Any], args: list[Closure]) -> Closure:
    """A call with at least one argument worked out when it is made (in order, left first)."""
    if len(args) == 1:
        (a,) = args
        return lambda ctx: impl(ctx, a(ctx))
    if len(args) == 2:
        a, b = args
        return lambda ctx: impl(ctx, a(ctx), b(ctx))
    if len(args) == 3:
        a, b, c = args
        return lambda ctx: impl(ctx, a(ctx), b(ctx), c(ctx))
    return lambda ctx: impl(ctx, *[a(ctx) for a in args])


def _check_args(node: ast.Call, fn: Function, constants: list[Any], env: CompileEnv) -> None:
    for kind, value in zip(fn.params, constants, strict=False):
        if value is None or kind not in env.ids:
            continue
        if not isinstance(value, str) or value not in env.ids[kind]:
            noun = kind.replace("_", " ")
            article = "an" if noun[0] in "aeiou" else "a"
            raise _fail(node, f"'{fn.name}' expected {article} {noun} "
                              f"({known_list(value, env.ids[kind])}), found {value!r}"
                              f"{did_you_mean(value, env.ids[kind])}")
    extra = env.checks.get(fn.name)
    if extra is not None:
        problem = extra(tuple(constants))
        if problem:
            raise _fail(node, problem)


def _note_keys(fn: Function, constants: list[Any], env: CompileEnv) -> None:
    if fn.key is None or any(c is None for c in constants[: fn.key.count("{")]):
        return
    try:
        key = fn.key.format(*constants)
    except (IndexError, KeyError):
        return
    (env.writes if fn.is_effect else env.reads).add(key)


def _statement(node: ast.stmt, env: CompileEnv) -> Closure:
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
        return _call(node.value, env, effect_allowed=True)
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.IfExp):
        return _conditional_effect(node.value, env)
    if isinstance(node, ast.Assign | ast.AugAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) != 1 or not isinstance(targets[0], ast.Name):
            raise _fail(node, "expected an assignment to one quality name")
        name = targets[0].id
        if name.startswith("__"):
            raise _fail(node, f"dunder names such as '{name}' are not allowed")
        spec = env.qualities.get(name)
        if spec is None:
            raise _fail(node, f"expected a quality from qualities.yaml, found unknown "
                              f"name '{name}'")
        env.writes.add(name)
        value = _expr(node.value, env)
        if not _literal_fits(spec, node.value):
            raise _fail(node.value, f"expected {_TYPE_WORDS[spec.type]} for '{name}', "
                                    f"found {ast.unparse(node.value)}")
        if isinstance(node, ast.AugAssign):
            op = _BINARY.get(type(node.op))
            if op is None or spec.type not in ("int", "any"):
                raise _fail(node, "only += and -= style updates of int qualities are allowed")
            current = value
            default = spec.default
            if isinstance(node.op, ast.FloorDiv | ast.Mod):
                value = lambda ctx: _divide(op, ctx.values.get(name, default),  # noqa: E731
                                            current(ctx))
            else:
                value = lambda ctx: op(ctx.values.get(name, default), current(ctx))  # noqa: E731
        return _assign(name, spec, value)
    if isinstance(node, ast.Expr):
        raise _fail(node, "expected an assignment or a call to an effect function")
    raise _fail(node, f"{type(node).__name__} statements are not allowed in effects")


_TYPE_WORDS = {"int": "a whole number", "bool": "true or false", "str": "text"}


def _literal_fits(spec: QualitySpec, node: ast.expr) -> bool:
    """Whether a literal assigned to a quality has its type (other expressions: checked later)."""
    if isinstance(node, ast.Name) and node.id in _CONSTANT_NAMES:
        value: Any = _CONSTANT_NAMES[node.id]
    elif isinstance(node, ast.Constant):
        value = node.value
    else:
        return True
    if spec.type == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if spec.type == "bool":
        return isinstance(value, bool | int)
    return spec.type != "str" or isinstance(value, str)


def _conditional_effect(node: ast.IfExp, env: CompileEnv) -> Closure:
    """``effect() if condition else other()`` (``else None`` for nothing)."""
    test = _expr(node.test, env)
    branches: list[Closure | None] = []
    for part in (node.body, node.orelse):
        if isinstance(part, ast.Constant) and part.value is None:
            branches.append(None)
        elif isinstance(part, ast.Call):
            branches.append(_call(part, env, effect_allowed=True))
        else:
            raise _fail(part, "expected an effect call (or None) on each side of 'if'")
    yes, no = branches

    def conditional(ctx: Ctx) -> None:
        chosen = yes if test(ctx) else no
        if chosen is not None:
            chosen(ctx)

    return conditional


def _assign(name: str, spec: QualitySpec, value: Closure) -> Closure:
    """An assignment: ``value`` worked out, then written by :func:`_store`."""
    store = _store(name, spec)
    return lambda ctx: store(ctx, value(ctx))


def _store(name: str, spec: QualitySpec) -> Callable[[Ctx, Any], None]:
    """A write to a quality, ``store(ctx, new)``: clamped to its declared bounds (an int's
    ``min``/``max``, a text's ``max_length``); past the engine's own limits, a
    :class:`ContentFault`. A change is a ``value_changed`` event."""
    low, high, kind, default = spec.low, spec.high, spec.type, spec.default
    length = spec.max_length

    def assign(ctx: Ctx, new: Any) -> None:  # named as before: a crash finding names it
        if kind == "int":
            if isinstance(new, bool) or not isinstance(new, int):
                raise Impossible(f"{name} must be a whole number, not {new!r}")
            if low is not None and new < low:
                new = low
            elif low is None and new < -INT_LIMIT:
                raise ContentFault(_runaway(name, _big(new), f"{-INT_LIMIT:,}", "min"))
            if high is not None and new > high:
                new = high
            elif high is None and new > INT_LIMIT:
                raise ContentFault(_runaway(name, _big(new), f"{INT_LIMIT:,}", "max"))
        elif kind == "bool":
            new = bool(new)
        elif not isinstance(new, str):
            raise Impossible(f"{name} must be text, not {new!r}")
        elif length is not None and len(new) > length:
            new = new[:length]
        elif len(new) > TEXT_LIMIT:
            raise ContentFault(_runaway(name, f"text of {len(new):,} characters",
                                        f"{TEXT_LIMIT:,} characters", "max_length"))
        old = ctx.values.get(name, default)
        if old != new:
            ctx.values[name] = new
            if ctx.wants("value_changed"):
                ctx.emit("value_changed", key=name, old=old, new=new)

    return assign


def _runaway(name: str, found: str, limit: str, field: str) -> str:
    return (f"'{name}' came to {found}, past the engine's limit of {limit} for a quality "
            f"without declared bounds (a runaway? declare '{field}:' for it in "
            f"qualities.yaml to clamp it instead)")


_HELPERS: dict[str, Any] = {
    "_relocated": _relocated, "_limit": _limit, "_low": -INT_LIMIT, "_high": INT_LIMIT,
    "_divide": _divide, "_floordiv": operator.floordiv, "_mod": operator.mod,
    "_store": _store}
"""What generated conditions and effects use (see :mod:`._codegen`): the closures' own
checks and writes."""
