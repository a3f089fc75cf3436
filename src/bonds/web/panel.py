"""The status panel as view data, read from the state's values by their documented keys.

Bond measures live under ``bond.<from>.<to>.<measure>``; every other system keeps its values
under ``<system>.<id>…`` keys. Known groups get their own section (bonds, suspicion,
infamy, time); every other group is listed generically, so a new rules system shows up
without a change here. Flags and visit counts are the story's private notes and are hidden.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bonds.engine import Ctx, State, Value, World
from bonds.rules import FUNCTIONS

from .names import Names, humanize, tone

__all__ = ["BondView", "Group", "Meter", "PanelView", "PersonView", "panel_of"]

HIDDEN = frozenset({"flag", "seen", "fight"})
"""Key prefixes never listed in the panel (fights have their own view)."""
BARS = frozenset({"suspicion", "infamy", "attention"})
"""Groups whose values are out of 100 and shown as bars (bond measures are too)."""
PERSONAL = frozenset({"chakra", "injury"})
"""Key prefixes shown with each of the pair rather than in their own group."""
TITLES = {"objective": "Objectives", "suspicion": "Suspicion", "infamy": "Infamy"}
"""Group headings that read better than the key prefix."""
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
    delta: int | None = None
    """How much the latest step moved it, when it did."""
    tone: str = ""
    """``good``, ``bad`` or ``""``: how that move reads for the pair."""


@dataclass(frozen=True, slots=True)
class BondView:
    """One direction of a bond and its measures."""

    title: str
    """``Ada → Bo``."""
    meters: tuple[Meter, ...]
    """Trust, ease, coordination… in the pack's order."""
    stage: str | None = None
    """The bond's named stage (``thaw``…), when the rules name one."""


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
class PersonView:
    """One of the pair: chakra and injuries."""

    name: str
    """The character's name."""
    chakra: Meter | None
    """``45 / 60`` with a bar, when the rules keep chakra."""
    injuries: tuple[str, ...]
    """Each injury as ``Ribs: cracked``."""


@dataclass(frozen=True, slots=True)
class PanelView:
    """Everything the side panel shows."""

    people: tuple[PersonView, ...]
    """The pair (everyone with a bond): chakra and injuries."""
    bonds: tuple[BondView, ...]
    """Each bond direction."""
    groups: tuple[Group, ...]
    """Chakra, injuries, suspicion, infamy… and any other system's values."""
    time: str | None
    """``Day 2, 14:00`` when the pack keeps time."""
    story: tuple[Meter, ...]
    """The pack's own qualities (bare names)."""


def panel_of(world: World, state: State, names: Names, previous: State | None = None
             ) -> PanelView:
    """The panel for ``state``; with ``previous``, each meter says what the last step moved."""
    bonds: dict[tuple[str, str], list[Meter]] = {}
    groups: dict[str, list[Meter]] = {}
    story: list[Meter] = []
    ask = _asker(world, state)
    cast = _pair(world, state)
    for key in sorted(state.values):
        value = state.values[key]
        before = previous.values.get(key, 0) if previous is not None else value
        delta = _delta(value, before)
        parts = key.split(".")
        head = parts[0]
        if head in HIDDEN or head.startswith("_"):
            continue
        if head in PERSONAL and len(parts) >= 2 and parts[1] in cast:
            continue  # shown with the person
        if head == "objective" and len(parts) == 3:
            label = _objective(world, parts[1], parts[2], names)
            groups.setdefault(head, []).append(_meter(label, value, False, delta, key))
        elif head == "bond" and len(parts) == 4:
            meter = _meter(parts[3], value, True, delta, key)
            bonds.setdefault((parts[1], parts[2]), []).append(meter)
        elif len(parts) == 1:
            if key not in {"day", "hour"}:
                story.append(_meter(humanize(key), value, False, delta, key))
        else:
            label = " ".join(names.of(p) for p in parts[1:])
            groups.setdefault(head, []).append(_meter(label, value, head in BARS, delta, key))
    ordered = [g for g in ORDER if g in groups] + sorted(g for g in groups if g not in ORDER)
    return PanelView(
        people=tuple(_person(c, state, previous, names, ask) for c in cast),
        bonds=tuple(BondView(f"{names.of(a)} → {names.of(b)}",
                             tuple(sorted(m, key=_measure_order)),
                             _text(ask("stage", a, b)))
                    for (a, b), m in bonds.items()),
        groups=tuple(Group(g, TITLES.get(g, humanize(g)), tuple(groups[g])) for g in ordered),
        time=_time(state),
        story=tuple(story),
    )


def _asker(world: World, state: State) -> Callable[..., Value | None]:
    """Ask a read-only pack function (``chakra``, ``stage``…) about ``state``; None when the
    rules offer no such function or it refuses."""
    ctx = Ctx(world, state.values, state.rng, state.scene)

    def ask(name: str, *args: str) -> Value | None:
        fn = FUNCTIONS.get(name)
        if fn is None or fn.is_effect:
            return None
        try:
            result = fn.impl(ctx, *args)
        except Exception:  # a panel must never stop play  # noqa: BLE001
            return None
        return result if isinstance(result, int | str | bool) else None

    return ask


def _pair(world: World, state: State) -> tuple[str, ...]:
    """Whose chakra and injuries the panel shows: everyone with a bond (the pair), in the
    manifest's order; without bonds, the manifest's characters."""
    bonded = {p for key in state.values if key.startswith("bond.")
              for p in key.split(".")[1:3]}
    listed = tuple(world.manifest.characters)
    if not bonded:
        return listed
    return tuple(c for c in listed if c in bonded) + tuple(sorted(bonded - set(listed)))


def _person(who: str, state: State, previous: State | None, names: Names,
            ask: Callable[..., Value | None]) -> PersonView:
    now, most = ask("chakra", who), ask("chakra_max", who)
    chakra = None
    if isinstance(now, int) and isinstance(most, int) and not isinstance(now, bool) and most > 0:
        before = ask_before(previous, f"chakra.{who}", now)
        delta = now - before if before != now else None
        chakra = Meter("chakra", f"{now} / {most}", max(0, min(100, now * 100 // most)), delta,
                       tone("chakra", delta))
    prefix = f"injury.{who}."
    injuries = tuple(f"{names.of(k[len(prefix):])}: {names.of(str(v)).lower()}"
                     for k, v in sorted(state.values.items())
                     if k.startswith(prefix) and v not in ("", False, 0))
    return PersonView(names.of(who), chakra, injuries)


def ask_before(previous: State | None, key: str, now: int) -> int:
    """A number in the previous state (``now`` when unknown, so no change is shown)."""
    if previous is None or key not in previous.values:
        return now
    value = previous.values[key]
    return value if isinstance(value, int) and not isinstance(value, bool) else now


def _objective(world: World, mission: str, objective: str, names: Names) -> str:
    record = world.data.get("missions", {}).get(mission)
    for o in getattr(record, "objectives", ()) or ():
        if getattr(o, "id", None) == objective and getattr(o, "text", None):
            return str(o.text)
    return f"{names.of(mission)}: {names.of(objective)}"


def _measure_order(meter: Meter) -> tuple[int, str]:
    order = ("trust", "ease", "coordination", "openness", "tension")
    return (order.index(meter.label) if meter.label in order else len(order), meter.label)


def _text(value: Value | None) -> str | None:
    return humanize(value) if isinstance(value, str) and value else None


def _delta(value: Value, before: Value) -> int | None:
    if isinstance(value, bool) or isinstance(before, bool):
        return None
    if isinstance(value, int) and isinstance(before, int) and value != before:
        return value - before
    return None


def _meter(label: str, value: Value, bar: bool = False, delta: int | None = None,
           key: str = "") -> Meter:
    if isinstance(value, bool):
        return Meter(label, "yes" if value else "no")
    if isinstance(value, int):
        return Meter(label, str(value), value if bar and 0 <= value <= 100 else None, delta,
                     tone(key, delta))
    return Meter(label, humanize(value))


def _time(state: State) -> str | None:
    if "day" not in state.values and "hour" not in state.values:
        return None
    day = state.values.get("day", 0)
    hour = state.values.get("hour", 0)
    return f"Day {day}, {int(hour):02d}:00" if isinstance(hour, int) else f"Day {day}"
