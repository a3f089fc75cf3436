"""A fight under way, read: who stands where, and every roll's chance before it is made.

Fight state lives in the flat value table: ``fight.h.<who>.<field>`` for heroes,
``fight.f.<id>.<field>`` for foe groups, ``fight.z.<zone>.<field>`` for zones, and
``fight.id``, ``fight.round``, ``fight.pos``, ``fight.property``, ``fight.harmed``,
``fight.downed`` for the whole. Everything here only reads.
"""

from __future__ import annotations

from bonds.engine.context import Chance, Ctx
from bonds.engine.state import Value

from ._fight_spec import FightSpec, FoeSpec, HeroSpec
from ._names import word
from .bond import level

__all__ = [
    "attack_chance",
    "blow_chance",
    "break_chance",
    "combo_chance",
    "creed",
    "fk",
    "foe_active",
    "foe_chance",
    "foe_damage",
    "freeze_chance",
    "guard_of",
    "guarded_by",
    "hero_damage",
    "hk",
    "spec_of",
    "visible",
    "water_at",
    "zk",
]

GUARDED = 15
DODGE = 20
VEIL = 30
HIDING = 20
RANGE_PENALTY = 15
CROWD = 10


def hk(who: str, field: str) -> str:
    """The key of a hero's fight value."""
    return f"fight.h.{who}.{field}"


def fk(ident: str, field: str) -> str:
    """The key of a foe group's fight value."""
    return f"fight.f.{ident}.{field}"


def zk(zone: str, field: str) -> str:
    """The key of a zone's fight value."""
    return f"fight.z.{zone}.{field}"


def spec_of(ctx: Ctx) -> FightSpec:
    """The spec of the fight under way."""
    spec: FightSpec = ctx.world.data["fight_specs"][str(ctx.values["fight.id"])]
    return spec


def foe_active(ctx: Ctx, f: FoeSpec) -> bool:
    """Whether the group is on the field and still has fighters."""
    values = ctx.values
    return values.get(f.st_key) == "in" and int(values.get(f.n_key, 0)) > 0


def visible(ctx: Ctx, f: FoeSpec) -> bool:
    """Whether the group is active and not hidden (it can be targeted)."""
    values = ctx.values
    # foe_active, spelled out: this is asked for every group many times a turn.
    return (values.get(f.st_key) == "in" and int(values.get(f.n_key, 0)) > 0
            and (not f.hidden or bool(values.get(f.seen_key))))


def water_at(ctx: Ctx, spec: FightSpec, zone: str) -> bool:
    """Whether water is at hand in ``zone``: the place's, the zone's, or a held bubble near."""
    values = ctx.values
    if spec.place_water or values.get(spec.zones[zone].water_key):
        return True
    for h in spec.heroes:
        if values.get(h.water_key) and values.get(h.st_key) == "in":
            d = spec.dist.get((zone, str(values.get(h.zone_key))))
            if d is not None and d <= 1:
                return True
    return False


def _threatened(ctx: Ctx, spec: FightSpec, p: HeroSpec) -> bool:
    values = ctx.values
    st = values.get(p.st_key)
    if st == "down":
        return True
    if st != "in":
        return False
    if int(values.get(p.hp_key, 0)) * 2 <= p.hp:
        return True
    zone = values.get(p.zone_key)
    for f in spec.foes:  # noqa: SIM110 (a plain loop: any() would build a generator)
        if values.get(f.zone_key) == zone and visible(ctx, f):
            return True
    return False


def creed(ctx: Ctx, spec: FightSpec, who: str) -> tuple[str, int, bool] | None:
    """The creed's part for ``who``: (why, bonus, strong) while a partner is threatened.

    The bonus is ``who``'s trust in that partner / 8; it is *strong* (one more point of
    damage) at trust 60 or more.
    """
    best: tuple[str, int, bool] | None = None
    for p in spec.heroes:
        if p.who == who or not _threatened(ctx, spec, p):
            continue
        trust = level(ctx.values, who, p.who, "trust")
        if best is None or trust // 8 > best[1]:
            best = (f"fighting for {p.name}", trust // 8, trust >= 60)
    return best


def _hero_parts(ctx: Ctx, spec: FightSpec, h: HeroSpec) -> list[tuple[str, int]]:
    values = ctx.values
    parts: list[tuple[str, int]] = []
    belief = creed(ctx, spec, h.who)
    if belief is not None:
        parts.append((belief[0], belief[1]))
    parts.append((word(ctx, "plan"), int(values.get(h.plan_key, 0))))
    parts.append((word(ctx, "boosted"), int(values.get(h.boost_key, 0))))
    parts.append(("wounds", -2 * max(0, h.hp - int(values.get(h.hp_key, h.hp)))))
    return parts


def _chance(base: tuple[str, int], parts: list[tuple[str, int]]) -> Chance:
    """``Chance(base).plus(...)`` for each non-zero part, then ``clamped()``, built at once
    (the same percent and parts, without a Chance for every part)."""
    shown = [base]
    percent = base[1]
    for why, amount in parts:
        if amount:
            shown.append((why, amount))
            percent += amount
    return Chance(max(5, min(95, percent)), tuple(shown))


def blow_chance(ctx: Ctx, spec: FightSpec, who: str, f: FoeSpec,
                extra: tuple[tuple[str, int], ...] = ()) -> Chance:
    """The chance of ``who``'s blow (strike, throw or technique) landing on group ``f``."""
    h = spec.hero(who)
    zone = spec.zones[str(ctx.values.get(f.zone_key))]
    parts = [("their guard", -f.defence), ("cover", -zone.cover)]
    if int(ctx.values.get(zone.civ_key, 0)) > 0:
        parts.append(("bystanders in the way", -CROWD))
    parts.extend(extra)
    parts.extend(_hero_parts(ctx, spec, h))
    return _chance((f"{h.name}'s skill", h.skill), parts)


def freeze_chance(ctx: Ctx, spec: FightSpec, who: str, f: FoeSpec, power: int, name: str
                  ) -> Chance:
    """The chance that ``who``'s freezing technique ``name`` holds group ``f`` still for a
    turn."""
    h = spec.hero(who)
    morale = int(ctx.values.get(f.morale_key, f.morale))
    parts = [(name, power // 5), ("their nerve", -(morale // 2))]
    parts.extend(_hero_parts(ctx, spec, h))
    return _chance((f"{h.name}'s skill", h.skill), parts)


def combo_chance(ctx: Ctx, spec: FightSpec, a: str, b: str, zone: str, name: str,
                 power: int) -> Chance:
    """The chance that ``a`` and ``b``'s combined technique strikes ``zone``."""
    ha, hb = spec.hero(a), spec.hero(b)
    together = min(level(ctx.values, a, b, "coordination"),
                   level(ctx.values, b, a, "coordination")) // 5
    guards = [f.defence for f in spec.foes
              if visible(ctx, f) and ctx.values.get(f.zone_key) == zone]
    parts = [(name, power // 5), ("moving as one", together),
             ("their best guard", -(max(guards, default=0) // 2)),
             (word(ctx, "plan"), int(ctx.values.get(ha.plan_key, 0)))]
    return _chance(("two skills together", (ha.skill + hb.skill) // 2), parts)


def break_chance(ctx: Ctx, spec: FightSpec, who: str) -> Chance:
    """The chance that ``who`` breaks through the foes in their zone to a joined zone."""
    h = spec.hero(who)
    zone = ctx.values.get(h.zone_key)
    crowd = sum(int(ctx.values.get(f.n_key, 0)) for f in spec.foes
                if visible(ctx, f) and ctx.values.get(f.zone_key) == zone)
    parts = [(f"{h.name}'s skill", h.skill // 2), ("the press of bodies", -5 * min(crowd, 6))]
    parts.extend(_hero_parts(ctx, spec, h))
    return _chance(("a burst of speed", 40), parts)


def foe_chance(ctx: Ctx, spec: FightSpec, f: FoeSpec, target: str) -> Chance:
    """The chance that group ``f``'s attack lands on hero ``target``."""
    values = ctx.values
    h = spec.hero(target)
    where = str(values.get(h.zone_key))
    return attack_chance(values, spec, f, h, where,
                         spec.dist.get((str(values.get(f.zone_key)), where), 0),
                         int(values.get(f.n_key, 0)))


def attack_chance(values: dict[str, Value], spec: FightSpec, f: FoeSpec, h: HeroSpec,
                  where: str, d: int, count: int) -> Chance:
    """:func:`foe_chance` from what the foes' turn has already read: ``h`` stands in
    ``where``, ``d`` moves from the group, which has ``count`` fighters up."""
    parts = [("numbers", 4 * min(max(count - 1, 0), 4)), (f"{h.name}'s guard", -h.defence),
             ("cover", -spec.zones[where].cover), ("at a distance", -RANGE_PENALTY * d)]
    if values.get(h.dodge_key):
        parts.append(("dodging", -DODGE))
    if values.get(h.veil_key):
        parts.append(("a veil of illusion", -VEIL))
    guard = guard_of(values, spec, h)
    if guard is not None:
        parts.append((f"guarded by {guard.name}", -GUARDED))
    if f.hidden and not values.get(f.seen_key):
        parts.append(("from hiding", HIDING))
    return _chance((f.name, f.attack), parts)


def guarded_by(ctx: Ctx, spec: FightSpec, target: str) -> HeroSpec | None:
    """The hero guarding ``target`` from the same zone, if any."""
    return guard_of(ctx.values, spec, spec.hero(target))


def guard_of(values: dict[str, Value], spec: FightSpec, h: HeroSpec) -> HeroSpec | None:
    """:func:`guarded_by` for the hero spec ``h`` in a value table."""
    target = h.who
    zone = values.get(h.zone_key)
    for g in spec.heroes:
        if (g.who != target and values.get(g.guard_key) == target
                and values.get(g.st_key) == "in" and values.get(g.zone_key) == zone):
            return g
    return None


def foe_damage(ctx: Ctx, f: FoeSpec) -> int:
    """Harm one landed blow of group ``f`` does (a crowd of six or more hits harder)."""
    return f.damage + (1 if int(ctx.values.get(f.n_key, 0)) >= 6 else 0)


def hero_damage(ctx: Ctx, spec: FightSpec, who: str) -> int:
    """Harm ``who``'s landed blow does: rank, plus one if boosted, one more for
    a strong creed."""
    h = spec.hero(who)
    belief = creed(ctx, spec, who)
    strong = 1 if belief is not None and belief[2] else 0
    return h.damage + (1 if ctx.values.get(h.boost_key) else 0) + strong
