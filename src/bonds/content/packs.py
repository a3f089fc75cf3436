"""Where packs are found: the default campaign ships inside the package."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

__all__ = ["DEFAULT_PACK", "ShelfEntry", "default_pack_path", "installed_packs", "resolve_pack"]

DEFAULT_PACK = "unbreakable_bonds"


def default_pack_path() -> Path:
    """The folder of the default campaign as installed with the package."""
    return Path(__file__).resolve().parent.parent / "campaigns" / DEFAULT_PACK


def resolve_pack(name: str | Path | None) -> Path:
    """A pack folder from a path, or the name of a pack shipped with the package."""
    if name is None:
        return default_pack_path()
    path = Path(name)
    if path.exists():
        return path
    shipped = default_pack_path().parent / str(name)
    return shipped if shipped.exists() else path


@dataclass(frozen=True)
class ShelfEntry:
    """A pack as the shelf shows it, read from its manifest alone (nothing compiled)."""

    path: Path
    id: str
    title: str
    summary: str
    rating: str
    tags: tuple[str, ...]
    world: str = ""
    """The name of the world it builds on (its world.yaml's ``name``), if it names one."""


def _world_name(pack: Path, world: object) -> str:
    """The display name a pack's world gives itself, or ``''``."""
    from .loader import find_world

    folder = find_world(pack, world) if isinstance(world, str) else None
    if folder is None:
        return ""
    try:
        data = yaml.safe_load((folder / "world.yaml").read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return ""
    return str(data.get("name", "")) if isinstance(data, dict) else ""


def installed_packs(folder: Path | None = None) -> list[ShelfEntry]:
    """The packs installed beside the default campaign (or in ``folder``), the default
    first, then by title. A folder whose manifest cannot be read is left off the shelf (the
    pack's own errors are for ``bonds check``)."""
    root = folder or default_pack_path().parent
    found = []
    for manifest in sorted(root.glob("*/pack.yaml")):
        try:
            data = yaml.safe_load(manifest.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            continue
        found.append(ShelfEntry(manifest.parent, data["id"], str(data.get("title", data["id"])),
                                str(data.get("summary", "")).strip(),
                                str(data.get("rating", "Not Rated")),
                                tuple(str(t) for t in data.get("tags") or ()),
                                _world_name(manifest.parent, data.get("world"))))
    return sorted(found, key=lambda e: (e.id != DEFAULT_PACK, e.title.lower()))
