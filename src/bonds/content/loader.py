"""Loading a pack: find its files, read them, validate them, compile them, or say why not.

Every problem in every file is collected and reported at once, each as
``file:line:column: expected …, found …``; a pack with any problem raises
:class:`~bonds.engine.errors.ContentError` and nothing half-loaded is returned.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from bonds.engine.errors import ContentError
from bonds.engine.world import World

from .schema import FILE_MODELS
from .yaml_source import SourceFile, YamlProblem, read_yaml

__all__ = ["WORLD_KINDS", "PackFiles", "find_world", "load_pack", "read_pack"]

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
        self.hash = ""

    def source(self, kind: str) -> SourceFile | None:
        """The source file of a single-file kind, if the pack has it."""
        entry = self.single.get(kind)
        return entry[0] if entry else None

    def layers(self, kind: str) -> list[tuple[SourceFile, Any]]:
        """The world's file of ``kind`` (if any), then the pack's own (if any)."""
        return [entry for entry in (self.base.get(kind), self.single.get(kind)) if entry]


def load_pack(root: str | Path) -> World:
    """Load and compile the pack at ``root``. Raises ContentError listing every problem."""
    from .compiler import compile_pack

    files = read_pack(Path(root))
    has_manifest = "pack.yaml" in files.single or "pack.yaml" in files.failed
    world = compile_pack(files) if has_manifest else None
    if files.problems or world is None:
        raise ContentError(files.problems or ["pack.yaml:1:1: expected a manifest, found none"])
    return world


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
        for error in exc.errors(include_url=False):
            problems.append(_describe(source, error))
    return None


def _describe(source: SourceFile, error: Any) -> str:
    loc = tuple(error["loc"])
    path = _data_path(source, loc)
    field = ".".join(str(p) for p in path) or "the file"
    kind = error["type"]
    found = _short(error.get("input"))
    if kind == "missing":
        message = f"{field}: expected field '{loc[-1]}', found nothing"
    elif kind == "extra_forbidden":
        message = f"{field}: expected a known field, found unknown field '{loc[-1]}'"
        value = error.get("input")
        if source.name.endswith("characters.yaml") and isinstance(value, int):
            # A pack written before worlds kept pools and carried things as fields.
            message += (f" (pools and things carried moved when worlds split from campaigns: "
                        f"write 'resources: {{{loc[-1]}: {value}}}' with the resource declared "
                        f"under 'resources:' in world.yaml, or 'items: {{<item>: {value}}}'; "
                        f"see docs/pack-format.md, 'Packs written before worlds')")
    else:
        wanted = error["msg"].replace("Input should be", "expected").replace("Value error, ", "")
        message = f"{field}: {wanted}, found {found}"
    return source.at(path, message)


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
    text = repr(value)
    if isinstance(value, dict):
        text = "a mapping"
    elif isinstance(value, list):
        text = "a list"
    return text if len(text) <= 60 else text[:57] + "..."
