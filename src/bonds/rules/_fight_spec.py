"""Fights compiled for play: fights.yaml checked at load and turned into plain, frozen specs.

The load hook reports bad fight data with file and line (a zone joined to nothing, a zone
the heroes cannot reach, a combined technique naming one character, an unknown id), compiles
each fight's outcome effects, works out the distances between zones and the initiative
order once, and leaves the result in ``world.data['fight_specs']`` and
``world.data['combo_specs']`` for the skirmish rules to read on the step path.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bonds.engine.context import Ctx
from bonds.engine.errors import CompileError

from ._registry import LOAD_HOOKS, Report

__all__ = [
    "FIGHT_EFFECTS",
    "HERO_FIELDS",
    "ComboSpec",
    "FightSpec",
    "FoeSpec",
    "HeroSpec",
    "TechPlan",
    "ZoneSpec",
]

FIGHT_EFFECTS = frozenset({"damage", "freeze", "boost", "heal", "move", "shape", "reveal",
                           "conceal", "guard", "signal"})
"""Technique effects that can be used as fight actions."""

Effect = Callable[[Ctx], Any]


@dataclass(frozen=True, slots=True)
class ZoneSpec:
    """A zone of the field (see fights.yaml's zone fields)."""

    id: str
    name: str
    joins: tuple[str, ...]
    exit: bool
    cover: int
    civilians: int
    water: bool
    tank: bool
    fragile: int
    breaks: int
    civ_key: str = field(init=False, repr=False, compare=False)
    water_key: str = field(init=False, repr=False, compare=False)
    burst_key: str = field(init=False, repr=False, compare=False)
    broken_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The zone's fight value keys, spelled once here rather than on every read.
        for name in ("civ", "water", "burst", "broken"):
            object.__setattr__(self, f"{name}_key", f"fight.z.{self.id}.{name}")


@dataclass(frozen=True, slots=True)
class TechPlan:
    """A hero's technique as a fight action: what listing the actions asks of it, read once
    from the pack's technique at load."""

    id: str
    effect: str
    reach: int
    """The technique's ``range``."""
    cost: int
    needs: frozenset[str]
    min_coordination: int
    only: str
    """``tech:<id>``, the filter that asks for this technique's actions alone."""
    prefix: str
    """``fight:<who>:tech:<id>:``, its actions' ids less the target."""
    body_needs: tuple[str, ...] = field(init=False, repr=False, compare=False)
    """Its needs the body rules judge (``hand_signs``, ``free_hand``), in that order."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "body_needs", tuple(
            n for n in ("hand_signs", "free_hand") if n in self.needs))


HERO_FIELDS = ("st", "zone", "hp", "ck", "plan", "boost", "dodge", "guard", "veil", "water",
               "reflex")
"""The fight values kept per hero (``fight.h.<who>.<field>``); each has a ``<field>_key``."""


@dataclass(frozen=True, slots=True)
class HeroSpec:
    """A hero and the numbers their rank gives them."""

    who: str
    name: str
    zone: str
    arrives: int
    hp: int
    skill: int
    defence: int
    damage: int
    initiative: int
    techniques: tuple[str, ...]
    """Their techniques that work as fight actions, in the order the pack lists them."""
    plans: tuple[TechPlan, ...] = field(default=(), repr=False, compare=False)
    """The same techniques, read for the step path (see :class:`TechPlan`)."""
    st_key: str = field(init=False, repr=False, compare=False)
    zone_key: str = field(init=False, repr=False, compare=False)
    hp_key: str = field(init=False, repr=False, compare=False)
    ck_key: str = field(init=False, repr=False, compare=False)
    plan_key: str = field(init=False, repr=False, compare=False)
    boost_key: str = field(init=False, repr=False, compare=False)
    dodge_key: str = field(init=False, repr=False, compare=False)
    guard_key: str = field(init=False, repr=False, compare=False)
    veil_key: str = field(init=False, repr=False, compare=False)
    water_key: str = field(init=False, repr=False, compare=False)
    reflex_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # The hero's fight value keys, spelled once here rather than on every read.
        for name in HERO_FIELDS:
            object.__setattr__(self, f"{name}_key", f"fight.h.{self.who}.{name}")


@dataclass(frozen=True, slots=True)
class FoeSpec:
    """A group of foes (see fights.yaml's foe fields)."""

    id: str
    name: str
    zone: str
    who: str | None
    count: int
    attack: int
    defence: int
    toughness: int
    damage: int
    reach: int
    initiative: int
    morale: int
    breaks_at: int
    surrenders: bool
    leader: bool
    hidden: bool
    arrives: int
    injury: tuple[str, str, str] | None
    """(kind, ordinary step, worst step) of the injury their blows leave."""
    st_key: str = field(init=False)
    n_key: str = field(init=False)
    zone_key: str = field(init=False)
    seen_key: str = field(init=False)
    hits_key: str = field(init=False, repr=False, compare=False)
    morale_key: str = field(init=False, repr=False, compare=False)
    frozen_key: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("st", "n", "zone", "seen", "hits", "morale", "frozen"):
            object.__setattr__(self, f"{name}_key", f"fight.f.{self.id}.{name}")


@dataclass(frozen=True, slots=True)
class ComboSpec:
    """A combined technique and the two characters who can perform it."""

    id: str
    technique: str
    by: tuple[str, str]


@dataclass(frozen=True, slots=True)
class FightSpec:
    """A fight, compiled."""

    id: str
    name: str
    place: str | None
    region: str | None
    observers: tuple[str, ...]
    max_rounds: int
    timeout: str
    noise: int
    tell: int
    zones: dict[str, ZoneSpec]
    heroes: tuple[HeroSpec, ...]
    foes: tuple[FoeSpec, ...]
    order: tuple[str, ...]
    """Actor tokens by initiative: ``h:<who>`` for a hero, ``f:<id>`` for a foe group."""
    dist: dict[tuple[str, str], int]
    """Moves between two zones (absent: no way between them)."""
    place_water: bool
    outcomes: dict[str, tuple[Effect, ...]]
    combos: tuple[ComboSpec, ...]
    """The combined techniques two of these heroes can perform."""
    hero_index: dict[str, HeroSpec] = field(init=False, repr=False, compare=False)
    foe_index: dict[str, FoeSpec] = field(init=False, repr=False, compare=False)
    actors: tuple[HeroSpec | FoeSpec, ...] = field(init=False, repr=False, compare=False)
    """The spec of each actor in ``order`` (the first of that id, as :meth:`hero` finds)."""
    turns: tuple[str | None, ...] = field(init=False, repr=False, compare=False)
    """For each place in ``order``, the hero whose turn it is (None for a foe group's)."""
    _within: dict[tuple[str, int], tuple[str, ...]] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Lookups the step path makes many times a turn, worked out once.
        heroes = {h.who: h for h in reversed(self.heroes)}
        foes = {f.id: f for f in reversed(self.foes)}
        object.__setattr__(self, "hero_index", heroes)
        object.__setattr__(self, "foe_index", foes)
        object.__setattr__(self, "actors", tuple(
            heroes[t[2:]] if t.startswith("h:") else foes[t[2:]] for t in self.order))
        object.__setattr__(self, "turns", tuple(
            t[2:] if t.startswith("h:") else None for t in self.order))
        object.__setattr__(self, "_within", {})

    def zones_within(self, here: str, most: int) -> tuple[str, ...]:
        """The zones at most ``most`` moves from ``here`` (``here`` too), in the fight's
        order. The field never changes, so each answer is worked out once and kept."""
        found = self._within.get((here, most))
        if found is None:
            found = self._within[(here, most)] = tuple(
                z for z in self.zones if self.dist.get((here, z), 99) <= most)
        return found

    def hero(self, who: str) -> HeroSpec:
        """The hero spec of ``who`` (StopIteration for none, as a search would raise)."""
        try:  # asked many times a step, and almost always found: try costs nothing then
            return self.hero_index[who]
        except KeyError:
            return next(h for h in self.heroes if h.who == who)

    def foe(self, ident: str) -> FoeSpec:
        """The foe spec of ``ident`` (StopIteration for none, as a search would raise)."""
        try:
            return self.foe_index[ident]
        except KeyError:
            return next(f for f in self.foes if f.id == ident)


def _distances(zones: dict[str, ZoneSpec]) -> dict[tuple[str, str], int]:
    dist: dict[tuple[str, str], int] = {}
    for start in zones:
        dist[(start, start)] = 0
        todo = deque([start])
        while todo:
            here = todo.popleft()
            for nxt in zones[here].joins:
                if (start, nxt) not in dist:
                    dist[(start, nxt)] = dist[(start, here)] + 1
                    todo.append(nxt)
    return dist


class _Builder:
    def __init__(self, data: dict[str, Any], env: Any, report: Report) -> None:
        self.data, self.env, self.report = data, env, report
        self.ids = env.ids

    def known(self, kind: str, value: str | None, path: tuple[Any, ...], what: str) -> bool:
        if value is None or value in self.ids[kind]:
            return True
        self.report("fights.yaml", path, f"expected a known {what}, found '{value}'")
        return False

    def effects(self, items: list[str], path: tuple[Any, ...]) -> tuple[Effect, ...]:
        out: list[Effect] = []
        for j, text in enumerate(items):
            try:
                out.append(self.env.effect(text))
            except CompileError as exc:
                self.report("fights.yaml", (*path, j), str(exc))
        return tuple(out)

    def zones(self, m: Any, path: tuple[Any, ...]) -> dict[str, ZoneSpec]:
        ids = [z.id for z in m.zones]
        joins: dict[str, list[str]] = {z: [] for z in ids}
        for j, z in enumerate(m.zones):
            if ids.count(z.id) > 1 and ids.index(z.id) != j:
                self.report("fights.yaml", (*path, "zones", j, "id"),
                            f"expected a new zone id in this fight, found '{z.id}' again")
            for k, other in enumerate(z.joins):
                if other not in joins or other == z.id:
                    self.report("fights.yaml", (*path, "zones", j, "joins", k),
                                f"expected another zone of this fight ({', '.join(ids)}), "
                                f"found '{other}'")
                    continue
                for a, b in ((z.id, other), (other, z.id)):
                    if b not in joins[a]:
                        joins[a].append(b)
        for j, z in enumerate(m.zones):
            if len(ids) > 1 and not joins[z.id]:
                self.report("fights.yaml", (*path, "zones", j, "id"),
                            f"expected zone '{z.id}' to be joined to another zone, found it "
                            f"joined to nothing")
        return {z.id: ZoneSpec(z.id, z.name or z.id.replace("_", " "), tuple(joins[z.id]),
                               z.exit, z.cover, z.civilians, z.water, z.tank, z.fragile,
                               z.breaks) for z in m.zones}

    def hero(self, h: Any, path: tuple[Any, ...]) -> HeroSpec:
        person = self.data["characters"].get(h.who)
        ranks = self.data["ranks"]
        rank = ranks.get(getattr(person, "rank", None)) or next(iter(ranks.values()))
        techniques = self.data.get("techniques", {})
        usable = tuple(t for t in getattr(person, "techniques", ()) if t in techniques
                       and techniques[t].effect in FIGHT_EFFECTS
                       and not techniques[t].combined)
        self.known("character", h.who, (*path, "who"), "character")
        plans = tuple(
            TechPlan(t, tech.effect, int(getattr(tech, "range", 0)), tech.cost,
                     frozenset(getattr(tech, "needs", ())), tech.min_coordination,
                     f"tech:{t}", f"fight:{h.who}:tech:{t}:")
            for t, tech in ((t, techniques[t]) for t in usable))
        return HeroSpec(h.who, str(getattr(person, "name", h.who)), h.zone, h.arrives, h.hp,
                        rank.skill, rank.defence, rank.damage, rank.initiative, usable,
                        plans)

    def foe(self, f: Any, path: tuple[Any, ...]) -> FoeSpec:
        self.known("character", f.who, (*path, "who"), "character")
        injury = None
        if f.injury is not None:
            kind = self.data.get("injuries", {}).get(f.injury.kind)
            if kind is None:
                self.known("injury", f.injury.kind, (*path, "injury", "kind"), "injury kind")
            elif f.injury.step not in kind.steps:
                self.report("fights.yaml", (*path, "injury", "step"),
                            f"expected a step of '{f.injury.kind}' ({', '.join(kind.steps)}), "
                            f"found '{f.injury.step}'")
            else:
                injury = (f.injury.kind, f.injury.step, kind.steps[0])
        return FoeSpec(f.id, f.name, f.zone, f.who, f.count, f.attack, f.defence, f.toughness,
                       f.damage, f.reach, f.initiative, f.morale, f.breaks_at, f.surrenders,
                       f.leader, f.hidden, f.arrives, injury)

    def fight(self, m: Any, path: tuple[Any, ...], combos: tuple[ComboSpec, ...]) -> FightSpec:
        self.known("place", m.place, (*path, "place"), "place")
        self.known("region", m.region, (*path, "region"), "region")
        for j, who in enumerate(m.observers):
            self.known("observer", who, (*path, "observers", j), "observer")
        zones = self.zones(m, path)
        heroes = tuple(self.hero(h, (*path, "heroes", j)) for j, h in enumerate(m.heroes))
        foes = tuple(self.foe(f, (*path, "foes", j)) for j, f in enumerate(m.foes))
        seen: set[str] = set()
        fighters = [("heroes", j, h.who, h.zone) for j, h in enumerate(heroes)]
        fighters += [("foes", j, f.id, f.zone) for j, f in enumerate(foes)]
        for kind, j, ident, zone in fighters:
            if ident in seen:
                self.report("fights.yaml", (*path, kind, j),
                            f"expected each fighter once, found '{ident}' again")
            seen.add(ident)
            if zone not in zones:
                self.report("fights.yaml", (*path, kind, j, "zone"),
                            f"expected a zone of this fight ({', '.join(zones)}), found "
                            f"'{zone}'")
        if heroes and all(h.arrives > 1 for h in heroes):
            self.report("fights.yaml", (*path, "heroes"),
                        "expected at least one hero there from round 1, found none")
        dist = _distances(zones)
        starts = {h.zone for h in heroes if h.zone in zones}
        for j, z in enumerate(m.zones):
            if starts and zones[z.id].joins and not any((s, z.id) in dist for s in starts):
                self.report("fights.yaml", (*path, "zones", j, "id"),
                            f"expected zone '{z.id}' to be reachable from where the heroes "
                            f"start, found no way to it")
        tokens = [(-h.initiative, 0, i, f"h:{h.who}") for i, h in enumerate(heroes)]
        tokens += [(-f.initiative, 1, i, f"f:{f.id}") for i, f in enumerate(foes)]
        place = self.data.get("places", {}).get(m.place) if m.place else None
        mine = {h.who for h in heroes}
        return FightSpec(
            id=m.id, name=m.name, place=m.place, region=m.region,
            observers=tuple(m.observers), max_rounds=m.max_rounds, timeout=m.timeout,
            noise=m.noise, tell=m.tell, zones=zones, heroes=heroes, foes=foes,
            order=tuple(t[3] for t in sorted(tokens)), dist=dist,
            place_water=bool(getattr(place, "water", False)),
            outcomes={o: self.effects(getattr(m, f"on_{o}"), (*path, f"on_{o}"))
                      for o in ("win", "lose", "fled")},
            combos=tuple(c for c in combos if set(c.by) <= mine))

    def combos(self) -> tuple[ComboSpec, ...]:
        out: list[ComboSpec] = []
        techniques = self.data.get("techniques", {})
        for i, c in enumerate(self.data.get("combos", {}).values()):
            path = ("combos", i)
            ok = self.known("technique", c.technique, (*path, "technique"), "technique")
            if ok and c.technique in techniques and not techniques[c.technique].combined:
                self.report("fights.yaml", (*path, "technique"),
                            f"expected a technique marked 'combined', found '{c.technique}'")
            for j, who in enumerate(c.by):
                ok = self.known("character", who, (*path, "by", j), "character") and ok
            if len(set(c.by)) != 2 or len(c.by) != 2:
                shown = ", ".join(f"'{w}'" for w in c.by) or "nobody"
                self.report("fights.yaml", (*path, "by"),
                            f"expected two different characters for a combined technique, "
                            f"found {shown}")
                continue
            if ok:
                out.append(ComboSpec(c.id, c.technique, (c.by[0], c.by[1])))
        return tuple(out)


def _load_fights(data: dict[str, Any], env: Any, report: Report) -> None:
    """Check fights.yaml against the rest of the pack and compile it for play."""
    builder = _Builder(data, env, report)
    combos = builder.combos()
    data["combo_specs"] = {c.id: c for c in combos}
    data["fight_specs"] = {m.id: builder.fight(m, ("fights", i), combos)
                           for i, m in enumerate(data.get("fights", {}).values())}


LOAD_HOOKS.append(_load_fights)
