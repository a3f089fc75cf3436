"""What a step showed, as view data: the prose passed through, every change with its reason.

Events are the truth; this module turns them into *beats* (what the reader reads, in order:
what was done, each roll, the outcome, the scenes entered, the ending) and *changes* (every
other event: bond, suspicion, infamy, chakra…, each with its reason). Nothing here is HTML
or Rich: the browser and the terminal render the same view data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from bonds.engine import Event, World

from .fight import fight_label
from .names import Names, tone

__all__ = ["Beat", "Change", "Passage", "Roll", "beats_of", "changes_of", "describe"]

QUIET = frozenset({"game_started", "choice_made", "fight_action", "roll", "outcome_told",
                   "scene_entered", "ending_reached", "flag_changed"})
"""Event kinds shown as beats or not shown at all (flags are the story's private notes)."""


@dataclass(frozen=True, slots=True)
class Passage:
    """A scene entered: its heading and the paragraphs shown."""

    scene: str
    """The scene's id."""
    title: str | None
    """The scene's heading, if the author gave one."""
    act: int
    """The act (chapter) it belongs to."""
    pov: str | None
    """The name of the character whose eyes tell it."""
    paragraphs: tuple[str, ...]
    """The prose blocks whose conditions held on entry."""


@dataclass(frozen=True, slots=True)
class Roll:
    """A roll as the player sees it."""

    what: str
    """The choice's label (or the action id when it has none)."""
    chance: int
    """The chance in percent."""
    value: int
    """The number rolled, 1-100; success at or under the chance."""
    success: bool
    """Whether it succeeded."""
    parts: tuple[tuple[str, int], ...]
    """What made up the chance."""


@dataclass(frozen=True, slots=True)
class Beat:
    """One thing the reader reads, in story order."""

    kind: str
    """``did``, ``roll``, ``outcome``, ``passage`` or ``ending``."""
    text: str = ""
    """The prose of a ``did``/``outcome`` beat, or the ending's summary."""
    title: str = ""
    """The ending's title."""
    roll: Roll | None = None
    """The roll of a ``roll`` beat."""
    passage: Passage | None = None
    """The scene of a ``passage`` beat."""
    success: bool | None = None
    """For an outcome: which side of the roll it tells."""


@dataclass(frozen=True, slots=True)
class Change:
    """A change of the world, said plainly, with its reason."""

    kind: str
    """The event's kind, e.g. ``bond_changed``."""
    text: str
    """What changed, e.g. ``Ada → Bo, trust +3 (now 23)``."""
    reason: str | None
    """Why, as the rule or the author put it."""
    delta: int | None
    """The signed amount, when the change is a number (for colour and arrows)."""
    tone: str = ""
    """``good``, ``bad`` or ``""`` for the pair (see :func:`bonds.web.names.tone`)."""


def beats_of(world: World, events: Iterable[Event], names: Names) -> list[Beat]:
    """The beats of a step, in order."""
    beats: list[Beat] = []
    for event in events:
        data = event.data
        if event.kind == "choice_made":
            choice = _choice(world, data)
            if choice is not None:
                beats.append(Beat("did", text=choice.did or choice.label))
        elif event.kind == "fight_action":
            beats.append(Beat("did", text=fight_label(str(data.get("action", "")), names)))
        elif event.kind == "roll":
            beats.append(Beat("roll", roll=_roll(world, data, names)))
        elif event.kind == "outcome_told":
            text = _outcome_text(world, data)
            if text:
                beats.append(Beat("outcome", text=text, success=bool(data.get("success"))))
        elif event.kind == "scene_entered":
            scene = world.scenes.get(str(data.get("scene")))
            if scene is None:
                continue
            shown = [scene.text[i].text for i in data.get("blocks", ())
                     if isinstance(i, int) and 0 <= i < len(scene.text)]
            pov = names.of(scene.pov) if scene.pov else None
            beats.append(Beat("passage", passage=Passage(scene.id, scene.title, scene.act, pov,
                                                         tuple(shown))))
        elif event.kind == "ending_reached":
            ending = world.endings.get(str(data.get("ending")))
            if ending is not None:
                beats.append(Beat("ending", text=ending.summary, title=ending.title))
    return beats


def changes_of(events: Iterable[Event], names: Names) -> list[Change]:
    """Every change the events record that is not a beat, in order."""
    return [describe(e, names) for e in events if e.kind not in QUIET]


def describe(event: Event, names: Names) -> Change:
    """One event as a plain sentence; unknown kinds are listed field by field."""
    d = event.data
    delta = _int(d.get("delta"))
    reason = d.get("reason") or d.get("why")
    reason = str(reason) if reason else None
    if event.kind == "bond_changed":
        who = _pair(d, names)
        measure = str(d.get("measure", "bond"))
        return Change(event.kind, f"{who}, {measure} {_signed(delta)}{_now(d)}", reason, delta,
                      tone(f"bond {measure}", delta))
    if "key" in d and "new" in d:
        return _value_change(event.kind, d, names, reason)
    if event.kind == "desk_verdict":
        pair = f"{names.of(str(d.get('who')))} and {names.of(str(d.get('partner')))}"
        verdict = "fit" if d.get("eligible") else "not fit"
        why = d.get("reasons") or ()
        because = " ".join(str(r) for r in why) if isinstance(why, list | tuple) else None
        return Change(event.kind, f"The desk weighs {pair} for "
                                  f"{names.of(str(d.get('mission')))}: {verdict}",
                      because or None, None)
    subject = _subject(d, names)
    what = event.kind.removesuffix("_changed").replace("_", " ")
    if delta is not None:
        text = f"{what.capitalize()}{subject}: {_signed(delta)}{_now(d)}"
    else:
        rest = ", ".join(f"{k.replace('_', ' ')} {_value(v, names)}" for k, v in d.items()
                         if k not in SKIP and _plain(v) and v not in ("", [], ()))
        text = f"{what.capitalize()}{': ' + rest if rest else ''}"
    return Change(event.kind, text, reason, delta, tone(event.kind, delta))


def _value_change(kind: str, d: dict[str, Any], names: Names, reason: str | None) -> Change:
    key = str(d["key"])
    label = " ".join(names.of(p) for p in key.split("."))
    old, new = d.get("old"), d["new"]
    before, after = _int(old), _int(new)
    delta = after - before if before is not None and after is not None else None
    return Change(kind, f"{label}: {_shown(old)} → {_shown(new)}", reason, delta,
                  tone(f"{kind} {key}", delta))


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "none" if value is None else str(value)


def _choice(world: World, data: dict[str, Any]) -> Any:
    scene = world.scenes.get(str(data.get("scene")))
    return None if scene is None else scene.choice_by_action.get(str(data.get("action")))


def _roll(world: World, data: dict[str, Any], names: Names) -> Roll:
    what = str(data.get("what", ""))
    scene_id = what.split("/", 1)[0]
    scene = world.scenes.get(scene_id)
    choice = scene.choice_by_action.get(what) if scene else None
    label = choice.label if choice else (fight_label(what, names) if what.startswith("fight:")
                                         else what)
    parts = tuple((str(p[0]), int(p[1])) for p in data.get("parts", ())
                  if isinstance(p, list | tuple) and len(p) == 2)
    return Roll(label, int(data.get("chance", 0)),
                int(data.get("value", 0)), bool(data.get("success")), parts)


def _outcome_text(world: World, data: dict[str, Any]) -> str | None:
    action = str(data.get("action", ""))
    scene = world.scenes.get(action.split("/", 1)[0])
    choice = scene.choice_by_action.get(action) if scene else None
    if choice is None or choice.check is None:
        return None
    side = choice.check.success if data.get("success") else choice.check.failure
    return side.text


def _pair(d: dict[str, Any], names: Names) -> str:
    a = d.get("from") or d.get("a") or d.get("who")
    b = d.get("to") or d.get("b") or d.get("whom")
    if a and b:
        return f"{names.of(str(a))} → {names.of(str(b))}"
    return names.of(str(a or b or "the bond"))


SUBJECT_KEYS = ("who", "character", "observer", "region", "faction", "foe", "target", "place",
                "zone", "mission", "objective")


def _subject(d: dict[str, Any], names: Names) -> str:
    found = [names.of(str(d[k])) for k in SUBJECT_KEYS if d.get(k) is not None]
    return f" ({', '.join(found)})" if found else ""


def _now(d: dict[str, Any]) -> str:
    value = d.get("value", d.get("now", d.get("new")))
    return f" (now {value})" if isinstance(value, int) and not isinstance(value, bool) else ""


def _signed(delta: int | None) -> str:
    return "changed" if delta is None else f"{delta:+d}"


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


SKIP = frozenset({"reason", "why", "fight", "key"})
"""Fields not worth a word in a generic line (the reason is shown on its own)."""


def _value(value: Any, names: Names) -> str:
    if isinstance(value, list | tuple):
        return " and ".join(_value(v, names) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        return names.of(value)
    return str(value)


def _plain(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(isinstance(v, str | int | bool) for v in value)
    return isinstance(value, str | int | bool)
