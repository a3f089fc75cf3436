"""The beats a pack's fights can use, and how the best one for a moment is picked.

A fight's own beats and the pack's shared ones (``fights.yaml``) come before the engine's
(:mod:`._beats_engine`, the fallback); among them the most specific fitting beat wins, ties
picked by the run's seed, a line not yet heard in the fight first; a beat whose filled text
was already told in the run is passed over (see :mod:`._beats`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._beats import Beat, beat
from ._beats_engine import ENGINE_BEATS
from .voice import fill, pick

__all__ = ["BeatBook"]


def _models(items: Iterable[Any], rank: int) -> list[Beat]:
    return [beat(m.text, rank, **dict(m.when)) for m in items]


_Beats = tuple[tuple[Beat, ...], dict[str, tuple[Beat, ...]]]

BOOKS = 8
"""How many worlds' beats are kept, once gathered (a server plays one; tests load many)."""
_BOOKS: OrderedDict[int, tuple[Mapping[str, Any], _Beats]] = OrderedDict()
"""id(world data) -> (that data, its beats: the shared ones and each fight's own)."""
_LOCK = threading.Lock()


def _gathered(data: Mapping[str, Any]) -> _Beats:
    """The beats of a world's data, gathered once per world (beats never change)."""
    with _LOCK:
        kept = _BOOKS.get(id(data))
        if kept is not None and kept[0] is data:
            _BOOKS.move_to_end(id(data))
            return kept[1]
    common = (*_models(data.get("fight_beats", ()), 1), *ENGINE_BEATS)
    own = {fid: tuple(_models(getattr(fight, "beats", ()), 2))
           for fid, fight in data.get("fights", {}).items()}
    with _LOCK:
        _BOOKS[id(data)] = (data, (common, own))
        while len(_BOOKS) > BOOKS:
            _BOOKS.popitem(last=False)
    return common, own


class BeatBook:
    """Every beat a pack's fights can use: each fight's own, the pack's shared, the
    engine's."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Gather the beats of a world's data (``fights`` and ``fight_beats``)."""
        common, own = _gathered(data)
        self.common: tuple[Beat, ...] = common
        self.own: Mapping[str, tuple[Beat, ...]] = own

    def candidates(self, fight: str, facts: Mapping[str, Any], fields: Mapping[str, Any]
                   ) -> list[Beat]:
        """The beats that fit, best first: the pack's before the engine's (which are only
        the fallback), and among them the most specific first."""
        fitting = [b for b in (*self.own.get(fight, ()), *self.common) if b.fits(facts, fields)]
        fitting.sort(key=lambda b: (b.rank > 0, *b.score), reverse=True)
        return fitting

    def tell(self, fight: str, facts: Mapping[str, Any], fields: Mapping[str, Any],
             seed: int, index: int, fresh: Callable[[str], bool],
             used: set[str] | None = None) -> str | None:
        """The line for this moment: the best fitting beat not yet ``used`` in this fight
        whose filled text is ``fresh`` (ties picked by the seed), else the best fresh one
        already used; None when every fitting beat is spent."""
        fitting = self.candidates(fight, facts, fields)
        kind = f"beat:{facts.get('event', '')}"
        used = used if used is not None else set()
        ordered: list[Beat] = []
        while fitting:
            top = (fitting[0].rank > 0, *fitting[0].score)
            tier = [b for b in fitting if (b.rank > 0, *b.score) == top]
            fitting = fitting[len(tier):]
            first = pick(seed, index, kind, len(tier))
            ordered += [tier[(first + n) % len(tier)] for n in range(len(tier))]
        # A line not yet heard in this fight first, the best of those; then any fresh one.
        for b in [*(b for b in ordered if b.text not in used),
                  *(b for b in ordered if b.text in used)]:
            text = fill(b.text, fields, kind)
            if fresh(text):
                used.add(b.text)
                return text
        return None
