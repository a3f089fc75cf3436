"""The status panel as every screen shows it, read from the state's values by their
documented keys.

Bond measures live under ``bond.<from>.<to>.<measure>``; every other system keeps its values
under ``<system>.<id>…`` keys. What the player follows comes first (each of the pair's
resources, as the world names them, and injuries; the bonds, suspicion, infamy, attention,
standing, the missions with their objectives, the time); every other group is listed
generically under "more", so a new rules system shows up without a change here. Flags, visit
counts and the rules' own bookkeeping are hidden, and so is every value the pack does not
name (:mod:`bonds.rules.labels`; ``bonds check`` warns of them): a label is never a
humanised key. The pack's own story values, raw, are shown only with ``debug``.

What the rules compute (a pool and its maximum, a bond's stage, an objective's state, a
mission's clock) is asked of the rules functions directly, never looked up by name with a
fallback: a renamed or failing rule stops the panel loudly.

What the panel makes of a key (hidden or not, its group, its label, whose it is) depends on
the key and the pack alone, never on the state: it is worked out once per world and kept
with it (``World.derived``), as is the sorted layout of each set of keys a run's states
have, so a page only reads the values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bonds.engine import Ctx, State, Value, World
from bonds.rules import bond, health, missions
from bonds.rules.labels import HIDDEN, group_label

from .names import Names, humanize, tone

__all__ = ["BondView", "Group", "Meter", "MissionView", "PanelView", "PersonView",
           "panel_of"]

BARS = frozenset({"suspicion", "infamy", "attention"})
"""Groups whose values are out of 100 and shown as bars (bond measures are too)."""
PERSONAL = frozenset({"injury"})
"""Key prefixes shown with each of the pair rather than in their own group (each of the
world's resources is too)."""
TITLES = {"objective": "Objectives"}
"""Group headings of the panel's own (the rest are the pack's labels)."""
ORDER = ("injury", "injuries", "suspicion", "infamy", "attention", "objective", "standing",
         "cover")
"""The groups shown up front, in this order, after the world's resources; the rest follow
under "more", alphabetically."""
MISSION_STATES = frozenset({"active", "succeeded", "failed", "abandoned"})
"""States of a mission taken on; such a mission is shown with its objectives."""


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
    """One direction of a bond and its measures, or the pair's shared ones."""

    title: str
    """``Ada → Bo``, or ``Ada and Bo`` for what the pair shares."""
    meters: tuple[Meter, ...]
    """Trust, ease, coordination… in the pack's order; the pair's: its tension."""
    stage: str | None = None
    """The pair's stage as the world names it (``bond_stages:``; else ``Thaw``…): shown
    once, with what the pair shares."""


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
    """One of the pair: their resources and injuries."""

    name: str
    """The character's name."""
    resources: tuple[Meter, ...]
    """Each of the world's resources the character has a pool of, in the world's order:
    labelled with its name, ``45 / 60`` with a bar."""
    injuries: tuple[str, ...]
    """Each injury as ``Ribs: cracked``."""


@dataclass(frozen=True, slots=True)
class MissionView:
    """A mission taken on: its state, its clock and each objective's state."""

    key: str
    """The mission's id."""
    name: str
    """Its name."""
    state: str
    """``Active``, ``Succeeded``…"""
    days_left: int | None
    """Days before its clock runs out, while it is active."""
    objectives: tuple[Meter, ...]
    """Each objective's text and state (``open``, ``done``…)."""


@dataclass(frozen=True, slots=True)
class PanelView:
    """Everything the side panel shows."""

    people: tuple[PersonView, ...]
    """The pair (everyone with a bond): resources and injuries."""
    bonds: tuple[BondView, ...]
    """Each bond direction."""
    groups: tuple[Group, ...]
    """Resources (of those outside the pair), suspicion, infamy, attention, standing, the
    cover: what the player follows."""
    time: str | None
    """``Day 2, 14:00`` when the pack keeps time."""
    story: tuple[Meter, ...]
    """The pack's own qualities by their bare ids: only in the debug view, else empty."""
    missions: tuple[MissionView, ...] = ()
    """The missions taken on, with their objectives."""
    more: tuple[Group, ...] = ()
    """Every other system's values (camp, seals, wards, memories…)."""


def panel_of(world: World, state: State, names: Names, previous: State | None = None,
             debug: bool = False, numbers: str = "full") -> PanelView:
    """The panel for ``state``; with ``previous``, each meter says what the last step moved;
    with ``debug``, the pack's raw story values too; with ``numbers="words"``, a measure out
    of 100 (trust, tension, suspicion...) as a word beside its bar, a pool as how full it
    is, and no figure for the last change (what changed says it in words)."""
    return _panel(world, state, names, previous, debug, numbers == "words")


def _measure_word(percent: int) -> str:
    return ("barely any" if percent < 15 else "a little" if percent < 35 else
            "some" if percent < 55 else "a good deal" if percent < 75 else "a great deal")


def _pool_word(percent: int) -> str:
    return ("spent" if percent <= 0 else "low" if percent < 35 else
            "about half" if percent < 60 else "most" if percent < 95 else "full")


@dataclass(frozen=True, slots=True)
class _Key:
    """What the panel makes of one value key whatever its value: it depends only on the key
    and the pack, so it is worked out once per world (:func:`_keys`)."""

    kind: str
    """``hidden`` (never listed), ``row`` (a row of the group ``head``), ``objective`` (a
    row of the objectives), ``bond`` and ``tension`` (a bond measure), ``story`` (a story
    value, in debug only) or ``unnamed`` (the pack names it nowhere: not shown)."""
    head: str
    """The key's first part: its group."""
    label: str = ""
    """The row's label (a bond measure's: the measure)."""
    owner: str | None = None
    """The character it belongs to, for a key of theirs the panel shows with the person when
    they are of the pair (a resource, an injury)."""
    mission: str | None = None
    """The mission it belongs to, for a key shown with the mission once it is taken on."""
    injury: str | None = None
    """For an injury of ``owner``: the injury's name."""
    pair: tuple[str, str] = ("", "")
    """For a bond measure, the direction (``tension``: the pair, sorted)."""
    both: tuple[str, str] = ("", "")
    """For a bond measure, the pair, sorted (every pair with a measure shows its stage)."""
    bar: bool = False
    """Whether a number is shown as a bar (a measure out of 100)."""
    bonded: tuple[str, ...] = ()
    """For a ``bond.`` key, the ids of the bond (who the pair is: :func:`_pair`)."""


@dataclass(slots=True)
class _Keys:
    """The panel's reading of the keys and groups seen so far in one world."""

    data: dict[str, Any]
    """The world's data it was read from (a world copied with other data reads afresh)."""
    pools: tuple[str, ...]
    """The world's resources, in its order."""
    keys: dict[str, _Key]
    """Each value key seen, by key."""
    titles: dict[str, str]
    """Each group's heading, by head."""
    layouts: dict[tuple[str, ...], _Layout]
    """The layout of the latest value tables, by their keys (see :func:`_layout`)."""


_Layout = tuple[tuple[tuple[str, _Key], ...], tuple[str, ...]]
"""The keys a value table's panel may show, sorted, each with what it is; and the pair."""
LAYOUTS_KEPT = 512
"""Layouts kept per world at most: a run's states mostly share their keys, so a few per run."""


def _keys(world: World) -> _Keys:
    """The world's :class:`_Keys`, kept with the world (``World.derived``): labels and
    headings are the pack's, the same on every page."""
    found: _Keys | None = world.derived.get("views.panel")
    if found is None or found.data is not world.data:
        found = world.derived["views.panel"] = _Keys(
            world.data, tuple(world.data.get("resources", {})), {}, {}, {})
    return found


def _layout(world: World, names: Names, known: _Keys, values: dict[str, Value]) -> _Layout:
    """What the panel makes of the keys of ``values`` (hidden ones left out), in key order,
    and who the pair is (:func:`_pair`): it depends on the keys alone, and a step adds a key
    far less often than it changes a value, so it is worked out once per set of keys (by
    their order in the table, which a step keeps)."""
    keys = tuple(values)
    found = known.layouts.get(keys)
    if found is not None:
        return found
    seen = known.keys
    for key in keys:
        if key not in seen:
            seen[key] = _key(world, names, known.pools, key)
    rows = tuple((key, seen[key]) for key in sorted(keys) if seen[key].kind != "hidden")
    found = (rows, _pair(world, {p for key in keys for p in seen[key].bonded}))
    if len(known.layouts) >= LAYOUTS_KEPT:
        known.layouts.clear()  # start afresh: the runs under way soon fill it again
    known.layouts[keys] = found
    return found


def _key(world: World, names: Names, pools: tuple[str, ...], key: str) -> _Key:
    """What the panel makes of ``key`` (see :class:`_Key`)."""
    parts = key.split(".")
    head = parts[0]
    if head in HIDDEN or head.startswith("_"):
        return _Key("hidden", head)
    bonded = tuple(parts[1:3]) if head == "bond" else ()
    owner = parts[1] if len(parts) >= 2 and (head in PERSONAL or head in pools) else None
    mission = parts[1] if len(parts) >= 2 and head in ("mission", "objective") else None
    injury = names.of(key[len(f"{head}.{owner}."):]) if head == "injury" and owner \
        and len(parts) >= 3 else None
    if head == "objective" and len(parts) == 3:
        label = _objective(world, parts[1], parts[2])
        return _Key("unnamed" if label is None else "objective", head, label or "", owner,
                    mission, injury, bonded=bonded)
    if head == "bond" and len(parts) == 4:
        a, b = sorted(parts[1:3])
        if parts[3] == bond.TENSION:  # the pair's, one value both ways
            return _Key("tension", head, parts[3], owner, mission, injury, (a, b), (a, b),
                        True, bonded)
        return _Key("bond", head, parts[3], owner, mission, injury, (parts[1], parts[2]),
                    (a, b), True, bonded)
    if len(parts) == 1:
        return _Key("hidden" if key in {"day", "hour"} else "story", head, key, owner,
                    mission, injury)
    if head in pools:  # a pool of someone outside the pair, under the pool's name
        known = all(names.known(p) for p in parts[1:])
        label = ", ".join(names.of(p) for p in parts[1:]) if known else None
    else:
        label = names.label(key)
    if label is None:
        return _Key("unnamed", head, "", owner, mission, injury, bonded=bonded)
    return _Key("row", head, _row(label, group_label(world.data, head)), owner, mission,
                injury, bar=head in BARS, bonded=bonded)


def _panel(world: World, state: State, names: Names, previous: State | None,
           debug: bool, words: bool) -> PanelView:
    bonds: dict[tuple[str, str], list[Meter]] = {}
    pairs: dict[tuple[str, str], list[Meter]] = {}
    groups: dict[str, list[Meter]] = {}
    injuries: dict[str, list[str]] = {}
    story: list[Meter] = []
    values = state.values
    ctx = _reader(world, state)
    known = _keys(world)
    pools = known.pools
    rows, cast = _layout(world, names, known, values)
    taken = _missions(world, ctx, names, state.ending is not None)
    shown = {m.key for m in taken}
    before = previous.values if previous is not None else values
    for key, row in rows:
        kind = row.kind
        value = values[key]
        if row.owner is not None and row.owner in cast:  # shown with the person
            if row.injury is not None and value not in ("", False, 0):
                injuries.setdefault(row.owner, []).append(
                    f"{row.injury}: {names.of(str(value)).lower()}")
            continue
        if row.mission is not None and row.mission in shown:
            continue  # shown with the mission
        if kind == "unnamed":
            continue  # the pack names it nowhere: never a made-up label
        delta = _delta(value, before.get(key, 0))
        if kind == "row":
            if value is False:
                continue  # a state not reached (no debt, no fire) is not news
            groups.setdefault(row.head, []).append(
                _meter(row.label, value, row.bar, delta, key, names, words))
        elif kind == "bond" or kind == "tension":
            meter = _meter(row.label, value, True, delta, key, None, words)
            pair = pairs.setdefault(row.both, [])
            if kind == "tension":  # the pair's, one value both ways
                pair.append(meter)
            else:
                bonds.setdefault(row.pair, []).append(meter)
        elif kind == "objective":
            groups.setdefault(row.head, []).append(
                _meter(row.label, value, False, delta, key, None, words))
        elif kind == "story" and debug:
            story.append(_meter(key, value, False, delta, key))
    earlier = None if previous is None else _reader(world, previous)
    order = (*pools, *ORDER)
    titles = known.titles
    return PanelView(
        people=tuple(_person(c, ctx, earlier, pools, names, tuple(injuries.get(c, ())), words)
                     for c in cast),
        bonds=(*(BondView(f"{names.of(a)} → {names.of(b)}",
                          tuple(sorted(m, key=_measure_order)))
                 for (a, b), m in bonds.items()),
               *(BondView(f"{names.of(a)} and {names.of(b)}", tuple(m),
                          _stage_name(world, bond.stage(ctx, a, b)))
                 for (a, b), m in pairs.items())),
        groups=tuple(_group(g, groups, names, titles) for g in order if g in groups),
        time=_time(state),
        story=tuple(story),
        missions=taken,
        more=tuple(_group(g, groups, names, titles) for g in sorted(groups) if g not in order),
    )


def _reader(world: World, state: State) -> Ctx:
    """A context that reads ``state`` (its values read-only) for the rules functions."""
    return Ctx(world, state.values, state.rng, state.scene)


def _group(key: str, groups: dict[str, list[Meter]], names: Names,
           titles: dict[str, str]) -> Group:
    title = titles.get(key)
    if title is None:  # the pack's heading, the same on every page: read once
        title = titles[key] = (TITLES.get(key) or group_label(names.data, key)
                               or names.of(key, "resources"))
    return Group(key, title, tuple(groups[key]))


def _row(label: str, group: str | None) -> str:
    """A row under its group's heading drops the heading's words: ``Suspicion (the Watch)``
    under "Suspicion" reads ``the Watch``."""
    if group and label.startswith(f"{group} (") and label.endswith(")"):
        return label[len(group) + 2:-1]
    return label


def _missions(world: World, ctx: Ctx, names: Names, ended: bool) -> tuple[MissionView, ...]:
    """Every mission taken on, with its objectives' states (as the mission rules read them)."""
    out = []
    for key, record in world.data.get("missions", {}).items():
        status = ctx.values.get(f"mission.{key}.state")
        if status not in MISSION_STATES:
            continue
        rows = []
        for goal in getattr(record, "objectives", ()) or ():
            now = missions.objective(ctx, key, goal.id)
            text = getattr(goal, "text", "")
            if text:  # an objective is named by its text, never by its id
                rows.append(Meter(str(text), now, tone=_goal_tone(now)))
        # The mission's clock ends with the story: no days are left to count after an ending.
        left = missions.days_left(ctx, key) if status == "active" and not ended else None
        out.append(MissionView(key, names.of(key), humanize(str(status)), left, tuple(rows)))
    return tuple(out)


def _goal_tone(state: str) -> str:
    return {"done": "good", "failed": "bad"}.get(state, "")


def _pair(world: World, bonded: set[str]) -> tuple[str, ...]:
    """Whose resources and injuries the panel shows: everyone with a bond (the pair,
    ``bonded``), in the manifest's order; without bonds, the manifest's characters."""
    listed = tuple(world.manifest.characters)
    if not bonded:
        return listed
    return tuple(c for c in listed if c in bonded) + tuple(sorted(bonded - set(listed)))


def _person(who: str, ctx: Ctx, before: Ctx | None, pools: tuple[str, ...],
            names: Names, injuries: tuple[str, ...], words: bool) -> PersonView:
    """``who``'s resources (as the health rules count them; in ``words``, how full) and
    ``injuries``."""
    meters = []
    for r in pools:
        most = health.resource_max(ctx, who, r)
        if most <= 0:
            continue
        now = health.resource(ctx, who, r)
        delta = None if before is None else now - health.resource(before, who, r)
        percent = max(0, min(100, now * 100 // most))
        meters.append(Meter(names.of(r, "resources"),
                            _pool_word(percent) if words else f"{now} / {most}", percent,
                            None if words else delta or None, tone(r, delta)))
    return PersonView(names.of(who), tuple(meters), injuries)


def _objective(world: World, mission: str, objective: str) -> str | None:
    """An objective's text as its mission gives it (None: it has none, and is not shown)."""
    record = world.data.get("missions", {}).get(mission)
    for o in getattr(record, "objectives", ()) or ():
        if getattr(o, "id", None) == objective and getattr(o, "text", None):
            return str(o.text)
    return None


def _measure_order(meter: Meter) -> tuple[int, str]:
    order = ("trust", "ease", "coordination", "openness", "tension")
    return (order.index(meter.label) if meter.label in order else len(order), meter.label)


def _stage_name(world: World, stage: str) -> str | None:
    """How the world names a stage of the bond (``bond_stages:`` in world.yaml), else the
    stage's own name."""
    named = world.data.get("bond_stages", {}).get(stage)
    return str(named)[:1].upper() + str(named)[1:] if named else _text(stage)


def _text(value: Value | None) -> str | None:
    return humanize(value) if isinstance(value, str) and value else None


def _delta(value: Value, before: Value) -> int | None:
    if isinstance(value, bool) or isinstance(before, bool):
        return None
    if isinstance(value, int) and isinstance(before, int) and value != before:
        return value - before
    return None


def _meter(label: str, value: Value, bar: bool = False, delta: int | None = None,
           key: str = "", names: Names | None = None, words: bool = False) -> Meter:
    """A row; in ``words``, a bar's value as a word and no figure for its change."""
    if isinstance(value, bool):
        return Meter(label, "yes" if value else "no")
    if isinstance(value, int):
        percent = value if bar and 0 <= value <= 100 else None
        if words and percent is not None:
            return Meter(label, _measure_word(percent), percent, None, tone(key, delta))
        return Meter(label, str(value), percent, delta, tone(key, delta))
    return Meter(label, names.of(value) if names is not None else humanize(value))


def _time(state: State) -> str | None:
    if "day" not in state.values and "hour" not in state.values:
        return None
    day = state.values.get("day", 0)
    hour = state.values.get("hour", 0)
    return f"Day {day}, {int(hour):02d}:00" if isinstance(hour, int) else f"Day {day}"
