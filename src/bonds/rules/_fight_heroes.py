"""The heroes' side of a fight: the actions open to the hero whose turn it is, and doing them.

Actions are ``fight:<who>:<verb>[:<target>...]``: strike, throw, tech (a technique from the
pack's data), combo (a combined technique), guard, move, break (through foes), burst (a
tank), flee, dodge. Each action with a roll has its chance from :mod:`._fight_odds`, so the
player sees it before choosing.
"""

from __future__ import annotations

from typing import Any

from bonds.engine.context import Chance, Ctx

from ._fight_foes import add, change_morale, hurt_foe, tell
from ._fight_odds import (
    RANGE_PENALTY,
    blow_chance,
    break_chance,
    combo_chance,
    creed,
    fk,
    foe_active,
    freeze_chance,
    hero_damage,
    hk,
    visible,
    visible_by_zone,
    water_at,
    zk,
)
from ._fight_spec import ComboSpec, FightSpec, FoeSpec, TechPlan
from .bond import bond, bond_both, level
from .health import body_problem, spend_pool

__all__ = ["apply", "chance_of", "hero_actions", "is_open"]

TANK = 10
"""Property damage of a burst tank."""
ABANDON = 12
ABANDON_DOWN = 20


def _tech(ctx: Ctx, ident: str) -> Any:
    return ctx.world.data["techniques"][ident]


def _in(ctx: Ctx, who: str) -> bool:
    return ctx.values.get(hk(who, "st")) == "in"


def _zone(ctx: Ctx, who: str) -> str:
    return str(ctx.values.get(hk(who, "zone")))


def _near(ctx: Ctx, spec: FightSpec, a: str, b: str, most: int = 1) -> bool:
    d = spec.dist.get((_zone(ctx, a), _zone(ctx, b)))
    return d is not None and d <= most


def _partners(ctx: Ctx, spec: FightSpec, who: str, most: int) -> list[str]:
    values = ctx.values
    here = str(values.get(hk(who, "zone")))
    out = []
    for p in spec.heroes:
        if p.who != who and values.get(p.st_key) == "in":
            d = spec.dist.get((here, str(values.get(p.zone_key))))
            if d is not None and d <= most:
                out.append(p.who)
    return out


def _needs_met(ctx: Ctx, spec: FightSpec, who: str, plan: TechPlan, here: str,
               body: dict[str, bool]) -> bool:
    """Whether ``who`` (standing in ``here``) has what the technique needs. ``body`` keeps
    what the body rules said about each need while one list of actions is worked out (the
    same question comes up for most techniques, and nothing changes in between)."""
    needs = plan.needs
    if not needs:
        return True
    if "water" in needs and not water_at(ctx, spec, here):
        return False
    for need in ("hand_signs", "free_hand"):
        if need in needs:
            blocked = body.get(need)
            if blocked is None:
                blocked = body[need] = bool(body_problem(ctx, who, need))
            if blocked:
                return False
    return not ("partner" in needs and not _partners(ctx, spec, who, 1))


def _listed(f: FoeSpec, group: list[FoeSpec]) -> bool:
    """Whether ``f`` is in ``group``, by identity (each group's spec is one object, and
    comparing specs field by field, as ``in`` would, is slow)."""
    for g in group:  # noqa: SIM110 (a plain loop: any() would build a generator per call)
        if g is f:
            return True
    return False


def _targets(ctx: Ctx, spec: FightSpec, who: str, tech: TechPlan,
             seen: dict[str, list[FoeSpec]], here: str) -> list[str]:
    effect, reach = tech.effect, tech.reach
    if effect in ("damage", "freeze"):
        near = [z for z in spec.zones_within(here, reach) if z in seen]
        values = ctx.values
        # The zone test first: it is cheap and rules most groups out before the list test.
        return [f.id for f in spec.foes
                if (zone := str(values.get(f.zone_key))) in near and _listed(f, seen[zone])]
    if effect in ("boost", "conceal"):
        return [] if ctx.values.get(hk(who, effect)) else [who]
    if effect == "shape":
        return [] if ctx.values.get(hk(who, "water")) else [who]
    if effect == "heal":
        return [p.who for p in spec.heroes if str(ctx.values.get(p.zone_key)) == here
                and ctx.values.get(p.st_key) in ("in", "down")
                and int(ctx.values.get(p.hp_key, 0)) < p.hp]
    if effect == "move":
        return [z for z in spec.zones_within(here, max(1, reach))
                if z != here and _worth_going(ctx, spec, who, here, z, seen)]
    if effect == "reveal":
        hidden = [f for f in spec.foes if foe_active(ctx, f) and f.hidden
                  and not ctx.values.get(f.seen_key)
                  and spec.dist.get((here, str(ctx.values.get(f.zone_key))), 99)
                  <= max(1, reach)]
        return [here] if hidden else []
    if effect == "guard":
        return _partners(ctx, spec, who, 0)
    if effect == "signal":
        return [p for p in _partners(ctx, spec, who, 1)
                if not int(ctx.values.get(hk(p, "plan"), 0))
                and level(ctx.values, p, who, "coordination") >= tech.min_coordination]
    return []


def _worth_going(ctx: Ctx, spec: FightSpec, who: str, here: str, there: str,
                 seen: dict[str, list[FoeSpec]]) -> bool:
    """Whether a moving technique (one that carries its user) to ``there`` does something
    a free step or staying put does not: pointless moves are not offered, so neither a
    player nor a bot spends the pool and a turn on them.

    It does something when it takes ``who`` past foes in the way (out of a zone with foes,
    one step, without the roll of breaking through), further than a step (a zone not
    joined to ``here``) to something that counts there: foes to strike, a partner on their
    feet, a way out, a tank to burst, water newly at hand or better cover. A step to a
    joined zone with no foes here is a free plain move, unless that zone breaks underfoot.
    """
    values = ctx.values
    zone, dest = spec.zones[here], spec.zones[there]
    near = there in zone.joins
    if here in seen:
        return near and there not in seen
    if near and not (dest.breaks and not values.get(zk(there, "broken"))):
        return False
    if there in seen or dest.exit or dest.cover > zone.cover:
        return True
    if dest.tank and not values.get(dest.burst_key):
        return True
    if water_at(ctx, spec, there) and not water_at(ctx, spec, here):
        return True
    return any(p.who != who and values.get(p.st_key) == "in"
               and values.get(p.zone_key) == there for p in spec.heroes)


def _combo_ready(ctx: Ctx, spec: FightSpec, who: str, c: ComboSpec) -> str | None:
    """The partner for combo ``c`` when ``who`` can start it now, else None."""
    if who not in c.by:
        return None
    partner = c.by[1] if c.by[0] == who else c.by[0]
    tech = _tech(ctx, c.technique)
    if not _in(ctx, partner) or not _near(ctx, spec, who, partner):
        return None
    if min(level(ctx.values, who, partner, "coordination"),
           level(ctx.values, partner, who, "coordination")) < tech.min_coordination:
        return None
    cost = tech.cost
    if (int(ctx.values.get(hk(who, "ck"), 0)) < cost - cost // 2
            or int(ctx.values.get(hk(partner, "ck"), 0)) < cost // 2):
        return None
    if "water" in tech.needs and not (water_at(ctx, spec, _zone(ctx, who))
                                      or water_at(ctx, spec, _zone(ctx, partner))):
        return None
    if "hand_signs" in tech.needs and (body_problem(ctx, who, "hand_signs")
                                       or body_problem(ctx, partner, "hand_signs")):
        return None
    return partner


def hero_actions(ctx: Ctx, spec: FightSpec, who: str, only: str | None = None) -> list[str]:
    """Every action open to ``who`` now, in a fixed order.

    With ``only`` (a verb, or ``tech:<technique>`` / ``combo:<combo>``) just those actions
    are worked out: checking one action does not cost listing them all.
    """
    values = ctx.values
    hero = spec.hero(who)
    here = str(values.get(hero.zone_key))
    zone = spec.zones[here]
    seen = visible_by_zone(ctx, spec)
    out: list[str] = []
    every = only is None

    def wanted(verb: str) -> bool:
        return every or only == verb or (only is not None and only.startswith(verb + ":"))

    # Plain loops rather than generators, and ``every`` tested before ``wanted`` is called:
    # this runs on every fight step, and most of the lists it walks hold nothing or one item.
    if every or wanted("strike"):
        for f in seen.get(here, ()):
            out.append(f"fight:{who}:strike:{f.id}")
    if every or wanted("throw"):
        for z in zone.joins:
            for f in seen.get(z, ()):
                out.append(f"fight:{who}:throw:{f.id}")
    left = int(values.get(hero.ck_key, 0))
    body: dict[str, bool] = {}
    for plan in hero.plans if every or wanted("tech") else ():
        if (plan.cost <= left and (every or only == "tech" or only == plan.only)
                and _needs_met(ctx, spec, who, plan, here, body)):
            for x in _targets(ctx, spec, who, plan, seen, here):
                out.append(plan.prefix + x)
    for c in spec.combos if every or wanted("combo") else ():
        if (every or only in ("combo", f"combo:{c.id}")) and _combo_ready(ctx, spec, who, c):
            reach = int(getattr(_tech(ctx, c.technique), "range", 0))
            for z in spec.zones_within(here, reach):
                if z in seen:
                    out.append(f"fight:{who}:combo:{c.id}:{z}")
    if every or wanted("guard"):
        for p in _partners(ctx, spec, who, 0):
            out.append(f"fight:{who}:guard:{p}")
    verb = "break" if here in seen else "move"
    if every or wanted(verb):
        for z in zone.joins:
            out.append(f"fight:{who}:{verb}:{z}")
    if (every or wanted("burst")) and zone.tank and not values.get(zone.burst_key):
        out.append(f"fight:{who}:burst:{here}")
    if (every or wanted("flee")) and zone.exit:
        out.append(f"fight:{who}:flee")
    if every or wanted("dodge"):
        out.append(f"fight:{who}:dodge")
    return out


def is_open(ctx: Ctx, spec: FightSpec, who: str, action: str) -> bool:
    """Whether ``action`` is open to ``who`` now (without listing every other action)."""
    parts = action.split(":")
    if len(parts) < 3 or parts[0] != "fight" or parts[1] != who:
        return False
    only = f"{parts[2]}:{parts[3]}" if parts[2] in ("tech", "combo") and len(parts) > 3 else (
        parts[2])
    return action in hero_actions(ctx, spec, who, only)


def chance_of(ctx: Ctx, spec: FightSpec, parts: list[str]) -> Chance | None:
    """The chance of the roll an action makes, or None when it makes none."""
    who, verb, args = parts[1], parts[2], parts[3:]
    if verb == "strike":
        return blow_chance(ctx, spec, who, spec.foe(args[0]))
    if verb == "throw":
        return blow_chance(ctx, spec, who, spec.foe(args[0]),
                           (("at a distance", -RANGE_PENALTY),))
    if verb == "break":
        return break_chance(ctx, spec, who)
    if verb == "tech":
        tech = _tech(ctx, args[0])
        if tech.effect == "damage":
            return blow_chance(ctx, spec, who, spec.foe(args[1]), ((tech.name, tech.power // 5),))
        if tech.effect == "freeze":
            return freeze_chance(ctx, spec, who, spec.foe(args[1]), tech.power, tech.name)
    if verb == "combo":
        c = ctx.world.data["combo_specs"][args[0]]
        tech = _tech(ctx, c.technique)
        partner = c.by[1] if c.by[0] == who else c.by[0]
        return combo_chance(ctx, spec, who, partner, args[1], tech.name, tech.power)
    return None


def _spend(ctx: Ctx, who: str, amount: int, what: str) -> None:
    if amount:
        add(ctx, hk(who, "ck"), -amount)
        spend_pool(ctx, who, amount, what)


def _hit_zone(ctx: Ctx, spec: FightSpec, zone: str, extra: int, area: bool) -> None:
    damage = spec.zones[zone].fragile + extra
    if damage:
        add(ctx, "fight.property", damage)
        ctx.emit("property_damaged", fight=spec.id, zone=zone, amount=damage)
    civ = int(ctx.values.get(zk(zone, "civ"), 0))
    if area and civ:
        harmed = min(civ, 1 + extra // 4)
        ctx.values[zk(zone, "civ")] = civ - harmed
        add(ctx, "fight.harmed", harmed)
        ctx.emit("bystanders_hurt", fight=spec.id, zone=zone, count=harmed)


def _move(ctx: Ctx, spec: FightSpec, who: str, zone: str) -> None:
    ctx.values[hk(who, "zone")] = zone
    ctx.emit("fighter_moved", fight=spec.id, who=who, to=zone)
    z = spec.zones[zone]
    if z.breaks and not ctx.values.get(zk(zone, "broken")):
        ctx.values[zk(zone, "broken")] = True
        add(ctx, "fight.property", z.breaks)
        ctx.emit("property_damaged", fight=spec.id, zone=zone, amount=z.breaks)


def apply(ctx: Ctx, spec: FightSpec, parts: list[str]) -> None:
    """Do a legal hero action (its roll, if any, is made here)."""
    values = ctx.values
    who, verb, args = parts[1], parts[2], parts[3:]
    for field in ("dodge", "guard", "veil"):
        values.pop(hk(who, field), None)
    chance = chance_of(ctx, spec, parts)
    if chance is not None and verb != "combo":
        values.pop(hk(who, "plan"), None)
    if verb in ("strike", "throw"):
        f = spec.foe(args[0])
        if ctx.roll(chance or Chance(0, ()), ":".join(parts)):
            hurt_foe(ctx, spec, f, hero_damage(ctx, spec, who) if verb == "strike" else 1,
                     False, who)
            _hit_zone(ctx, spec, str(values.get(f.zone_key)), 0, False)
    elif verb == "tech":
        _technique(ctx, spec, who, args, chance)
    elif verb == "combo":
        _combo(ctx, spec, who, args, chance or Chance(0, ()))
    elif verb == "guard":
        values[hk(who, "guard")] = args[0]
        ctx.emit("guarding", fight=spec.id, who=who, guards=args[0])
    elif verb == "move":
        _move(ctx, spec, who, args[0])
    elif verb == "break":
        if ctx.roll(chance or Chance(0, ()), ":".join(parts)):
            _move(ctx, spec, who, args[0])
    elif verb == "burst":
        zone = spec.zones[args[0]]
        for z in (zone.id, *zone.joins):
            values[zk(z, "water")] = True
        values[zone.burst_key] = True
        add(ctx, "fight.property", TANK)
        ctx.emit("tank_burst", fight=spec.id, who=who, zone=zone.id, water=[zone.id, *zone.joins])
    elif verb == "flee":
        _flee(ctx, spec, who)
    else:
        values[hk(who, "dodge")] = True
        ctx.emit("dodging", fight=spec.id, who=who)


def _technique(ctx: Ctx, spec: FightSpec, who: str, args: list[str], chance: Chance | None
               ) -> None:
    values = ctx.values
    tech = _tech(ctx, args[0])
    target = args[1]
    _spend(ctx, who, tech.cost, tech.name)
    ctx.emit("technique_used", fight=spec.id, who=who, technique=tech.id, target=target)
    if tech.effect != "signal":
        tell(ctx, spec, spec.tell, f"{spec.hero(who).name} used {tech.name} where anyone "
                                   f"could see")
    effect = tech.effect
    if effect in ("damage", "freeze"):
        f = spec.foe(target)
        if not ctx.roll(chance or Chance(0, ()), f"fight:{who}:tech:{tech.id}:{target}"):
            return
        if effect == "freeze":
            values[f.frozen_key] = True
            ctx.emit("foes_frozen", fight=spec.id, foe=f.id, by=who)
            change_morale(ctx, spec, f, -10, f"frozen by {tech.name}")
            return
        belief = creed(ctx, spec, who)
        area = int(getattr(tech, "range", 0)) >= 1
        damage = max(1, tech.power // (20 if area else 10))
        damage += 1 if belief is not None and belief[2] else 0
        zone = str(values.get(f.zone_key))
        hurt_foe(ctx, spec, f, damage, area, who)
        _hit_zone(ctx, spec, zone, tech.power // 20, area)
    elif effect == "boost":
        values[hk(who, "boost")] = max(5, tech.power // 5)
    elif effect == "heal":
        patient = spec.hero(target)
        hp = min(patient.hp, int(values.get(hk(target, "hp"), 0)) + max(2, tech.power // 10))
        values[hk(target, "hp")] = hp
        if values.get(hk(target, "st")) == "down":
            values[hk(target, "st")] = "in"
        ctx.emit("fighter_healed", fight=spec.id, who=target, by=who, hp=hp)
        if target != who:
            bond(ctx, target, who, "trust", 2, f"{spec.hero(who).name} tended "
                                               f"{patient.name} in the thick of it")
    elif effect == "move":
        values[hk(who, "zone")] = target
        ctx.emit("fighter_moved", fight=spec.id, who=who, to=target)
    elif effect == "shape":
        values[hk(who, "water")] = True
    elif effect == "reveal":
        found = [f.id for f in spec.foes if f.hidden and foe_active(ctx, f)
                 and not values.get(f.seen_key)
                 and spec.dist.get((target, str(values.get(f.zone_key))), 99)
                 <= max(1, int(getattr(tech, "range", 0)))]
        for ident in found:
            values[fk(ident, "seen")] = True
        ctx.emit("foes_revealed", fight=spec.id, foes=found, how="sensed")
    elif effect == "conceal":
        values[hk(who, "veil")] = True
    elif effect == "guard":
        values[hk(who, "guard")] = target
    elif effect == "signal":
        bonus = 5 + level(values, target, who, "coordination") // 4
        values[hk(target, "plan")] = bonus
        ctx.emit("plan_signed", fight=spec.id, who=who, to=target, bonus=bonus)


def _combo(ctx: Ctx, spec: FightSpec, who: str, args: list[str], chance: Chance) -> None:
    values = ctx.values
    c = ctx.world.data["combo_specs"][args[0]]
    tech = _tech(ctx, c.technique)
    partner = c.by[1] if c.by[0] == who else c.by[0]
    zone = args[1]
    _spend(ctx, who, tech.cost - tech.cost // 2, tech.name)
    _spend(ctx, partner, tech.cost // 2, tech.name)
    values.pop(hk(who, "plan"), None)
    for h in (who, partner):
        values.pop(hk(h, "water"), None)
    ctx.emit("combo_used", fight=spec.id, by=[who, partner], technique=tech.id, zone=zone)
    tell(ctx, spec, 2 * spec.tell, f"{tech.name} tore through {spec.zones[zone].name} in "
                                   f"plain view")
    if not ctx.roll(chance, f"fight:{who}:combo:{c.id}:{zone}"):
        return
    damage = max(2, tech.power // 8)
    for f in [f for f in spec.foes if visible(ctx, f) and values.get(f.zone_key) == zone]:
        if hurt_foe(ctx, spec, f, damage, True, who) and foe_active(ctx, f):
            change_morale(ctx, spec, f, -15, f"{tech.name} broke over them")
    _hit_zone(ctx, spec, zone, tech.power // 10, True)
    bond_both(ctx, who, partner, "coordination", 2, f"the {tech.name} they made together")


def _flee(ctx: Ctx, spec: FightSpec, who: str) -> None:
    values = ctx.values
    values[hk(who, "st")] = "gone"
    ctx.emit("fighter_fled", fight=spec.id, who=who)
    name = spec.hero(who).name
    for p in spec.heroes:
        st = values.get(p.st_key)
        if p.who == who or st not in ("in", "down"):
            continue
        if st == "down":
            bond(ctx, p.who, who, "trust", -ABANDON_DOWN, f"{name} fled and left {p.name} "
                                                           f"lying in the fight")
        else:
            bond(ctx, p.who, who, "trust", -ABANDON, f"{name} fled and left {p.name} to "
                                                      f"fight alone")
