"""Sentences as a reader counts them: where prose splits, what makes two sentences "the same",
and how much of a text is dialogue.

The storyteller's dryness memory (no sentence of :data:`LONG` words or more told twice in a
run) and the playtest's prose report both use these, so what one avoids the other counts
the same way. A sentence does not end inside a quotation: ``"Maa. Not again," he said.``
is one sentence, dialogue and tag together.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["LONG", "dialogue_words", "is_long", "key", "parts", "split", "word_count"]

LONG = 6
"""Sentences of this many words or more must not repeat within a run."""

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
_END = frozenset(".!?")
_CLOSERS = frozenset("\"'\u201d\u2019)")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "vs", "etc", "no"})


def split(text: str) -> list[str]:
    """The sentences of ``text``, in order, each stripped.

    A sentence ends at ``.``, ``!`` or ``?`` (with any closing quotes or brackets after it)
    followed by a space, outside a quotation; an em dash or a colon never ends one.
    """
    return [sentence for sentence, _, _ in parts(text)]


@lru_cache(maxsize=8192)
def parts(text: str) -> tuple[tuple[str, str, bool], ...]:
    """The sentences of ``text`` (:func:`split`), each with its :func:`key` and whether it
    :func:`is_long`: worked out once per text (the storyteller asks of the same texts
    again and again)."""
    return tuple((sentence, key(sentence), is_long(sentence)) for sentence in _split(text))


def _split(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    quoted = False
    curly = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        if ch == '"':
            quoted = not quoted
        elif ch == "\u201c":
            curly += 1
        elif ch == "\u201d":
            curly = max(0, curly - 1)
        elif ch in _END:
            j = i + 1
            while j < n and text[j] in _END:
                j += 1
            closes = j
            while closes < n and text[closes] in _CLOSERS:
                if text[closes] == '"':
                    quoted = not quoted
                elif text[closes] == "\u201d":
                    curly = max(0, curly - 1)
                closes += 1
            if (closes >= n or text[closes].isspace()) and not quoted and not curly \
                    and not _abbreviation(text, start, i):
                piece = text[start:closes].strip()
                if piece:
                    out.append(piece)
                start = closes
                i = closes
                continue
            i = closes
            continue
        i += 1
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def _abbreviation(text: str, start: int, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation (``Mr.``), not a sentence."""
    if text[dot] != ".":
        return False
    m = re.search(r"([A-Za-z]+)$", text[start:dot])
    return m is not None and m.group(1).lower() in _ABBREVIATIONS and len(m.group(1)) <= 3


def word_count(sentence: str) -> int:
    """Words as a reader counts them (contractions are one word)."""
    return len(_WORD.findall(sentence))


def is_long(sentence: str) -> bool:
    """Whether a sentence is long enough that telling it twice reads as a repeat."""
    return word_count(sentence) >= LONG


def key(sentence: str) -> str:
    """What makes two sentences the same: their words, lowercased, without punctuation."""
    return " ".join(w.lower().replace("\u2019", "'") for w in _WORD.findall(sentence))


_QUOTED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d")


def dialogue_words(text: str) -> int:
    """How many of the words of ``text`` are inside quotation marks (spoken)."""
    return sum(word_count(m.group(0)) for m in _QUOTED.finditer(text))
