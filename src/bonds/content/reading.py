"""Reading a pack: find its files (the world's, then the pack's), read and validate each.

Every problem in every file is collected, each as ``file:line:column: expected …, found
…``; a file that fails its schema keeps its sound part (:mod:`._salvage`), so the compiler
can still check the rest of the pack against it. :mod:`.loader` puts reading and compiling
together.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from ._describe import describe_errors
from ._salvage import Salvaged, salvage
from .schema import FILE_MODELS, FILE_TYPES
from .yaml_source import SourceFile, YamlProblem, read_yaml

__all__ = ["WORLD_KINDS", "PackFiles", "find_world", "read_pack"]

_SPLIT_KINDS = ("qualities", "canon", "scenes")
"""Kinds that may be one file (``qualities.yaml``) or a folder of files (``qualities/*.yaml``)."""

WORLD_KINDS = ("world.yaml", "techniques.yaml", "narration.yaml")
"""The files a world folder may hold: what a campaign builds on, not its story."""


class PackFiles:
    """A pack's files, validated: ``single[name]`` and ``split[kind]`` hold (source, model)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[str] = []
        self.single: dict[str, tuple[SourceFile, Any]] = {}
        self.base: dict[str, tuple[SourceFile, Any]] = {}
        """The world's files the pack builds on, by kind (read before the pack's own)."""
        self.world_root: Path | None = None
        self.split: dict[str, list[tuple[SourceFile, Any]]] = {k: [] for k in _SPLIT_KINDS}
        self.failed: set[str] = set()
        """Kinds with a file that could not be read or validated (their ids are incomplete)."""
        self.salvaged: dict[str, dict[str, set[str]]] = {}
        """Of the failed kinds, those whose files' sound part was kept: by kind, by section
        (``''`` for a file that is one list), the ids of the entries that were left out."""
        self.warnings: list[str] = []
        """What the compiler found that is not wrong but likely a mistake."""
        self.hash = ""

    def source(self, kind: str) -> SourceFile | None:
        """The source file of a single-file kind, if the pack has it."""
        entry = self.single.get(kind)
        return entry[0] if entry else None

    def layers(self, kind: str) -> list[tuple[SourceFile, Any]]:
        """The world's file of ``kind`` (if any), then the pack's own (if any)."""
        return [entry for entry in (self.base.get(kind), self.single.get(kind)) if entry]


def read_pack(root: Path) -> PackFiles:
    """Read and validate every file of the pack, collecting problems."""
    files = PackFiles(root)
    if not root.is_dir():
        files.problems.append(f"{root}:1:1: expected a pack folder, found "
                              f"{'a file' if root.exists() else 'nothing'}")
        return files
    digest = hashlib.sha256()
    found = _read_folder(root, root, files, digest, files.single, FILE_MODELS)
    if not (root / "pack.yaml").is_file():
        found_what = "no YAML files at all" if not found else "none"
        files.problems.append(f"pack.yaml:1:1: expected a manifest file pack.yaml, "
                              f"found {found_what}")
    manifest = files.single.get("pack.yaml")
    world = getattr(manifest[1], "world", None) if manifest else None
    if world is not None and manifest is not None:
        files.world_root = find_world(root, world)
        if files.world_root is None:
            files.problems.append(manifest[0].at(("world",), f"expected a world folder "
                                                 f"'worlds/{world}' beside the pack or above "
                                                 f"it, found none"))
        else:
            kinds = {k: FILE_MODELS[k] for k in WORLD_KINDS}
            _read_folder(files.world_root, root, files, digest, files.base, kinds)
    files.hash = digest.hexdigest()
    return files


def find_world(pack_root: Path, name: str) -> Path | None:
    """The folder of world ``name``: ``worlds/<name>`` in the pack's folder or any above it."""
    for folder in (pack_root, *pack_root.resolve().parents):
        candidate = folder / "worlds" / name
        if candidate.is_dir():
            return candidate
    return None


def _read_folder(folder: Path, root: Path, files: PackFiles, digest: Any,
                 into: dict[str, tuple[SourceFile, Any]], models: dict[str, TypeAdapter[Any]]
                 ) -> list[Path]:
    """Read and validate every YAML file under ``folder`` into ``into`` (split kinds into
    ``files.split``); names are relative to the pack's ``root``, as an author would type
    them from there."""
    found = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml"))
    for path in found:
        local = path.relative_to(folder).as_posix()
        name = local if folder == root else Path(os.path.relpath(path, root)).as_posix()
        kind = _kind_of(local)
        try:
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError as exc:
            files.problems.append(f"{name}:1:1: expected a readable file, found: {exc.strerror}")
            files.failed.add(kind or name)
            continue
        if kind is None or kind not in models:
            expected = ", ".join(k if k.endswith(".yaml") else f"{k}/*.yaml" for k in models)
            where = "pack's" if folder == root else "world's"
            files.problems.append(f"{name}:1:1: expected one of the {where} files ({expected}), "
                                  f"found an unknown file")
            continue
        source = _read(path, name, files.problems)
        model = None if source is None else _validate(source, models[kind], files.problems)
        if source is not None and model is None:
            files.failed.add(kind)
            kept = salvage(FILE_TYPES[kind], source.data)
            if kept is None:
                continue
            model = kept.value
            source = _moved(source, kept)
            lost = files.salvaged.setdefault(kind, {})
            for section, ids in kept.broken.items():
                lost.setdefault(section, set()).update(ids)
        if source is None or model is None:
            files.failed.add(kind)
            continue
        if kind in _SPLIT_KINDS:
            files.split[kind].append((source, model))
        else:
            into[kind] = (source, model)
    return found


def _kind_of(name: str) -> str | None:
    if name in FILE_MODELS:
        return name
    top = name.split("/", 1)[0]
    stem = top.rsplit(".", 1)[0]
    if stem in _SPLIT_KINDS:
        return stem
    return None


def _read(path: Path, name: str, problems: list[str]) -> SourceFile | None:
    try:
        return read_yaml(path, name)
    except YamlProblem as exc:
        problems.append(f"{name}:{exc.line}:{exc.column}: {exc.message}")
    except OSError as exc:
        problems.append(f"{name}:1:1: expected a readable file, found: {exc.strerror}")
    return None


def _validate(source: SourceFile, adapter: TypeAdapter[Any], problems: list[str]) -> Any:
    data = source.data
    if data is None:
        problems.append(source.at((), "expected content, found an empty file"))
        return None
    try:
        return adapter.validate_python(data)
    except ValidationError as exc:
        problems.extend(describe_errors(source, [dict(e) for e in exc.errors(include_url=False)],
                                        _type_of(adapter)))
    return None


def _moved(source: SourceFile, kept: Salvaged) -> SourceFile:
    """The file's positions as they stand in its sound part (entries left out skipped)."""
    if not kept.kept:
        return source
    positions = {}
    for path, place in source.positions.items():
        moved = kept.moved(path)
        if moved is not None:
            positions[moved] = place
    return SourceFile(source.name, source.data, positions)


def _type_of(adapter: TypeAdapter[Any]) -> Any:
    return next((tp for kind, tp in FILE_TYPES.items() if FILE_MODELS[kind] is adapter), None)
