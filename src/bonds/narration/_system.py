"""The changes of one moment, made ready to tell: netted, joined and weighed.

The rules tell a moment as many small events (trust +2 both ways, ease +3, suspicion -2 for
two observers...). Before any is told:

- **netting**: changes of the same thing in one step add up (:data:`NET_KEYS`); a rise and
  a fall that cancel are not told at all, so two lines never contradict each other;
- **joining**: events that say one thing become one sentence (:mod:`._joins`);
- **weighing**: each sentence gets its weight (:mod:`.salience`) and a place: the floor,
  the prose (if the budget allows), the margin, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bonds.engine import Event

from ._joins import join_fields, joined, mirrored
from ._words import lower_first
from .facts import Lexicon, describe
from .salience import Salience

__all__ = ["NET_KEYS", "Candidate", "candidates", "net"]

NET_KEYS: dict[str, tuple[str, ...]] = {
    "bond_changed": ("from", "to", "measure"), "suspicion_changed": ("observer",),
    "infamy_changed": ("region",), "attention_changed": ("faction",), "act_changed": ("a", "b"),
    "resource_changed": ("who", "resource"), "value_changed": ("key",),
    "items_changed": ("who", "item"), "foes_morale": ("foe",),
}
"""Kinds whose changes of the same thing (these fields) add up within a step."""


@dataclass
class Candidate:
    """A sentence that could be told: the event it tells (its lead), what it says, where."""

    kind: str
    index: int
    """The run index of its lead event (variants depend on it)."""
    events: tuple[int, ...]
    """The run indices of every event it tells."""
    facts: dict[str, Any]
    fields: dict[str, Any]
    weight: int
    place: str
    """``floor``, ``prose``, ``note`` or ``untold``."""
    slot: int
    """Which authored slot of the step it follows."""
    pair: frozenset[str] = field(default_factory=frozenset)
    """For a bond change, the two people (one sentence per pair in the prose)."""


def _delta(event: Event) -> int:
    for key in ("delta", "amount", "change"):
        value = event.data.get(key)
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    old, new = event.data.get("old"), event.data.get("new")
    if isinstance(old, int) and isinstance(new, int) and not isinstance(old, bool) \
            and not isinstance(new, bool):
        return new - old
    return 0


def net(events: Sequence[tuple[int, Event]]) -> list[tuple[tuple[int, ...], Event]]:
    """The step's events with changes of the same thing added up, in the order each first
    came; a change that nets to nothing is left out. Each comes with the run indices of the
    events it stands for."""
    groups: dict[tuple[Any, ...], list[tuple[int, Event]]] = {}
    order: list[tuple[Any, ...]] = []
    for i, event in events:
        keys = NET_KEYS.get(event.kind)
        ident: tuple[Any, ...] = (event.kind, *(event.data.get(k) for k in keys)) \
            if keys is not None and _delta(event) else ("one", i)
        if ident not in groups:
            groups[ident] = []
            order.append(ident)
        groups[ident].append((i, event))
    out: list[tuple[tuple[int, ...], Event]] = []
    for ident in order:
        members = groups[ident]
        indices = tuple(i for i, _ in members)
        if len(members) == 1:
            out.append((indices, members[0][1]))
            continue
        total = sum(_delta(e) for _, e in members)
        if not total:
            continue  # a rise and a fall that cancel: nothing to tell
        same_way = [e for _, e in members if (_delta(e) > 0) == (total > 0)]
        lead = max(same_way, key=lambda e: abs(_delta(e)))
        data = dict(lead.data)
        data["delta"] = total
        if "old" in members[0][1].data and "new" in members[-1][1].data:
            data["old"], data["new"] = members[0][1].data["old"], members[-1][1].data["new"]
        if any(e.data.get("watershed") for e in same_way):
            data["watershed"] = True
        out.append((indices, Event(lead.kind, data)))
    return out


def _shower(lex: Lexicon, fight: str | None) -> Callable[..., Any]:
    """How ids read in a sentence about ``fight`` (its own foes and zones first)."""
    return lambda value, field="": lex.show(value, fight, field)


def candidates(groups: Sequence[tuple[int, Sequence[tuple[int, Event]]]], lex: Lexicon,
               salience: Salience, pov: Callable[[int], str | None]) -> list[Candidate]:
    """The sentences the step's changes could be told in, each placed by its weight.

    ``groups`` are the step's changes, each with the authored slot they follow; ``pov(i)``
    is the point of view at run index ``i``.
    """
    out: list[Candidate] = []
    for slot, group in groups:
        netted = net(group)
        evs = [e for _, e in netted]
        joins = joined(evs)
        followers = {j for js in joins.values() for j in js}
        for n, (indices, event) in enumerate(netted):
            if n in followers:
                continue
            kind = event.kind
            lead = indices[0]
            facts, fields = describe(event, lex, pov(lead))
            fight = event.data.get("fight") if isinstance(event.data.get("fight"), str) \
                else None
            show = _shower(lex, fight)
            more = [evs[j] for j in joins.get(n, ())]
            told = list(indices)
            for j in joins.get(n, ()):
                told.extend(netted[j][0])
            if kind == "bond_changed":
                facts["both"] = fields["both"] = any(mirrored(event, f) for f in more)
            if kind == "infamy_changed":
                # A faction named in what happened was there: it heard no news of it.
                reason = str(event.data.get("reason", "")).lower()
                more = [f for f in more if _bare(show(f.data.get("faction"))) not in reason]
            facts["joined"] = fields["joined"] = bool(more) and kind != "bond_changed"
            if facts["joined"]:
                more_facts, more_fields = join_fields(event, more, show)
                facts.update(more_facts)
                fields.update(more_fields)
                if kind == "objective_changed":  # orders read as clauses, set apart
                    goals = [lower_first(str(show(e.data.get("objective"), "objective")),
                                         lex.proper) for e in (event, *more)]
                    fields["objectives"] = "; ".join(goals[:-1]) + "; and " + goals[-1]
            facts["again"] = False
            facts["echo"] = False
            weight = salience.weight(kind, facts)
            pair = frozenset(str(event.data.get(k)) for k in ("from", "to")) \
                if kind == "bond_changed" else frozenset()
            out.append(Candidate(kind, lead, tuple(sorted(set(told))), facts, fields, weight,
                                 salience.place(kind, facts), slot, pair))
    return out


def _bare(name: object) -> str:
    """A shown name without its article, lowered: ``the Night Watch`` → ``night watch``."""
    return str(name).lower().removeprefix("the ").removeprefix("a ")
