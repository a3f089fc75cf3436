"""The voice: which template tells an event, and how its blanks are filled.

Templates come from two places: the pack's ``narration.yaml`` (its own words, which win
wherever their conditions hold) and the engine's generic set (:mod:`.generic`). Among the
templates that fit an event, one is picked by a hash of the run's seed, the event's index
and its kind, so the same run always reads the same and another seed reads otherwise. No
``random`` module: the pick is a pure function.

A template is plain prose with blanks: ``{field}`` is a fact of the event (ids shown by
their names) and ``{field.his}`` a pronoun of the person it names (``he``, ``him``, ``his``,
``himself``, and capitalised ``He``, ``Him``, ``His``, ``Himself``).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bonds.engine import BondsError

__all__ = [
    "PREFERRED",
    "PRONOUNS",
    "Named",
    "NarrationError",
    "Template",
    "Voice",
    "each",
    "fill",
    "pick",
    "t",
]

Fact = str | int | bool

PRONOUNS = {
    "man": ("he", "him", "his", "himself"),
    "woman": ("she", "her", "her", "herself"),
    "other": ("they", "them", "their", "themselves"),
    "thing": ("it", "it", "its", "itself"),
}
"""Pronoun sets by a character's ``gender`` (groups and things use ``other`` / ``thing``)."""

PREFERRED = ("joined", "again", "follows")
"""Facts that, when set, make the templates written for their value win over the rest
(``follows`` is the kind of the sentence before, e.g. ``travelled``)."""

_ATTRS = {"he": 0, "him": 1, "his": 2, "himself": 3}
_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.([A-Za-z]+))?\}('s\b)?")
_PLURAL = re.compile(r"[^iusI']s$")
"""A last word that ends in a plural ``s`` (``raiders``, not ``Atlas`` or ``Iris``)."""


class NarrationError(BondsError):
    """A template that cannot be filled (it names a fact the event does not have)."""


class Named(str):
    """A name as shown in prose, which knows its pronouns."""

    pronouns: tuple[str, str, str, str]

    def __new__(cls, text: str, kind: str = "thing") -> Named:
        """A name; ``kind`` is a key of :data:`PRONOUNS`."""
        named = super().__new__(cls, text)
        named.pronouns = PRONOUNS.get(kind, PRONOUNS["other"])
        return named

    @property
    def plural(self) -> bool:
        """Whether a group's name reads as a plural (``the raiders``): its possessive is
        ``the raiders'``, not ``the raiders's``."""
        return self.pronouns[0] == "they" and _PLURAL.search(self) is not None

    def pronoun(self, attr: str) -> str:
        """The pronoun ``attr`` (``he``/``him``/``his``/``himself``, any case) of this name."""
        word = self.pronouns[_ATTRS[attr.lower()]]
        return word[0].upper() + word[1:] if attr[0].isupper() else word


@dataclass(frozen=True, slots=True)
class Template:
    """A template and the facts an event must have for it to be used."""

    text: str
    when: tuple[tuple[str, Fact], ...] = ()
    needs: tuple[str, ...] = field(default=(), compare=False)
    """The fields its blanks name (filled in on creation)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", tuple(sorted({
            m.group(1) for m in _FIELD.finditer(self.text)})))

    def matches(self, facts: Mapping[str, Any]) -> bool:
        """Whether every condition holds of ``facts`` (a bool never equals a number)."""
        for key, wanted in self.when:
            have = facts.get(key)
            if have != wanted or isinstance(have, bool) != isinstance(wanted, bool):
                return False
        return True

    def fits(self, facts: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
        """Whether it matches and every blank it fills has something to say (an event
        without a reason, or without a fact the template names, takes another template)."""
        return self.matches(facts) and all(fields.get(n) not in (None, "") for n in self.needs)


def t(text: str, **when: Fact) -> Template:
    """A template used when the event's facts include every ``when`` entry."""
    return Template(text, tuple(when.items()))


def each(texts: Iterable[str], **when: Fact) -> list[Template]:
    """Several variants under the same conditions."""
    return [t(text, **when) for text in texts]


def fill(text: str, fields: Mapping[str, Any], kind: str = "") -> str:
    """The template with its blanks filled; the first letter is made a capital, and so is a
    blank's that starts a later sentence. A blank followed by ``'s`` is a possessive: a
    plural group's takes a bare apostrophe.

    Raises:
        NarrationError: a blank names a fact the event lacks.
    """

    def one(m: re.Match[str]) -> str:
        name, attr = m.group(1), m.group(2)
        if name not in fields:
            raise NarrationError(f"a template for '{kind}' uses {{{name}}}, which that event "
                                 f"does not have ({', '.join(sorted(fields))})")
        value = fields[name]
        if attr is None:
            shown = str(value)
            before = text[:m.start()].rstrip()
            if before[-1:] in ".!?":  # a blank that starts a sentence starts with a capital
                shown = shown[:1].upper() + shown[1:]
            if not m.group(3):
                return shown
            return shown + ("'" if isinstance(value, Named) and value.plural else "'s")
        if attr.lower() not in _ATTRS:
            raise NarrationError(f"a template for '{kind}' asks for an unknown pronoun "
                                 f"'{attr}'")
        named = value if isinstance(value, Named) else Named(str(value))
        return named.pronoun(attr) + (m.group(3) or "")

    out = _FIELD.sub(one, text)
    return out[:1].upper() + out[1:]


def pick(seed: int, index: int, kind: str, n: int) -> int:
    """A stable choice in ``range(n)`` from the run's seed, the event's index and kind."""
    digest = hashlib.blake2b(f"{seed}/{index}/{kind}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % n


def _templates(items: Iterable[Any]) -> tuple[Template, ...]:
    out = []
    for item in items:
        if isinstance(item, Template):
            out.append(item)
        elif isinstance(item, str):
            out.append(Template(item))
        else:
            out.append(Template(item.text, tuple(item.when.items())))
    return tuple(out)


class Voice:
    """The templates of one run: the pack's over the engine's, picked by the run's seed."""

    def __init__(
        self,
        seed: int,
        generic: Mapping[str, Sequence[Template]],
        generic_repeats: Mapping[str, Sequence[Template]],
        generic_words: Mapping[str, str],
        pack: Any = None,
    ) -> None:
        """Build a voice.

        Args:
            seed: the run's seed (the variants depend on it).
            generic: the engine's templates by event kind.
            generic_repeats: the engine's summaries of repeated events by kind.
            generic_words: the engine's words for ids (measures, built-in values).
            pack: the pack's ``NarrationFile`` model, or None.
        """
        self.seed = seed
        self.generic = generic
        self.generic_repeats = generic_repeats
        self.pack_events = {k: _templates(v) for k, v in (pack.events if pack else {}).items()}
        self.pack_repeats = {k: _templates(v) for k, v in (pack.repeats if pack else {}).items()}
        self.words = {**generic_words, **(pack.words if pack else {})}
        self.silent = frozenset(pack.silent if pack else ())

    @staticmethod
    def _fitting(own: Sequence[Template], base: Sequence[Template], facts: Mapping[str, Any],
                 fields: Mapping[str, Any]) -> tuple[list[Template], list[Template]]:
        """The templates that fit, from the pack's table if any of its fit, else the
        engine's; and of them the preferred. Where the event is told with others
        (``joined``), follows one like it (``again``) or follows a sentence of a given kind
        (``follows``), those written for that are preferred; where it gives the same reason
        as the line before it (``echo``), those that do not repeat the reason."""
        for table in (own, base):
            fitting = [t for t in table if t.fits(facts, fields)]
            if not fitting:
                continue
            best = fitting
            for key in PREFERRED:
                value = facts.get(key)
                if value:
                    special = [t for t in best if (key, value) in t.when]
                    best = special or best
            if facts.get("echo"):
                best = [t for t in best if "reason" not in t.needs] or best
            return fitting, best
        return [], []

    @classmethod
    def _choose(cls, own: Sequence[Template], base: Sequence[Template],
                facts: Mapping[str, Any], fields: Mapping[str, Any]) -> list[Template]:
        """The preferred templates that fit, the pack's before the engine's (see
        :meth:`_fitting`)."""
        return cls._fitting(own, base, facts, fields)[1]

    def speaks(self, kind: str, facts: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
        """Whether some template tells this event (silent kinds and unmatched ones do not)."""
        if kind in self.silent:
            return False
        return bool(self._choose(self.pack_events.get(kind, ()), self.generic.get(kind, ()),
                                 facts, fields))

    def line(self, kind: str, index: int, facts: Mapping[str, Any],
             fields: Mapping[str, Any]) -> str | None:
        """The sentence for event ``index`` of ``kind``, or None when it goes untold."""
        if kind in self.silent:
            return None
        fitting = self._choose(self.pack_events.get(kind, ()), self.generic.get(kind, ()),
                               facts, fields)
        if not fitting:
            return None
        return fill(fitting[pick(self.seed, index, kind, len(fitting))].text, fields, kind)

    def lines(self, kind: str, index: int, facts: Mapping[str, Any],
              fields: Mapping[str, Any]) -> list[str]:
        """Every way of telling this event, best first: the preferred fitting templates
        from the seeded pick on, then any other template of the kind that fits (so that a
        line already told can give way to another, see the storyteller's dryness)."""
        if kind in self.silent:
            return []
        fitting, best = self._fitting(self.pack_events.get(kind, ()),
                                      self.generic.get(kind, ()), facts, fields)
        if not best:
            return []
        first = pick(self.seed, index, kind, len(best))
        ordered = [*best[first:], *best[:first]]
        chosen = set(best)
        echo = facts.get("echo")
        rest = [t for t in fitting if t not in chosen and not (echo and "reason" in t.needs)]
        if rest:
            more = pick(self.seed, index, "more:" + kind, len(rest))
            ordered += [*rest[more:], *rest[:more]]
        out: list[str] = []
        for template in ordered:
            text = fill(template.text, fields, kind)
            if text not in out:
                out.append(text)
        return out

    def repeat(self, kind: str, index: int, facts: Mapping[str, Any],
               fields: Mapping[str, Any]) -> str | None:
        """The summary of a run of the same event after its first (``{more}`` is the count)."""
        fitting = self._choose(self.pack_repeats.get(kind, ()),
                               self.generic_repeats.get(kind, ()), facts, fields)
        if not fitting:
            fitting = self._choose((), self.generic_repeats.get("*", ()), facts, fields)
        if not fitting:
            return None
        return fill(fitting[pick(self.seed, index, "repeat:" + kind, len(fitting))].text,
                    fields, kind)
