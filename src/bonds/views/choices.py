"""The choices on offer, as every screen shows them: label, the chance and its parts, the
expected changes.

For a scene choice the chance is the engine's own (:func:`bonds.engine.check_chance`, the
figure the roll will use). The expected bond and suspicion changes come from the preview the
caller passes: the engine's (:func:`bonds.engine.preview.preview`) on both screens.
Fight actions are described by the fight rules (see :mod:`bonds.views.fight`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bonds.engine import Chance, Ctx, State, World, check_chance

from .fight import describe_fight_action
from .names import KEY_TABLES, Names, humanize, tone

__all__ = ["ChoiceView", "Expected", "Preview", "choices_of"]

Preview = Callable[[World, State, str], Any]
"""A preview function: ``(world, state, action)`` to the expected changes (the engine's
``Preview``, or a key → amount mapping)."""


@dataclass(frozen=True, slots=True)
class Expected:
    """One expected change of a choice, e.g. ``Ada → Bo, trust +2.5``."""

    text: str
    """What is expected to move and by how much."""
    delta: float
    """The expected signed amount (for colour and arrows)."""
    detail: str | None = None
    """Each side of the roll, when they differ: ``+4 if it succeeds, -2 if not``."""
    reasons: tuple[str, ...] = ()
    """The reasons the rules give for the change."""
    tone: str = ""
    """``good``, ``bad`` or ``""`` for the pair."""


@dataclass(frozen=True, slots=True)
class ChoiceView:
    """One choice as the player sees it before choosing."""

    number: int
    """Its number, 1-based (keys 1-9 pick the first nine)."""
    action: str
    """The action id submitted."""
    label: str
    """The button's text."""
    chance: Chance | None = None
    """The roll's chance and its parts, when the choice rolls."""
    expected: tuple[Expected, ...] = ()
    """What it is expected to change (bond, suspicion…), from the engine's preview."""
    cost: str | None = None
    """What it costs (a fight action's share of the technique pool)."""


def choices_of(world: World, state: State, actions: Iterable[str], names: Names,
               preview: Preview | None = None) -> list[ChoiceView]:
    """The views of ``actions`` (the legal actions of ``state``), in order; each scene
    choice's expected changes from ``preview`` (none without one)."""
    views: list[ChoiceView] = []
    scene = world.scenes.get(state.scene)
    for n, action in enumerate(actions, 1):
        choice = scene.choice_by_action.get(action) if scene else None
        if choice is None:
            # A fight action: its odds and cost come from the fight rules. No preview: a
            # forced preview would play out the foes' whole round twice per action, and
            # with every roll forced its figures would say little.
            fight = describe_fight_action(world, state, action)
            views.append(ChoiceView(n, action, fight.label, fight.chance, (), fight.cost))
            continue
        expected = _expected(world, state, action, names, preview)
        chance = None
        if choice.check is not None:
            chance = check_chance(Ctx(world, state.values, state.rng, state.scene), choice.check)
        views.append(ChoiceView(n, action, choice.label, chance, expected))
    return views


def _expected(world: World, state: State, action: str, names: Names,
              preview: Preview | None) -> tuple[Expected, ...]:
    if preview is None:
        return ()
    return tuple(_expected_items(preview(world, state, action), names))


def _expected_items(result: Any, names: Names) -> Iterable[Expected]:
    """Read a preview: the engine's ``Preview`` (its ``changes``), or a key → amount mapping."""
    items = getattr(result, "changes", result)
    estimate = getattr(result, "exact", True) is False
    if isinstance(items, dict):
        items = [{"key": k, "delta": v} for k, v in items.items()]
    if not isinstance(items, list | tuple):
        return
    for item in items:
        get = item.get if isinstance(item, dict) else (lambda k, i=item: getattr(i, k, None))
        delta = get("expected") if get("expected") is not None else get("delta")
        if not isinstance(delta, int | float) or isinstance(delta, bool) or not delta:
            continue
        label = get("label") or get("text") or _key_label(str(get("key") or ""), names)
        up, down = get("on_success"), get("on_failure")
        detail = None
        if isinstance(up, int) and isinstance(down, int) and up != down:
            detail = f"{up:+d} if it succeeds, {down:+d} if not"
        reasons = tuple(str(r) for r in (get("reasons") or ()))
        amount = ("about " if estimate else "") + _fmt(float(delta))
        yield Expected(f"{label} {amount}", float(delta), detail, reasons,
                       tone(str(get("key") or label), float(delta)))


def _key_label(key: str, names: Names) -> str:
    parts = key.split(".")
    if len(parts) == 4 and parts[0] == "bond":
        return f"{names.of(parts[1])} → {names.of(parts[2])}, {parts[3]}"
    if len(parts) >= 2:
        table = KEY_TABLES.get(parts[0])
        return f"{humanize(parts[0])} ({', '.join(names.of(p, table) for p in parts[1:])})"
    return humanize(key)


def _fmt(delta: float) -> str:
    return f"{delta:+.0f}" if delta == int(delta) else f"{delta:+.1f}"
