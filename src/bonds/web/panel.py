"""The status panel as view data, read from the state's values by their documented keys.

Bond measures live under ``bond.<from>.<to>.<measure>``; every other system keeps its values
under ``<system>.<id>…`` keys. Known groups get their own section (bonds, suspicion,
infamy, time); every other group is listed generically, so a new rules system shows up
without a change here. Flags and visit counts are the story's private notes and are hidden.
"""

from __future__ import annotations

from dataclasses import dataclass

from bonds.engine import State, Value, World

from .names import Names, humanize

__all__ = ["BondView", "Group", "Meter", "PanelView", "panel_of"]

HIDDEN = frozenset({"flag", "seen", "fight"})
"""Key prefixes never listed in the panel (fights have their own view)."""
BARS = frozenset({"suspicion", "infamy", "attention"})
"""Groups whose values are out of 100 and shown as bars (bond measures are too)."""
ORDER = ("chakra", "injury", "injuries", "suspicion", "infamy", "attention", "objective",
         "standing")
"""The order of the generic groups that come first; the rest follow alphabetically."""


@dataclass(frozen=True, slots=True)
class Meter:
    """One labelled value, e.g. ``trust 42``."""

    label: str
    """What it measures."""
    value: str
    """Its value as shown."""
    percent: int | None = None
    """0-100 for a bar, when the value is a measure out of 100."""


@dataclass(frozen=True, slots=True)
class BondView:
    """One direction of a bond and its measures."""

    title: str
    """``Ada → Bo``."""
    meters: tuple[Meter, ...]
    """Trust, ease, coordination… in the pack's order."""


@dataclass(frozen=True, slots=True)
class Group:
    """A section of the panel."""

    key: str
    """The key prefix it shows (e.g. ``suspicion``), also its HTML id."""
    title: str
    """Its heading."""
    meters: tuple[Meter, ...]
    """Its rows."""


@dataclass(frozen=True, slots=True)
class PanelView:
    """Everything the side panel shows."""

    bonds: tuple[BondView, ...]
    """Each bond direction."""
    groups: tuple[Group, ...]
    """Chakra, injuries, suspicion, infamy… and any other system's values."""
    time: str | None
    """``Day 2, 14:00`` when the pack keeps time."""
    story: tuple[Meter, ...]
    """The pack's own qualities (bare names)."""


def panel_of(world: World, state: State, names: Names) -> PanelView:
    """The panel for ``state``."""
    bonds: dict[tuple[str, str], list[Meter]] = {}
    groups: dict[str, list[Meter]] = {}
    story: list[Meter] = []
    for key in sorted(state.values):
        value = state.values[key]
        parts = key.split(".")
        head = parts[0]
        if head in HIDDEN or head.startswith("_"):
            continue
        if head == "bond" and len(parts) == 4:
            bonds.setdefault((parts[1], parts[2]), []).append(_meter(parts[3], value, True))
        elif len(parts) == 1:
            if key not in {"day", "hour"}:
                story.append(_meter(humanize(key), value))
        else:
            label = " ".join(names.of(p) for p in parts[1:])
            groups.setdefault(head, []).append(_meter(label, value, head in BARS))
    ordered = [g for g in ORDER if g in groups] + sorted(g for g in groups if g not in ORDER)
    return PanelView(
        bonds=tuple(BondView(f"{names.of(a)} → {names.of(b)}", tuple(m))
                    for (a, b), m in bonds.items()),
        groups=tuple(Group(g, humanize(g), tuple(groups[g])) for g in ordered),
        time=_time(state),
        story=tuple(story),
    )


def _meter(label: str, value: Value, bar: bool = False) -> Meter:
    if isinstance(value, bool):
        return Meter(label, "yes" if value else "no")
    if isinstance(value, int):
        return Meter(label, str(value), value if bar and 0 <= value <= 100 else None)
    return Meter(label, humanize(value))


def _time(state: State) -> str | None:
    if "day" not in state.values and "hour" not in state.values:
        return None
    day = state.values.get("day", 0)
    hour = state.values.get("hour", 0)
    return f"Day {day}, {int(hour):02d}:00" if isinstance(hour, int) else f"Day {day}"
