"""People's and places' names for ids, as every screen shows them, and the tone of a change.

The names come from the pack through the one lookup the rules use too
(:func:`bonds.rules.pack_name`); this module adds only how a screen words an id the pack
does not name (``night_market`` → ``Night market``) and whether a change is good or bad news
for the pair.
"""

from __future__ import annotations

from bonds.engine import World
from bonds.rules import pack_name

__all__ = ["KEY_TABLES", "Names", "humanize", "tone"]


KEY_TABLES = {"infamy": "regions", "suspicion": "observers", "attention": "observers"}
"""Which table the ids in a value key are named from, by the key's first part
(``infamy.harbour`` is the region, not a faction of the same id)."""

WORSE_UP = ("suspicion", "tension", "attention", "exposed", "knows", "injur", "hurt",
            "damage", "wound", "grudge", "downed", "harmed")
"""Words in a key or event kind whose rise is bad news for the pair."""
NEUTRAL = ("infamy", "noise", "day", "hour", "round", "time")
"""Words whose rise is neither good nor bad in itself."""


def tone(subject: str, delta: float | None) -> str:
    """``good``, ``bad`` or ``""``: how a change of ``subject`` (a value key or event kind,
    plus any measure) by ``delta`` reads for the pair, for colour beside the signed number."""
    if not delta:
        return ""
    text = subject.lower()
    if any(word in text for word in NEUTRAL):
        return ""
    up_is_good = not any(word in text for word in WORSE_UP)
    if "foe" in text:  # what hurts the foes helps the pair
        up_is_good = not up_is_good
    return "good" if (delta > 0) == up_is_good else "bad"


def humanize(key: str) -> str:
    """An id made readable when the pack gives no name: ``fetch_oil`` → ``Fetch oil``."""
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:] if text else key


class Names:
    """Names ids as the pack does (see :func:`bonds.rules.pack_name`), for one world."""

    __slots__ = ("_data",)

    def __init__(self, world: World) -> None:
        self._data = world.data

    def of(self, key: str, table: str | None = None) -> str:
        """The name of ``key`` (looked up in ``table`` first, e.g. ``regions``, when an id
        names different things in different tables), or the key made readable."""
        return pack_name(self._data, key, table) or humanize(key)

    def known(self, key: str) -> bool:
        """Whether the pack names ``key``."""
        return pack_name(self._data, key) is not None
