"""Which events exist and what each carries, read from the code that emits them.

A pack's ``narration.yaml`` names event kinds and the fields of their events (``{who}``,
``when: {resisted: true}``). Both are checked at load against the events the engine and the
rules really emit: every ``ctx.emit("<kind>", field=...)`` in :mod:`bonds.engine`,
:mod:`bonds.rules` and the expression compiler, found by reading their source with
:mod:`ast` (not a list kept by hand, which would drift). A kind built from a pattern
(``f"{kind}_changed"``) is resolved from the calls of its function; a call that passes
``**fields`` whose names cannot be read leaves its kind open to any field.

Besides its own fields, an event offers what the storyteller derives from it: each whole
number ``n`` as ``n_word``, ``n_nth`` and ``n_span``, and the facts the narration package
derives (``direction``, ``subject``, ``view``...), read the same way from its source.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

__all__ = ["DERIVED_SUFFIXES", "EventTable", "event_table"]

_PACKAGE = Path(__file__).resolve().parent.parent
_EMITTERS = ("engine", "rules", "content/expressions.py")
_NARRATION = ("narration/facts.py", "narration/narrator.py", "narration/_joins.py",
              "narration/_system.py")
DERIVED_SUFFIXES = ("_word", "_nth", "_span")
"""How every field may also read (``{hours_word}``, ``{day_nth}``, ``{hours_span}``)."""
_OPEN: frozenset[str] = frozenset({"*"})


class EventTable:
    """The event kinds and each kind's fields (``*`` among them: any field may be there)."""

    def __init__(self, fields: dict[str, set[str]], derived: set[str]) -> None:
        self.fields = {kind: frozenset(names) for kind, names in fields.items()}
        self.derived = frozenset(derived)
        """Fields the storyteller derives for events of any kind."""

    @property
    def kinds(self) -> frozenset[str]:
        """Every kind some code emits."""
        return frozenset(self.fields)

    def has_field(self, kind: str, name: str) -> bool:
        """Whether a template for ``kind`` may name ``name``."""
        own = self.fields.get(kind, _OPEN)
        if "*" in own or name in own or name in self.derived:
            return True
        for suffix in DERIVED_SUFFIXES:
            if name.endswith(suffix) and name[: -len(suffix)] in own:
                return True
        return False

    def known_fields(self, kind: str) -> list[str]:
        """The fields an event of ``kind`` carries itself (for suggestions)."""
        return sorted(n for n in self.fields.get(kind, ()) if n != "*")


def _sources(parts: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for part in parts:
        path = _PACKAGE / part
        found.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return [p for p in found if p.is_file()]


def _is_emit(node: ast.AST) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            and node.func.attr == "emit" and bool(node.args))


def _call_fields(call: ast.Call) -> set[str]:
    names: set[str] = set()
    for keyword in call.keywords:
        if keyword.arg is not None:
            names.add(keyword.arg)
        elif isinstance(keyword.value, ast.Dict) and all(
                isinstance(k, ast.Constant) and isinstance(k.value, str)
                for k in keyword.value.keys):
            names.update(str(k.value) for k in keyword.value.keys if isinstance(k, ast.Constant))
        else:
            names.add("*")
    return names


def _kinds_of(arg: ast.expr, tree: ast.Module, emit: ast.Call) -> list[str] | None:
    """The kinds an emit's first argument can be (None: it cannot be read)."""
    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
        return [arg.value]
    if not isinstance(arg, ast.JoinedStr):
        return None
    holes = [v for v in arg.values if isinstance(v, ast.FormattedValue)]
    if len(holes) != 1 or not isinstance(holes[0].value, ast.Name):
        return None
    variable = holes[0].value.id
    function = next((f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                     and any(n is emit for n in ast.walk(f))), None)
    if function is None:
        return None
    params = [a.arg for a in function.args.args]
    if variable not in params:
        return None
    index = params.index(variable)
    values: list[str] = []
    for c in ast.walk(tree):
        if (isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                and c.func.id == function.name and len(c.args) > index):
            passed = c.args[index]
            if isinstance(passed, ast.Constant) and isinstance(passed.value, str):
                values.append(passed.value)
    if not values:
        return None
    out = []
    for value in values:
        out.append("".join(str(v.value) if isinstance(v, ast.Constant) else str(value)
                           for v in arg.values))
    return out


def _derived() -> set[str]:
    """Field names the narration package sets on every kind's facts and fields."""
    names: set[str] = set()
    for path in _sources(_NARRATION):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                    node.value.id in ("facts", "fields") and isinstance(node.slice, ast.Constant):
                names.add(str(node.slice.value))
            elif isinstance(node, ast.Dict):
                names.update(str(k.value) for k in node.keys
                             if isinstance(k, ast.Constant) and isinstance(k.value, str))
    return names


@cache
def event_table() -> EventTable:
    """The event kinds emitted anywhere in the engine, the rules and the compiler, with
    their fields (read once per process)."""
    fields: dict[str, set[str]] = {}
    for path in _sources(_EMITTERS):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not _is_emit(node):
                continue
            assert isinstance(node, ast.Call)
            kinds = _kinds_of(node.args[0], tree, node)
            for kind in kinds or ():
                fields.setdefault(kind, set()).update(_call_fields(node))
    return EventTable(fields, _derived())
