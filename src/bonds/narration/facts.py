"""From an event's data to the facts a template is chosen by and the words it is filled with.

Two views of one event: *facts* are the raw values plus a few derived ones (``direction``,
``size``, ``view``...), which template conditions match; *fields* are the same names with
ids shown as names (a character id becomes the character's name, which knows its pronouns).
Which table an id belongs to is looked up in the world, so the engine needs no story names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bonds.engine import Event, World

from .voice import Named

__all__ = ["Lexicon", "count_word", "describe", "repeat_key"]

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")
_VOLATILE = frozenset({"blocks", "parts"})
"""Fields that never make two events different for summarising."""


def count_word(n: int) -> str:
    """A small count in words (``three``), larger ones in digits."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


class Lexicon:
    """How every id of a world reads in prose."""

    def __init__(self, world: World, words: Mapping[str, str]) -> None:
        """Gather the names the pack declares; ``words`` covers ids without a name."""
        data = world.data
        self.characters: dict[str, Named] = {}
        names: dict[str, Named] = {}
        for table, kind in (("missions", "thing"), ("injuries", "thing"),
                            ("techniques", "thing"), ("regions", "thing"),
                            ("places", "thing"), ("observers", "other")):
            for key, item in data.get(table, {}).items():
                name = getattr(item, "name", None)
                if isinstance(name, str):
                    names[key] = Named(name, kind)
        for key, person in data.get("characters", {}).items():
            named = Named(str(getattr(person, "name", key)), str(getattr(person, "gender",
                                                                             "other")))
            self.characters[key] = named
            names[key] = named
        for key, ending in world.endings.items():
            names.setdefault(key, Named(ending.title))
        self.names = names
        self.words = dict(words)

    def show(self, value: Any) -> Any:
        """A value as prose shows it: names for ids, words for lists; numbers as they are."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            if value in self.words:
                return Named(self.words[value])
            if value in self.names:
                return self.names[value]
            if _ID.match(value):
                return Named(value.replace("_", " ").replace(".", " "))
            return value
        if isinstance(value, list | tuple):
            shown = [str(self.show(v)) for v in value]
            if len(shown) <= 1:
                return "".join(shown)
            return ", ".join(shown[:-1]) + " and " + shown[-1]
        return value

    def person(self, key: str | None) -> Named | None:
        """The named character with this id, if it is one."""
        return self.characters.get(key) if key else None


def _direction(data: Mapping[str, Any]) -> int | None:
    for key in ("delta", "amount", "change"):
        value = data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    old, new = data.get("old"), data.get("new")
    if (isinstance(old, int) and isinstance(new, int)
            and not isinstance(old, bool) and not isinstance(new, bool)):
        return new - old
    return None


def describe(event: Event, lex: Lexicon, pov: str | None) -> tuple[dict[str, Any],
                                                                     dict[str, Any]]:
    """The facts (for conditions) and the fields (for blanks) of one event.

    Derived facts: ``direction`` (``up``/``down``) and ``size`` (``small``/``medium``/
    ``large``) of a change; ``amount``, its size as a number; ``subject``, the first person
    the event names; ``view``: ``own`` when that person is the scene's point of view,
    ``near`` when the point of view is another person the event names, ``far`` otherwise;
    ``pov``, the point-of-view character.
    """
    data = event.data
    facts: dict[str, Any] = dict(data)
    fields: dict[str, Any] = {k: lex.show(v) for k, v in data.items()}
    delta = _direction(data)
    if delta is not None:
        facts["direction"] = fields["direction"] = "up" if delta > 0 else "down"
        size = abs(delta)
        facts["size"] = fields["size"] = ("small" if size <= 3 else
                                          "large" if size >= 10 else "medium")
        facts["amount"] = fields["amount"] = size
    people = [v for v in data.values() if isinstance(v, str) and v in lex.characters]
    subject = people[0] if people else None
    facts["subject"] = subject or ""
    fields["subject"] = lex.person(subject) or Named("someone", "other")
    if pov is not None and subject == pov:
        view = "own"
    elif pov is not None and pov in people:
        view = "near"
    else:
        view = "far"
    facts["view"] = fields["view"] = view
    facts["pov"] = pov or ""
    fields["pov"] = lex.person(pov) or Named("someone", "other")
    return facts, fields


def repeat_key(event: Event) -> tuple[Any, ...]:
    """What makes two events "the same again": the kind and every non-number fact."""
    return (event.kind, *sorted((k, v) for k, v in event.data.items()
                                if k not in _VOLATILE and isinstance(v, str | bool)))
