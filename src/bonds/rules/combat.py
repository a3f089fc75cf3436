"""Fights: a skirmish system of zones, initiative, many weak foes and a few strong fighters.

Rules (``docs/rules/combat.md`` has the numbers):

- **The field** is a fight's zones from fights.yaml, joined to one another. Heroes (the
  player's side) and foe groups (many weak fighters, or one strong one, with no pool to spend)
  act in initiative order each round; the player picks each hero's action when their turn
  comes, and the foes act by utility scoring (see ``_fight_foes``).
- **Actions** are ``fight:<who>:<verb>…``: strike a group in your zone; throw at one a zone
  away; use a technique from the pack's data (damage, freeze, boost, heal, move, shape
  water, reveal the hidden, conceal, guard, signal a plan in hand signs); a combined
  technique with your partner (only at the technique's ``min_coordination``, both ways);
  guard your partner; move (or, with foes in your zone, break through); burst a tank (its
  zone and the zones joined to it then have water); flee from an exit zone; dodge.
- **Every roll's chance** is known before it is made: ``describe_action`` gives it with its
  parts, and the roll itself is an event.
- **Partner rules.** A landed blow may be taken by a guarding partner or, once a round,
  turned aside by a partner's reflex (``reflex_chance``); a threatened partner lends the
  other the creed (trust/8 to hit, and a point of damage at trust 60+); a plan in hand
  signs adds 5 + the receiver's coordination/4 to their next roll; fleeing while a partner
  fights on costs 12 of their trust (20 if they are down). Saves, shields and healing move
  the bond with a reason; every technique used in view raises the observers' suspicion by
  the fight's ``tell`` (twice that for a combined technique); a shield lowers it by 1.
- **The end.** The heroes win when no foe group is left fighting; lose when no hero is left
  standing; flee when none is left and one got away. After ``max_rounds`` rounds the fight
  ends in its ``timeout`` outcome, so every fight ends. Then the region hears of it
  (``noise`` + property damage/2 + 5 per bystander hurt), the fight's ``on_<outcome>``
  effects run, a ``fight_ended`` event is recorded and every ``fight.*`` value is cleared.
  What the fight decided stays: ``fought.<fight>`` is the outcome and ``fought.<fight>.<who>``
  how each hero ended it (``standing``, ``down``, ``fled``, ``absent``), read by
  ``fight_outcome(f)``, ``ended_standing(f, who)`` and ``went_down(f, who)``; a tank burst in
  it stays burst, ``tank_burst_in(f)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bonds.engine.context import Chance, Ctx
from bonds.engine.errors import IllegalAction
from bonds.engine.state import State
from bonds.engine.world import FightCall, World

from . import _fight_spec  # noqa: F401  (registers the fights load hook)
from ._fight_foes import foe_turn, round_end
from ._fight_heroes import apply, chance_of, hero_actions, is_open
from ._fight_labels import GROUPS, cost_of, group_of, label_of
from ._fight_odds import fk, foe_active, hk, spec_of
from ._fight_spec import FightSpec, HeroSpec
from ._names import name_of
from ._registry import query
from .health import hurt, pool, pool_name
from .infamy import noise

__all__ = ["END", "GROUPS", "ActionView", "FieldView", "FighterView", "Skirmish", "ZoneView",
           "ended_standing", "fight_chance", "fight_group", "fight_outcome", "went_down"]

END = "fight:end"
"""The one action left when the fight was decided before the heroes could act."""

_STANDING = {"in": "fighting", "away": "not here yet", "down": "down",
             "gone": "got away"}
"""A hero's fight state as the field view words it."""


@dataclass(frozen=True, slots=True)
class ActionView:
    """What the screen says about a fight action (the one description every screen shows,
    through :mod:`bonds.views.fight`)."""

    label: str
    """The button's text, e.g. ``Ash: strike the raiders``."""
    chance: Chance | None
    """Its chance to land and what moves it; None when it makes no roll."""
    cost: str | None
    """What it costs, e.g. ``20`` and the technique pool's name; None when nothing."""


@dataclass(frozen=True, slots=True)
class ZoneView:
    """A zone and who stands in it."""

    name: str
    """The zone's name."""
    occupants: tuple[str, ...]
    """Who stands there, as shown: heroes, foe groups with their number (a group of one
    without), bystanders. How each stands is in :attr:`FieldView.sides`."""


@dataclass(frozen=True, slots=True)
class FighterView:
    """One side's fighter (a hero) or foe group as the board may show it: the figures are
    all here, so a screen can word them or show them as numbers, as its setting says."""

    name: str
    """Who: the hero's or the group's name."""
    hero: bool
    """On the player's side."""
    zone: str
    """The name of the zone they stand in."""
    standing: str
    """Where they stand in the fight: ``fighting``, ``down``, ``got away``, ``not here
    yet`` for a hero; ``fighting``, ``held still``, ``fled``, ``yielded``, ``beaten``,
    ``not here yet`` for a group."""
    now: int
    """A hero's hit points; a group's fighters still up."""
    most: int
    """A hero's hit points unhurt; the group's number at the start."""
    morale: int | None = None
    """A group's morale (None for a hero)."""
    breaks_at: int | None = None
    """The morale at which the group gives up (None for a hero)."""
    pool: int | None = None
    """What a hero has left of the technique pool (None where the pack has none)."""


@dataclass(frozen=True, slots=True)
class FieldView:
    """The field of a fight under way (the one field view every screen shows)."""

    name: str
    """The fight's name."""
    zones: tuple[ZoneView, ...]
    """The zones, in the pack's order, with their occupants."""
    facts: tuple[tuple[str, str], ...]
    """Everything else, as (label, value): the round, property damage, each hero's state."""
    sides: tuple[FighterView, ...] = ()
    """Each hero, then each foe group that has come or is coming (hidden ones once seen)."""
    pool: str = ""
    """The name of the technique pool (its resource's name), or "" where the pack has none."""


def _read(world: World, state: State) -> Ctx:
    return Ctx(world, state.values, state.rng, state.scene)


def _turn(ctx: Ctx, spec: FightSpec) -> str | None:
    pos = int(ctx.values.get("fight.pos", 0))
    turns = spec.turns  # the hero of each place in ``spec.order`` (None for a foe group)
    return turns[pos] if pos < len(turns) else None


def _outcome(ctx: Ctx, spec: FightSpec) -> str | None:
    # Asked after every foe turn: plain loops, with no list or generator built.
    values = ctx.values
    for f in spec.foes:  # a group still fighting (foe_active) or yet to come
        st = values.get(f.st_key)
        if st == "away" or (st == "in" and int(values.get(f.n_key, 0)) > 0):
            break
    else:
        return "win"
    gone = False
    for h in spec.heroes:  # a hero still fighting or yet to come
        st = values.get(h.st_key)
        if st == "in" or st == "away":
            return None
        gone = gone or st == "gone"
    return "fled" if gone else "lose"


def _arrive(ctx: Ctx, spec: FightSpec, rnd: int) -> None:
    came = [h.who for h in spec.heroes if h.arrives == rnd
            and ctx.values.get(h.st_key) == "away"]
    came += [f.id for f in spec.foes if f.arrives == rnd
             and ctx.values.get(f.st_key) == "away"]
    for ident in came:
        key = hk(ident, "st") if any(h.who == ident for h in spec.heroes) else fk(ident, "st")
        ctx.values[key] = "in"
    if came:
        ctx.emit("fighters_arrive", fight=spec.id, who=came, round=rnd)


def _run(ctx: Ctx, spec: FightSpec) -> str | None:
    """Play foes' turns until a hero's turn comes or the fight is decided."""
    values = ctx.values
    actors = spec.actors
    # ``fight.pos`` is written here alone while the foes play, so it is read once and then
    # kept in step with the table rather than read back on every turn.
    pos = int(values.get("fight.pos", 0))
    for _ in range((spec.max_rounds + 2) * (len(actors) + 1)):
        if pos >= len(actors):
            round_end(ctx, spec)
            rnd = int(values.get("fight.round", 1)) + 1
            values["fight.pos"] = pos = 0
            if rnd > spec.max_rounds:
                return spec.timeout
            values["fight.round"] = rnd
            if ctx.wants("fight_round"):
                ctx.emit("fight_round", fight=spec.id, round=rnd)
            _arrive(ctx, spec, rnd)
            continue
        actor = actors[pos]
        if isinstance(actor, HeroSpec):
            if values.get(actor.st_key) == "in":
                return None
        else:
            foe_turn(ctx, spec, actor)
            outcome = _outcome(ctx, spec)
            if outcome is not None:
                return outcome
        pos += 1
        values["fight.pos"] = pos
    return spec.timeout


def _finish(ctx: Ctx, spec: FightSpec, outcome: str) -> str:
    values = ctx.values
    rounds = int(values.get("fight.round", 1))
    damage = int(values.get("fight.property", 0))
    harmed = int(values.get("fight.harmed", 0))
    downed = int(values.get("fight.downed", 0))
    stood = {h.who: _STOOD.get(str(values.get(h.st_key)), "standing") for h in spec.heroes}
    burst = any(values.get(z.burst_key) for z in spec.zones.values())
    for key in [k for k in values if k.startswith("fight.")]:
        del values[key]
    # What the fight decided stays, for the scenes after it to read (and ``expects``).
    values[f"fought.{spec.id}"] = outcome
    for who, how in stood.items():
        values[f"fought.{spec.id}.{who}"] = how
    # A tank burst in the fight stays burst: the scenes after it must not burst it again.
    if burst:
        values[f"fought.{spec.id}.burst"] = True
    if spec.region is not None:
        amount = spec.noise + damage // 2 + 5 * harmed
        where = name_of(ctx, spec.place) if spec.place else spec.name
        if amount:
            noise(ctx, spec.region, amount, f"a fight at {where}")
    for effect in spec.outcomes[outcome]:
        effect(ctx)
    ctx.emit("fight_ended", fight=spec.id, outcome=outcome, rounds=rounds, property=damage,
             harmed=harmed, downed=downed)
    return outcome


_STOOD = {"in": "standing", "down": "down", "gone": "fled", "away": "absent"}
"""How each hero ended a fight, as ``fought.<fight>.<who>`` keeps it."""


@query("fight_outcome", "fight", key="fought.{0}", returns="str")
def fight_outcome(ctx: Ctx, fight: str) -> str:
    """How the last fight of that id ended: ``'win'``, ``'lose'``, ``'fled'``, or ``''``
    when it has not been fought."""
    return str(ctx.values.get(f"fought.{fight}", ""))


@query("ended_standing", "fight", "character", key="fought.{0}.{1}", returns="bool")
def ended_standing(ctx: Ctx, fight: str, who: str) -> bool:
    """Whether ``who`` was still on their feet in the fight when it ended (not down, not
    fled, not yet arrived)."""
    return ctx.values.get(f"fought.{fight}.{who}") == "standing"


@query("went_down", "fight", "character", key="fought.{0}.{1}", returns="bool", faultless=True)
def went_down(ctx: Ctx, fight: str, who: str) -> bool:
    """Whether ``who`` was down when the fight ended."""
    return ctx.values.get(f"fought.{fight}.{who}") == "down"


@query("tank_burst_in", "fight", key="fought.{0}.burst", returns="bool", faultless=True)
def tank_burst_in(ctx: Ctx, fight: str) -> bool:
    """Whether a tank was burst during that fight (it stays burst for the scenes after)."""
    return bool(ctx.values.get(f"fought.{fight}.burst"))


class Skirmish:
    """The engine's fight rules (:class:`bonds.engine.world.FightRules`)."""

    def __init__(self) -> None:
        self._offered: tuple[dict[str, Any], World, tuple[str, ...]] | None = None
        """The last actions :meth:`legal` listed: (the state's value table, the world, the
        actions). A step from that very state (``Ctx.origin`` is the same table, which this
        reference keeps alive, so its id cannot be reused) may take one of them without
        working the hero's actions out again; states are never mutated, so the list holds.
        One entry, replaced whole, so threads sharing the rules at worst miss it."""

    def begin(self, ctx: Ctx, call: FightCall) -> None:
        """Set the field up when a fight scene opens, and play the foes faster than the
        heroes."""
        spec: FightSpec = ctx.world.data["fight_specs"][call.id]
        values = ctx.values
        values.update({"fight.id": spec.id, "fight.round": 1, "fight.pos": 0,
                       "fight.property": 0, "fight.harmed": 0, "fight.downed": 0})
        for h in spec.heroes:
            values[h.hp_key] = max(h.hp // 2, h.hp - hurt(ctx, h.who))
            values[h.zone_key] = h.zone
            values[h.st_key] = "in" if h.arrives == 1 else "away"
            values[h.ck_key] = pool(ctx, h.who)
        for f in spec.foes:
            values.update({f.n_key: f.count, f.hits_key: 0,
                           f.zone_key: f.zone, f.morale_key: f.morale,
                           f.st_key: "in" if f.arrives == 1 else "away"})
        for z in spec.zones.values():
            values[z.civ_key] = z.civilians
            if z.water:
                values[z.water_key] = True
        if ctx.wants("fight_started"):
            ctx.emit("fight_started", fight=spec.id, heroes=[h.who for h in spec.heroes],
                     foes=sum(f.count for f in spec.foes), rounds=spec.max_rounds)
        outcome = _run(ctx, spec)
        if outcome is not None:
            values["fight.over"] = outcome

    def legal(self, world: World, state: State) -> list[str]:
        """The actions of the hero whose turn it is, in a fixed order."""
        ctx = _read(world, state)
        if state.values.get("fight.over"):
            return [END]
        spec = spec_of(ctx)
        who = _turn(ctx, spec)
        if who is None:
            return []
        actions = hero_actions(ctx, spec, who)
        self._offered = (state.values, world, tuple(actions))
        return actions

    def act(self, ctx: Ctx, action: str) -> str | None:
        """Do one hero action and play on to the next hero's turn; returns the outcome
        ('win', 'lose', 'fled') once the fight is over, else None."""
        spec = spec_of(ctx)
        over = ctx.values.get("fight.over")
        if over:
            if action != END:
                raise IllegalAction(f"'{action}' is not a move you can make now")
            return _finish(ctx, spec, str(over))
        who = _turn(ctx, spec)
        offered = self._offered
        listed = (offered is not None and offered[0] is ctx.origin and offered[1] is ctx.world
                  and action in offered[2])
        if who is None or not (listed or is_open(ctx, spec, who, action)):
            raise IllegalAction(f"'{action}' is not a move you can make now")
        if ctx.wants("fight_action"):
            ctx.emit("fight_action", fight=spec.id, who=who, action=action)
        apply(ctx, spec, action.split(":"))
        outcome = _outcome(ctx, spec)
        if outcome is None:
            ctx.values["fight.pos"] = int(ctx.values.get("fight.pos", 0)) + 1
            outcome = _run(ctx, spec)
        return None if outcome is None else _finish(ctx, spec, outcome)

    def describe_action(self, world: World, state: State, action: str) -> ActionView:
        """The label, chance (with its parts) and cost of a fight action."""
        ctx = _read(world, state)
        if action == END:
            return ActionView("See how it ended", None, None)
        spec = spec_of(ctx)
        parts = action.split(":")
        cost = cost_of(ctx, parts)
        return ActionView(label_of(ctx, spec, parts), chance_of(ctx, spec, parts),
                          f"{cost} {pool_name(ctx)}" if cost else None)

    def describe_field(self, world: World, state: State) -> FieldView:
        """The zones and who stands in each; the round, damage and each hero's state."""
        ctx = _read(world, state)
        spec = spec_of(ctx)
        values = state.values
        zones = []
        for z in spec.zones.values():
            here = [h.name for h in spec.heroes
                    if values.get(h.zone_key) == z.id
                    and values.get(h.st_key) in ("in", "down")]
            here += [f.name + (f" ×{values.get(f.n_key)}" if f.count > 1 else "")
                     for f in spec.foes
                     if foe_active(ctx, f) and values.get(f.zone_key) == z.id
                     and (not f.hidden or values.get(f.seen_key))]
            civ = int(values.get(z.civ_key, 0))
            if civ:
                here.append(f"{civ} bystanders")
            zones.append(ZoneView(z.name, tuple(here)))
        facts = [("round", f"{values.get('fight.round', 1)} of {spec.max_rounds}"),
                 ("property damage", str(values.get("fight.property", 0)))]
        left = ctx.world.data["health"].technique_pool is not None
        facts += [(h.name, _STANDING.get(str(values.get(hk(h.who, 'st'))), 'fighting')
                   + (f", {values.get(hk(h.who, 'ck'))} {pool_name(ctx)} left" if left else ""))
                  for h in spec.heroes]
        return FieldView(spec.name, tuple(zones), tuple(facts), _sides(ctx, spec),
                         pool_name(ctx) if left else "")


_FOE_STANDING = {"in": "fighting", "away": "not here yet", "fled": "fled",
                 "yielded": "yielded"}
"""A foe group's fight state as the field view words it."""


def _sides(ctx: Ctx, spec: FightSpec) -> tuple[FighterView, ...]:
    values = ctx.values
    left = ctx.world.data["health"].technique_pool is not None
    out = [FighterView(h.name, True, spec.zones[str(values.get(h.zone_key))].name,
                       _STANDING.get(str(values.get(h.st_key)), "fighting"),
                       int(values.get(h.hp_key, 0)), h.hp,
                       pool=int(values.get(h.ck_key, 0)) if left else None)
           for h in spec.heroes]
    for f in spec.foes:
        if f.hidden and not values.get(f.seen_key):
            continue
        n = int(values.get(f.n_key, 0))
        st = str(values.get(f.st_key))
        standing = _FOE_STANDING.get(st, st)
        if st == "in" and n <= 0:
            standing = "beaten"
        elif st == "in" and values.get(f.frozen_key):
            standing = "held still"
        out.append(FighterView(f.name, False, spec.zones[str(values.get(f.zone_key))].name,
                               standing, n, f.count,
                               int(values.get(f.morale_key, f.morale)), f.breaks_at))
    return tuple(out)


def fight_group(world: World, action: str) -> tuple[str, str]:
    """The group a fight action is offered in (a key of :data:`GROUPS`: strike, technique,
    move, help, guard) and its kind inside the group (the verb, or ``tech:<technique>``)."""
    return group_of(world.data["techniques"], action)


def fight_chance(world: World, state: State, action: str) -> Chance | None:
    """The chance of the roll a fight action makes (None when it makes none)."""
    return SKIRMISH.describe_action(world, state, action).chance


SKIRMISH = Skirmish()
"""The one skirmish system (``bonds.rules.FIGHT_RULES``)."""
