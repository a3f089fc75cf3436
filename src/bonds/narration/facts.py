"""From an event's data to the facts a template is chosen by and the words it is filled with.

Two views of one event: *facts* are the raw values plus a few derived ones (``direction``,
``size``, ``view``...), which template conditions match; *fields* are the same names with
ids shown as names (a character id becomes the character's name, which knows its pronouns).
Which table an id belongs to is looked up in the world, so the engine needs no story names.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from bonds.content.prose import fill_prose
from bonds.engine import Event, World

from ._words import count_word, days_span, hours_span, lower_first, ordinal_word, reason_shape
from .voice import Named

__all__ = ["Lexicon", "count_word", "describe", "repeat_key", "wound"]

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$")
_VOLATILE = frozenset({"blocks", "parts", "size", "again", "echo", "follows"})
"""Fields and facts that never make two events different for summarising."""

_LOWERED = ("reason", "fact", "objective")
"""Fields set mid-sentence (after a colon): a first word that is no name is made small."""

_SPANS = {"hours": hours_span, "days": days_span}
"""Whole-number fields that also read as a stretch of time (``{hours_span}``: nine hours)."""

_CAPITAL = re.compile(r"(?:^|(?<=[\s(\"\u201c\u2014-]))([A-Z][a-z]+(?:'[a-z]+)?)")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201c\u201d]\s*$")
_NAMED = ("characters", "observers", "places", "regions")
"""Tables whose names are proper names (a technique's or an injury's are common words)."""
_PROPER: dict[str, frozenset[str]] = {}
"""The proper words of each pack, by content hash (scanning its prose takes a moment)."""


_TABLES = (("observers", "other"), ("places", "thing"), ("regions", "thing"),
           ("missions", "thing"), ("techniques", "thing"), ("injuries", "thing"),
           ("resources", "thing"), ("items", "thing"),
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
        self.people: dict[str, tuple[str, str]] = {}
        """Each character's name and gender, for the pack's prose fields."""
        for key, person in data.get("characters", {}).items():
            called = str(getattr(person, "name", key))
            gender = str(getattr(person, "gender", "other"))
            self.characters[key] = Named(called, gender)
            self.people[key] = (called, gender)
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
        self.zones: dict[str, frozenset[str]] = {}
        for fight_id, fight in data.get("fights", {}).items():
            local: dict[str, Named] = {}
            for zone in getattr(fight, "zones", ()):
                local[zone.id] = Named(zone.name or zone.id.replace("_", " "))
            self.zones[fight_id] = frozenset(z.id for z in getattr(fight, "zones", ()))
            for foe in getattr(fight, "foes", ()):
                person = self.characters.get(foe.who or "")
                local[foe.id] = person or Named(foe.name, "other")
            self.fights[fight_id] = local
        self.words = dict(words)
        self.has_missions = bool(data.get("missions"))
        """Whether the pack hands out missions (a mission's days are told only then)."""
        self.plurals = {key: str(getattr(item, "plural", "") or f"{item.name}s")
                        for key, item in data.get("items", {}).items()}
        self.proper = proper_words(world)
        """Words the pack writes with a capital mid-sentence: names, which stay capitals."""

    def prose(self, text: str, data: Mapping[str, Any]) -> str:
        """The pack's prose with its ``{fields}`` filled from the values the event recorded
        (``data['fields']``): how a shown text reads the state."""
        return fill_prose(text, data.get("fields") or {}, self.people, count_word, ordinal_word)

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


def _texts(world: World) -> Iterator[str]:
    """Every piece of the pack's prose and every name it declares."""
    for scene in world.scenes.values():
        for block in scene.text:
            yield block.text
        for choice in scene.choices:
            yield choice.did or ""
            if choice.check is not None:
                yield choice.check.success.text or ""
                yield choice.check.failure.text or ""
    for table in _NAMED:
        for item in world.data.get(table, {}).values():
            yield str(getattr(item, "name", "") or "")


def proper_words(world: World) -> frozenset[str]:
    """The capitalised words the pack writes mid-sentence (``Ada``, ``Harbour``, ``NATO``)
    and every word of a declared name: words a sentence keeps as capitals anywhere."""
    key = world.content_hash
    if key not in _PROPER:
        found: set[str] = set()
        for text in _texts(world):
            for m in _CAPITAL.finditer(text):
                before = text[:m.start()]
                if before.strip() and not _SENTENCE_END.search(before):
                    found.update((m.group(1), m.group(1).split("'")[0]))
        for table in _NAMED:
            for item in world.data.get(table, {}).values():
                found.update(w for w in str(getattr(item, "name", "") or "").split()
                             if w[:1].isupper() and w != "The")
        _PROPER[key] = frozenset(found)
    return _PROPER[key]


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

def _days(data: Mapping[str, Any]) -> dict[str, Any]:
    """A jump of the day counter: its ``span`` in words and whether it is more than a night
    (``gap``)."""
    if data.get("key") != "day":
        return {}
    jump = int(data.get("new", 0)) - int(data.get("old", 0))
    return {"span": days_span(jump), "gap": jump > 1}


_ENRICH = {
    "roll": lambda data: {"luck": _luck(data),
                          "in_fight": str(data.get("what", "")).startswith("fight:")},
    "time_passed": _hours,
    "foes_hurt": lambda data: {"downed": int(data.get("down", 0)) > 0,
                               "last": int(data.get("left", 1)) == 0},
    "pulse_made": lambda data: {"found_any": bool(data.get("found"))},
    "fighter_healed": lambda data: {"healed_self": data.get("by") == data.get("who")},
    "value_changed": _days,
    "travelled": lambda data: {"short": int(data.get("hours", 0)) <= 2},
    "injury_healed": lambda data: {"healed_self": data.get("healer") == data.get("who")},
    "fight_started": lambda data: {"crowd": int(data.get("foes", 0)) > 1},
    # Tension is the one measure where less is better for the pair.
    "bond_changed": lambda data: {"warmer": (int(data.get("delta", 0)) > 0)
                                  != (data.get("measure") == "tension")},
}
"""Facts derived for particular kinds."""


def _reason_by(data: Mapping[str, Any], lex: Lexicon) -> str:
    """Which field's person a reason starts with (``Ada kept the sting...``: ``from``)."""
    reason = str(data["reason"])
    for key in ("from", "to", "a", "b", "who", "whom"):
        person = lex.person(data.get(key) if isinstance(data.get(key), str) else None)
        if person is not None and re.match(re.escape(person) + r"\b", reason):
            return key
    return ""


def describe(event: Event, lex: Lexicon, pov: str | None) -> tuple[dict[str, Any],
                                                                     dict[str, Any]]:
    """The facts (for conditions) and the fields (for blanks) of one event.

    Every whole number ``n`` also reads as a word, ``{n_word}`` (``three``), and as an
    ordinal, ``{n_nth}`` (``third``); ``hours`` and ``days`` as a span, ``{hours_span}``
    (``nine hours``). A ``reason``, ``fact`` or ``objective`` starts small unless its first
    word is a name. Derived facts: ``direction`` (``up``/``down``) and ``size``
    (``small``/``medium``/``large``) of a change; ``amount``, its size as a number;
    ``subject``, the first person the event names; ``view``: ``own`` when that person is the
    scene's point of view, ``near`` when the point of view is another person the event
    names, ``far`` otherwise; ``pov``, the point-of-view character; ``reason_shape`` and
    ``reason_by`` of a reason (see :func:`._words.reason_shape`); for a ``roll``, ``luck``
    (see :func:`_luck`) and ``in_fight``; for ``time_passed``, ``new_day`` and ``part`` (of
    the day); for ``foes_hurt``, ``downed`` (some went down) and ``last`` (none is left);
    for ``pulse_made``, ``found_any``; for a heal, ``healed_self``; for ``travelled``,
    ``short`` (two hours or less); for ``fight_started``, ``crowd`` (more than one foe); for
    a jump of the day counter, its ``span`` and ``gap`` (more than a night); for an event
    with a ``target``, ``target_person`` and ``target_zone``. An event naming an injury and
    its step also has ``{wound}`` (``broken ribs``, ``a deep gash``).
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
            fields[key + "_nth"] = ordinal_word(value)
            if key in _SPANS:
                fields[key + "_span"] = _SPANS[key](value)
    for key in _LOWERED:
        value = fields.get(key)
        if isinstance(value, str) and value:
            lowered = lower_first(value, lex.proper)
            if isinstance(value, Named):
                named = Named(lowered)
                named.pronouns = value.pronouns
                fields[key] = named
            else:
                fields[key] = lowered
    if isinstance(data.get("reason"), str):
        facts["reason_shape"] = fields["reason_shape"] = reason_shape(data["reason"],
                                                                      lex.proper)
        facts["reason_by"] = fields["reason_by"] = _reason_by(data, lex)
    if event.kind == "time_passed":
        facts["missions"] = lex.has_missions
    if isinstance(data.get("item"), str) and data["item"] in lex.plurals:
        fields["item_plural"] = lex.plurals[data["item"]]
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
        fields["amount_word"] = count_word(size)
    if isinstance(data.get("target"), str):
        facts["target_person"] = data["target"] in lex.characters
        facts["target_zone"] = data["target"] in lex.zones.get(fight or "", ())
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
