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
    foe_active,
    freeze_chance,
    hero_damage,
    hk,
    visible,
    water_at,
    zk,
)
from ._fight_spec import ComboSpec, FightSpec, FoeSpec, HeroSpec, TechPlan
from .bond import bond, bond_both, level
from .health import body_problem, spend_pool

__all__ = ["apply", "chance_of", "hero_actions", "is_open"]

TANK = 10
"""Property damage of a burst tank."""
ABANDON = 12
ABANDON_DOWN = 20


def _tech(ctx: Ctx, ident: str) -> Any:
    return ctx.world.data["techniques"][ident]


class _Listing:
    """What listing the actions of the hero whose turn it is asks of the field, read once.

    Every verb and technique asks the same few questions (where the hero stands, which
    groups can be targeted and where, which partners are near, whether the body allows a
    need, whether water is at hand); nothing changes while the actions are listed, so each
    is answered once here rather than by every technique that asks it.
    """

    __slots__ = ("beside", "body", "ctx", "here", "hero", "near", "seen", "shown", "spec",
                 "values", "who", "zone", "_water")

    def __init__(self, ctx: Ctx, spec: FightSpec, who: str) -> None:
        values = ctx.values
        hero = spec.hero(who)
        here = str(values.get(hero.zone_key))
        self.ctx, self.values, self.spec, self.who, self.hero = ctx, values, spec, who, hero
        self.here, self.zone = here, spec.zones[here]
        seen: dict[str, list[FoeSpec]] = {}
        shown: list[tuple[str, str]] = []
        for f in spec.foes:  # visible(), spelled out: this is asked of every group each turn
            if (values.get(f.st_key) == "in" and int(values.get(f.n_key, 0)) > 0
                    and (not f.hidden or values.get(f.seen_key))):
                zone = str(values.get(f.zone_key))
                seen.setdefault(zone, []).append(f)
                shown.append((f.id, zone))
        self.seen = seen
        """The groups that can be targeted, by the zone they stand in (in the fight's order)."""
        self.shown = shown
        """The same groups as (id, zone), in the fight's order."""
        beside: list[HeroSpec] = []
        near: list[HeroSpec] = []
        for p in spec.heroes:
            if p.who != who and values.get(p.st_key) == "in":
                d = spec.dist.get((here, str(values.get(p.zone_key))))
                if d is not None and d <= 1:
                    near.append(p)
                    if d <= 0:
                        beside.append(p)
        self.beside = beside
        """The partners on their feet in the hero's zone."""
        self.near = near
        """The partners on their feet at most a move away."""
        self.body: dict[str, bool] = {}
        """What the body rules said of each need of the hero's: blocked or not."""
        self._water: bool | None = None

    def water_here(self) -> bool:
        """Whether water is at hand where the hero stands (:func:`water_at`)."""
        if self._water is None:
            self._water = water_at(self.ctx, self.spec, self.here)
        return self._water

    def blocked(self, need: str) -> bool:
        """Whether the hero's body keeps them from ``need`` (:func:`body_problem`)."""
        found = self.body.get(need)
        if found is None:
            found = self.body[need] = bool(body_problem(self.ctx, self.who, need))
        return found

    def needs_met(self, plan: TechPlan) -> bool:
        """Whether the hero has what the technique needs."""
        needs = plan.needs
        if not needs:
            return True
        if "water" in needs and not self.water_here():
            return False
        for need in plan.body_needs:
            if self.blocked(need):
                return False
        return not ("partner" in needs and not self.near)

    def targets(self, plan: TechPlan) -> list[str]:
        """The targets of the technique's actions: groups, heroes or zones, by id."""
        effect, values, who = plan.effect, self.values, self.who
        if effect in ("damage", "freeze"):
            # A group that can be targeted stands in a zone that has one, so the zones in
            # reach are the only test left.
            near = self.spec.zones_within(self.here, plan.reach)
            return [ident for ident, zone in self.shown if zone in near]
        if effect in ("boost", "conceal"):
            return [] if values.get(hk(who, effect)) else [who]
        if effect == "shape":
            return [] if values.get(self.hero.water_key) else [who]
        if effect == "heal":
            here = self.here
            return [p.who for p in self.spec.heroes if str(values.get(p.zone_key)) == here
                    and values.get(p.st_key) in ("in", "down")
                    and int(values.get(p.hp_key, 0)) < p.hp]
        if effect == "move":
            return self.moves(max(1, plan.reach))
        if effect == "reveal":
            return [self.here] if self.hidden_near(max(1, plan.reach)) else []
        if effect == "guard":
            return [p.who for p in self.beside]
        if effect == "signal":
            return [p.who for p in self.near if not int(values.get(p.plan_key, 0))
                    and level(values, p.who, who, "coordination") >= plan.min_coordination]
        return []

    def hidden_near(self, most: int) -> bool:
        """Whether an unseen hidden group stands at most ``most`` moves away."""
        values, spec, here = self.values, self.spec, self.here
        for f in spec.foes:
            if (f.hidden and values.get(f.st_key) == "in" and int(values.get(f.n_key, 0)) > 0
                    and not values.get(f.seen_key)
                    and spec.dist.get((here, str(values.get(f.zone_key))), 99) <= most):
                return True
        return False

    def moves(self, most: int) -> list[str]:
        """The zones at most ``most`` moves away that a moving technique (one that carries
        its user) is worth taking the hero to: where it does something a free step or
        staying put does not. Pointless moves are not offered, so neither a player nor a
        bot spends the pool and a turn on them.

        It does something when it takes the hero past foes in the way (out of a zone with
        foes, one step, without the roll of breaking through), further than a step (a zone
        not joined to theirs) to something that counts there: foes to strike, a partner on
        their feet, a way out, a tank to burst, water newly at hand or better cover. A step
        to a joined zone with no foes here is a free plain move, unless that zone breaks
        underfoot.
        """
        spec, values, seen, here, zone = self.spec, self.values, self.seen, self.here, self.zone
        joins = zone.joins
        within = spec.zones_within(here, most)
        if here in seen:
            return [z for z in within if z != here and z in joins and z not in seen]
        # Where the hero's partners stand on their feet, read once for every zone asked.
        partners_at = {values.get(p.zone_key) for p in spec.heroes
                       if p.who != self.who and values.get(p.st_key) == "in"}
        out = []
        for there in within:
            if there == here:
                continue
            dest = spec.zones[there]
            if there in joins and not (dest.breaks and not values.get(dest.broken_key)):
                continue
            if (there in seen or dest.exit or dest.cover > zone.cover
                    or (dest.tank and not values.get(dest.burst_key))
                    or (water_at(self.ctx, spec, there) and not self.water_here())
                    or there in partners_at):
                out.append(there)
        return out

    def combo_tech(self, c: ComboSpec) -> Any:
        """The technique of combo ``c`` when the hero can start it now, else None."""
        who = self.who
        if who not in c.by:
            return None
        partner = c.by[1] if c.by[0] == who else c.by[0]
        tech = _tech(self.ctx, c.technique)
        for mate in self.near:  # the partner on their feet, a move away at most
            if mate.who == partner:
                break
        else:
            return None
        values = self.values
        if min(level(values, who, partner, "coordination"),
               level(values, partner, who, "coordination")) < tech.min_coordination:
            return None
        cost = tech.cost
        if (int(values.get(self.hero.ck_key, 0)) < cost - cost // 2
                or int(values.get(mate.ck_key, 0)) < cost // 2):
            return None
        if "water" in tech.needs and not (
                self.water_here()
                or water_at(self.ctx, self.spec, str(values.get(mate.zone_key)))):
            return None
        if "hand_signs" in tech.needs and (self.blocked("hand_signs")
                                           or body_problem(self.ctx, partner, "hand_signs")):
            return None
        return tech


def hero_actions(ctx: Ctx, spec: FightSpec, who: str, only: str | None = None) -> list[str]:
    """Every action open to ``who`` now, in a fixed order.

    With ``only`` (a verb, or ``tech:<technique>`` / ``combo:<combo>``) just those actions
    are worked out: checking one action does not cost listing them all.
    """
    look = _Listing(ctx, spec, who)
    values, hero, here, zone, seen = ctx.values, look.hero, look.here, look.zone, look.seen
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
    for plan in hero.plans if every or wanted("tech") else ():
        if (plan.cost <= left and (every or only == "tech" or only == plan.only)
                and look.needs_met(plan)):
            for x in look.targets(plan):
                out.append(plan.prefix + x)
    for c in spec.combos if every or wanted("combo") else ():
        if every or only in ("combo", f"combo:{c.id}"):
            tech = look.combo_tech(c)
            if tech is not None:
                for z in spec.zones_within(here, int(getattr(tech, "range", 0))):
                    if z in seen:
                        out.append(f"fight:{who}:combo:{c.id}:{z}")
    if every or wanted("guard"):
        for p in look.beside:
            out.append(f"fight:{who}:guard:{p.who}")
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


def _spend(ctx: Ctx, h: HeroSpec, amount: int, what: str) -> None:
    if amount:
        add(ctx, h.ck_key, -amount)
        spend_pool(ctx, h.who, amount, what)


def _hit_zone(ctx: Ctx, spec: FightSpec, zone: str, extra: int, area: bool) -> None:
    z = spec.zones[zone]
    damage = z.fragile + extra
    if damage:
        add(ctx, "fight.property", damage)
        ctx.emit("property_damaged", fight=spec.id, zone=zone, amount=damage)
    civ = int(ctx.values.get(z.civ_key, 0))
    if area and civ:
        harmed = min(civ, 1 + extra // 4)
        ctx.values[z.civ_key] = civ - harmed
        add(ctx, "fight.harmed", harmed)
        ctx.emit("bystanders_hurt", fight=spec.id, zone=zone, count=harmed)


def _move(ctx: Ctx, spec: FightSpec, h: HeroSpec, zone: str) -> None:
    ctx.values[h.zone_key] = zone
    if ctx.wants("fighter_moved"):
        ctx.emit("fighter_moved", fight=spec.id, who=h.who, to=zone)
    z = spec.zones[zone]
    if z.breaks and not ctx.values.get(z.broken_key):
        ctx.values[z.broken_key] = True
        add(ctx, "fight.property", z.breaks)
        ctx.emit("property_damaged", fight=spec.id, zone=zone, amount=z.breaks)


def apply(ctx: Ctx, spec: FightSpec, parts: list[str]) -> None:
    """Do a legal hero action (its roll, if any, is made here)."""
    values = ctx.values
    who, verb, args = parts[1], parts[2], parts[3:]
    h = spec.hero(who)  # its keys are the fight.h.<who>.* values
    values.pop(h.dodge_key, None)
    values.pop(h.guard_key, None)
    values.pop(h.veil_key, None)
    chance = chance_of(ctx, spec, parts)
    if chance is not None and verb != "combo":
        values.pop(h.plan_key, None)
    if verb in ("strike", "throw"):
        f = spec.foe(args[0])
        if ctx.roll(chance or Chance(0, ()), ":".join(parts)):
            hurt_foe(ctx, spec, f, hero_damage(ctx, spec, who) if verb == "strike" else 1,
                     False, who)
            _hit_zone(ctx, spec, str(values.get(f.zone_key)), 0, False)
    elif verb == "tech":
        _technique(ctx, spec, h, args, chance)
    elif verb == "combo":
        _combo(ctx, spec, h, args, chance or Chance(0, ()))
    elif verb == "guard":
        values[h.guard_key] = args[0]
        ctx.emit("guarding", fight=spec.id, who=who, guards=args[0])
    elif verb == "move":
        _move(ctx, spec, h, args[0])
    elif verb == "break":
        if ctx.roll(chance or Chance(0, ()), ":".join(parts)):
            _move(ctx, spec, h, args[0])
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
        values[h.dodge_key] = True
        ctx.emit("dodging", fight=spec.id, who=who)


def _technique(ctx: Ctx, spec: FightSpec, h: HeroSpec, args: list[str], chance: Chance | None
               ) -> None:
    values = ctx.values
    who = h.who
    tech = _tech(ctx, args[0])
    target = args[1]
    _spend(ctx, h, tech.cost, tech.name)
    if ctx.wants("technique_used"):
        ctx.emit("technique_used", fight=spec.id, who=who, technique=tech.id, target=target)
    if tech.effect != "signal":
        tell(ctx, spec, spec.tell, f"{h.name} used {tech.name} where anyone could see")
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
        values[h.boost_key] = max(5, tech.power // 5)
    elif effect == "heal":
        patient = spec.hero(target)
        hp = min(patient.hp, int(values.get(patient.hp_key, 0)) + max(2, tech.power // 10))
        values[patient.hp_key] = hp
        if values.get(patient.st_key) == "down":
            values[patient.st_key] = "in"
        ctx.emit("fighter_healed", fight=spec.id, who=target, by=who, hp=hp)
        if target != who:
            bond(ctx, target, who, "trust", 2, f"{h.name} tended "
                                               f"{patient.name} in the thick of it")
    elif effect == "move":
        values[h.zone_key] = target
        if ctx.wants("fighter_moved"):
            ctx.emit("fighter_moved", fight=spec.id, who=who, to=target)
    elif effect == "shape":
        values[h.water_key] = True
    elif effect == "reveal":
        most = max(1, int(getattr(tech, "range", 0)))
        found = [f for f in spec.foes if f.hidden and foe_active(ctx, f)
                 and not values.get(f.seen_key)
                 and spec.dist.get((target, str(values.get(f.zone_key))), 99) <= most]
        for f in found:
            values[f.seen_key] = True
        ctx.emit("foes_revealed", fight=spec.id, foes=[f.id for f in found], how="sensed")
    elif effect == "conceal":
        values[h.veil_key] = True
    elif effect == "guard":
        values[h.guard_key] = target
    elif effect == "signal":
        bonus = 5 + level(values, target, who, "coordination") // 4
        values[spec.hero(target).plan_key] = bonus
        ctx.emit("plan_signed", fight=spec.id, who=who, to=target, bonus=bonus)


def _combo(ctx: Ctx, spec: FightSpec, h: HeroSpec, args: list[str], chance: Chance) -> None:
    values = ctx.values
    who = h.who
    c = ctx.world.data["combo_specs"][args[0]]
    tech = _tech(ctx, c.technique)
    partner = spec.hero(c.by[1] if c.by[0] == who else c.by[0])
    zone = args[1]
    _spend(ctx, h, tech.cost - tech.cost // 2, tech.name)
    _spend(ctx, partner, tech.cost // 2, tech.name)
    values.pop(h.plan_key, None)
    values.pop(h.water_key, None)
    values.pop(partner.water_key, None)
    who_partner = partner.who
    ctx.emit("combo_used", fight=spec.id, by=[who, who_partner], technique=tech.id, zone=zone)
    tell(ctx, spec, 2 * spec.tell, f"{tech.name} tore through {spec.zones[zone].name} in "
                                   f"plain view")
    if not ctx.roll(chance, f"fight:{who}:combo:{c.id}:{zone}"):
        return
    damage = max(2, tech.power // 8)
    for f in [f for f in spec.foes if visible(ctx, f) and values.get(f.zone_key) == zone]:
        if hurt_foe(ctx, spec, f, damage, True, who) and foe_active(ctx, f):
            change_morale(ctx, spec, f, -15, f"{tech.name} broke over them")
    _hit_zone(ctx, spec, zone, tech.power // 10, True)
    bond_both(ctx, who, who_partner, "coordination", 2, f"the {tech.name} they made together")


def _flee(ctx: Ctx, spec: FightSpec, who: str) -> None:
    values = ctx.values
    h = spec.hero(who)
    values[h.st_key] = "gone"
    ctx.emit("fighter_fled", fight=spec.id, who=who)
    name = h.name
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
