"""What a step changed, as every screen shows it: narration's sentences with the figures
beside them.

The words are narration's (:func:`bonds.narration.tell_step`, the export's own voice), so
the game has one renderer of events. This module adds only what prose leaves vague and the
player must see: each number or state that moved, signed and with its value now
(``Fen → Ash, trust +8 (now 31)``), and the reason when the sentence does not already give
it. A rules change the voice leaves untold still shows its figure; a pack's own story value
that its narration does not tell stays in the panel ("Story values"), since only the pack's
``narration.yaml`` knows whether a reader cares. Nothing here is HTML or Rich: the browser
and the terminal render the same view data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bonds.engine import Event, World
from bonds.narration import StepLine, tell_step
from bonds.rules.labels import event_label

from .names import Names, shown_reason, tone
from .numbers import DEFAULT_NUMBERS

__all__ = ["Change", "Figure", "changes_of", "figure_of"]

QUIET = frozenset({"game_started", "choice_made", "fight_action", "roll", "outcome_told",
                   "scene_entered", "ending_reached", "flag_changed"})
"""Kinds shown as beats (what was done, rolls, outcomes, scenes, the ending) or not at all
(flags are the story's private notes)."""

SUBJECT_KEYS = ("from", "to", "a", "b", "who", "whom", "character", "observer", "region",
                "faction", "foe", "target", "candidate", "mission", "place", "zone")
"""Fields that name what a figure is about, in the order they are named (an objective is
named by the sentence beside it, in the author's words)."""
FIELD_TABLES = {"observer": "observers", "faction": "observers", "region": "regions",
                "mission": "missions", "place": "places"}
"""The table a field's id is named from first (``harbour`` the region, not the faction)."""
THING_KEYS = {"resource": "resources", "item": "items"}
"""Fields that name the thing that moved (a resource, an item) and the table it is named
from: its figure is labelled with that name (``Stamina (Ada)``) rather than the event's kind."""


@dataclass(frozen=True, slots=True)
class Figure:
    """One thing that moved, e.g. ``Fen → Ash, trust`` ``+8 (now 31)``."""

    label: str
    """What moved."""
    change: str
    """By how much, or from what to what."""
    delta: int | None = None
    """The signed amount, when it is a number."""
    tone: str = ""
    """``good``, ``bad`` or ``""`` for the pair (see :func:`bonds.views.names.tone`)."""
    reason: str | None = None
    """Why, when the sentence beside it does not say."""


@dataclass(frozen=True, slots=True)
class Change:
    """One line of "What changed": a sentence of narration and its figures."""

    kind: str
    """The kind of the first event it tells, e.g. ``bond_changed``."""
    text: str
    """The sentence, or ``""`` for a change the narration leaves untold."""
    figures: tuple[Figure, ...] = ()
    """The numbers and states it moved."""


def changes_of(world: World, seed: int, events: Sequence[Event], names: Names,
               scene: str | None = None, start: int = 0,
               lines: Sequence[StepLine] | None = None,
               numbers: str = DEFAULT_NUMBERS) -> list[Change]:
    """Everything a step changed, in story order.

    Args:
        world: the pack.
        seed: the run's seed (narration's wording depends on it).
        events: the step's events.
        names: the pack's names.
        scene: the scene the step began in (its point of view tells the first events).
        start: the run index of the step's first event (so the words match the export).
        lines: narration's lines for these events, when already told.
        numbers: the numbers setting (see :mod:`.numbers`).
    """
    if lines is None:
        lines = tell_step(world, seed, events, 0).lines
    told_at = {line.events[0]: line for line in lines if line.events}
    covered = {i for line in lines for i in line.events}
    out: list[Change] = []
    said = ""
    for i, event in enumerate(events):
        line = told_at.get(i)
        if line is not None and (event.kind not in QUIET or line.place == "note"):
            said += " " + line.text
            figures = _figures([events[j] for j in line.events if j < len(events)], names,
                               said, numbers)
            text = line.text if line.place == "note" else ""  # prose is in the story above
            if text or figures:
                out.append(Change(event.kind, text, figures))
        elif i not in covered and event.kind not in QUIET and event.kind != "value_changed":
            figure = figure_of(event, names, "", numbers)
            if figure is None:
                continue
            last = out[-1] if out else None
            if last is not None and not last.text and len(last.figures) == 1 \
                    and last.figures[0].label == figure.label:
                # the same value moved again with nothing told between: one figure
                out[-1] = Change(last.kind, "", tuple(_summed([*last.figures, figure],
                                                               numbers)))
            else:
                out.append(Change(event.kind, "", (figure,)))
    return [c for c in out if c.text or c.figures]


def figure_of(event: Event, names: Names, said: str = "", numbers: str = "full"
              ) -> Figure | None:
    """The figure of one event, or None when nothing countable moved or the pack does not
    name what moved; in ``full`` the reason is kept unless ``said`` (the prose beside it)
    already gives it."""
    d = event.data
    delta = _int(d.get("delta"))
    old, new = d.get("old"), d.get("new")
    before, after = _int(old), _int(new)
    if delta is None and before is not None and after is not None:
        delta = after - before
    if delta is not None:
        if not delta:
            return None
        now = _int(d.get("new", d.get("value")))
        if numbers == "words":
            change = "rose" if delta > 0 else "fell"
        else:
            change = f"{delta:+d}" + (f" (now {now})" if now is not None and numbers == "full"
                                      else "")
    elif isinstance(new, str) and new and new != old:
        change = f"{_word(old, names)} → {_word(new, names)}" if old else _word(new, names)
    else:
        return None
    reason = d.get("reason")
    reason = shown_reason(str(reason)) if reason and str(reason) not in said \
        and numbers == "full" else None
    found = _label(event.kind, d, names)
    if found is None:
        return None  # the pack names it nowhere: not shown
    label, subject = found
    return Figure(label, change, delta, tone(subject, delta), reason)


def _figures(events: Sequence[Event], names: Names, said: str, numbers: str
             ) -> tuple[Figure, ...]:
    """The figures of the events one sentence tells; the same change both ways is one, and
    one value moved twice (a pair's shared tension, lowered by each one's opening up) is
    one figure with the two added up."""
    figures = _summed([f for f in (figure_of(e, names, said, numbers) for e in events)
                       if f is not None], numbers)
    if len(figures) == 2 and events[0].kind == "bond_changed" and len(events) == 2:
        a, b = figures
        d = events[0].data
        if a.delta == b.delta and a.reason == b.reason:
            pair = f"{names.of(str(d.get('from')))} ↔ {names.of(str(d.get('to')))}"
            each = a.change if numbers == "words" else f"{a.delta:+d} each"
            return (Figure(f"{pair}, {d.get('measure')}", each, a.delta, a.tone, a.reason),)
    return tuple(figures)


def _summed(figures: list[Figure], numbers: str) -> list[Figure]:
    """Figures of the same value added up, in the order each first came."""
    out: list[Figure] = []
    for f in figures:
        twin = next((i for i, g in enumerate(out) if g.label == f.label), None)
        if twin is None or f.delta is None or out[twin].delta is None:
            out.append(f)
            continue
        total = int(out[twin].delta or 0) + f.delta
        if not total:
            del out[twin]
            continue
        now = f.change.partition(" ")[2]  # "(now 7)" in full: the later figure's
        change = ("rose" if total > 0 else "fell") if numbers == "words" else \
            f"{total:+d}" + (f" {now}" if now else "")
        out[twin] = Figure(f.label, change, total, f.tone if (total > 0) == (f.delta > 0)
                           else out[twin].tone, out[twin].reason or f.reason)
    return out


def _label(kind: str, d: dict[str, Any], names: Names) -> tuple[str, str] | None:
    """What a figure is about and the words its tone is judged by, or None when the pack
    names it nowhere."""
    key = str(d.get("key", ""))
    if not key and kind == "bond_changed":  # an older event: its key from its fields
        a, b, measure = str(d.get("from")), str(d.get("to")), str(d.get("measure"))
        key = ".".join(("bond", *sorted((a, b)), measure) if measure == "tension"
                       else ("bond", a, b, measure))
    if key:
        label = names.label(key)
        return None if label is None else (label, f"{kind} {key}")
    thing = next((names.of(str(d[k]), table) for k, table in THING_KEYS.items()
                  if isinstance(d.get(k), str) and d[k] and names.known(str(d[k]))), None)
    what = thing or event_label(names.data, kind)
    if what is None:
        return None
    about = [_article(names.of(str(d[k]), FIELD_TABLES.get(k))) for k in SUBJECT_KEYS
             if isinstance(d.get(k), str) and d[k] and names.known(str(d[k]))]
    label = f"{what} ({', '.join(about)})" if about else what
    return label[:1].upper() + label[1:], f"{kind} {key}"


def _article(name: str) -> str:
    """``The Night Watch`` mid-label reads ``the Night Watch``."""
    return "the " + name[4:] if name.startswith("The ") else name


def _word(value: Any, names: Names) -> str:
    text = names.of(str(value))
    return text[:1].lower() + text[1:] if not names.known(str(value)) else text


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
