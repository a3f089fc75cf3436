"""Fight beats: lines with criteria, the most specific match wins (rule-based dialogue).

A moment of a fight is a *query*: a bag of facts (``event``, ``who``, ``foe``, ``zone``,
``technique``, ``outcome``, ``chance``, ``odds``, ``place``, ``fight``...). Each beat has
criteria over those facts and a text; every criterion must hold (a list criterion holds when
the fact is any of its values), and among the beats that fit, the one with the **most
criteria** wins. At equal count a fight's own beats win over the pack's shared ones, and
those over the engine's (:mod:`._beats_engine`). Ties are picked by the run's seed, and a
beat whose filled text was already told in the run is passed over for the next (dryness);
when every fitting beat is spent, the moment goes untold in the prose (:mod:`._fight`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Beat", "beat", "odds_of", "word_of"]

_FIELD = re.compile(r"\{([a-z_][a-z0-9_]*)(?:\.[A-Za-z]+)?\}")

Criterion = str | int | bool | frozenset[str]


@dataclass(frozen=True, slots=True)
class Beat:
    """A line for a moment of a fight, and the facts it needs."""

    text: str
    when: tuple[tuple[str, Criterion], ...] = ()
    rank: int = 0
    """Where it was written: 2 a fight's own, 1 the pack's shared, 0 the engine's."""
    needs: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", tuple(sorted({
            m.group(1) for m in _FIELD.finditer(self.text)})))

    def fits(self, facts: Mapping[str, Any], fields: Mapping[str, Any]) -> bool:
        """Every criterion holds and every blank has something to say."""
        for key, wanted in self.when:
            have = facts.get(key)
            if isinstance(wanted, frozenset):
                if not isinstance(have, str) or have not in wanted:
                    return False
            elif have != wanted or isinstance(have, bool) != isinstance(wanted, bool):
                return False
        return all(fields.get(n) not in (None, "") for n in self.needs)

    @property
    def score(self) -> tuple[int, int]:
        """How specific it is: criteria first, then where it was written."""
        return len(self.when), self.rank


def beat(text: str, rank: int = 0, **when: Any) -> Beat:
    """A beat used when the moment's facts include every ``when`` entry (a list or tuple
    value: any of them)."""
    criteria = tuple((k, frozenset(v) if isinstance(v, list | tuple | set | frozenset) else v)
                     for k, v in when.items())
    return Beat(text, criteria, rank)


def word_of(chance: int | None) -> str:
    """A chance in words: ``long`` (35 or less), ``likely`` (65 or more), else ``even``."""
    if chance is None:
        return "even"
    return "long" if chance <= 35 else "likely" if chance >= 65 else "even"


def odds_of(heroes: Sequence[int], foes: Sequence[int]) -> str:
    """A fight's odds as its rolls have run: the heroes' mean chance less the foes'.

    ``likely`` when the heroes land 30 points more often than the foes do, ``long`` when
    they land no more often, ``even`` between (or before any roll of either side).
    """
    if not heroes or not foes:
        return "even"
    edge = sum(heroes) / len(heroes) - sum(foes) / len(foes)
    return "likely" if edge >= 30 else "long" if edge <= 0 else "even"
