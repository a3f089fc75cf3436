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
import re
from functools import cache
from pathlib import Path

__all__ = ["DERIVED_SUFFIXES", "EventTable", "event_table"]

_PACKAGE = Path(__file__).resolve().parent.parent
_EMITTERS = ("engine", "rules", "content/expressions.py")
_NARRATION = ("narration",)
_NOT_FACTS = ("_words.py", "_lines_")
"""Narration modules of words and template lines, not of the facts derived for events."""
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


def _call_text(text: str, start: int) -> str | None:
    """The source of the call whose ``(`` stands at ``start``, up to its matching ``)``."""
    depth, quote, i = 0, "", start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif text.startswith(quote, i):
                i += len(quote) - 1
                quote = ""
        elif ch in "'\"":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote) - 1
        elif ch == "#":
            i = text.find("\n", i) - 1 if "\n" in text[i:] else len(text)
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return text[start: i + 1]
        i += 1
    return None


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


def _pattern_kinds(arg: ast.JoinedStr, tree: ast.Module, line: int) -> list[str]:
    """The kinds an f-string kind (``f"{kind}_changed"``) comes to: its one hole is a
    parameter of the function around the emit, filled by the string constants that the
    module's calls of that function pass."""
    holes = [v for v in arg.values if isinstance(v, ast.FormattedValue)]
    if len(holes) != 1 or not isinstance(holes[0].value, ast.Name):
        return []
    variable = holes[0].value.id
    function = next((f for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                     and f.lineno <= line <= (f.end_lineno or f.lineno)), None)
    if function is None:
        return []
    params = [a.arg for a in function.args.args]
    if variable not in params:
        return []
    index = params.index(variable)
    values: list[str] = []
    for c in ast.walk(tree):
        if (isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
                and c.func.id == function.name and len(c.args) > index):
            passed = c.args[index]
            if isinstance(passed, ast.Constant) and isinstance(passed.value, str):
                values.append(passed.value)
    return ["".join(str(v.value) if isinstance(v, ast.Constant) else value for v in arg.values)
            for value in values]


def _emits(path: Path, fields: dict[str, set[str]]) -> None:
    """Add the kinds and fields of every ``.emit(...)`` in one module. Each call is parsed
    on its own (fast); the whole module only for a kind built from a pattern."""
    text = path.read_text(encoding="utf-8")
    tree: ast.Module | None = None
    for m in _EMIT.finditer(text):
        source = _call_text(text, m.end() - 1)
        try:
            call = ast.parse("_" + source, mode="eval").body if source else None
        except SyntaxError:
            call = None
        if not isinstance(call, ast.Call) or not call.args:
            continue
        first = call.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            kinds = [first.value]
        elif isinstance(first, ast.JoinedStr):
            tree = tree or ast.parse(text)
            kinds = _pattern_kinds(first, tree, text.count("\n", 0, m.start()) + 1)
        else:
            kinds = []
        for kind in kinds:
            fields.setdefault(kind, set()).update(_call_fields(call))


_EMIT = re.compile(r"\.emit\(")
_NAME = re.compile(r"[\"']([a-z_][a-z0-9_]*)[\"']")
_KEYWORDS = re.compile(r"(?:\.update|\bdict)\(([^()]*)\)")
_KEYWORD = re.compile(r"\b([a-z_][a-z0-9_]*)\s*=(?!=)")


def _derived() -> set[str]:
    """Field names the narration package may give an event besides its own: every name it
    writes as a string (``facts["again"]``, ``{"news": ...}``, ``PREFERRED = ("joined",
    ...)``) or passes as a keyword to ``dict``/``update``, in its modules other than those
    of words and template lines. Generous on purpose: a name read here is accepted for
    every kind, so that no line the storyteller can fill is refused; a typo (``{flg}``)
    is still caught."""
    names: set[str] = set()
    for path in _sources(_NARRATION):
        if path.name.startswith(_NOT_FACTS):
            continue
        text = path.read_text(encoding="utf-8")
        names.update(_NAME.findall(text))
        for inside in _KEYWORDS.findall(text):
            names.update(_KEYWORD.findall(inside))
    return names


@cache
def event_table() -> EventTable:
    """The event kinds emitted anywhere in the engine, the rules and the compiler, with
    their fields (read once per process)."""
    fields: dict[str, set[str]] = {}
    for path in _sources(_EMITTERS):
        _emits(path, fields)
    return EventTable(fields, _derived())
