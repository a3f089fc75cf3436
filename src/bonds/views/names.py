"""People's and places' names for ids, as every screen shows them, and the tone of a change.

The names come from the pack through the one lookup the rules use too
(:func:`bonds.rules.pack_name`), and a value key's label from the pack's ``labels:``
(:mod:`bonds.rules.labels`): a key the pack does not name has no label and is not shown.
This module adds how a screen words an id inside prose the pack does not name
(``night_market`` → ``Night market``) and whether a change is good or bad news for the pair.
"""

from __future__ import annotations

from typing import Any

from bonds.engine import World
from bonds.rules import pack_name
from bonds.rules.labels import KEY_TABLES, group_label, key_label

__all__ = ["KEY_TABLES", "Names", "humanize", "shown_reason", "tone"]

WORSE_UP = ("suspicion", "tension", "exposed", "knows", "injur", "hurt",
            "damage", "wound", "grudge", "downed", "harmed")
"""Words in a key or event kind whose rise is bad news for the pair."""
NEUTRAL = ("infamy", "attention", "noise", "day", "hour", "round", "time")
"""Words whose rise is neither good nor bad in itself (attention may be the mission's aim:
drawing a band's eye is the point of the undercover act)."""


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
    """Names ids as the pack does (see :func:`bonds.rules.pack_name`), for one loaded world.

    Each name and label is worked out once and kept: a page asks for the same few hundred
    many times over, and a loaded pack's names do not change (a revised pack is a new world,
    given new ``Names``)."""

    __slots__ = ("_data", "_names", "_labels")

    def __init__(self, world: World) -> None:
        self._data = world.data
        self._names: dict[tuple[str, str | None], str] = {}
        self._labels: dict[str, str | None] = {}

    def of(self, key: str, table: str | None = None) -> str:
        """The name of ``key`` (looked up in ``table`` first, e.g. ``regions``, when an id
        names different things in different tables), or the key made readable."""
        name = self._names.get((key, table))
        if name is None:
            name = self._names[key, table] = pack_name(self._data, key, table) or humanize(key)
        return name

    @property
    def data(self) -> Any:
        """The pack's data (its tables and ``labels:``)."""
        return self._data

    def known(self, key: str) -> bool:
        """Whether the pack names ``key``."""
        return pack_name(self._data, key) is not None

    def label(self, key: str) -> str | None:
        """What a screen calls the value ``key``, only from the pack's names: the bond's
        ``Ada → Bo, trust`` (the pair's ``Ada and Bo, tension``), a row template's words
        (``The act Ada and Bo keep up``), or the group and its ids (``Suspicion (the
        Watch)``); None when the pack names it nowhere (it is then not shown)."""
        try:
            return self._labels[key]
        except KeyError:
            label = self._labels[key] = self._label(key)
            return label

    def _label(self, key: str) -> str | None:
        parts = key.split(".")
        if parts[0] == "bond" and len(parts) == 4:
            a, b, measure = parts[1:]
            if not (self.known(a) and self.known(b)):
                return None
            if measure == "tension":
                return f"{self.of(a)} and {self.of(b)}, tension"
            return f"{self.of(a)} → {self.of(b)}, {measure}"
        row = key_label(self._data, key)
        if row is None:
            return None
        if all(self.known(p) for p in parts[1:]):
            return f"{group_label(self._data, parts[0])} ({row})"
        return row[:1].upper() + row[1:]


def shown_reason(reason: str) -> str:
    """A rule's reason as a page reads it: ``word travels: a chase`` (talk reaching those
    who were not there) → ``word of a chase``."""
    rest = reason.removeprefix("word travels: ")
    return reason if rest == reason else f"word of {rest}"
