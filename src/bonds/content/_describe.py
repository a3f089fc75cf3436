"""Schema errors as people read them: where, what was expected, what was found, a way out.

Pydantic's own messages name regular expressions, union members and "extra inputs"; here
each becomes ``file:line:col: field: expected ..., found ...`` with a way out where one is
known: the field nearest an unknown key ("did you mean 'effects'?"), the id an id with a
capital should be, the choices of a fixed list of words. Errors that several members of a
union raise at one place are one problem, not one per member.
"""

from __future__ import annotations

import re
from typing import Any

from ._salvage import models_at
from ._suggest import did_you_mean
from .yaml_source import SourceFile

__all__ = ["describe_errors"]

_PATTERNS = {
    r"^[a-z][a-z0-9_]*$": ("an id: lowercase letters, digits and underscores, starting with "
                           "a letter (e.g. 'ann')"),
    r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$": ("a scene id: ids of lowercase letters, digits and "
                                          "underscores joined by dots (e.g. 'camp.fire')"),
    r"^\d+\.\d+\.\d+$": "a version such as 1.0.0",
}
_NOT_ID = re.compile(r"[^a-z0-9_.]+")


def describe_errors(source: SourceFile, errors: list[dict[str, Any]], tp: Any) -> list[str]:
    """One ``file:line:col`` message per problem of a file that failed its schema ``tp``."""
    out: list[str] = []
    seen: dict[tuple[Any, ...], int] = {}
    for error in errors:
        loc = tuple(error["loc"])
        path = _data_path(source, loc)
        tagged = len(path) < len(loc) and error["type"] != "extra_forbidden" and \
            error["type"] != "missing"
        if tagged and path in seen:
            continue  # another member of the same union, at the same place
        message = source.at(path, _message(source, error, loc, path, tp))
        if tagged:
            seen[path] = len(out)
        out.append(message)
    return list(dict.fromkeys(out))


def _message(source: SourceFile, error: dict[str, Any], loc: tuple[Any, ...],
             path: tuple[Any, ...], tp: Any) -> str:
    field = ".".join(str(p) for p in path) or "the file"
    kind = error["type"]
    value = error.get("input")
    found = _short(value)
    if kind == "missing":
        return f"{field}: expected field '{loc[-1]}', found nothing"
    if kind == "extra_forbidden":
        return f"{field}: {_unknown_field(source, loc, value, tp)}"
    if kind == "string_pattern_mismatch":
        pattern = str((error.get("ctx") or {}).get("pattern", ""))
        what = _PATTERNS.get(pattern, f"text matching {pattern}")
        return f"{field}: expected {what}, found {found}{_fixed_id(pattern, value)}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str((error.get("ctx") or {}).get("expected", "")))
        return (f"{field}: expected one of {', '.join(options)}, found {found}"
                f"{did_you_mean(value, options)}")
    if kind == "union_tag_invalid" or (len(path) < len(loc) and kind.endswith("_type")):
        return f"{field}: expected {_union_words(loc[len(path):])}, found {found}"
    wanted = error["msg"].replace("Input should be", "expected").replace("Value error, ", "")
    if wanted.startswith("expected") and (kind == "value_error" or isinstance(value, dict)):
        return f"{field}: {wanted}"
    if isinstance(value, dict | list) and kind == "value_error":
        return f"{field}: {wanted}"
    return f"{field}: {wanted}, found {found}"


def _unknown_field(source: SourceFile, loc: tuple[Any, ...], value: Any, tp: Any) -> str:
    key = loc[-1]
    fields = sorted({f.alias or name for model in models_at(tp, loc[:-1])
                     for name, f in model.model_fields.items()})
    hint = did_you_mean(str(key), fields)
    if not hint and fields:
        hint = f" (known fields: {', '.join(fields)})"
    message = f"expected a known field, found unknown field '{key}'{hint}"
    if source.name.endswith("characters.yaml") and isinstance(value, int) and not hint.startswith(
            " (did"):
        # A pack written before worlds kept pools and carried things as fields.
        message += (f" (pools and things carried moved when worlds split from campaigns: "
                    f"write 'resources: {{{key}: {value}}}' with the resource declared "
                    f"under 'resources:' in world.yaml, or 'items: {{<item>: {value}}}'; "
                    f"see docs/pack-format.md, 'Packs written before worlds')")
    return message


def _fixed_id(pattern: str, value: Any) -> str:
    """`` (write 'ann')`` for an id that breaks the id pattern only by its spelling."""
    if pattern not in _PATTERNS or "version" in _PATTERNS[pattern] or not isinstance(value, str):
        return ""
    fixed = _NOT_ID.sub("_", value.strip().lower()).strip("_.")
    if "." not in pattern:
        fixed = fixed.replace(".", "_")
    if not fixed or not fixed[0].isalpha() or fixed == value:
        return ""
    return f" (write '{fixed}')"


def _union_words(tags: tuple[Any, ...]) -> str:
    words = {"str": "text", "int": "a whole number", "bool": "true or false"}
    tag = str(tags[0]) if tags else ""
    if tag in words:
        return words[tag] + " or one of the other forms this field takes"
    return "a value of one of the forms this field takes"


def _data_path(source: SourceFile, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of a pydantic location that names real keys (drops union member tags)."""
    path: list[Any] = []
    node = source.data
    for part in loc:
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part.endswith("_"):
            alias = part[:-1]
            if alias in node:
                node = node[alias]
                path.append(alias)
    return tuple(path)


def _short(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
