"""How to read the game, as plain data: the bond's measures and stages, the panel's parts.

The rules are the engine's (:mod:`bonds.rules.bond`); every name a player sees comes from the
pack and its world: the pairs from ``characters.yaml`` (``bonds:``), the stages as the world
calls them (``bond_stages:`` in ``world.yaml``), the pools from ``resources:``. The guide
page and the panel's note on stages both read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bonds.engine import World
from bonds.rules import bond

from .names import Names

__all__ = ["Guide", "GuideEntry", "guide_of", "stage_title"]

MEASURES: tuple[tuple[str, str], ...] = (
    ("trust", "whether one will put their life in the other's hands when it counts"),
    ("ease", "how easily one takes the other's closeness: a touch, a shared room"),
    ("coordination", "how well they fight side by side"),
    ("openness", "how much one tells the other of what they really think and feel; each "
                 "step of it also eases the tension between them"),
)
"""The directed measures, in the order the panel lists them, and what each is about."""
TENSION = ("tension", "what stands unsaid between the two of them: one value for the pair, "
                      "the same seen from either side")
WARMTH = {"thaw": 30, "trust": 50, "real": 70}
"""The warmth (the mean of trust, ease and openness, both ways) each stage starts at."""
REAL_TRUST = 60
"""The trust each must have in the other for the last stage."""
STAGE_RULES: dict[str, str] = {
    "pretence": f"where they start: warmth under {WARMTH['thaw']}",
    "thaw": f"warmth {WARMTH['thaw']} or more",
    "trust": f"warmth {WARMTH['trust']} or more",
    "real": f"warmth {WARMTH['real']} or more, and each trusts the other {REAL_TRUST} or more",
    "friction": f"tension {bond.STRAIN} or more, whatever the warmth (unless they are "
                f"already at the last stage); talking it out brings them back",
}
"""When the bond reaches each stage (the rules of :func:`bonds.rules.bond.stage_of`)."""
STAGE_ORDER = ("pretence", "thaw", "trust", "real", "friction")
"""The stages as the guide lists them: the climb, then the setback."""


@dataclass(frozen=True, slots=True)
class GuideEntry:
    """One thing the guide explains."""

    key: str
    """The engine's name for it (never shown)."""
    name: str
    """What the player sees it called."""
    text: str
    """What it means."""


@dataclass(frozen=True, slots=True)
class Guide:
    """What the guide page explains, named as this pack names things."""

    pairs: tuple[str, ...]
    """The pairs whose bond the panel follows, as ``A and B`` (once per pair)."""
    measures: tuple[GuideEntry, ...]
    """The directed measures, then tension."""
    stages: tuple[GuideEntry, ...]
    """The stages, as the world names them, in :data:`STAGE_ORDER`."""
    pools: tuple[str, ...]
    """The pools characters spend, as the world names them (``resources:``)."""

    def stage_text(self, name: str | None) -> str | None:
        """What the stage shown as ``name`` means (None for a name no stage has)."""
        return next((s.text for s in self.stages if s.name == name), None)


def stage_title(world: World, stage: str) -> str:
    """A stage's name as the world gives it (capitalised), else the engine's word."""
    named = str(world.data.get("bond_stages", {}).get(stage) or stage)
    return named[:1].upper() + named[1:]


def guide_of(world: World, names: Names | None = None) -> Guide:
    """The guide for ``world``."""
    names = names or Names(world)
    pairs: dict[frozenset[str], str] = {}
    for seed in world.data.get("bonds", ()):
        pairs.setdefault(frozenset((seed.from_, seed.to)),
                         f"{names.of(seed.from_)} and {names.of(seed.to)}")
    measures = tuple(GuideEntry(key, key.capitalize(), text)
                     for key, text in (*MEASURES, TENSION))
    stages = tuple(GuideEntry(key, stage_title(world, key), STAGE_RULES[key])
                   for key in STAGE_ORDER if key in bond.STAGES)
    pools = tuple(str(r.name) for r in world.data.get("resources", {}).values())
    return Guide(tuple(pairs.values()), measures, stages, pools)
