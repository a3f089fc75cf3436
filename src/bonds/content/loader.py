"""Loading a pack: read its files, validate them, compile them, or say why not.

Every problem in every file is collected and reported at once, each as
``file:line:column: expected …, found …``, with the warnings found beside them; a pack with
any problem raises :class:`~bonds.engine.errors.ContentError` and nothing half-loaded is
returned. Reading is :mod:`.reading`'s, compiling :mod:`.compiler`'s.
"""

from __future__ import annotations

from pathlib import Path

from bonds.engine.errors import ContentError
from bonds.engine.world import World

from .compiler import compile_pack
from .reading import WORLD_KINDS, PackFiles, find_world, read_pack

__all__ = ["WORLD_KINDS", "PackFiles", "find_world", "load_pack", "read_pack"]


def load_pack(root: str | Path) -> World:
    """Load and compile the pack at ``root``. Raises ContentError listing every problem."""
    files = read_pack(Path(root))
    has_manifest = "pack.yaml" in files.single or "pack.yaml" in files.failed
    world = compile_pack(files) if has_manifest else None
    if files.problems or world is None:
        raise ContentError(files.problems or ["pack.yaml:1:1: expected a manifest, found none"],
                           files.warnings)
    return world
