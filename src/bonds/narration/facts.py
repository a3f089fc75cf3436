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

__all__ = ["Lexicon", "count_word", "describe", "repeat_key", "wound"]

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_NUMBERS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve")
_VOLATILE = frozenset({"blocks", "parts", "size"})
"""Fields that never make two events different for summarising."""


def count_word(n: int) -> str:
    """A small count in words (``three``), larger ones in digits."""
    return _NUMBERS[n] if 0 <= n < len(_NUMBERS) else str(n)


_TABLES = (("observers", "other"), ("places", "thing"), ("regions", "thing"),
           ("missions", "thing"), ("techniques", "thing"), ("injuries", "thing"),
           ("fights", "thing"))
"""The world's tables whose entries have a name, in the order a bare id is looked up, and
how their pronouns go."""

_FIELD_TABLE = {"observer": "observers", "faction": "observers", "tester": "observers",
                "place": "places", "start": "places", "end": "places", "region": "regions",
                "mission": "missions", "technique": "techniques", "injury": "injuries",
                "objective": "objectives"}
"""Fields whose ids are looked up in one table first (``market`` the faction, not the
place of the same id)."""


class Lexicon:
    """How every id of a world reads in prose."""

    def __init__(self, world: World, words: Mapping[str, str]) -> None:
        """Gather the names the pack declares; ``words`` covers ids without a name."""
        data = world.data
        self.characters: dict[str, Named] = {}
        for key, person in data.get("characters", {}).items():
            self.characters[key] = Named(str(getattr(person, "name", key)),
                                         str(getattr(person, "gender", "other")))
        self.tables: dict[str, dict[str, Named]] = {}
        for table, kind in _TABLES:
            entries = self.tables[table] = {}
            for key, item in data.get(table, {}).items():
                name = getattr(item, "name", None)
                if isinstance(name, str) and name:
                    # Injury kinds are common nouns in prose ("a deep gash"); "The X" is
                    # "the X" mid-sentence (a sentence's first letter is made a capital).
                    name = name.lower() if table == "injuries" else _article(name)
                    entries[key] = Named(name, kind)
        objectives = self.tables["objectives"] = {}
        for mission in data.get("missions", {}).values():
            for goal in getattr(mission, "objectives", ()):
                objectives[goal.id] = Named(str(goal.text).rstrip(". ") or goal.id)
        names: dict[str, Named] = {}
        for table, _ in _TABLES:
            for key, named in self.tables[table].items():
                names.setdefault(key, named)
        for place in data.get("places", {}).values():
            for hidden in getattr(place, "hidden", ()) or ():
                if getattr(hidden, "name", None):
                    names.setdefault(hidden.id, Named(hidden.name))
            for watch in getattr(place, "watch", ()) or ():
                if getattr(watch, "text", ""):
                    names.setdefault(watch.fact, Named(watch.text))
        for key, ending in world.endings.items():
            names.setdefault(key, Named(ending.title))
        names.update(self.characters)
        self.names = names
        self.fights: dict[str, dict[str, Named]] = {}
        for fight_id, fight in data.get("fights", {}).items():
            local: dict[str, Named] = {}
            for zone in getattr(fight, "zones", ()):
                local[zone.id] = Named(zone.name or zone.id.replace("_", " "))
            for foe in getattr(fight, "foes", ()):
                person = self.characters.get(foe.who or "")
                local[foe.id] = person or Named(foe.name, "other")
            self.fights[fight_id] = local
        self.words = dict(words)

    def show(self, value: Any, fight: str | None = None, field: str = "") -> Any:
        """A value as prose shows it: names for ids (a fight's own foes and zones first, then
        the table the field names), words for lists; numbers as they are."""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, str):
            local = self.fights.get(fight or "", {})
            if value in local:
                return local[value]
            if value in self.words:
                return Named(self.words[value])
            preferred = self.tables.get(_FIELD_TABLE.get(field, ""), {})
            if value in preferred:
                return preferred[value]
            if value in self.names:
                return self.names[value]
            if _ID.match(value):
                return Named(value.replace("_", " ").replace(".", " "))
            return value
        if isinstance(value, list | tuple):
            shown = [str(self.show(v, fight, field)) for v in value if not isinstance(v, list)]
            if any(" " in v and v[-1:] in ".!?" for v in shown):
                return " ".join(shown)  # sentences, told one after another
            if len(shown) <= 1:
                return "".join(shown)
            return Named(", ".join(shown[:-1]) + " and " + shown[-1], "other")
        return value

    def person(self, key: str | None) -> Named | None:
        """The named character with this id, if it is one."""
        return self.characters.get(key) if key else None


def _article(name: str) -> str:
    return "the " + name[4:] if name.startswith("The ") else name


def wound(step: str, injury: str) -> str:
    """An injury as a noun phrase: ``broken ribs``, ``a deep gash``, ``an open burn``."""
    phrase = f"{step} {injury}".strip()
    if injury.endswith("s"):
        return phrase
    return ("an " if phrase[:1].lower() in "aeiou" else "a ") + phrase


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


def _luck(data: Mapping[str, Any]) -> str:
    """How a roll felt: ``close`` (by five or less), ``long`` (won at poor odds), ``unlucky``
    (lost at good odds) or ``plain``."""
    chance, value, success = data.get("chance"), data.get("value"), data.get("success")
    if not isinstance(chance, int) or not isinstance(value, int):
        return "plain"
    if abs(value - chance) <= 5:
        return "close"
    if success and chance <= 35:
        return "long"
    if not success and chance >= 70:
        return "unlucky"
    return "plain"


def _hours(data: Mapping[str, Any]) -> dict[str, Any]:
    """When time passes: ``new_day`` and the ``part`` of the day it is now."""
    hour, day, old_day = data.get("hour", 8), data.get("day", 1), data.get("old_day", 1)
    part = next(name for end, name in _PARTS if int(hour) < end)
    return {"new_day": day != old_day, "part": part}


_PARTS = ((5, "night"), (7, "dawn"), (12, "morning"), (17, "afternoon"), (21, "evening"),
          (24, "night"))
"""Parts of the day by the hour they end at (the same as the travel rules' ``part_of_day``)."""

_ENRICH = {
    "roll": lambda data: {"luck": _luck(data),
                          "in_fight": str(data.get("what", "")).startswith("fight:")},
    "time_passed": _hours,
    "foes_hurt": lambda data: {"downed": int(data.get("down", 0)) > 0,
                               "last": int(data.get("left", 1)) == 0},
    "pulse_made": lambda data: {"found_any": bool(data.get("found"))},
}
"""Facts derived for particular kinds."""


def describe(event: Event, lex: Lexicon, pov: str | None) -> tuple[dict[str, Any],
                                                                     dict[str, Any]]:
    """The facts (for conditions) and the fields (for blanks) of one event.

    Every whole number ``n`` also reads as a word, ``{n_word}`` (``three``). Derived
    facts: ``direction`` (``up``/``down``) and ``size`` (``small``/``medium``/
    ``large``) of a change; ``amount``, its size as a number; ``subject``, the first person
    the event names; ``view``: ``own`` when that person is the scene's point of view,
    ``near`` when the point of view is another person the event names, ``far`` otherwise;
    ``pov``, the point-of-view character; for a ``roll``, ``luck`` (see :func:`_luck`) and
    ``in_fight``; for ``time_passed``, ``new_day`` and ``part`` (of the day); for
    ``foes_hurt``, ``downed`` (some went down) and ``last`` (none is left); for
    ``pulse_made``, ``found_any``; for an event with a ``target``, ``target_person``. An
    event naming an injury and its step also has ``{wound}`` (``broken ribs``,
    ``a deep gash``).
    """
    data = event.data
    facts: dict[str, Any] = dict(data)
    fight = data.get("fight") if isinstance(data.get("fight"), str) else None
    fields: dict[str, Any] = {k: lex.show(v, fight, k) for k, v in data.items()}
    if "injury" in data and "step" in data:
        fields["wound"] = wound(str(fields["step"]), str(fields["injury"]))
    if "clan" in data and isinstance(data["clan"], str):
        fields["clan"] = data["clan"].replace("_", " ").title()
    for key, value in data.items():
        if isinstance(value, int) and not isinstance(value, bool):
            fields[key + "_word"] = count_word(value)
    enrich = _ENRICH.get(event.kind)
    if enrich is not None:
        for key, value in enrich(data).items():
            facts[key] = fields[key] = value
    delta = _direction(data)
    if delta is not None:
        facts["direction"] = fields["direction"] = "up" if delta > 0 else "down"
        size = abs(delta)
        facts["size"] = fields["size"] = ("small" if size <= 3 else
                                          "large" if size >= 10 else "medium")
        facts["amount"] = fields["amount"] = size
    if isinstance(data.get("target"), str):
        facts["target_person"] = data["target"] in lex.characters
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


def repeat_key(event: Event, facts: Mapping[str, Any]) -> tuple[Any, ...]:
    """What makes two events "the same again": the kind and every fact that is not a number
    (derived ones included, so a rise and a fall are never one run)."""
    return (event.kind, *sorted((k, v) for k, v in facts.items()
                                if k not in _VOLATILE and isinstance(v, str | bool)))
