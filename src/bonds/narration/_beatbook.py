"""The beats a pack's fights can use, and how the best one for a moment is picked.

A fight's own beats and the pack's shared ones (``fights.yaml``) come before the engine's
(:mod:`._beats_engine`, the fallback); among them the most specific fitting beat wins, ties
picked by the run's seed, a line not yet heard in the fight first; a beat whose filled text
was already told in the run is passed over (see :mod:`._beats`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._beats import Beat, beat
from ._beats_engine import ENGINE_BEATS
from .voice import fill, pick

__all__ = ["BeatBook"]


def _models(items: Iterable[Any], rank: int) -> list[Beat]:
    return [beat(m.text, rank, **dict(m.when)) for m in items]


class BeatBook:
    """Every beat a pack's fights can use: each fight's own, the pack's shared, the
    engine's."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        """Gather the beats of a world's data (``fights`` and ``fight_beats``)."""
        self.common: tuple[Beat, ...] = (*_models(data.get("fight_beats", ()), 1),
                                         *ENGINE_BEATS)
        self.own: dict[str, tuple[Beat, ...]] = {
            fid: tuple(_models(getattr(fight, "beats", ()), 2))
            for fid, fight in data.get("fights", {}).items()}

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
