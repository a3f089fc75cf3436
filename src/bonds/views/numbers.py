"""How much of the machinery a player sees: the numbers setting, and the words that stand in
for numbers when it is ``words``.

One setting for every screen (the browser's Settings, ``bonds play --text --numbers``,
``bonds export --numbers``):

- ``words`` (the default): odds in words (:func:`odds_words`), the bond as short hints in
  the characters' terms (:func:`hint`), no expected values, nothing of what a failure would
  do.
- ``brief``: the chance in percent, each change a signed whole number (each side of a roll).
- ``full``: the whole breakdown: every part of a chance, each side of a roll, the reasons.
"""

from __future__ import annotations

from bonds.rules.labels import KEY_TABLES

from .names import Names

__all__ = ["DEFAULT_NUMBERS", "NUMBERS", "hint", "odds_words", "numbers_setting"]

NUMBERS = ("words", "brief", "full")
"""The settings, the default first."""
DEFAULT_NUMBERS = NUMBERS[0]

ODDS = ((25, "a long shot"), (40, "unlikely"), (61, "even odds"), (85, "likely"),
        (101, "all but certain"))
"""The words for a chance: each band's upper bound (exclusive) and its words. Chances are
held between 5 and 95, so the ends never read as sure things."""

BOND_HINTS = {
    "trust": ("{a} will trust {b} more", "{a} will trust {b} less"),
    "ease": ("{a} will be more at ease with {b}", "{a} will be less at ease with {b}"),
    "coordination": ("{a} will fight better beside {b}", "{a} will fight worse beside {b}"),
    "openness": ("{a} will open up to {b}", "{a} will close up to {b}"),
    "tension": ("Things will grow tense between {a} and {b}",
                "Things will ease between {a} and {b}"),
}
"""What a rise and a fall of each measure of the bond mean, in the characters' terms."""
VALUE_HINTS = {
    "suspicion": ("{0} will grow more suspicious", "{0} will grow less suspicious"),
    "attention": ("{0} will take more notice of you", "{0} will take less notice of you"),
    "infamy": ("Word of you will spread in {0}", "Talk of you will die down in {0}"),
    "cover": ("Your cover will hold better", "Your cover will slip"),
}
"""The same for the other values a choice may move, by the key's head; the ``{0}`` is the
name of the key's first id."""


def numbers_setting(value: object) -> str:
    """``value`` when it is a setting, else the default (a stale or tampered preference)."""
    return value if isinstance(value, str) and value in NUMBERS else DEFAULT_NUMBERS


def odds_words(percent: int) -> str:
    """A chance in words: ``a long shot``, ``unlikely``, ``even odds``, ``likely``, ``all but
    certain``."""
    return next(words for top, words in ODDS if percent < top)


def hint(key: str, delta: int, names: Names) -> str | None:
    """What a change of ``key`` by ``delta`` means, in words (``Ada will trust Bo
    more``), or None for a value that has no words or an id the pack does not name."""
    if not delta:
        return None
    parts = key.split(".")
    up = delta > 0
    if parts[0] == "bond" and len(parts) == 4 and parts[3] in BOND_HINTS:
        a, b = parts[1], parts[2]
        if not (names.known(a) and names.known(b)):
            return None
        return BOND_HINTS[parts[3]][0 if up else 1].format(a=names.of(a), b=names.of(b))
    words = VALUE_HINTS.get(parts[0])
    if words is None or len(parts) < 2 or not names.known(parts[1]):
        return None
    text = words[0 if up else 1].format(names.of(parts[1], KEY_TABLES.get(parts[0])))
    return text[:1].upper() + text[1:]
