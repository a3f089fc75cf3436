"""Near misses: "did you mean 'fort.queue'?" for a name that is almost one the pack knows.

Every unknown-name message (ids, quality names, functions, fields of a YAML file, canon
entries) asks here for the known names nearest to what was written, by :mod:`difflib`'s
similarity, so a typo is answered with the word that was meant rather than a list of the
first names in alphabetical order.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["did_you_mean", "known_list", "nearest"]

CUTOFF = 0.6
"""How alike two names must be (0-1, difflib's ratio) to offer one for the other."""


def edits(a: str, b: str) -> int:
    """How many single-letter edits (insert, delete, replace, swap two neighbours) turn
    ``a`` into ``b``: the optimal string alignment distance."""
    if abs(len(a) - len(b)) > 3:
        return 4
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        row = [i]
        for j, y in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]


def _typo(word: str, candidate: str) -> bool:
    """Whether ``candidate`` is near enough to ``word`` to be what was meant."""
    return edits(word.lower(), candidate.lower()) <= max(1, len(word) // 4)


def _close(word: str, known: list[str], n: int, cutoff: float) -> list[str]:
    found = [f for f in difflib.get_close_matches(word, known, n=max(n, 10), cutoff=cutoff)
             if _typo(word, f)]
    if found:  # only those as near as the nearest
        best = min(edits(word, f) for f in found)
        found = [f for f in found if edits(word, f) == best]
    else:  # a longer or shorter spelling of a word ('integer' for 'int', 'str' for 'string')
        found = [k for k in known if min(len(k), len(word)) >= 3
                 and (k.startswith(word) or word.startswith(k))][:1]
    lowered = word.lower()
    if lowered != word and lowered in known and lowered not in found:
        found.insert(0, lowered)  # 'Mara' for 'mara': a capital is the whole typo
    return found[:n]


def did_you_mean(word: object, candidates: Iterable[str], n: int = 3) -> str:
    """`` (did you mean 'x'?)`` (or ``'x' or 'y'``) for the known names nearest ``word``;
    ``''`` when none is close."""
    if not isinstance(word, str) or not word:
        return ""
    found = _close(word, sorted(set(candidates)), n, CUTOFF)
    if not found:
        return ""
    quoted = [f"'{f}'" for f in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"


def nearest(word: object, candidates: Iterable[str], n: int = 5) -> list[str]:
    """The ``n`` known names most like ``word``, most alike first (however unlike)."""
    known = sorted(set(candidates))
    if not isinstance(word, str):
        return known[:n]
    close = _close(word, known, n, CUTOFF)
    rest = sorted((k for k in known if k not in close),
                  key=lambda k: -difflib.SequenceMatcher(None, word, k).ratio())
    return (close + rest)[:n]


def known_list(value: object, known: Iterable[str], n: int = 8) -> str:
    """The declared names nearest ``value`` (at most ``n``), for a message."""
    pool = set(known)
    listed = nearest(value, pool, n)
    more = ", ..." if len(pool) > len(listed) else ""
    return ", ".join(listed) + more if listed else "none declared"
