"""Previews: what an action will change, shown before the player chooses it.

The preview runs the real step twice on copies, once with the deciding (first) roll forced
to succeed and once forced to fail (see ``Ctx.decide``); every later roll (a flinch after a
failed bluff) falls as it will in play, the RNG turning as it does in play. So each side is
exactly what the step does when the deciding roll falls that way, and for an action that
makes no roll the preview is exactly its change. ``preview_success`` plays the success side
alone, for a screen that shows nothing of a failure. ``expected`` weighs the two sides by the
deciding roll's chance, for bots and reports; screens show the sides, never that weighing.

A value the step creates is measured from the ``old`` its first event gives (a bond starts
at 20 and a cover at 50, not at 0), so the preview's change is the change the step's events
tell. Nothing here knows what the keys mean: it reports the value keys under the prefixes
asked for (the bond, suspicion, the cover, infamy, attention by default) with the reasons
the events gave for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from .core import legal_actions, step
from .errors import ContentFault, Impossible
from .state import Event, State, Value
from .world import World

__all__ = ["DEFAULT_PREFIXES", "Change", "Preview", "preview", "preview_all", "preview_success"]

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
    """True when ``expected`` is exact (at most one roll); each side always is."""
    changes: tuple[Change, ...]
    """The values that move on either side, sorted by key."""
    refused: str | None = None
    """Why a side of the roll was refused by the rules (that side then changes nothing)."""


def _number(value: Value | None) -> int:
    return int(value) if isinstance(value, int | bool) else 0


def _side(world: World, state: State, action: str, decide: bool
          ) -> tuple[State | None, list[Event], str | None]:
    try:
        after, events = step(world, state, action, decide=decide)
    except Impossible as exc:
        return None, [], str(exc)
    except ContentFault as exc:  # told when the choice is taken; a preview only says so
        return None, [], f"the story's content has a fault ({exc})"
    return after, events, None


def _diff(before: State, after: State | None, events: list[Event],
          prefixes: tuple[str, ...]) -> dict[str, int]:
    if after is None:
        return {}
    # Only a key whose item is not in both tables can have moved (an equal value, True and
    # 1 alike, is no change: ``_number`` reads them the same), so the rest are not read.
    moved = {k for k, _ in before.values.items() ^ after.values.items()}
    keys = {k for k in moved if k.startswith(prefixes)
            and not isinstance(after.values.get(k, before.values.get(k)), bool)}
    out: dict[str, int] = {}  # numbers only: a yes/no (a cover seen through) is no amount
    for key in keys:
        start = before.values.get(key)
        if start is None:  # made by the step: its rule's starting level is the first old
            start = next((e.data["old"] for e in events if e.data.get("key") == key
                          and isinstance(e.data.get("old"), int)), None)
        delta = _number(after.values.get(key)) - _number(start)
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
    up = _diff(state, win, win_events, prefixes)
    down = _diff(state, lose, lose_events, prefixes)
    reasons = _reasons(win_events)
    for key, more in _reasons(lose_events).items():
        reasons.setdefault(key, []).extend(r for r in more if r not in reasons[key])
    changes = tuple(
        Change(key, up.get(key, 0), down.get(key, 0),
               p * up.get(key, 0) + (1 - p) * down.get(key, 0), tuple(reasons.get(key, ())))
        for key in sorted({*up, *down}))
    return Preview(action, chance, len(rolls), len(rolls) <= 1, changes,
                   win_refused or lose_refused)


def preview_success(world: World, state: State, action: str,
                    prefixes: tuple[str, ...] = DEFAULT_PREFIXES) -> dict[str, int]:
    """What ``action`` changes, by key in key order, when the deciding roll succeeds (for an
    action that rolls nothing, its change); nothing when the rules refuse it.

    This is :func:`preview`'s success side alone, for a screen that never tells what a
    failure would do (the ``words`` numbers setting): one step played instead of two.
    """
    win, events, _ = _side(world, state, action, True)
    up = _diff(state, win, events, prefixes)
    return {key: up[key] for key in sorted(up)}


def preview_all(world: World, state: State,
                prefixes: tuple[str, ...] = DEFAULT_PREFIXES) -> list[Preview]:
    """The preview of every legal action of ``state``, in the order they are offered."""
    return [preview(world, state, action, prefixes) for action in legal_actions(world, state)]
