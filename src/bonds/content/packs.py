"""Where packs are found: the default campaign ships inside the package."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT_PACK", "default_pack_path", "resolve_pack"]

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
