"""The choices on offer, as every screen shows them: whose choice it is, each label, the
odds and what each will change, as much of it as the numbers setting shows
(:mod:`.numbers`).

For a scene choice the chance is the engine's own (:func:`bonds.engine.check_chance`, the
figure the roll will use). The changes come from the preview the caller passes: the
engine's (:func:`bonds.engine.preview.preview`) on both screens, each side of the roll
exactly what the step will do when the roll falls that way, in whole numbers. In ``words``
only hints are shown, and of a rolled choice only what success brings (so a key → amount
preview of the success side, :func:`bonds.engine.preview.preview_success`, is enough). A
value the pack does not name is not shown at all. Fight actions are described by the fight
rules (see :mod:`bonds.views.fight`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bonds.engine import Chance, Ctx, State, World, check_chance

from .fight import describe_fight_action
from .names import Names, shown_reason, tone
from .numbers import DEFAULT_NUMBERS, hint, odds_words

__all__ = ["ChoiceView", "Expected", "Preview", "choices_of", "viewpoint"]

Preview = Callable[[World, State, str], Any]
"""A preview function: ``(world, state, action)`` to the expected changes (the engine's
``Preview``, or a key → amount mapping)."""


@dataclass(frozen=True, slots=True)
class Expected:
    """One change a choice will make, e.g. ``Ada → Bo, trust +2`` (``brief`` and ``full``)."""

    text: str
    """What will move and, without a roll, by how much."""
    delta: int
    """The change if the roll succeeds (or the change, without a roll)."""
    detail: str | None = None
    """Each side of the roll: ``+4 if it succeeds, -2 if not`` (or ``+4 if it succeeds``)."""
    reasons: tuple[str, ...] = ()
    """The reasons the rules give for the change (``full`` only)."""
    tone: str = ""
    """``good``, ``bad`` or ``""`` for the pair, by the change on success."""


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
    """What it will change, in numbers (``brief`` and ``full``)."""
    cost: str | None = None
    """What it costs (a fight action's share of the technique pool)."""
    odds: str | None = None
    """The chance as the setting shows it: ``likely``, or ``62% chance``."""
    parts: tuple[tuple[str, int], ...] = ()
    """What makes up the chance (``full`` only)."""
    hints: tuple[str, ...] = ()
    """What it will change, in the characters' terms (``words`` only)."""


def viewpoint(world: World, state: State, names: Names) -> str | None:
    """Whose choice it is, ``As Bo``: the scene's point of view, when it has one (a
    fight's actions name their own actor)."""
    scene = world.scenes.get(state.scene)
    pov = getattr(scene, "pov", None) if scene is not None else None
    if not pov or state.values.get("fight.id") or not names.known(str(pov)):
        return None
    return f"As {names.of(str(pov))}"


def choices_of(world: World, state: State, actions: Iterable[str], names: Names,
               preview: Preview | None = None, numbers: str = DEFAULT_NUMBERS
               ) -> list[ChoiceView]:
    """The views of ``actions`` (the legal actions of ``state``), in order, as the
    ``numbers`` setting shows them; each scene choice's changes from ``preview`` (none
    without one)."""
    views: list[ChoiceView] = []
    scene = world.scenes.get(state.scene)
    for n, action in enumerate(actions, 1):
        choice = scene.choice_by_action.get(action) if scene else None
        if choice is None:
            # A fight action: its odds and cost come from the fight rules. No preview: a
            # forced preview would play out the foes' whole round twice per action.
            fight = describe_fight_action(world, state, action)
            views.append(ChoiceView(n, action, fight.label, fight.chance, (), fight.cost,
                                    *_odds(fight.chance, numbers)))
            continue
        chance = None
        if choice.check is not None:
            chance = check_chance(Ctx(world, state.values, state.rng, state.scene), choice.check)
        odds, parts = _odds(chance, numbers)
        changes = _changes(world, state, action, preview)
        if numbers == "words":
            # Only what success brings: what a failure would do is not given away.
            hints = tuple(h for h in (hint(key, up, names) for key, up, _, _ in changes) if h)
            if chance is not None:
                hints = tuple(f"If it works: {h}" for h in hints)
            views.append(ChoiceView(n, action, choice.label, chance, (), None, odds, (),
                                    tuple(dict.fromkeys(hints))))
            continue
        expected = tuple(_expected(changes, chance is not None, names, numbers == "full"))
        views.append(ChoiceView(n, action, choice.label, chance, expected, None, odds, parts))
    return views


def _odds(chance: Chance | None, numbers: str) -> tuple[str | None, tuple[tuple[str, int], ...]]:
    if chance is None:
        return None, ()
    if numbers == "words":
        return odds_words(chance.percent), ()
    parts = tuple(chance.parts) if numbers == "full" else ()
    return f"{chance.percent}% chance", parts


Side = tuple[str, int, int, tuple[str, ...]]
"""One value a choice moves: its key, the change on success and on failure, the reasons."""


def _changes(world: World, state: State, action: str, preview: Preview | None
             ) -> list[Side]:
    """The preview's changes, each side in whole numbers (a key → amount mapping is one
    change without a roll)."""
    if preview is None:
        return []
    result = preview(world, state, action)
    items = getattr(result, "changes", result)
    if isinstance(items, dict):
        return [(str(k), int(v), int(v), ()) for k, v in items.items() if v]
    out: list[Side] = []
    for item in items or ():
        up, down = getattr(item, "on_success", 0), getattr(item, "on_failure", 0)
        if up or down:
            out.append((str(item.key), int(up), int(down),
                        tuple(shown_reason(str(r)) for r in getattr(item, "reasons", ()))))
    return out


def _expected(changes: list[Side], rolled: bool, names: Names, full: bool
              ) -> Iterable[Expected]:
    for key, up, down, reasons in changes:
        label = names.label(key)
        if label is None:
            continue  # a value the pack does not name is never shown
        why = reasons if full else ()
        if not rolled or up == down:
            yield Expected(f"{label} {up:+d}", up, None, why, tone(key, up))
            continue
        sides = [f"{up:+d} if it succeeds" if up else "nothing if it succeeds",
                 f"{down:+d} if not" if down else "nothing if not"]
        yield Expected(label, up, ", ".join(sides), why, tone(key, up or -down))
