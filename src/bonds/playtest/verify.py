"""Re-running a saved run and saying what is wrong with it, as ``bonds replay`` does.

A save written by a playtest for a finding reproduces it here: the crash raises again, the
dead end has no legal action again, the invariant breaks at the same step, the softlock
still has no ending after the same steps.
"""

from __future__ import annotations

from typing import Any

from bonds.engine import (
    BondsError,
    Event,
    State,
    World,
    legal_actions,
    start,
    state_hash,
    step,
)
from bonds.engine.context import Ctx
from bonds.saves import Save

__all__ = ["verify_run"]


def verify_run(world: World, save: Save, finding: dict[str, Any] | None = None
               ) -> tuple[State | None, list[str]]:
    """Replay ``save`` step by step; returns the final state and every problem found."""
    problems: list[str] = []
    if save.pack_id != world.manifest.id:
        return None, [f"this save is for pack '{save.pack_id}', not '{world.manifest.id}'"]
    if save.pack_hash != world.content_hash:
        problems.append(f"this save was made with a different version of pack "
                        f"'{save.pack_id}'; replaying it anyway")
    state: State | None = None
    try:
        state, events = start(world, save.seed, save.opening)
        broken = _unexpected(events)
        if broken:
            problems.append(f"at the start: {broken}")
            return state, problems
        for n, action in enumerate(save.actions, 1):
            state, events = step(world, state, action)
            broken = _unexpected(events) or _broken(world, state)
            if broken:
                problems.append(f"step {n} ({action}): {broken}")
                return state, problems
    except BondsError as exc:
        problems.append(f"the run fails at step {len(_taken(save, state))}: {exc}")
        return state, problems
    except Exception as exc:  # a crash is exactly what a finding's replay must show
        problems.append(f"the run crashes: {type(exc).__name__}: {exc}")
        return state, problems
    if state.ending is None and not legal_actions(world, state):
        problems.append(f"dead end: no action is open in scene '{state.scene}', "
                        f"which is not an ending")
    if finding and finding.get("kind") == "softlock" and state.ending is None:
        problems.append(f"softlock: no ending after {len(save.actions)} steps "
                        f"(now in '{state.scene}')")
    if save.state_hash and state_hash(state) != save.state_hash:
        problems.append("the final state does not match the save's snapshot")
    return state, problems


def _unexpected(events: list[Event]) -> str | None:
    """A scene entered against its ``expects``, located in its file."""
    for event in events:
        if event.kind == "expectation_broken":
            data = event.data
            return (f"continuity: {data['where']}: scene '{data['scene']}' entered while its "
                    f"expects '{data['holds']}' did not hold")
    return None


def _broken(world: World, state: State) -> str | None:
    ctx = Ctx(world, state.values, state.rng, state.scene)
    for invariant in world.invariants:
        if not invariant.holds(ctx):
            return f"invariant '{invariant.id}' broken: {invariant.message}"
    return None


def _taken(save: Save, state: State | None) -> tuple[str, ...]:
    return save.actions[: state.turn + 1] if state is not None else ()
