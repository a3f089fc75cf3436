"""Every event kind the engine or a rules module can emit has a rendering in narration.

The kinds are found by reading the source: every call ``emit("kind", field=...)`` (as
``ctx.emit`` or ``self.emit``) under ``src/bonds``, with the fields it passes. A new kind
without a template (or a place in ``UNTOLD``, for bookkeeping no reader needs) fails here,
naming the file that emits it; so does a generic template that names a field no emit of its
kind passes. An emit whose kind is computed must be listed in ``COMPUTED``.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

from bonds.narration.generic import GENERIC, GENERIC_REPEATS, UNTOLD
from bonds.narration.narrator import NARRATOR_KINDS

SRC = Path(__file__).resolve().parents[2] / "src" / "bonds"
TOLD = frozenset(GENERIC) | UNTOLD | NARRATOR_KINDS

COMPUTED = {"rules/infamy.py": {"infamy_changed": {"region", "faction", "key", "old", "new",
                                                   "delta", "reason"},
                                "attention_changed": {"region", "faction", "key", "old",
                                                      "new", "delta", "reason"}}}
"""Files that emit a kind built at run time (``f"{kind}_changed"``): the kinds and fields."""

DERIVED = {"direction", "size", "amount", "subject", "view", "pov", "luck", "in_fight",
           "new_day", "part", "downed", "last", "label", "more", "count", "once", "both",
           "echo", "wound", "found_any", "target_person", "target_zone", "reason_shape",
           "reason_by", "again", "follows", "joined", "healed_self", "span", "gap",
           "amount_word", "short", "crowd", "missions", "item_plural", "returned", "warmer"}
"""Facts narration adds to every event or to some kinds (see ``facts.describe``)."""

JOINED = {"heard", "then", "patient", "frozen", "other", "other_hours_span", "same_hours",
          "pairs", "news", "keyed", "objectives", "many_word"}
"""Fields a lead gains from the events told with it (see ``narration._joins``)."""


def scan(source: str) -> tuple[dict[str, set[str]], list[int]]:
    """The kinds a module emits with the fields each passes, and the lines of computed kinds."""
    kinds: dict[str, set[str]] = {}
    computed: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and node.args and (
                getattr(node.func, "attr", None) == "emit"
                or getattr(node.func, "id", None) == "emit")):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            computed.append(node.lineno)
            continue
        fields = kinds.setdefault(first.value, set())
        for keyword in node.keywords:
            if keyword.arg is not None:
                fields.add(keyword.arg)
            elif isinstance(keyword.value, ast.Dict):
                fields |= {str(k.value) for k in keyword.value.keys
                           if isinstance(k, ast.Constant)}
    return kinds, computed


@functools.cache
def emitted() -> dict[str, tuple[set[str], list[str]]]:
    """Every kind under src/bonds: the union of its fields and the files that emit it."""
    found: dict[str, tuple[set[str], list[str]]] = {}
    for path in sorted(SRC.rglob("*.py")):
        name = path.relative_to(SRC).as_posix()
        kinds, computed = scan(path.read_text(encoding="utf-8"))
        if computed:
            assert name in COMPUTED, (f"{name} emits a computed kind (line {computed[0]}): "
                                      f"list its kinds in COMPUTED")
            kinds = {**kinds, **COMPUTED[name]}
        for kind, fields in kinds.items():
            entry = found.setdefault(kind, (set(), []))
            entry[0].update(fields)
            entry[1].append(name)
    return found


def test_the_scan_finds_emits_in_any_form() -> None:
    source = ('ctx.emit("hit", a=1, **{"from": 2})\nself.emit(\n    "roll",\n    b=3,\n)\n'
              'ctx.emit(f"{k}_x")\nemit(\'x_y\')')
    assert scan(source) == ({"hit": {"a", "from"}, "roll": {"b"}, "x_y": set()}, [6])


def test_every_emitted_kind_has_a_rendering() -> None:
    found = emitted()
    assert {"game_started", "scene_entered", "choice_made", "roll", "value_changed",
            "flag_changed", "bond_changed", "infamy_changed"} <= set(found)
    missing = {kind: files for kind, (_, files) in found.items() if kind not in TOLD}
    assert not missing, f"event kinds with no rendering in bonds.narration: {missing}"


def test_generic_templates_name_only_fields_their_events_have() -> None:
    found = emitted()
    wrong = []
    for table in (GENERIC, GENERIC_REPEATS):
        for kind, templates in table.items():
            if kind == "*":
                continue
            fields, _ = found.get(kind, (set(), []))
            known = (fields | DERIVED | JOINED
                     | {f + suffix for f in fields for suffix in ("_word", "_nth", "_span")})
            for template in templates:
                unknown = set(template.needs) - known
                unknown |= {k for k, _ in template.when} - known
                if unknown:
                    wrong.append(f"{kind}: {template.text!r} uses {sorted(unknown)}")
    assert not wrong, "\n".join(wrong)


def test_no_template_is_for_a_kind_nobody_emits() -> None:
    stale = (set(GENERIC) | set(GENERIC_REPEATS) | UNTOLD) - set(emitted()) - {"*"}
    assert not stale, f"templates for kinds no code emits: {sorted(stale)}"
