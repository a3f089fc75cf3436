"""Keeping what is sound in a file that failed validation, so one bad entry hides nothing else.

When a file fails its schema, its problems are reported as they are; then the loader asks
here for the file's sound part. A list of entries (scenes, qualities, a world's places) keeps
each entry that validates; an entry that fails is tried again without its faulty fields
(each has a default), and only when that fails too is it left out, its id noted as broken.
The rest of the pack is then checked against the sound part plus those broken ids: a scene
that names an unknown quality is still reported when another quality was mistyped, and a
goto to a scene that failed is not reported as unknown.
"""

from __future__ import annotations

import types
from dataclasses import dataclass, field
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

__all__ = ["Salvaged", "models_at", "salvage"]


@dataclass
class Salvaged:
    """The sound part of a file, and the ids of the entries that had to be left out."""

    value: Any
    broken: dict[str, set[str]] = field(default_factory=dict)
    """Ids of the entries left out, by section (``''`` for a file that is one list)."""
    kept: dict[str, list[int]] = field(default_factory=dict)
    """For each list that lost entries, the indices in the file of the entries kept (entry
    ``n`` of the kept list stood at ``kept[section][n]``)."""

    def moved(self, path: tuple[Any, ...]) -> tuple[Any, ...] | None:
        """Where a path of the file stands in the kept data (None: in an entry left out)."""
        for section, indices in self.kept.items():
            head = () if section == "" else (section,)
            if path[: len(head)] == head and len(path) > len(head) and isinstance(
                    path[len(head)], int):
                old = path[len(head)]
                if old not in indices:
                    return None
                return (*head, indices.index(old), *path[len(head) + 1:])
        return path


@cache
def _adapter(tp: Any) -> TypeAdapter[Any]:
    return TypeAdapter(tp)


def _unwrap(tp: Any) -> list[Any]:
    """The types a value of ``tp`` may be (unions split, Annotated and None dropped)."""
    if get_origin(tp) is Annotated:
        return _unwrap(get_args(tp)[0])
    if get_origin(tp) in (Union, types.UnionType):
        return [m for arg in get_args(tp) for m in _unwrap(arg)]
    if tp is type(None):
        return []
    return [tp]


def _item_type(tp: Any) -> Any | None:
    """The entry type of a list type (``list[SceneModel]`` -> ``SceneModel``), else None."""
    members = _unwrap(tp)
    if len(members) == 1 and get_origin(members[0]) is list:
        return get_args(members[0])[0]
    return None


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def salvage(tp: Any, data: Any) -> Salvaged | None:
    """The sound part of ``data`` as a value of ``tp``; None when nothing can be kept."""
    item = _item_type(tp)
    if item is not None and isinstance(data, list):
        kept, indices, broken = _entries(item, data)
        return Salvaged(kept, {"": broken} if broken else {},
                        {"": indices} if len(indices) < len(data) else {})
    if _is_model(tp) and isinstance(data, dict):
        return _model(tp, data)
    return None


def _entries(item: Any, data: list[Any]) -> tuple[list[Any], list[int], set[str]]:
    kept: list[Any] = []
    indices: list[int] = []
    broken: set[str] = set()
    for n, entry in enumerate(data):
        value = _entry(item, entry)
        if value is None:
            raw = entry.get("id") if isinstance(entry, dict) else None
            if isinstance(raw, str):
                broken.update((raw, raw.lower()))
        else:
            kept.append(value)
            indices.append(n)
    return kept, indices, broken


def _entry(item: Any, entry: Any, depth: int = 0) -> Any | None:
    """One entry, validated; failing that, validated again with its faulty parts mended:
    unknown keys dropped, faulty entries of its lists left out, other faulty fields back to
    their defaults. None when it cannot be mended (a required field is wrong)."""
    adapter = _adapter(item)
    try:
        return adapter.validate_python(entry)
    except ValidationError as exc:
        faulty = {e["loc"][0] for e in exc.errors() if e["loc"]}
    models = [m for m in _unwrap(item) if _is_model(m)]
    if len(models) != 1 or not isinstance(entry, dict) or depth > 8:
        return None
    fields = {f.alias or name: f for name, f in models[0].model_fields.items()}
    mended = dict(entry)
    for key in faulty:
        info = fields.get(key) if isinstance(key, str) else None
        if info is None:
            mended.pop(key, None)  # an unknown field: reported, and read as if absent
            continue
        raw = entry.get(key)
        inner = _item_type(info.annotation)
        if inner is not None and isinstance(raw, list):
            mended[key] = [e for e in (_entry(inner, e, depth + 1) for e in raw) if e is not None]
            continue
        sub = [m for m in _unwrap(info.annotation) if _is_model(m)]
        if len(sub) == 1 and isinstance(raw, dict):
            fixed = _entry(sub[0], raw, depth + 1)
            if fixed is not None:
                mended[key] = fixed
                continue
        if info.is_required():
            return None
        mended.pop(key, None)
    try:
        return adapter.validate_python(mended)
    except ValidationError:
        return None


def _model(tp: type[BaseModel], data: dict[str, Any]) -> Salvaged | None:
    values: dict[str, Any] = {}
    broken: dict[str, set[str]] = {}
    kept: dict[str, list[int]] = {}
    for name, info in tp.model_fields.items():
        key = info.alias or name
        if key not in data:
            if info.is_required():
                return None
            continue
        raw = data[key]
        item = _item_type(info.annotation)
        if item is not None and isinstance(raw, list):
            values[key], indices, lost = _entries(item, raw)
            if lost:
                broken[key] = lost
            if len(indices) < len(raw):
                kept[key] = indices
            continue
        try:
            values[key] = TypeAdapter(info.annotation).validate_python(raw)
        except ValidationError:
            if info.is_required():
                return None
    try:
        return Salvaged(tp.model_validate(values), broken, kept)
    except ValidationError:
        return None


def models_at(tp: Any, loc: tuple[Any, ...]) -> list[type[BaseModel]]:
    """The models a value at ``loc`` (a pydantic error location) of a ``tp`` may be."""
    current = _unwrap(tp)
    for part in loc:
        following: list[Any] = []
        for t in current:
            if _is_model(t):
                fields = {f.alias or n: f for n, f in t.model_fields.items()}
                if part in fields:
                    following.extend(_unwrap(fields[part].annotation))
            elif get_origin(t) is list and isinstance(part, int):
                following.extend(_unwrap(get_args(t)[0]))
            elif get_origin(t) is dict and not isinstance(part, int):
                following.extend(_unwrap(get_args(t)[1]))
        if not following and isinstance(part, str):
            continue  # a union member's tag (``TextBlockModel``), not a key of the data
        current = following
    return [t for t in current if _is_model(t)]
