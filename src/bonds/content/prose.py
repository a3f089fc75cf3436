"""Prose that reads the state: ``{name}`` fields in scene text, choices' ``did`` and outcome
text, checked when the pack loads and filled when the text is shown.

A field names a quality (``{guards}``: a whole number reads as words, "seventeen";
``{guards.nth}``: "seventeenth"; ``{guards.num}``: "17"; a text quality reads as it
is) or a character (``{ada}``: the name; ``{ada.he}`` / ``.him`` / ``.his`` /
``.himself``, capitalised for a capital pronoun). The built-in clock reads the same way:
``{day.nth}`` reads "third", ``{hour.num}`` the hour. ``{{`` and ``}}`` are
literal braces.

The engine records the values a shown text reads in the event that shows it (``fields``),
so a story told later from the events reads the values as they were.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["FIELD", "FORMS", "PRONOUN_FORMS", "Field", "fields_of", "fill_prose", "problems"]

FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
"""A field, or an escaped brace (``{{``, ``}}``)."""
FORMS = ("words", "nth", "num")
"""How a whole number may read: in words (the default), as an ordinal, in digits."""
PRONOUN_FORMS = ("he", "him", "his", "himself")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PRONOUNS = {"man": ("he", "him", "his", "himself"),
             "woman": ("she", "her", "her", "herself"),
             "other": ("they", "them", "their", "themselves")}


@dataclass(frozen=True, slots=True)
class Field:
    """One ``{name.form}`` in a text."""

    name: str
    form: str
    """``''`` for the plain field."""


def _parse(text: str) -> list[Field | str]:
    """The fields of ``text`` in order; a malformed one is given as its raw text."""
    found: list[Field | str] = []
    for m in FIELD.finditer(text):
        body = m.group(1)
        if body is None:
            continue
        name, _, form = body.strip().partition(".")
        if not _NAME.match(name) or (form and form.lower() not in (*FORMS, *PRONOUN_FORMS)):
            found.append(m.group(0))
        else:
            found.append(Field(name, form))
    return found


def problems(text: str, qualities: Mapping[str, Any], characters: Mapping[str, Any]
             ) -> list[str]:
    """What is wrong with the fields of ``text`` (each a message), given the pack's quality
    specs (with a ``type``) and characters."""
    out = []
    for item in _parse(text):
        if isinstance(item, str):
            out.append(f"expected a field such as {{name}} or {{name.nth}}, found '{item}' "
                       f"(write {{{{ and }}}} for literal braces)")
            continue
        form = item.form.lower()
        if item.name in characters:
            if form and form not in PRONOUN_FORMS:
                out.append(f"expected a pronoun form of '{item.name}' ({', '.join(PRONOUN_FORMS)})"
                           f", found '.{item.form}'")
        elif item.name in qualities:
            kind = getattr(qualities[item.name], "type", "int")
            if kind == "bool":
                out.append(f"expected a quality that reads as words, found '{item.name}', "
                           f"which is true or false (use a text block with 'when:' instead)")
            elif form and (kind != "int" or form not in FORMS):
                out.append(f"expected {{{item.name}}}" + (f" or {{{item.name}.nth}} / "
                                                          f"{{{item.name}.num}}"
                                                          if kind == "int" else "")
                           + f", found '.{item.form}'")
        else:
            out.append(f"expected a quality or a character in {{...}}, found unknown name "
                       f"'{item.name}'")
    return out


def fields_of(text: str, qualities: Mapping[str, Any]) -> tuple[str, ...]:
    """The qualities ``text`` reads (what the engine records when it is shown)."""
    names = [i.name for i in _parse(text) if isinstance(i, Field) and i.name in qualities]
    return tuple(dict.fromkeys(names))


def fill_prose(text: str, values: Mapping[str, Any], people: Mapping[str, tuple[str, str]],
               count_word: Any, ordinal_word: Any) -> str:
    """``text`` with its fields filled from ``values`` (what the event recorded) and
    ``people`` (id → (name, gender)); numbers read through ``count_word`` and
    ``ordinal_word``. A text without braces comes back as it is."""
    if "{" not in text and "}" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        name, _, form = m.group(1).strip().partition(".")
        if name in people:
            who, gender = people[name]
            if not form:
                return who
            word = _PRONOUNS.get(gender, _PRONOUNS["other"])[PRONOUN_FORMS.index(form.lower())]
            return word[:1].upper() + word[1:] if form[:1].isupper() else word
        value = values.get(name, "")
        if isinstance(value, int) and not isinstance(value, bool):
            if form == "num":
                return str(value)
            shown = str(ordinal_word(value) if form == "nth" else count_word(value))
        else:
            shown = str(value)
        before = m.string[:m.start()].rstrip().rstrip("\"“'‘").rstrip()
        if not before or before[-1] in ".!?":  # a field that starts a sentence
            shown = shown[:1].upper() + shown[1:]
        return shown

    return FIELD.sub(one, text)
