"""People's and places' names for ids: what the screen says instead of ``night_market``."""

from __future__ import annotations

from bonds.engine import World

__all__ = ["KEY_TABLES", "Names", "humanize", "tone"]

SECTIONS = ("characters", "observers", "regions", "places", "missions", "techniques",
            "injuries")
"""The pack data sections whose records carry a ``name``; earlier sections win a clash."""


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
    """Looks ids up in a pack's data; built once per world."""

    __slots__ = ("_names", "_tables")

    def __init__(self, world: World) -> None:
        self._tables: dict[str, dict[str, str]] = {
            section: {str(k): r.name for k, r in world.data.get(section, {}).items()
                      if isinstance(getattr(r, "name", None), str) and r.name}
            for section in SECTIONS}
        names: dict[str, str] = {}
        for fight in world.data.get("fights", {}).values():  # foes and zones: lowest priority
            for part in (*getattr(fight, "zones", ()), *getattr(fight, "foes", ())):
                if getattr(part, "id", None) and getattr(part, "name", None):
                    names[str(part.id)] = str(part.name)
        for section in reversed(SECTIONS):
            for key, record in world.data.get(section, {}).items():
                name = getattr(record, "name", None)
                if isinstance(name, str) and name:
                    names[str(key)] = name
        self._names = names

    def of(self, key: str, table: str | None = None) -> str:
        """The name of ``key`` (looked up in ``table`` first, one of :data:`SECTIONS`, when
        an id names different things in different tables), or the key made readable."""
        if table is not None and key in self._tables.get(table, {}):
            return self._tables[table][key]
        return self._names.get(key) or humanize(key)

    def known(self, key: str) -> bool:
        """Whether the pack names ``key``."""
        return key in self._names
