"""People's and places' names for ids: what the screen says instead of ``red_lotus``."""

from __future__ import annotations

from bonds.engine import World

__all__ = ["Names", "humanize"]

SECTIONS = ("characters", "observers", "regions", "places", "missions", "techniques",
            "injuries")
"""The pack data sections whose records carry a ``name``; earlier sections win a clash."""


def humanize(key: str) -> str:
    """An id made readable when the pack gives no name: ``fetch_oil`` → ``Fetch oil``."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else key


class Names:
    """Looks ids up in a pack's data; built once per world."""

    __slots__ = ("_names",)

    def __init__(self, world: World) -> None:
        names: dict[str, str] = {}
        for section in reversed(SECTIONS):
            for key, record in world.data.get(section, {}).items():
                name = getattr(record, "name", None)
                if isinstance(name, str) and name:
                    names[str(key)] = name
        self._names = names

    def of(self, key: str) -> str:
        """The name of ``key``, or the key made readable."""
        return self._names.get(key) or humanize(key)

    def known(self, key: str) -> bool:
        """Whether the pack names ``key``."""
        return key in self._names
