"""Checks the compiler runs besides compiling: narration against the events that exist, the
ids of entries a broken file lost, and near-miss suggestions for every unknown name.

- ``narration.yaml``: every event kind it names (``events``, ``repeats``, ``silent``) must
  be one some code emits, and every ``{field}`` of a template and key of its ``when`` one
  the event carries (or the storyteller derives); see :mod:`._events`.
- A file that failed its schema keeps its sound entries (:mod:`._salvage`); the ids of the
  entries it lost still count as declared, so no false "unknown id" follows elsewhere.
- Unknown names in messages written elsewhere (the rules' load hooks, prose fields) get the
  same "did you mean" as the compiler's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from ._events import event_table
from ._suggest import did_you_mean, known_list
from .yaml_source import SourceFile

__all__ = ["SECTION_IDS", "add_suggestions", "narration_problems"]

SECTION_IDS: dict[tuple[str, str], tuple[str, ...]] = {
    ("scenes", ""): ("scene",), ("endings.yaml", ""): ("ending",),
    ("characters.yaml", "characters"): ("character", "observer"),
    ("world.yaml", "places"): ("place",), ("world.yaml", "regions"): ("region",),
    ("world.yaml", "observers"): ("observer", "faction"),
    ("world.yaml", "resources"): ("resource",), ("world.yaml", "items"): ("item",),
    ("world.yaml", "ranks"): ("rank",),
    ("techniques.yaml", "techniques"): ("technique",),
    ("techniques.yaml", "injuries"): ("injury", "*injury_step"),
    ("missions.yaml", "missions"): ("mission", "*objective"),
    ("fights.yaml", "fights"): ("fight",),
}
"""Which id kinds the entries of each section declare; ``*``: kinds declared inside an
entry (an injury's steps), all accepted when an entry of the section was lost."""

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.[A-Za-z]+)?\}")
_UNKNOWN_ID = re.compile(r"expected (?:a |an )?(?:known )?([a-z_]+)\b[^']*?, found '([^']+)'")
_UNKNOWN_NAME = re.compile(r"found unknown name '([^']+)'")
_WORDS = {"injury step": "injury_step"}


def add_suggestions(problems: list[str], ids: Mapping[str, set[str]],
                    names: Iterable[str]) -> None:
    """Append "did you mean" to each problem that names an unknown id or name and has no
    suggestion yet (``names``: qualities and characters, what prose fields may name)."""
    pool = sorted(set(names))
    for n, problem in enumerate(problems):
        if "did you mean" in problem:
            continue
        hint = ""
        m = _UNKNOWN_NAME.search(problem)
        if m:
            hint = did_you_mean(m.group(1), pool)
        else:
            m = _UNKNOWN_ID.search(problem)
            if m:
                kind = _WORDS.get(m.group(1), m.group(1))
                known = ids.get(kind)
                if known is not None and type(known) is set and m.group(2) not in known:
                    hint = did_you_mean(m.group(2), known)
        if hint:
            problems[n] = problem + hint


def narration_problems(layers: list[tuple[SourceFile, Any]]) -> list[str]:
    """Every unknown event kind, template field and condition key of the narration files."""
    table = event_table()
    kinds = sorted(table.kinds)
    out: list[str] = []
    for source, model in layers:
        for section in ("events", "repeats"):
            for kind, templates in getattr(model, section).items():
                if kind not in table.kinds:
                    out.append(source.at((section, kind), _unknown_kind(kind, kinds)))
                    continue
                for i, template in enumerate(templates):
                    out.extend(_template(source, (section, kind, i), kind, template, table,
                                         extra=("more", "count", "once") if section ==
                                         "repeats" else ()))
        for i, kind in enumerate(model.silent):
            if kind not in table.kinds:
                out.append(source.at(("silent", i), _unknown_kind(kind, kinds)))
    return out


def _unknown_kind(kind: str, kinds: list[str]) -> str:
    return (f"expected an event kind the engine or its rules emit, found '{kind}'"
            f"{did_you_mean(kind, kinds) or ' (known: ' + known_list(kind, kinds) + ')'}")


def _template(source: SourceFile, path: tuple[Any, ...], kind: str, template: Any,
              table: Any, extra: tuple[str, ...]) -> list[str]:
    text = template if isinstance(template, str) else template.text
    where = path if isinstance(template, str) else (*path, "text")
    fields = table.known_fields(kind)
    out = []
    for m in _FIELD.finditer(text):
        name = m.group(1)
        if name not in extra and not table.has_field(kind, name):
            out.append(source.at(where, f"expected a field of a '{kind}' event "
                                        f"({', '.join(fields) or 'none'}), found "
                                        f"'{{{name}}}'{did_you_mean(name, fields)}"))
    if not isinstance(template, str):
        for key in template.when:
            if key not in extra and not table.has_field(kind, key):
                out.append(source.at((*path, "when", key),
                                     f"expected a fact of a '{kind}' event "
                                     f"({', '.join(fields) or 'none'}), found '{key}'"
                                     f"{did_you_mean(key, fields)}"))
    return out
