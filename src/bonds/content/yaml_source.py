"""Reading YAML files while remembering where every value stood.

PyYAML composes the node tree (which carries line and column marks); we build plain Python
data from it and a table from each value's path to its ``(line, column)``, so errors found
later (by pydantic or by reference checks) can point at the exact place in the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_VALUES", "SourceFile", "YamlProblem", "read_yaml"]

MAX_FILE_BYTES = 2_000_000
"""A content file larger than this is refused: no pack needs it and it would stall loading."""
MAX_VALUES = 500_000
"""The most values one file may hold once aliases are expanded (stops "billion laughs")."""
MAX_DEPTH = 64
"""The deepest nesting of values a file may have (also stops an alias that contains itself)."""

Path_ = tuple[int | str, ...]

_FAST: Any = getattr(yaml, "CSafeLoader", None)
"""libyaml's parser where PyYAML has it: the same nodes and marks, many times faster."""
_FAST_NESTING = 4_000
"""Brackets a file may hold for the fast parser (which recurses in C, unguarded); a file
with more is read by the pure-Python one, whose recursion is caught."""


@dataclass
class YamlProblem(Exception):
    """A file that could not be read as YAML; line and column are 1-based."""

    line: int
    column: int
    message: str


@dataclass
class SourceFile:
    """One YAML file's data and where each part of it stood."""

    name: str
    """The file's path relative to the pack root, as shown in messages."""
    data: Any
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: Path_) -> tuple[int, int]:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path[:-1]
        return self.positions.get((), (1, 1))

    def at(self, path: Path_, message: str) -> str:
        """A ``file:line:column: message`` line for ``path``."""
        line, column = self.where(path)
        return f"{self.name}:{line}:{column}: {message}"


def read_yaml(path: Path, name: str) -> SourceFile:
    """Read one YAML file. Raises :class:`YamlProblem` for size, encoding and syntax errors."""
    raw = path.read_bytes()
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(1, 1, f"expected a file under {MAX_FILE_BYTES:,} bytes, "
                                f"found {len(raw):,} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise YamlProblem(line, column, f"expected UTF-8 text, found byte "
                                        f"0x{raw[exc.start]:02x}") from None
    if _FAST is not None and text.count("[") + text.count("{") < _FAST_NESTING:
        fast = _FAST(text)
        try:
            node = fast.get_single_node()
            source = SourceFile(name, None)
            source.data = (_build(fast, node, (), source.positions, [MAX_VALUES])
                           if node is not None else None)
            return source
        except (yaml.YAMLError, RecursionError):
            pass  # read again below, so that every problem is told in the same words
        finally:
            fast.dispose()
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        source = SourceFile(name, None)
        budget = [MAX_VALUES]
        source.data = (_build(loader, node, (), source.positions, budget)
                       if node is not None else None)
        return source
    except RecursionError:
        raise YamlProblem(1, 1, f"expected values nested at most {MAX_DEPTH} deep, found "
                                f"deeper nesting") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "malformed YAML"
        raise YamlProblem(line, column, f"expected valid YAML, found a problem: {what}"
                                        f"{_hint(what, text, line)}") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, 1, f"expected valid YAML, found: {exc}") from None
    finally:
        loader.dispose()


def _hint(problem: str, text: str, line: int) -> str:
    """A way out of YAML's commonest traps, from its own wording of the problem."""
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    if "'\\t'" in problem or "\t" in here[: len(here) - len(here.lstrip())]:
        return " (YAML indents with spaces, not tabs: replace the tab with spaces)"
    if "mapping values are not allowed" in problem:
        return (" (text holding ': ' must be quoted: write the value in quotes, e.g. "
                "label: \"Wait: listen\")")
    if "got '{'" in problem or "got '['" in problem or "found '{'" in problem:
        return (" (text holding {, }, [ or ] must be quoted: write it in quotes, e.g. "
                "\"He had {coins} coins.\")")
    if "found character '`'" in problem or "found character '@'" in problem:
        return " (text starting with ` or @ must be quoted)"
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return (" (check the indentation of this line against the one above, and quote text "
                "that holds ': ' or starts with a symbol)")
    return ""


def _build(loader: yaml.SafeLoader, node: yaml.Node, path: Path_,
           positions: dict[Path_, tuple[int, int]], budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise yaml.MarkedYAMLError(problem=f"more than {MAX_VALUES:,} values (aliases that "
                                           f"expand too far?)", problem_mark=node.start_mark)
    if len(path) > MAX_DEPTH:
        raise yaml.MarkedYAMLError(problem=f"values nested more than {MAX_DEPTH} deep (an "
                                           f"alias inside itself?)", problem_mark=node.start_mark)
    quoted = isinstance(node, yaml.ScalarNode) and node.style in ("'", '"')
    # A quoted value's position is its first character, inside the quote, so a column within
    # an expression's text maps exactly onto the file.
    positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1 + quoted)
    if isinstance(node, yaml.MappingNode):
        written: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | bool) or key is None:
                raise yaml.MarkedYAMLError(problem=f"a key of type {type(key).__name__}",
                                           problem_mark=key_node.start_mark)
            if key in written:
                raise yaml.MarkedYAMLError(problem=f"the key '{key}' a second time",
                                           problem_mark=key_node.start_mark)
            written.add(key)
        # Merge keys (<<: *base) come first; keys written here override them.
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            result[key] = _build(loader, value_node, (*path, key), positions, budget)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(loader, item, (*path, i), positions, budget)
                for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)
