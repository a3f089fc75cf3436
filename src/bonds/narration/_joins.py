"""Events told together: a change and what follows from it in the same breath.

The rules tell one thing as several events (a blow and the wound it leaves, talk in a town
and the factions it reaches, the same change of a bond both ways); a reader wants one
sentence. :func:`joined` finds, in a step or a run, each *lead* event and the *followers*
told with it; the followers are not told on their own, and the lead's template gets the
fact ``joined`` and the fields of :func:`join_fields`.

Joins, by the lead's kind:

- ``bond_changed``: the same change the other way (``both``), any more of the same
  change for the same reason, and the tension an opening lowered.
- ``infamy_changed``: the factions it reached (``attention_changed`` whose reason is
  ``word travels: <the same reason>``), named in ``{heard}``.
- ``fighter_hurt``: the wound the blow left (``injured`` of the same person by "a blow"),
  in ``{wound}``.
- ``technique_used`` in a fight: what it did (the move to its target, the heal, the foe it
  froze, the plan it signed), as ``then`` (the follower's kind); with ``blow_taken`` and
  ``reflex_save``, also the suspicion it raised in those watching.
- ``technique_combined``: the held water it spent.
- ``suspicion_changed``: the other observers moved the same way for the same reason, all
  in ``{observer}``.
- ``recruit_judged``: the tester's suspicion for the same reason.
- ``rested``, ``standing_changed``, ``exhausted``: the same for the other person, in
  ``{other}`` (``{both}`` names the two; ``{other_hours_span}`` for a rest).
- ``foes_moved``: the other foes moving to the same place, all in ``{foe}``.
- ``presence_sensed``: the other presences the same person sensed, all in ``{presence}``.
- ``desk_verdict`` (a pair set aside): the other pairs set aside with it, in ``{pairs}``;
  ``{reasons}`` gives each reason once.
- ``debriefed``: the ``intel_learnt`` just before it, in ``{news}``.
- ``entered``: the ward that felt it (``ward_pinged``), as ``keyed``.
- ``flinched``: the ``suspicion_changed`` it caused in the one who saw it.
- ``objective_changed``: the mission's other objectives that changed the same way at once,
  all in ``{objectives}`` (``{many_word}`` counts them).
- ``mission_state_changed``: the mission's objectives that changed with it (a mission
  turned down takes its orders with it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bonds.engine import Event

from ._words import count_word, hours_span

__all__ = ["WINDOW", "join_fields", "joined", "mirrored"]

WINDOW = 4
"""How many events later a follower may come (a stage change or a figure can fall
between)."""

def _same_change(lead: Event, other: Event) -> bool:
    """The same measure moved the same way for the same reason (between anyone)."""
    d, e = lead.data, other.data
    return (e.get("measure") == d.get("measure") and e.get("reason") == d.get("reason")
            and (int(e.get("delta", 0)) > 0) == (int(d.get("delta", 0)) > 0))


def _one_change(lead: Event, other: Event) -> bool:
    """The same change, or the tension an opening lowered for the same reason (talking
    heals, so the bond rules lower it in the same breath)."""
    d, e = lead.data, other.data
    if d.get("measure") == "openness" and e.get("measure") == "tension":
        return (e.get("reason") == d.get("reason")
                and int(e.get("delta", 0)) < 0 < int(d.get("delta", 0)))
    return _same_change(lead, other)


def mirrored(lead: Event, other: Event) -> bool:
    """The same change of a bond the other way: A towards B, then B towards A."""
    d, e = lead.data, other.data
    return ((e.get("from"), e.get("to")) == (d.get("to"), d.get("from"))
            and _same_change(lead, other))


def _spread(lead: Event, other: Event) -> bool:
    return other.data.get("reason") == f"word travels: {lead.data.get('reason')}"


def _wound(lead: Event, other: Event) -> bool:
    return (other.data.get("who") == lead.data.get("who")
            and str(other.data.get("reason", "")).startswith("a blow"))


def _effect(lead: Event, other: Event) -> bool:
    """What a technique did in a fight: the move, the heal, the hold or the plan it made."""
    d, e = lead.data, other.data
    if other.kind == "fighter_moved":
        return e.get("who") == d.get("who") and e.get("to") == d.get("target")
    if other.kind in ("fighter_healed", "foes_frozen"):
        return e.get("by") == d.get("who")
    return e.get("who") == d.get("who")


def _same_reason(lead: Event, other: Event) -> bool:
    return (other.data.get("reason") == lead.data.get("reason")
            and other.data.get("observer") == lead.data.get("tester"))


def _spent(lead: Event, other: Event) -> bool:
    return other.data.get("technique") == lead.data.get("technique")


def _other_person(lead: Event, other: Event) -> bool:
    """The same thing of another person (a standing: the same new one, whatever the old)."""
    return (other.data.get("who") != lead.data.get("who")
            and other.data.get("new") == lead.data.get("new"))


def _same_destination(lead: Event, other: Event) -> bool:
    return other.data.get("to") == lead.data.get("to")


def _same_person(lead: Event, other: Event) -> bool:
    return other.data.get("who") == lead.data.get("who")


def _set_aside(lead: Event, other: Event) -> bool:
    return not other.data.get("eligible") and not lead.data.get("eligible")


def _same_observer(lead: Event, other: Event) -> bool:
    return other.data.get("observer") == lead.data.get("observer")


def _seen_together(lead: Event, other: Event) -> bool:
    """Another observer moved the same way by the same thing."""
    return (other.data.get("observer") != lead.data.get("observer")
            and other.data.get("reason") == lead.data.get("reason")
            and (other.data.get("delta", 0) > 0) == (lead.data.get("delta", 0) > 0))


def _same_mission(lead: Event, other: Event) -> bool:
    return other.data.get("mission") == lead.data.get("mission")


def _same_orders(lead: Event, other: Event) -> bool:
    """Another objective of the same mission, changed to the same state."""
    return _same_mission(lead, other) and other.data.get("new") == lead.data.get("new")


def _same_place(lead: Event, other: Event) -> bool:
    return (other.data.get("who") == lead.data.get("who")
            and other.data.get("place") == lead.data.get("place"))


_RULES: dict[str, tuple[frozenset[str], Callable[[Event, Event], bool], bool]] = {
    # lead kind: (follower kinds, test, many followers?)
    "bond_changed": (frozenset({"bond_changed"}), _one_change, True),
    "infamy_changed": (frozenset({"attention_changed"}), _spread, True),
    "suspicion_changed": (frozenset({"suspicion_changed"}), _seen_together, True),
    "fighter_hurt": (frozenset({"injured"}), _wound, False),
    "technique_combined": (frozenset({"water_spent"}), _spent, False),
    "rested": (frozenset({"rested"}), _other_person, False),
    "standing_changed": (frozenset({"standing_changed"}), _other_person, False),
    "exhausted": (frozenset({"exhausted"}), _other_person, False),
    "presence_sensed": (frozenset({"presence_sensed"}), _same_person, True),
    "desk_verdict": (frozenset({"desk_verdict"}), _set_aside, True),
    "foes_moved": (frozenset({"foes_moved"}), _same_destination, True),
    "entered": (frozenset({"ward_pinged"}), _same_place, False),
    "flinched": (frozenset({"suspicion_changed"}), _same_observer, False),
    "recruit_judged": (frozenset({"suspicion_changed"}), _same_reason, False),
    "objective_changed": (frozenset({"objective_changed"}), _same_orders, True),
    "mission_state_changed": (frozenset({"objective_changed"}), _same_mission, True),
}

_BETWEEN = frozenset({"approach_scheduled", "bond_stage_changed", "flag_changed"})
"""Events that may fall inside a run of followers without ending it (told on their own)."""

_BEFORE = {"debriefed": "intel_learnt"}
"""Leads told with the events of this kind just before them (the news the scouts brought)."""

_EFFECTS = frozenset({"fighter_moved", "fighter_healed", "foes_frozen", "plan_signed"})
"""What a technique used in a fight can do, told in the technique's sentence."""

_SEEN = frozenset({"technique_used", "blow_taken", "reflex_save"})
"""Fight moves whose watchers' suspicion is told by the move itself (the figure beside the
sentence still shows it)."""

_PASS = frozenset({"bond_changed", "roll", "cover_suspected", "cover_exposed"})
"""Events that may come between a fight move and the suspicion it raised."""


def _seen(lead: Event, events: Sequence[Event], i: int, taken: set[int]) -> list[int]:
    """The suspicion a fight move raised in those watching, and a technique's effect."""
    found: list[int] = []
    for j in range(i + 1, min(i + 1 + WINDOW, len(events))):
        other = events[j]
        if j in taken:
            continue
        if other.kind == "suspicion_changed" and (
                lead.kind != "technique_used"
                or str(other.data.get("reason", "")).endswith("where anyone could see")):
            found.append(j)
        elif lead.kind == "technique_used" and other.kind in _EFFECTS and _effect(lead, other):
            found.append(j)
            break
        elif other.kind not in _PASS:
            break
    return found


def joined(events: Sequence[Event]) -> dict[int, list[int]]:
    """Each lead's index and the indices of its followers (see the module docstring)."""
    out: dict[int, list[int]] = {}
    taken: set[int] = set()
    for i, event in enumerate(events):
        if i in taken:
            continue
        before = _BEFORE.get(event.kind)
        if before is not None:
            back = []
            j = i - 1
            while j >= 0 and events[j].kind == before and j not in taken:
                back.append(j)
                j -= 1
            if back:
                out[i] = sorted(back)
                taken.update(back)
            continue
        if event.kind in _SEEN:
            seen = _seen(event, events, i, taken)
            if seen:
                out[i] = seen
                taken.update((i, *seen))
            continue
        rule = _RULES.get(event.kind)
        if rule is None:
            continue
        kinds, test, many = rule
        found: list[int] = []
        j = i + 1
        while j < min(i + 1 + WINDOW, len(events)):
            other = events[j]
            if j not in taken and other.kind in kinds and test(event, other):
                found.append(j)
                if not many:
                    break
            elif many and found and other.kind not in kinds and other.kind not in _BETWEEN:
                break  # a run of followers ends at the first event of another kind
            j += 1
        if found:
            out[i] = found
            taken.add(i)
            taken.update(found)
    return out


def join_fields(lead: Event, followers: Sequence[Event], show: Callable[..., Any],
                ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The facts (for conditions) and fields (for blanks) a lead gains from its followers;
    ids are shown through ``show(value, field="")``."""
    kind, d = lead.kind, lead.data
    if kind == "infamy_changed":
        return {}, {"heard": show([f.data.get("faction") for f in followers])}
    if kind == "suspicion_changed":
        return {}, {"observer": show([d.get("observer")] +
                                     [f.data.get("observer") for f in followers])}
    if kind == "fighter_hurt":
        f = followers[0].data
        step, injury = str(show(f.get("step", ""))), str(show(f.get("injury", "")))
        phrase = f"{step} {injury}".strip()
        article = "" if injury.endswith("s") else ("an " if phrase[:1] in "aeiou" else "a ")
        return {}, {"wound": article + phrase}
    if kind == "technique_used":
        effects = [f for f in followers if f.kind in _EFFECTS]
        if not effects:
            return {}, {}
        effect = effects[0]
        facts: dict[str, Any] = {"then": effect.kind}
        fields: dict[str, Any] = {"then": effect.kind}
        if effect.kind == "fighter_healed":
            facts["healed_self"] = effect.data.get("who") == d.get("who")
            fields["patient"] = show(effect.data.get("who"))
        elif effect.kind == "foes_frozen":
            fields["frozen"] = show(effect.data.get("foe"))
        return facts, fields
    if kind in ("rested", "standing_changed", "exhausted"):
        first, other = d, followers[0].data
        if int(other.get("hours", 0)) > int(first.get("hours", 0)):
            first, other = other, first  # the longer rest is told first
        fields = {"who": show(first.get("who")), "other": show(other.get("who")),
                  "both": show([first.get("who"), other.get("who")])}
        facts = {}
        if kind == "rested":
            fields["hours_span"] = hours_span(int(first.get("hours", 0)))
            fields["other_hours_span"] = hours_span(int(other.get("hours", 0)))
            facts["same_hours"] = first.get("hours") == other.get("hours")
        return facts, fields
    if kind == "foes_moved":
        return {}, {"foe": show([d.get("foe"), *(f.data.get("foe") for f in followers)])}
    if kind == "presence_sensed":
        found = [d.get("presence"), *(f.data.get("presence") for f in followers)]
        return {}, {"presence": show(found)}
    if kind == "desk_verdict":
        pairs = [f"{show(e.data.get('who'))} and {show(e.data.get('partner'))}"
                 for e in (lead, *followers)]
        reasons = list(dict.fromkeys(r for e in (lead, *followers)
                                     for r in e.data.get("reasons", ())))
        listed = "; ".join(pairs[:-1]) + "; and " + pairs[-1] if len(pairs) > 1 else pairs[0]
        return {}, {"pairs": listed, "reasons": " ".join(reasons)}
    if kind == "debriefed":
        return {}, {"news": " ".join(str(show(f.data.get("fact", ""))) for f in followers)}
    if kind == "entered":
        return {"keyed": bool(followers[0].data.get("keyed"))}, {}
    if kind == "objective_changed":
        goals = [d.get("objective"), *(f.data.get("objective") for f in followers)]
        return {}, {"objectives": show(goals, "objective"),
                    "many_word": count_word(len(goals))}
    return {}, {}
