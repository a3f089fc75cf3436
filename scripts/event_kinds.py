"""The table of event kinds in docs/pack-format.md, made from the code that emits them.

Every ``ctx.emit("kind", field=...)`` under ``src/bonds/engine``, ``src/bonds/rules`` and the
expression compiler is an event a ``narration.yaml`` template may tell. The kinds and their
fields come from :func:`bonds.content._events.event_table` (the same scan ``bonds check``
validates templates against); this script adds the module each kind is emitted from and
keeps the table's hand-written "what happened" column.

    .venv/bin/python scripts/event_kinds.py           # print the table
    .venv/bin/python scripts/event_kinds.py --check   # exit 1 if the docs' table is stale
    .venv/bin/python scripts/event_kinds.py --write   # rewrite the docs' table in place

The table sits between ``<!-- event-kinds:start -->`` and ``<!-- event-kinds:end -->``.
A new kind is written with ``TODO`` in its last column; tests/content/test_docs_example.py
fails until someone says what it means.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

from bonds.content._events import event_table

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "pack-format.md"
PACKAGE = ROOT / "src" / "bonds"
SOURCES = ("engine", "rules", "content/expressions.py")
START, END = "<!-- event-kinds:start -->", "<!-- event-kinds:end -->"
HEADER = ("| kind | fields | emitted by | what happened |\n"
          "|---|---|---|---|\n")
OPEN = "…"
"""Shown after the fields of a kind whose call passes fields the scan cannot name."""
TODO = "TODO"


def _files() -> list[Path]:
    out: list[Path] = []
    for part in SOURCES:
        path = PACKAGE / part
        out.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return out


def emitters() -> dict[str, list[str]]:
    """Each kind and the modules that emit it (``rules/health.py``), read with :mod:`ast`;
    a kind built from a pattern (``f"{kind}_changed"``) is put to the module of the pattern
    only when no module emits it by its plain name."""
    kinds = sorted(event_table().kinds)
    plain: dict[str, list[str]] = {}
    patterns: list[tuple[str, str]] = []
    for path in _files():
        module = path.relative_to(PACKAGE).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr == "emit" and node.args):
                continue
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if module not in plain.setdefault(first.value, []):
                    plain[first.value].append(module)
            elif isinstance(first, ast.JoinedStr):
                patterns.append(("".join(re.escape(str(v.value)) if isinstance(v, ast.Constant)
                                         else "[a-z_]+" for v in first.values), module))
    for kind in kinds:
        if kind not in plain:
            plain[kind] = [m for p, m in patterns if re.fullmatch(p, kind)]
    return plain


def fields_cell(fields: frozenset[str]) -> str:
    """The fields column: the named fields in order, and ``…`` when more may come."""
    named = ", ".join(f"`{f}`" for f in sorted(fields - {"*"}))
    if "*" in fields:
        named = f"{named}, {OPEN}" if named else OPEN
    return named or "—"


def parse(table: str) -> dict[str, tuple[str, str, str]]:
    """The rows of a table as written: kind -> (fields cell, module cell, meaning)."""
    rows: dict[str, tuple[str, str, str]] = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or not cells[0].startswith("`"):
            continue
        rows[cells[0].strip("`")] = (cells[1], cells[2], cells[3])
    return rows


def current(text: str) -> str:
    """The table between the markers in the docs' text."""
    start, end = text.index(START) + len(START), text.index(END)
    return text[start:end]


def render(meanings: dict[str, str]) -> str:
    """The whole table, one row per kind, in alphabetical order."""
    table = event_table()
    where = emitters()
    lines = [HEADER]
    for kind in sorted(table.kinds):
        lines.append(f"| `{kind}` | {fields_cell(table.fields[kind])} | "
                     f"{', '.join(f'`{m}`' for m in where.get(kind, ())) or '?'} | "
                     f"{meanings.get(kind) or TODO} |\n")
    return "".join(lines)


def fresh_text(text: str) -> str:
    """The docs' text with the table made again (meanings kept)."""
    meanings = {kind: row[2] for kind, row in parse(current(text)).items()}
    start, end = text.index(START) + len(START), text.index(END)
    return text[:start] + "\n" + render(meanings) + text[end:]


def main(argv: list[str]) -> int:
    text = DOCS.read_text(encoding="utf-8")
    if "--write" in argv:
        DOCS.write_text(fresh_text(text), encoding="utf-8")
        return 0
    if "--check" in argv:
        if fresh_text(text) != text:
            print(f"{DOCS.relative_to(ROOT)}: the event table is stale; run "
                  f"scripts/event_kinds.py --write and describe any {TODO}", file=sys.stderr)
            return 1
        return 0
    rows = parse(current(text)) if START in text and END in text else {}
    sys.stdout.write(render({kind: row[2] for kind, row in rows.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
