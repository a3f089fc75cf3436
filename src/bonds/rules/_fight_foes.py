"""The foes' side of a fight: their choices by utility, their blows, their morale, and the room.

A foe group on its turn scores what it could do and does the best: attack a hero in reach
(the chance to land times the harm, a tenth more against a hero near the end of their
strength), otherwise advance a zone towards the nearest hero (a wavering group holds in
cover instead), otherwise hold; a hidden group waits in hiding until a hero comes into
reach. A landed blow may be taken by a guarding partner, or a partner in the same zone may
pull its target clear (one reflex a round). Groups lose heart as their fighters go down
and give up at ``breaks_at``: they run if a way out is open, or yield.
"""

from __future__ import annotations

from bonds.engine.context import Chance, Ctx

from ._fight_odds import (
    attack_chance,
    foe_active,
    foe_damage,
    guarded_by,
)
from ._fight_spec import FightSpec, FoeSpec
from .bond import bond, reflex_chance
from .cover import suspect
from .health import injure

__all__ = ["add", "change_morale", "foe_turn", "hurt_foe", "round_end", "tell"]

MORALE_PER_DOWN = 8
"""Morale a group loses for each of its fighters put down."""
LEADER_FALLS = 25
"""Morale every other group loses when a leader's group breaks."""
ADVANCE = 25
HOLD_IN_COVER = 30
WAIT_HIDDEN = 30


def add(ctx: Ctx, key: str, amount: int) -> int:
    """Add to an integer fight value; returns the new value."""
    value = int(ctx.values.get(key, 0)) + amount
    ctx.values[key] = value
    return value


def tell(ctx: Ctx, spec: FightSpec, amount: int, reason: str) -> None:
    """Every observer of the fight moves its suspicion by ``amount`` for ``reason``."""
    if amount:
        for observer in spec.observers:
            suspect(ctx, observer, amount, reason)


def change_morale(ctx: Ctx, spec: FightSpec, f: FoeSpec, delta: int, why: str) -> None:
    """Move a group's morale; at ``breaks_at`` or below it gives up (see the module)."""
    if not foe_active(ctx, f):
        return
    morale = max(0, min(100, add(ctx, f.morale_key, delta)))
    ctx.values[f.morale_key] = morale
    if ctx.wants("foes_morale"):
        ctx.emit("foes_morale", fight=spec.id, foe=f.id, delta=delta, morale=morale, reason=why)
    if morale <= f.breaks_at:
        here = str(ctx.values.get(f.zone_key))
        way_out = any(z.exit and (here, z.id) in spec.dist for z in spec.zones.values())
        _break(ctx, spec, f, "fled" if way_out and not f.surrenders else "yielded")


def _break(ctx: Ctx, spec: FightSpec, f: FoeSpec, how: str) -> None:
    ctx.values[f.st_key] = how
    ctx.emit("foes_broke", fight=spec.id, foe=f.id, how=how,
             left=int(ctx.values.get(f.n_key, 0)))
    if f.leader:
        for other in spec.foes:
            if other.id != f.id:
                change_morale(ctx, spec, other, -LEADER_FALLS, f"{f.name} gave up")


def hurt_foe(ctx: Ctx, spec: FightSpec, f: FoeSpec, damage: int, area: bool, by: str) -> int:
    """Deal ``damage`` to a group; returns how many fighters went down.

    A single blow puts down at most one fighter; an area blow carries over to the next.
    """
    values = ctx.values
    count = int(values.get(f.n_key, 0))
    hits = int(values.get(f.hits_key, 0)) + damage
    if area:
        downs = min(count, hits // f.toughness)
        hits %= f.toughness
    else:
        downs = 1 if hits >= f.toughness and count else 0
        hits = 0 if downs else hits
    count -= downs
    values[f.n_key] = count
    values[f.hits_key] = 0 if count == 0 else hits
    add(ctx, "fight.downed", downs)
    ctx.emit("foes_hurt", fight=spec.id, foe=f.id, by=by, damage=damage, down=downs, left=count)
    if count == 0:
        _break(ctx, spec, f, "down")
    elif downs:
        change_morale(ctx, spec, f, -MORALE_PER_DOWN * downs, "their fellows fall")
    return downs


def _land(ctx: Ctx, spec: FightSpec, f: FoeSpec, target: str) -> None:
    values = ctx.values
    victim = spec.hero(target)
    guard = guarded_by(ctx, spec, target)
    if guard is not None:
        ctx.emit("blow_taken", fight=spec.id, guard=guard.who, meant_for=target, by=f.id)
        bond(ctx, target, guard.who, "trust", 2, f"{guard.name} took a blow meant for "
                                                 f"{victim.name}")
        tell(ctx, spec, -1, f"{guard.name} shielded {victim.name} without a thought")
        victim = guard
    zone = values.get(victim.zone_key)
    rnd = int(values.get("fight.round", 1))
    for p in spec.heroes:
        if (p.who == victim.who or values.get(p.st_key) != "in"
                or values.get(p.zone_key) != zone
                or values.get(p.reflex_key) == rnd):
            continue
        values[p.reflex_key] = rnd
        chance = reflex_chance(ctx, p.who, victim.who).clamped()
        if ctx.roll(chance, f"fight:{p.who}:reflex:{victim.who}"):
            ctx.emit("reflex_save", fight=spec.id, saver=p.who, saved=victim.who, by=f.id)
            bond(ctx, victim.who, p.who, "trust", 3,
                 f"{p.name} pulled {victim.name} clear of a blow")
            tell(ctx, spec, -1, f"{p.name} shielded {victim.name} without a thought")
            return
        break
    damage = foe_damage(ctx, f)
    hp = add(ctx, victim.hp_key, -damage)
    if ctx.wants("fighter_hurt"):
        ctx.emit("fighter_hurt", fight=spec.id, who=victim.who, by=f.id, damage=damage,
                 hp=max(hp, 0))
    if f.injury is not None:
        kind, step, worst = f.injury
        injure(ctx, victim.who, kind, worst if damage >= 3 else step, f"a blow from {f.name}")
    if hp <= 0:
        values[victim.hp_key] = 0
        values[victim.st_key] = "down"
        ctx.emit("fighter_down", fight=spec.id, who=victim.who, by=f.id)


def _attack(ctx: Ctx, spec: FightSpec, f: FoeSpec, target: str, chance: Chance) -> None:
    """Group ``f`` attacks ``target`` with ``chance`` (``foe_chance`` as it stands now)."""
    if f.hidden and not ctx.values.get(f.seen_key):
        ctx.values[f.seen_key] = True
        ctx.emit("foes_revealed", fight=spec.id, foes=[f.id], how="attack")
    if ctx.roll(chance, f"fight:{f.id}:attack:{target}"):
        _land(ctx, spec, f, target)


def foe_turn(ctx: Ctx, spec: FightSpec, f: FoeSpec) -> None:
    """Group ``f`` takes its turn: the option with the best utility (see the module)."""
    values = ctx.values
    # foe_active, spelled out: the count read is wanted again for the harm and the odds.
    count = int(values.get(f.n_key, 0)) if values.get(f.st_key) == "in" else 0
    if count <= 0:
        return
    if values.get(f.frozen_key):
        values[f.frozen_key] = False
        ctx.emit("foes_held", fight=spec.id, foe=f.id)
        return
    here = str(values.get(f.zone_key))
    best: tuple[int, str, Chance] | None = None
    nearest: tuple[int, str] | None = None
    damage = f.damage + (1 if count >= 6 else 0)  # foe_damage, with the count read above
    dist = spec.dist
    for h in spec.heroes:
        if values.get(h.st_key) != "in":
            continue
        where = str(values.get(h.zone_key))
        d = dist.get((here, where))
        if d is None:
            continue
        if nearest is None or d < nearest[0]:
            nearest = (d, where)
        if d <= f.reach:
            weak = 11 if int(values.get(h.hp_key, 0)) <= 2 * damage else 10
            # foe_chance, given what this turn has read (the same zones, distance, count)
            chance = attack_chance(values, spec, f, h, where, d, count)
            utility = chance.percent * damage * weak // 10
            if best is None or utility > best[0]:
                best = (utility, h.who, chance)
    if best is not None:
        _attack(ctx, spec, f, best[1], best[2])  # nothing has changed since it was weighed
        return
    hidden = f.hidden and not values.get(f.seen_key)
    wavering = int(values.get(f.morale_key, 0)) <= f.breaks_at + 15
    hold = WAIT_HIDDEN if hidden else HOLD_IN_COVER if (
        wavering and spec.zones[here].cover) else 0
    if nearest is None or hold >= ADVANCE:
        return
    step = next(z for z in spec.zones[here].joins
                if spec.dist.get((z, nearest[1])) == nearest[0] - 1)
    values[f.zone_key] = step
    if ctx.wants("foes_moved"):
        ctx.emit("foes_moved", fight=spec.id, foe=f.id, to=step, **{"from": here})


def round_end(ctx: Ctx, spec: FightSpec) -> None:
    """Bystanders near the fighting run (half of them, rounded up, each round)."""
    values = ctx.values
    busy = {values.get(h.zone_key) for h in spec.heroes
            if values.get(h.st_key) == "in"}
    busy |= {values.get(f.zone_key) for f in spec.foes  # foe_active, spelled out
             if values.get(f.st_key) == "in" and int(values.get(f.n_key, 0)) > 0}
    for zone, z in spec.zones.items():
        civ = int(values.get(z.civ_key, 0))
        if civ and zone in busy:
            gone = (civ + 1) // 2
            values[z.civ_key] = civ - gone
            if ctx.wants("civilians_fled"):
                ctx.emit("civilians_fled", fight=spec.id, zone=zone, count=gone, left=civ - gone)
