"""The step function: the one way a game moves forward.

``start(world, seed)`` opens a game (an :class:`Opening` starts it elsewhere, with given
values: an author's tool); ``legal_actions(world, state)`` lists what may be done,
in the author's order; ``step(world, state, action)`` returns the next state and the events
it caused. No I/O, no clock, no globals: the same pack, seed and actions always give the
same events and the same state hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from . import rng as _rng
from .context import Chance, Ctx, SelectiveCtx
from .errors import IllegalAction, Impossible
from .state import Draft, Event, State, Value
from .world import Check, Choice, Route, Scene, World

__all__ = [
    "MAX_ROUTE_HOPS",
    "ROLL_MARK",
    "Opening",
    "Tried",
    "check_chance",
    "is_terminal",
    "legal_actions",
    "replay",
    "start",
    "step",
]

MAX_ROUTE_HOPS = 200
"""Automatic routing that passes through more scenes than this is a content loop."""

ROLL_MARK = "!"
"""``scene/choice!success`` (or ``!failure``) takes the choice with its roll fixed: an
author's action (the canonical road uses it so the story reads the same on any seed), never
offered by ``legal_actions``; recorded in saves like any action, so it replays."""


@dataclass(frozen=True)
class Opening:
    """Where a run begins when it does not begin at the pack's start: a scene, and values
    set before it is entered (``bonds play --at/--set``, ``bonds playtest --from``).

    Saves record it, so a run that began elsewhere replays as it was played.
    """

    scene: str | None = None
    """The scene to enter first (None: the pack's start)."""
    values: tuple[tuple[str, Value], ...] = ()
    """``(key, value)`` pairs laid over the pack's initial values, in the order given."""

    def to_json(self) -> dict[str, object]:
        """``{"scene": ..., "set": {...}}`` as a save holds it."""
        return {"scene": self.scene, "set": dict(self.values)}

    @classmethod
    def from_values(cls, scene: str | None, values: Mapping[str, Value]) -> Opening:
        """An opening from a scene and a table of values."""
        return cls(scene, tuple(values.items()))


def start(world: World, seed: int, opening: Opening | None = None
          ) -> tuple[State, list[Event]]:
    """A new game of ``world`` from ``seed``, standing in the pack's first scene (or where
    ``opening`` says, with its values set).

    Raises:
        Impossible: the opening names a scene the pack does not have.
    """
    first = world.manifest.start
    values = Draft(world.initial_values)
    if opening is not None:
        first = opening.scene or first
        if first not in world.scenes:
            raise Impossible(f"the pack has no scene '{first}' to start at")
        values.update(opening.values)
    ctx = Ctx(world, values, _rng.seed_state(seed), first)
    if opening is None:
        ctx.emit("game_started", pack=world.manifest.id, version=world.manifest.version,
                 seed=seed)
    else:  # the opening is told in the events, so a transcript shows where the run began
        ctx.emit("game_started", pack=world.manifest.id, version=world.manifest.version,
                 seed=seed, at=first, set=dict(opening.values))
    ending = _enter(ctx, first)
    return State(ctx.scene, ctx.values, ctx.rng, 0, ending), ctx.events


def is_terminal(state: State) -> bool:
    """Whether the game has reached an ending."""
    return state.ending is not None


Tried = dict[str, tuple[State, list[Event]]]
"""Steps already taken from one state, by action: the next state and the events."""


def legal_actions(world: World, state: State, tried: Tried | None = None,
                  kinds: frozenset[str] | None = None) -> list[str]:
    """The actions open in ``state``, in the author's order (deterministic).

    ``tried``, when given, receives the steps taken to try the choices that may be refused
    (see :func:`_applies`; those whose roll is not fixed): a caller that then plays one of
    them need not take the same step again. ``kinds`` is passed to those steps (see
    :func:`step`): the events a caller of ``tried`` reads.
    """
    if state.ending is not None:
        return []
    if state.values.get("fight.id"):
        if world.fight_rules is None:
            return []
        return world.fight_rules.legal(world, state)
    scene = world.scenes[state.scene]
    ctx = Ctx(world, state.values, state.rng, state.scene)
    return [c.action for c in scene.choices if (c.when is None or c.when(ctx))
            and (not c.tried or _applies(world, state, c, tried, kinds))]


def _applies(world: World, state: State, choice: Choice, tried: Tried | None,
             kinds: frozenset[str] | None) -> bool:
    """Whether taking ``choice`` goes through, whichever way its roll falls (the rules refuse
    nothing): the legal-action contract, that every action offered applies."""
    for forced in (None,) if choice.check is None else (True, False):
        try:
            taken = step(world, state, choice.action, forced, kinds=kinds)
        except Impossible:
            return False
        if forced is None and tried is not None:
            tried[choice.action] = taken
    return True


def step(
    world: World, state: State, action: str, forced: bool | None = None,
    decide: bool | None = None, kinds: frozenset[str] | None = None,
) -> tuple[State, list[Event]]:
    """Take ``action`` in ``state``; returns the new state and the events it caused.

    ``forced`` fixes every roll; ``decide`` only the first, the later ones falling as in
    play (a preview of each side of the deciding roll, see :mod:`.preview`). ``kinds``,
    when given, are the only kinds of events made (the state is the same either way).

    Raises:
        IllegalAction: the action is not open in this state.
        Impossible: a rule refused (its message is the reason for the player).
    """
    if state.ending is not None:
        raise IllegalAction("the story has ended; there is nothing more to choose")
    if kinds is None:
        ctx = Ctx(world, Draft(state.values), state.rng, state.scene, forced, state.values,
                  decide)
    else:
        ctx = SelectiveCtx(world, Draft(state.values), state.rng, state.scene, forced,
                           state.values, decide)
        ctx.kinds = kinds
    if state.values.get("fight.id"):
        ending = _fight_step(ctx, action)
    else:
        scene = world.scenes[state.scene]
        action, mark, roll = action.partition(ROLL_MARK)
        choice = scene.choice_by_action.get(action)
        if choice is None or (choice.when is not None and not choice.when(ctx)):
            raise IllegalAction(f"'{action}' is not a choice you can make here")
        if mark:
            if choice.check is None or roll not in ("success", "failure"):
                raise IllegalAction(f"'{action}{mark}{roll}' fixes a roll '{action}' does not "
                                    f"make")
            ctx.forced = roll == "success"
        ending = _choose(ctx, scene, choice)
    return State(ctx.scene, ctx.values, ctx.rng, state.turn + 1, ending), ctx.events


def replay(
    world: World, seed: int, actions: Iterable[str], opening: Opening | None = None
) -> tuple[State, list[Event]]:
    """Rebuild a run from its seed (and opening) and actions; returns the final state and
    all events."""
    state, events = start(world, seed, opening)
    for action in actions:
        state, more = step(world, state, action)
        events.extend(more)
    return state, events


def check_chance(ctx: Ctx, check: Check) -> Chance:
    """The chance of a check as the player sees it: base, each modifier, clamped to 5-95."""
    base = check.chance(ctx)
    chance = base if isinstance(base, Chance) else Chance(int(base), (("base", int(base)),))
    for modifier in check.modifiers:
        amount = int(modifier.add(ctx))
        if amount:
            chance = chance.plus(modifier.why, amount)
    return chance.clamped()


def _choose(ctx: Ctx, scene: Scene, choice: Choice) -> str | None:
    if ctx.wants("choice_made"):
        if choice.reads:
            ctx.emit("choice_made", scene=scene.id, choice=choice.id, action=choice.action,
                     fields=_read(ctx, choice.reads))
        else:
            ctx.emit("choice_made", scene=scene.id, choice=choice.id, action=choice.action)
    # The chance is fixed before the choice's own effects, as the player saw it offered.
    chance = None if choice.check is None else check_chance(ctx, choice.check)
    for effect in choice.effects:
        effect(ctx)
    goto = choice.goto
    if choice.check is not None and chance is not None:
        success = ctx.roll(chance, choice.action)
        outcome = choice.check.success if success else choice.check.failure
        if outcome.text and ctx.wants("outcome_told"):
            if outcome.reads:
                ctx.emit("outcome_told", action=choice.action, success=success,
                         fields=_read(ctx, outcome.reads))
            else:
                ctx.emit("outcome_told", action=choice.action, success=success)
        for effect in outcome.effects:
            effect(ctx)
        goto = outcome.goto or goto
    return _enter(ctx, _route(ctx, goto, choice.action))


def _read(ctx: Ctx, keys: Iterable[str]) -> dict[str, object]:
    """The values prose ``{fields}`` read, as they are now (the event keeps them)."""
    return {key: ctx.values.get(key, "") for key in keys}


def _fight_step(ctx: Ctx, action: str) -> str | None:
    rules = ctx.world.fight_rules
    if rules is None:
        raise Impossible("this pack has no fight rules")
    scene = ctx.world.scenes[ctx.scene]
    if scene.fight is None:
        raise Impossible("no fight is under way here")
    result = rules.act(ctx, action)
    if result is None:
        return None
    return _enter(ctx, getattr(scene.fight, result))


def _route(ctx: Ctx, goto: Sequence[Route], where: str) -> str:
    for route in goto:
        if route.when is None or route.when(ctx):
            return route.scene
    raise Impossible(f"no way on from {where}: every branch of its goto is closed")


def _tell_entry(ctx: Ctx, scene: Scene) -> None:
    """The ``scene_entered`` event: the text blocks shown and the values they read."""
    shown: list[int] = []
    reads: list[str] = []
    for i, block in enumerate(scene.text):  # one pass: every scene entered walks its text
        if block.when is None or block.when(ctx):
            shown.append(i)
            if block.reads:
                reads += block.reads
    if scene.again_reads and int(ctx.values[scene.seen_key]) > 1:
        reads += scene.again_reads  # a return tells the scene's ``again`` prose
    if reads:
        ctx.emit("scene_entered", scene=scene.id, act=scene.act, pov=scene.pov,
                 blocks=shown, fields=_read(ctx, reads))
    else:
        ctx.emit("scene_entered", scene=scene.id, act=scene.act, pov=scene.pov,
                 blocks=shown)


def _enter(ctx: Ctx, scene_id: str) -> str | None:
    """Open a scene, following automatic routes; returns the ending's id if one is reached."""
    scenes = ctx.world.scenes
    for _ in range(MAX_ROUTE_HOPS):
        scene = scenes[scene_id]
        ctx.scene = scene_id
        ctx.values[scene.seen_key] = int(ctx.values.get(scene.seen_key, 0)) + 1
        for n, expected in enumerate(scene.expects):
            if not expected.holds(ctx):
                ctx.emit("expectation_broken", scene=scene_id, expects=n, holds=expected.text,
                         where=expected.where)
        if ctx.wants("scene_entered") or not scene.text_faultless:
            _tell_entry(ctx, scene)
        for effect in scene.on_enter:
            effect(ctx)
        if scene.ending is not None:
            ctx.emit("ending_reached", ending=scene.ending, scene=scene_id)
            return scene.ending
        if scene.fight is not None:
            if ctx.world.fight_rules is None:
                raise Impossible("this pack has no fight rules")
            ctx.world.fight_rules.begin(ctx, scene.fight)
            return None
        if scene.choices:
            return None
        scene_id = _route(ctx, scene.goto, scene_id)
    raise Impossible(f"automatic routing passed {MAX_ROUTE_HOPS} scenes without a choice")
