"""Previews: what an action is expected to change, shown before the player chooses it.

The preview runs the real step twice on copies, once with every roll forced to succeed and
once with every roll forced to fail (see ``Ctx.forced``), and weighs the two by the chance
of the first roll the action makes. For an action that makes no roll the preview is the
exact change; for one that makes a single roll it is the exact expected value; for one that
makes several (a fight round) it is an estimate, and says so (``exact`` is False and
``rolls`` counts them). Nothing here knows what the keys mean: it reports the value keys
under the prefixes asked for (the bond, suspicion, the cover, infamy, attention by default)
with the reasons the events gave for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import legal_actions, step
from .errors import ContentFault, Impossible
from .state import Event, State, Value
from .world import World

__all__ = ["DEFAULT_PREFIXES", "Change", "Preview", "preview", "preview_all"]

DEFAULT_PREFIXES = ("bond.", "suspicion.", "cover.", "infamy.", "attention.")
"""The value keys a preview reports by default."""


@dataclass(frozen=True, slots=True)
class Change:
    """The expected change of one value."""

    key: str
    """The value key, e.g. ``bond.ada.bo.trust``."""
    on_success: int
    """The change if the deciding roll succeeds (or the change, when there is no roll)."""
    on_failure: int
    """The change if it fails."""
    expected: float
    """``chance * on_success + (1 - chance) * on_failure``."""
    reasons: tuple[str, ...]
    """The reasons the rules gave for changing it."""


@dataclass(frozen=True, slots=True)
class Preview:
    """What an action is expected to change."""

    action: str
    chance: int | None
    """The percent chance of the deciding (first) roll; None when the action rolls nothing."""
    rolls: int
    """How many rolls the action makes when they all succeed."""
    exact: bool
    """True when the expected values are exact (at most one roll)."""
    changes: tuple[Change, ...]
    """The values that move on either side, sorted by key."""
    refused: str | None = None
    """Why a side of the roll was refused by the rules (that side then changes nothing)."""


def _number(value: Value | None) -> int:
    return int(value) if isinstance(value, int | bool) else 0


def _side(world: World, state: State, action: str, forced: bool
          ) -> tuple[State | None, list[Event], str | None]:
    try:
        after, events = step(world, state, action, forced=forced)
    except Impossible as exc:
        return None, [], str(exc)
    except ContentFault as exc:  # told when the choice is taken; a preview only says so
        return None, [], f"the story's content has a fault ({exc})"
    return after, events, None


def _diff(before: State, after: State | None, prefixes: tuple[str, ...]) -> dict[str, int]:
    if after is None:
        return {}
    keys = {k for k in (*before.values, *after.values) if k.startswith(prefixes)}
    out: dict[str, int] = {}
    for key in keys:
        delta = _number(after.values.get(key)) - _number(before.values.get(key))
        if delta:
            out[key] = delta
    return out


def _reasons(events: list[Event]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for event in events:
        key, reason = event.data.get("key"), event.data.get("reason")
        if isinstance(key, str) and isinstance(reason, str):
            seen = found.setdefault(key, [])
            if reason not in seen:
                seen.append(reason)
    return found


def preview(world: World, state: State, action: str,
            prefixes: tuple[str, ...] = DEFAULT_PREFIXES) -> Preview:
    """The expected change ``action`` makes to the values under ``prefixes``.

    Raises:
        IllegalAction: the action is not open in ``state``.
    """
    win, win_events, win_refused = _side(world, state, action, True)
    rolls = [e for e in win_events if e.kind == "roll"]
    lose: State | None
    if win is not None and not rolls:
        lose, lose_events, lose_refused = win, win_events, None
    else:
        lose, lose_events, lose_refused = _side(world, state, action, False)
    if not rolls and lose_events:
        rolls = [e for e in lose_events if e.kind == "roll"]
    chance = int(rolls[0].data["chance"]) if rolls else None
    p = 1.0 if chance is None else chance / 100
    up, down = _diff(state, win, prefixes), _diff(state, lose, prefixes)
    reasons = _reasons(win_events)
    for key, more in _reasons(lose_events).items():
        reasons.setdefault(key, []).extend(r for r in more if r not in reasons[key])
    changes = tuple(
        Change(key, up.get(key, 0), down.get(key, 0),
               p * up.get(key, 0) + (1 - p) * down.get(key, 0), tuple(reasons.get(key, ())))
        for key in sorted({*up, *down}))
    return Preview(action, chance, len(rolls), len(rolls) <= 1, changes,
                   win_refused or lose_refused)


def preview_all(world: World, state: State,
                prefixes: tuple[str, ...] = DEFAULT_PREFIXES) -> list[Preview]:
    """The preview of every legal action of ``state``, in the order they are offered."""
    return [preview(world, state, action, prefixes) for action in legal_actions(world, state)]
