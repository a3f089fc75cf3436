"""Small pieces of English for filling templates: numbers as words, spans of time, and how a
reason or a fact sits in the middle of a sentence.

Prose spells out numbers ("against nineteen", "nine hours"); figures in digits are for the
screen beside the prose, never for the story. A reason written by an author ("Ada kept
the sting to himself", "a first kiss, for practice", "kept the band from him") has a shape
that decides which templates can carry it: see :func:`reason_shape`.
"""

from __future__ import annotations

import functools
import re

__all__ = ["count_word", "days_span", "echoes", "hours_span", "lower_first", "ordinal_word",
           "reason_shape"]

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
         "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_ORDINALS = {"one": "first", "two": "second", "three": "third", "five": "fifth",
             "eight": "eighth", "nine": "ninth", "twelve": "twelfth"}


def _words(n: int) -> str | None:
    if not 0 <= n < 100:
        return None
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + ("-" + _ONES[ones] if ones else "")


def count_word(n: int) -> str:
    """A count in words: ``no`` for none, ``three``, ``nineteen``, ``forty-two``; a hundred
    or more stays in digits."""
    if n == 0:
        return "no"
    return _words(n) or str(n)


def ordinal_word(n: int) -> str:
    """``first``, ``second``, ``twenty-third``; a hundredth or later in digits (``101st``)."""
    words = _words(n)
    if words is None or n <= 0:
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{n}{suffix}"
    head, _, last = words.rpartition("-")
    if last in _ORDINALS:
        last = _ORDINALS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def hours_span(n: int) -> str:
    """``an hour``, ``nine hours``, ``less than an hour``; whole days past a day."""
    if n <= 0:
        return "less than an hour"
    if n == 1:
        return "an hour"
    if n >= 48 and n % 24 == 0:
        return days_span(n // 24)
    return f"{count_word(n)} hours"


def days_span(n: int) -> str:
    """A stretch of days as a person says it: ``a day``, ``three days``, ``a week``, ``two
    weeks``, ``a month``, ``three months``."""
    if n <= 0:
        return "less than a day"
    if n == 1:
        return "a day"
    if n < 7:
        return f"{count_word(n)} days"
    if n < 14:
        return "a week" if n == 7 else "more than a week"
    if n < 28:
        return f"{count_word(n // 7)} weeks"
    if n < 45:
        return "a month"
    return f"{count_word(round(n / 30))} months"


_SUBJECTS = frozenset({"he", "she", "they", "it", "we", "i", "you", "nobody", "someone",
                       "everyone", "both", "each", "neither"})
_PAST = frozenset({
    "kept", "said", "heard", "fell", "left", "told", "put", "shut", "let", "held", "sat",
    "took", "made", "ran", "gave", "came", "went", "saw", "felt", "found", "stood", "spoke",
    "thought", "brought", "caught", "met", "lost", "won", "set", "sent", "struck", "broke",
    "chose", "drew", "threw", "wrote", "knew", "hid", "bit", "led", "paid", "read", "slept",
    "spent", "swore", "taught", "woke", "got", "ate", "bought", "fought", "hung", "lay", "shook",
    "sang", "sold", "stuck", "swam", "tore", "wore", "hit", "cut", "forgot", "forgave",
})
_NOT_PAST = frozenset({"red", "bed", "shed", "seed", "need", "speed", "deed", "feed", "reed",
                       "bled", "fled", "sled", "wed", "hundred", "kindred", "sacred"})
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_DETERMINERS = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "that"})
_PREPOSITIONS = frozenset({"on", "in", "at", "by", "for", "to", "from", "with", "about",
                           "into", "over", "under", "through", "across", "out", "up", "down"})
_FINITE = frozenset({"did", "was", "were", "had", "has", "is", "are", "could", "would",
                     "will", "can", "does"})


def reason_shape(reason: str, proper: frozenset[str]) -> str:
    """How a reason reads: ``clause`` (it has its own subject: ``Ada kept the sting to
    himself``, ``they said yes together``), ``deed`` (a deed without its doer: ``kept the
    band from him``, ``asked to share a home``) or ``thing`` (a noun phrase: ``a first
    kiss, for practice``).

    A clause and a thing can follow "after" or a colon; a deed only a colon.
    """
    m = _WORD.match(reason.strip())
    if m is None:
        return "thing"
    first = m.group(0)
    low = first.lower()
    if low in _SUBJECTS or first in proper:
        return "clause"
    if _past(low):
        return "deed"
    words = [w.lower() for w in _WORD.findall(reason)[:4]]
    if len(words) >= 3 and words[0] in _DETERMINERS and (
            words[2] in _FINITE
            or (_past(words[2]) and (len(words) < 4 or words[3] not in _PREPOSITIONS))):
        # "the answer did not help", "the captain hit him for real"; but "an oath kept on
        # the road" is a thing
        return "clause"
    return "thing"


def _past(word: str) -> bool:
    return word in _PAST or (word.endswith("ed") and len(word) > 3 and word not in _NOT_PAST)


def lower_first(text: str, proper: frozenset[str]) -> str:
    """The text with its first letter made small, unless its first word is a proper name
    (or ``I``): a reason or a fact set after a colon reads on from what came before."""
    m = _WORD.match(text)
    if m is None or m.start() != 0:
        return text
    first = m.group(0)
    if first in proper or first == "I" or (len(first) > 1 and first[1:2].isupper()):
        return text
    return text[:1].lower() + text[1:]


_COMMON = frozenset({
    "that", "with", "what", "when", "them", "they", "their", "from", "into", "over", "have",
    "been", "were", "would", "could", "should", "about", "himself", "herself", "each", "other",
    "more", "than", "then", "this", "there", "after", "before", "only", "just", "even", "also",
    "very", "some", "still", "back", "down", "away", "both", "again", "once", "while", "where",
    "which", "will", "your", "mine", "said", "says", "told",
})
"""Words too common to show that a reason repeats the sentence before it."""


def _stem(word: str) -> str:
    """A rough stem, enough to match ``trapped`` with ``trap`` and ``kissed`` with ``kiss``."""
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[:-len(suffix)]
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word


@functools.lru_cache(maxsize=4096)  # the prose just told is asked about line after line
def _content(text: str, proper: frozenset[str]) -> frozenset[str]:
    return frozenset(_stem(w.lower()) for w in _WORD.findall(text)
                     if len(w) >= 4 and w not in proper and w.lower() not in _COMMON)


def echoes(text: str, prose: str, proper: frozenset[str], share: float = 1 / 2,
           least: int = 1) -> bool:
    """Whether ``text`` mostly repeats the prose just told ("a first kiss, for practice"
    after a paragraph about that kiss): at least ``share`` of its telling words (and no
    fewer than ``least`` of them) are there."""
    words = _content(text, proper)
    if len(words) < least or not prose:
        return False
    told = _content(prose, proper)
    return len(words & told) >= share * len(words)
