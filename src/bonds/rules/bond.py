"""The bond between two characters: several measures, moved only by events, each with a reason.

Rules:

- **Measures.** Four directed measures, each 0-100: ``trust`` (in danger), ``ease`` (with
  closeness), ``coordination`` (in a fight) and ``openness`` (with each other). A's measure
  towards B lives under ``bond.<a>.<b>.<measure>`` and need not equal B's towards A. A pair
  the pack does not seed starts at 20 in each. ``tension`` (0-100) belongs to the pair, the
  same both ways, under ``bond.<x>.<y>.tension`` with the two ids in alphabetical order; it
  starts at 0.
- **Moved only by events.** ``bond(a, b, measure, delta, reason)`` moves A's measure towards
  B; ``bond_both`` moves both directions (tension once). Every change is a ``bond_changed``
  event with its reason; a change without a reason is refused.
- **Paced.** Ordinary gains (+1 to +9) of one measure in one direction add up to at most
  ``SCENE_CAP`` (8) per visit to a scene; the rest is dropped, and a ``bond_capped`` event
  says so. Watershed moments (a change of 10 or more either way: a life saved, a promise kept
  or broken, the truth told, an abandonment) apply in full and count towards the cap.
  Losses and tension are never capped.
- **Talking heals.** Each point of openness gained lowers the pair's tension by one point.
- **Stages** (the same both ways) come from the mean of trust, ease and openness over both
  directions (*warmth*) and the tension: ``real`` when warmth is 70+ and both trusts 60+;
  else ``friction`` while tension is 40+; else ``trust`` at warmth 50+, ``thaw`` at 30+,
  and ``pretence`` below. A change of stage is a ``bond_stage_changed`` event.
- **Partner effects** (used by cover and fights): A's chance to pull B out of harm is
  ``reflex_chance(a, b)`` = 10 + coordination/2 + trust/5; the creed gives A a bonus of
  trust/8 when B is threatened (``creed(a, b)``); A flinches at B's touch with
  ``flinch_chance(a, b)`` = (60 - ease) + tension/5 (never below 0); while the pair is
  ``strained(a, b)`` (tension 40+) content can hold back scenes until it is talked out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import Impossible
from bonds.engine.state import Value

from ._registry import INITIALIZERS, LOAD_HOOKS, Report, effect, query

__all__ = [
    "ALL_MEASURES",
    "DEFAULT_MEASURE",
    "MEASURES",
    "SCENE_CAP",
    "STAGES",
    "STRAIN",
    "WATERSHED",
    "bond",
    "bond_both",
    "bond_key",
    "coordination",
    "creed",
    "ease",
    "flinch_chance",
    "level",
    "openness",
    "reflex_chance",
    "seed_bonds",
    "stage",
    "stage_of",
    "strained",
    "tension",
    "trust",
]

MEASURES = ("trust", "ease", "coordination", "openness")
"""The directed measures."""
TENSION = "tension"
ALL_MEASURES = (*MEASURES, TENSION)
DEFAULT_MEASURE = 20
"""Where an unseeded directed measure starts."""
SCENE_CAP = 8
"""Most an ordinary gain can add to one measure, one direction, in one scene visit."""
WATERSHED = 10
"""A change this large (either way) is a watershed moment: never capped."""
STRAIN = 40
"""Tension at which the pair is strained (and the stage is ``friction``)."""
STAGES = ("pretence", "friction", "thaw", "trust", "real")


def bond_key(a: str, b: str, measure: str) -> str:
    """The value key of A's ``measure`` towards B (tension: the pair's, ids sorted)."""
    if measure == TENSION:
        x, y = (a, b) if a <= b else (b, a)
        return f"bond.{x}.{y}.tension"
    return f"bond.{a}.{b}.{measure}"


def level(values: Mapping[str, Value], a: str, b: str, measure: str) -> int:
    """A's ``measure`` towards B in a value table (the default when never set)."""
    if measure == TENSION:
        return int(values.get(bond_key(a, b, TENSION), 0))
    # The key is spelled out here rather than asked of bond_key: this is the hottest
    # reading in the rules (fights ask it many times a turn).
    return int(values.get(f"bond.{a}.{b}.{measure}", DEFAULT_MEASURE))


@query("trust", "character", "character", key="bond.{0}.{1}.trust", returns="int",
       faultless=True)
def trust(ctx: Ctx, a: str, b: str) -> int:
    """A's trust in B in danger, 0-100."""
    return int(ctx.values.get(f"bond.{a}.{b}.trust", DEFAULT_MEASURE))  # as level()


@query("ease", "character", "character", key="bond.{0}.{1}.ease", returns="int",
       faultless=True)
def ease(ctx: Ctx, a: str, b: str) -> int:
    """How at ease A is with B's closeness, 0-100."""
    return int(ctx.values.get(f"bond.{a}.{b}.ease", DEFAULT_MEASURE))  # as level()


@query("coordination", "character", "character", key="bond.{0}.{1}.coordination", returns="int",
       faultless=True)
def coordination(ctx: Ctx, a: str, b: str) -> int:
    """How well A moves with B in a fight, 0-100."""
    return int(ctx.values.get(f"bond.{a}.{b}.coordination", DEFAULT_MEASURE))  # as level()


@query("openness", "character", "character", key="bond.{0}.{1}.openness", returns="int",
       faultless=True)
def openness(ctx: Ctx, a: str, b: str) -> int:
    """How open A is with B, 0-100."""
    return int(ctx.values.get(f"bond.{a}.{b}.openness", DEFAULT_MEASURE))  # as level()


@query("tension", "character", "character", key="bond.{0}.{1}.tension", returns="int",
       faultless=True)
def tension(ctx: Ctx, a: str, b: str) -> int:
    """The tension between A and B (the same both ways), 0-100."""
    return level(ctx.values, a, b, TENSION)


_STAGE_KEYS: dict[tuple[str, str], tuple[str, ...]] = {}
"""The value keys the stage of (a, b) reads, spelled once per pair: every bond change reads
the stage twice. Only strings are kept here, never game state."""


def _stage_keys(a: str, b: str) -> tuple[str, ...]:
    """Trust a->b, trust b->a, then ease and openness likewise, then the pair's tension."""
    keys = _STAGE_KEYS.get((a, b))
    if keys is None:
        keys = _STAGE_KEYS[(a, b)] = (
            bond_key(a, b, "trust"), bond_key(b, a, "trust"),
            bond_key(a, b, "ease"), bond_key(b, a, "ease"),
            bond_key(a, b, "openness"), bond_key(b, a, "openness"),
            bond_key(a, b, TENSION))
    return keys


def stage_of(values: Mapping[str, Value], a: str, b: str) -> str:
    """The named stage of the pair's bond in a value table (see the module's rules)."""
    return _stage(_stage_levels(values, _stage_keys(a, b)))


def _stage_levels(values: Mapping[str, Value], keys: tuple[str, ...]) -> list[int]:
    """The seven levels the stage reads (see :func:`_stage_keys`), with the defaults
    ``level`` gives."""
    get, d = values.get, DEFAULT_MEASURE
    return [int(get(keys[0], d)), int(get(keys[1], d)), int(get(keys[2], d)),
            int(get(keys[3], d)), int(get(keys[4], d)), int(get(keys[5], d)),
            int(get(keys[6], 0))]


def _stage(levels: list[int]) -> str:
    """The stage named by the seven levels of :func:`_stage_levels`."""
    trust_ab, trust_ba, ease_ab, ease_ba, open_ab, open_ba, strain = levels
    warm = (trust_ab + trust_ba + ease_ab + ease_ba + open_ab + open_ba) // 6
    if warm >= 70 and min(trust_ab, trust_ba) >= 60:
        return "real"
    if strain >= STRAIN:
        return "friction"
    if warm >= 50:
        return "trust"
    return "thaw" if warm >= 30 else "pretence"


@query("stage", "character", "character", returns="str")
def stage(ctx: Ctx, a: str, b: str) -> str:
    """The bond's stage: 'pretence', 'friction', 'thaw', 'trust' or 'real'."""
    return stage_of(ctx.values, a, b)


@query("strained", "character", "character", key="bond.{0}.{1}.tension", returns="bool")
def strained(ctx: Ctx, a: str, b: str) -> bool:
    """Whether the pair's tension is high enough to hold back scenes until it is talked out."""
    return level(ctx.values, a, b, TENSION) >= STRAIN


@query("creed", "character", "character", key="bond.{0}.{1}.trust", returns="int")
def creed(ctx: Ctx, a: str, b: str) -> int:
    """The bonus A fights with while B is threatened: A's trust in B / 8 (0-12)."""
    return level(ctx.values, a, b, "trust") // 8


@query("reflex_chance", "character", "character", key="bond.{0}.{1}.coordination", returns="chance")
def reflex_chance(ctx: Ctx, a: str, b: str) -> Chance:
    """A's chance to pull B out of harm's way: 10 + coordination/2 + trust/5."""
    chance = Chance(10, (("quick hands", 10),))
    co = level(ctx.values, a, b, "coordination") // 2
    tr = level(ctx.values, a, b, "trust") // 5
    if co:
        chance = chance.plus("coordination", co)
    if tr:
        chance = chance.plus("trust", tr)
    return chance


@query("flinch_chance", "character", "character", key="bond.{0}.{1}.ease", returns="chance")
def flinch_chance(ctx: Ctx, a: str, b: str) -> Chance:
    """A's chance to flinch at B's touch: (60 - ease) + tension/5, never below 0."""
    chance = Chance(0, ())
    unease = 60 - level(ctx.values, a, b, "ease")
    strain = level(ctx.values, a, b, TENSION) // 5
    if unease > 0:
        chance = chance.plus("unease with closeness", unease)
    if strain:
        chance = chance.plus("tension", strain)
    return chance


@effect("bond", "character", "character", "measure", "int", "text", key="bond.{0}.{1}.{2}",
        returns="int")
def bond(ctx: Ctx, a: str, b: str, measure: str, delta: int, reason: str) -> int:
    """Move A's ``measure`` towards B by ``delta`` for ``reason``; returns the change made.

    Raises:
        Impossible: the same person twice, an unknown measure, a non-integer delta, or no
            reason.
    """
    if a == b:
        raise Impossible("a bond needs two different people")
    if measure not in ALL_MEASURES:
        raise Impossible(f"'{measure}' is not a measure of a bond")
    if isinstance(delta, bool) or not isinstance(delta, int):
        raise Impossible(f"a bond moves by whole numbers, not {delta!r}")
    if not isinstance(reason, str) or not reason.strip():
        raise Impossible("every change to a bond needs a reason")
    if delta == 0:
        return 0
    values = ctx.values
    key = bond_key(a, b, measure)
    old = int(values.get(key, 0 if measure == TENSION else DEFAULT_MEASURE))  # level()
    watershed = abs(delta) >= WATERSHED
    gained = 0
    capped = delta > 0 and measure != TENSION
    window = ""
    if capped:
        window, gained = _gained(ctx, a, b, measure)
        room = max(0, SCENE_CAP - gained)
        if not watershed and delta > room:
            ctx.emit("bond_capped", **{"from": a, "to": b}, measure=measure, requested=delta,
                     allowed=room, cap=SCENE_CAP, reason=reason)
            delta = room
    new = max(0, min(100, old + delta))
    if new == old:
        return 0
    # The stage reads trust, ease, openness and tension: coordination cannot move it. Its
    # levels are read once; the one this change moves is the only one that differs after.
    # Only its event reads it (a step that makes none, a playtest's, skips the work).
    staged = measure != "coordination" and ctx.wants("bond_stage_changed")
    before = after = ""
    if staged:
        keys = _stage_keys(a, b)
        levels = _stage_levels(values, keys)
        before = _stage(levels)
        levels[keys.index(key)] = new
        after = _stage(levels)
    values[key] = new
    if capped:
        _note_gain(values, a, b, measure, window, gained + (new - old))
    if ctx.wants("bond_changed"):
        ctx.emit("bond_changed", **{"from": a, "to": b}, measure=measure, key=key, old=old,
                 new=new, delta=new - old, reason=reason, watershed=watershed)
    if after != before:
        ctx.emit("bond_stage_changed", a=a, b=b, old=before, new=after, reason=reason)
    if measure == "openness" and new > old:
        bond(ctx, a, b, TENSION, old - new, reason)
    return new - old


@effect("bond_both", "character", "character", "measure", "int", "text", key="bond.{0}.{1}.{2}",
        returns="none")
def bond_both(ctx: Ctx, a: str, b: str, measure: str, delta: int, reason: str) -> None:
    """Move A's measure towards B and B's towards A (tension, which is shared, once)."""
    bond(ctx, a, b, measure, delta, reason)
    if measure != TENSION:
        bond(ctx, b, a, measure, delta, reason)


def _gained(ctx: Ctx, a: str, b: str, measure: str) -> tuple[str, int]:
    """This scene visit's cap window, and what A's ``measure`` towards B has gained in it.

    Only reads: the window is written by :func:`_note_gain`, together with the
    ``bond_changed`` event, so a call that moves nothing changes no value.
    """
    scene = ctx.scene
    window = f"{scene}#{ctx.values.get('seen.' + scene, 0)}"
    if ctx.values.get(f"bondcap.{a}.{b}") != window:
        return window, 0
    return window, int(ctx.values.get(f"bondcap.{a}.{b}.{measure}", 0))


def _note_gain(values: dict[str, Value], a: str, b: str, measure: str, window: str,
               total: int) -> None:
    """Record ``total`` gained by A's ``measure`` towards B in ``window`` (opening it anew
    when it is a later scene visit than the one on record)."""
    window_key = f"bondcap.{a}.{b}"
    if values.get(window_key) != window:
        values[window_key] = window
        for m in MEASURES:
            values.pop(f"bondcap.{a}.{b}.{m}", None)
    values[f"bondcap.{a}.{b}.{measure}"] = total


def seed_bonds(data: dict[str, Any]) -> dict[str, Value]:
    """Starting values from characters.yaml's ``bonds:`` (each seed is one direction)."""
    values: dict[str, Value] = {}
    for seed in data.get("bonds", ()):
        a, b = seed.from_, seed.to
        for m in MEASURES:
            values[bond_key(a, b, m)] = int(getattr(seed, m))
        tkey = bond_key(a, b, TENSION)
        values[tkey] = max(int(values.get(tkey, 0)), int(seed.tension))
    return values


def check_bond_args(args: tuple[Any, ...]) -> str | None:
    """A load-time check of a ``bond``/``bond_both`` call's constant arguments."""
    if len(args) >= 2 and args[0] is not None and args[0] == args[1]:
        return f"expected two different characters in a bond, found '{args[0]}' twice"
    if len(args) >= 5 and args[4] is not None and (
            not isinstance(args[4], str) or not args[4].strip()):
        return "expected a reason the player can read as the last argument, found none"
    return None


def _check_seeds(data: dict[str, Any], env: Any, report: Report) -> None:
    """Load checks: bond seeds name known, different characters, once per direction."""
    known = set(data.get("characters", {}))
    seen: set[tuple[str, str]] = set()
    for i, seed in enumerate(data.get("bonds", ())):
        for field, who in (("from", seed.from_), ("to", seed.to)):
            if known and who not in known:
                report("characters.yaml", ("bonds", i, field),
                       f"expected a known character in a bond seed, found '{who}'")
        if seed.from_ == seed.to:
            report("characters.yaml", ("bonds", i),
                   f"expected two different characters in a bond seed, found '{seed.to}' twice")
        if (seed.from_, seed.to) in seen:
            report("characters.yaml", ("bonds", i),
                   f"expected one seed per direction, found {seed.from_} -> {seed.to} again")
        seen.add((seed.from_, seed.to))
    checks = getattr(env, "checks", None)
    if checks is not None:
        checks["bond"] = checks["bond_both"] = check_bond_args


INITIALIZERS.append(seed_bonds)
LOAD_HOOKS.append(_check_seeds)
