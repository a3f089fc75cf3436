"""Terminal save slots: one save file per slot in a folder, written atomically.

The files are ordinary save documents (:mod:`bonds.saves`), so ``bonds replay`` reads them.
The autosave is the slot named ``autosave``.
"""

from __future__ import annotations

import re
from pathlib import Path

from bonds.engine import SaveError
from bonds.saves import Save, read_save, write_save

__all__ = ["AUTOSAVE", "SlotFolder", "default_saves_dir"]

AUTOSAVE = "autosave"
"""The slot written after every step."""
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
"""A slot name: letters, digits, ``_`` and ``-``, up to 40 characters."""


def default_saves_dir(pack_id: str) -> Path:
    """The user's data folder for the saves of ``pack_id``."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("unbreakable-bonds", appauthor=False)) / "saves" / pack_id


class SlotFolder:
    """A folder of save slots."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def check_name(self, name: str) -> str:
        """``name`` if it is a valid slot name. Raises SaveError with the rule."""
        if not NAME.match(name):
            raise SaveError("a save's name is 1-40 letters, digits, '_' or '-' "
                            "(e.g. save before-the-gate)")
        return name

    def path(self, name: str) -> Path:
        """The file of slot ``name``."""
        return self.root / f"{self.check_name(name)}.json"

    def exists(self, name: str) -> bool:
        """Whether slot ``name`` holds a save."""
        return self.path(name).is_file()

    def write(self, name: str, save: Save) -> None:
        """Write slot ``name`` atomically. Raises SaveError if the folder is not writable."""
        try:
            write_save(self.path(name), save)
        except OSError as exc:
            raise SaveError(f"cannot write save {name}: {exc.strerror}") from None

    def read(self, name: str) -> Save:
        """The save in slot ``name``. Raises SaveError."""
        if not self.exists(name):
            raise SaveError(f"there is no save named {name}")
        return read_save(self.path(name))

    def delete(self, name: str) -> None:
        """Remove slot ``name``. Raises SaveError if there is none."""
        if not self.exists(name):
            raise SaveError(f"there is no save named {name}")
        self.path(name).unlink()

    def names(self) -> list[str]:
        """The slots in the folder, the autosave first."""
        if not self.root.is_dir():
            return []
        found = sorted(p.stem for p in self.root.glob("*.json") if NAME.match(p.stem))
        return sorted(found, key=lambda n: n != AUTOSAVE)
