"""The walls of the house, read from the source: which layer may import which, and no loops.

Every ``import`` in ``src/bonds`` counts, at module level and inside functions alike (an
import placed in a function to hide a loop is still a loop). Imports under
``if TYPE_CHECKING:`` are for the type checker only: they count for the layers, not for
loops. A package's ``__init__`` importing its own modules is not a loop by itself: importing
``bonds.rules.bond`` runs ``bonds/rules/__init__.py`` first, but that edge is Python's, not
the code's, and is not drawn; only the imports written in the files are.

The layers (``docs`` and ``product.md``'s architecture): the engine imports nothing outside
itself but the standard library; the rules nothing from content, narration, playtest, the
front ends, the views or the CLI; the terminal nothing from the web; the views nothing from
either front end.
"""

from __future__ import annotations

import ast
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
PACKAGE = SRC / "bonds"


@dataclass(frozen=True)
class Import:
    """One import written in a module."""

    source: str
    """The importing module, e.g. ``bonds.rules.missions``."""
    target: str
    """The module imported: a module of ``bonds`` when one matches, else the name written."""
    line: int
    """Where it is written."""
    in_function: bool
    """Whether it is inside a function (run on call, not on import)."""
    type_only: bool
    """Whether it is under ``if TYPE_CHECKING:``."""

    def __str__(self) -> str:
        where = "inside a function" if self.in_function else "at module level"
        return f"{self.source}:{self.line} imports {self.target} ({where})"


def module_files() -> dict[str, Path]:
    """Every module of the package by its dotted name (linked campaigns and worlds are data,
    not code: ``os.walk`` does not follow the links)."""
    found: dict[str, Path] = {}
    for folder, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in files:
            if name.endswith(".py"):
                path = Path(folder) / name
                parts = path.relative_to(SRC).with_suffix("").parts
                if parts[-1] == "__init__":
                    parts = parts[:-1]
                found[".".join(parts)] = path
    return found


MODULES = module_files()


def imports_of(source: str, text: str, is_package: bool,
               known: dict[str, Path] | None = None) -> Iterator[Import]:
    """The imports written in module ``source`` (whose code is ``text``), resolved."""
    known = MODULES if known is None else known
    package = source if is_package else source.rpartition(".")[0]

    def visit(node: ast.AST, in_function: bool, type_only: bool) -> Iterator[Import]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield Import(source, alias.name, child.lineno, in_function, type_only)
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.split(".")
                    base = base[:len(base) - (child.level - 1)]
                    stem = ".".join(base + ([child.module] if child.module else []))
                else:
                    stem = child.module or ""
                for alias in child.names:
                    full = f"{stem}.{alias.name}"
                    target = full if full in known else stem
                    yield Import(source, target, child.lineno, in_function, type_only)
            inner = in_function or isinstance(
                child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
            guarded = type_only or (isinstance(child, ast.If) and _is_type_checking(child.test))
            yield from visit(child, inner, guarded)

    yield from visit(ast.parse(text), False, False)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def all_imports() -> list[Import]:
    """Every import written in the package."""
    found: list[Import] = []
    for name, path in MODULES.items():
        found += imports_of(name, path.read_text(encoding="utf-8"),
                            path.name == "__init__.py")
    return found


IMPORTS = all_imports()


def _within(target: str, layer: str) -> bool:
    return target == layer or target.startswith(layer + ".")


def crossings(layer: str, forbidden: tuple[str, ...]) -> list[str]:
    """Each import from a module of ``layer`` into one of the ``forbidden`` layers."""
    return [str(i) for i in IMPORTS if _within(i.source, layer)
            and any(_within(i.target, f) for f in forbidden)]


def test_the_scan_reads_every_layer_and_imports_inside_functions() -> None:
    assert {"bonds.engine.core", "bonds.rules.combat", "bonds.views.panel", "bonds.views",
            "bonds.terminal.play", "bonds.web.site", "bonds.cli"} <= set(MODULES)
    assert not any(_within(m, "bonds.campaigns") or _within(m, "bonds.worlds")
                   for m in MODULES)
    in_functions = [i for i in IMPORTS if i.in_function and _within(i.target, "bonds")]
    assert any(i.source == "bonds.cli" for i in in_functions)  # the CLI imports lazily


def test_imports_resolve_relative_names_functions_and_type_checking() -> None:
    code = ("from typing import TYPE_CHECKING\n"
            "from . import bond\n"
            "from ._registry import FUNCTIONS\n"
            "if TYPE_CHECKING:\n"
            "    from bonds.engine.world import World\n"
            "def load():\n"
            "    from ..content import compiler\n"
            "    import bonds.narration\n")
    found = {(i.target, i.in_function, i.type_only)
             for i in imports_of("bonds.rules.example", code, is_package=False)}
    assert found == {("typing", False, False), ("bonds.rules.bond", False, False),
                     ("bonds.rules._registry", False, False),
                     ("bonds.engine.world", False, True),
                     ("bonds.content.compiler", True, False), ("bonds.narration", True, False)}
    package = {i.target for i in imports_of("bonds.rules", "from .combat import SKIRMISH\n",
                                             is_package=True)}
    assert package == {"bonds.rules.combat"}


def test_the_engine_imports_nothing_outside_the_engine() -> None:
    outside = [str(i) for i in IMPORTS if _within(i.source, "bonds.engine")
               and not _within(i.target, "bonds.engine")
               and i.target.partition(".")[0] not in (*sys.stdlib_module_names, "__future__")]
    assert outside == []


def test_the_rules_import_no_outer_layer() -> None:
    assert crossings("bonds.rules", ("bonds.content", "bonds.narration", "bonds.playtest",
                                     "bonds.web", "bonds.terminal", "bonds.views",
                                     "bonds.cli")) == []


def test_the_terminal_imports_nothing_from_the_web() -> None:
    assert crossings("bonds.terminal", ("bonds.web",)) == []


def test_the_views_import_no_front_end() -> None:
    assert crossings("bonds.views", ("bonds.web", "bonds.terminal", "bonds.cli")) == []


def import_graph(imports: list[Import], modules: dict[str, Path]) -> dict[str, set[str]]:
    """Each module and the modules it imports (type-only imports left out)."""
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for i in imports:
        if not i.type_only and i.target in modules and i.target != i.source:
            graph[i.source].add(i.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each set of modules that import one another round a loop (Tarjan's strongly connected
    components of more than one module)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                connect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(graph)))
    try:
        for node in sorted(graph):
            if node not in index:
                connect(node)
    finally:
        sys.setrecursionlimit(limit)
    return sorted(found)


CYCLES = cycles(import_graph(IMPORTS, MODULES))


def test_a_loop_is_found_and_a_package_importing_its_own_modules_is_none() -> None:
    known = {m: Path() for m in ("p", "p.a", "p.b", "p.c", "q")}
    code = {"p": ("from .a import A\nfrom . import b\n", True),
            "p.a": ("def f():\n    from .b import B\n", False),   # hidden in a function
            "p.b": ("from p.a import A\n", False),
            "p.c": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from q import Q\n",
                    False),
            "q": ("from p.c import C\n", False)}
    found = [i for m, (text, package) in code.items() for i in imports_of(m, text, package, known)]
    assert cycles(import_graph(found, known)) == [["p.a", "p.b"]]
    assert any(i.source == "bonds.rules" and i.target.startswith("bonds.rules.")
               for i in IMPORTS)  # the package's own edges are drawn, and make no loop alone


@pytest.mark.parametrize("group", CYCLES or [None], ids=lambda g: "+".join(g or ["none"]))
def test_no_import_cycle_between_modules(group: list[str] | None) -> None:
    if group is None:
        return
    members = set(group)
    edges = [str(i) for i in IMPORTS if i.source in members and i.target in members
             and not i.type_only]
    pytest.fail("these modules import one another round a loop:\n" + "\n".join(edges))
