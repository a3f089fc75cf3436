"""The storyteller: a run's events walked step by step and told, once, in the right place.

A *step* is a choice and what followed it, or one move in a fight and the foes' answer
(:func:`step_starts`). For each step the storyteller decides what the reader is told, how
and where (docs/narration.md):

- **The pack's prose first.** A scene's text blocks not told before (each a paragraph of its
  own); a choice told as what was done (``did``), a check's outcome text after it. A scene
  entered again tells its ``again`` prose (one a visit, in turn), a deed done again its
  choice's ``again``; without them the repeat goes untold ("Once more" never prefixes a
  retold deed).
- **Fights as scenes.** The fight's events are told by its beats (:mod:`._fight`).
- **Changes by salience.** Every other event is netted, joined and weighed
  (:mod:`._system`, :mod:`.salience`): the floor always in the prose, at most
  :data:`~.salience.BUDGET` more of the heaviest (one a pair of people), the rest in the
  margin (:class:`~.telling.Note`), or untold.
- **Order.** A change is told after the prose that causes it (the step's slot it follows).
- **Variety.** No sentence of :data:`~.sentences.LONG` words or more is told twice in a run:
  a template or beat already told gives way to another that fits, else to the margin; an
  authored sentence already told is left out (:class:`Memory`).

Telling is a pure function of the world, the seed and the events: the export, the browser
and the terminal tell the same step with the same sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bonds.engine import Event, World

from . import sentences
from ._fight import FightTeller, Line, Watch, is_fight_event
from ._system import Candidate, candidates
from ._words import echoes
from .facts import Lexicon, describe
from .generic import AGAIN, voice_for
from .salience import BUDGET, Salience
from .telling import Ended, Item, Note, Opened, Prose, Returned, StepLine
from .voice import Voice
from .work import Told

__all__ = ["AUTHORED_KINDS", "NARRATOR_KINDS", "REDUNDANT", "Memory", "StepStarts",
           "Storyteller", "step_starts"]

AUTHORED_KINDS = frozenset({"game_started", "scene_entered", "choice_made", "outcome_told",
                            "ending_reached"})
"""Kinds told from the pack's own prose rather than from templates."""

NARRATOR_KINDS = AUTHORED_KINDS
"""The same (the name earlier versions used)."""

REDUNDANT = 2 / 3
"""A change whose telling words are this much in the prose just told goes to the margin:
the prose already said it."""


def step_starts(world: World, events: Sequence[Event]) -> list[int]:
    """Where each step of a run begins: at 0, at every choice made and every fight move, and
    where a fight the foes decided is ended (that waits for the player: a step of its own)."""
    steps = StepStarts(world)
    for event in events:
        steps.follow(event)
    return steps.starts


class StepStarts:
    """:func:`step_starts` worked out event by event, for a run that grows."""

    def __init__(self, world: World) -> None:
        self.starts = [0]
        """Where each step of the events followed begins."""
        self.seen = 0
        """How many events have been followed."""
        self.watch = Watch(world)

    def follow(self, event: Event) -> None:
        """Follow the run's next event."""
        i, watch = self.seen, self.watch
        if i and (event.kind in ("choice_made", "fight_action") or watch.begins_step(event)):
            if self.starts[-1] != i:
                self.starts.append(i)
            watch.waiting = watch.opening = False
        watch.track(event)
        self.seen = i + 1


@dataclass
class Memory:
    """What the run has told so far: the storyteller's memory is a fact too."""

    prose: set[str] = field(default_factory=set)
    """The keys (:func:`.sentences.key`) of long sentences told in the prose."""
    notes: set[str] = field(default_factory=set)
    """The keys of sentences told in the margin."""
    blocks: dict[str, set[int]] = field(default_factory=dict)
    """Each scene entered so far, with its text blocks told."""
    deeds: dict[str, int] = field(default_factory=dict)
    """How often each choice has been told as done."""
    returns: dict[str, int] = field(default_factory=dict)
    """How many of each scene's ``again`` texts have been told."""
    stages: set[tuple[str, str, str]] = field(default_factory=set)
    """Each bond stage crossed into so far (a pair's second crossing reads as a return)."""
    pov: str | None = None
    """The point of view of the scene being told."""


@dataclass
class _Slot:
    """Something told in a step, in order: authored prose, a fight's beats, or the place
    where the changes that follow the prose before it are told."""

    items: list[Item] = field(default_factory=list)
    changes: list[tuple[int, Event]] = field(default_factory=list)
    said: str = ""
    """The prose told just before the changes (a change that repeats it goes unsaid)."""
    lines: list[Line] = field(default_factory=list)
    """A fight's beats."""
    at: int = 0


class Storyteller:
    """Tells one run, step after step, remembering what it told."""

    def __init__(self, world: World, seed: int, voice: Voice | None = None,
                 lex: Lexicon | None = None) -> None:
        """A storyteller for a run of ``world`` from ``seed``."""
        self.world = world
        self.seed = seed
        self.voice = voice or voice_for(world, seed)
        self.lex = lex or Lexicon(world, self.voice.words)
        narration = world.data.get("narration")
        self.salience = Salience(getattr(narration, "salience", None))
        self.fights = FightTeller(world, self.lex, seed, self.salience)
        self.memory = Memory()
        self._povs: dict[int, str | None] = {}

    # -- memory --------------------------------------------------------------------------
    def snapshot(self) -> tuple[Memory, Any]:
        """A copy of what the storyteller remembers (to carry on from later)."""
        m = self.memory
        memory = Memory(set(m.prose), set(m.notes), {k: set(v) for k, v in m.blocks.items()},
                        dict(m.deeds), dict(m.returns), set(m.stages), m.pov)
        return memory, self.fights.snapshot()

    def restore(self, snapshot: tuple[Memory, Any]) -> None:
        """Carry on from a :meth:`snapshot` (which stays as it was)."""
        memory, fight = snapshot
        self.memory = Memory(set(memory.prose), set(memory.notes),
                             {k: set(v) for k, v in memory.blocks.items()},
                             dict(memory.deeds), dict(memory.returns),
                             set(memory.stages), memory.pov)
        self.fights.restore(fight)

    def _fresh(self, text: str, place: str = "prose") -> bool:
        """Whether ``text`` has no long sentence already told (in the margin: at all)."""
        for _, k, long in sentences.parts(text):
            if place == "prose" and long and k in self.memory.prose:
                return False
            if place == "note" and (k in self.memory.notes or k in self.memory.prose):
                return False
        return True

    def _remember(self, text: str, place: str = "prose") -> None:
        for _, k, long in sentences.parts(text):
            if place == "note":
                self.memory.notes.add(k)
            elif long:
                self.memory.prose.add(k)

    def _dry(self, text: str) -> str:
        """Authored prose with any long sentence already told left out; remembered."""
        kept = [s for s, k, long in sentences.parts(text)
                if not (long and k in self.memory.prose)]
        out = " ".join(kept)
        self._remember(out)
        return out

    # -- one step ------------------------------------------------------------------------
    def step(self, events: Sequence[Event], lo: int, hi: int
             ) -> tuple[list[Item], list[StepLine]]:
        """Tell the events ``events[lo:hi]`` (one step); the lines' event indices count from
        ``lo``."""
        evs = [(i, events[i]) for i in range(lo, hi)]
        self._povs = {}  # the point of view at each of this step's events (set below)
        in_fight = self.fights.field is not None or any(
            e.kind == "fight_started" for _, e in evs)
        fight_evs = [(i, e) for i, e in evs if is_fight_event(e) or (
            in_fight and e.kind == "injured"
            and str(e.data.get("reason", "")).startswith("a blow"))]
        fight_at = fight_evs[0][0] if fight_evs else None
        in_fight_step = {i for i, _ in fight_evs}
        slots: list[_Slot] = [_Slot(at=lo)]
        fight_covered: set[int] = set()
        for i, event in evs:
            self._povs[i] = self.memory.pov
            if i == fight_at:
                lines, fight_covered = self.fights.step(fight_evs, self._fresh,
                                                        self._remember)
                early: list[tuple[int, Event]] = []
                if len(slots) == 1:  # a fight step's changes (its noise) follow the fight
                    early, slots[0].changes = slots[0].changes, []
                slots.append(_Slot(lines=lines, at=i))
                slots.append(_Slot(at=i, said=" ".join(x.text for x in lines), changes=early))
            if i in in_fight_step and (event.kind != "injured" or i in fight_covered):
                continue
            kind = event.kind
            if kind in AUTHORED_KINDS:
                items, said = self._authored(i, event)
                if items or kind == "choice_made":
                    slots.append(_Slot(items=items, at=i))
                    slots.append(_Slot(at=i, said=said))
                elif kind == "scene_entered":
                    self._povs[i] = self.memory.pov
            else:
                slots[-1].changes.append((i, event))
        return self._assemble(slots, lo)

    def _authored(self, i: int, event: Event) -> tuple[list[Item], str]:
        """The pack's prose an authored event tells, and that prose as one string."""
        kind, d = event.kind, event.data
        if kind == "scene_entered":
            return self._scene(i, event)
        if kind == "choice_made":
            return self._deed(i, event)
        if kind == "outcome_told":
            action = str(d.get("action"))
            scene = self.world.scenes.get(action.split("/", 1)[0])
            choice = None if scene is None else scene.choice_by_action.get(action)
            if choice is None or choice.check is None:
                return [], ""
            side = "success" if d.get("success") else "failure"
            outcome = choice.check.success if d.get("success") else choice.check.failure
            # The same side again for the same choice: its ``again`` prose, in turn.
            times = self.memory.deeds.get(f"{action}!{side}", 0)
            self.memory.deeds[f"{action}!{side}"] = times + 1
            if not times or not outcome.again:
                told = outcome.text
            else:  # past the last ``again``, the repeat goes untold
                told = outcome.again[times - 1] if times <= len(outcome.again) else ""
            text = self._dry(self.lex.prose(told or "", d))
            if not text:
                return [], ""
            return [Prose((Told(text, "authored", "outcome", (i,)),), False, i)], text
        if kind == "ending_reached":
            return [Ended(str(d.get("ending")), i)], ""
        return [], ""

    def _scene(self, i: int, event: Event) -> tuple[list[Item], str]:
        d = event.data
        scene = self.world.scenes.get(str(d.get("scene")))
        if scene is None:
            return [], ""
        self.memory.pov = scene.pov
        visit = scene.id in self.memory.blocks  # entered before
        told = self.memory.blocks.setdefault(scene.id, set())
        texts: list[tuple[str, str]] = []
        if visit and scene.again:
            n = self.memory.returns.get(scene.id, 0)
            if n < len(scene.again):
                self.memory.returns[scene.id] = n + 1
                texts.append(("again", scene.again[n]))
        for b in d.get("blocks", ()):
            if isinstance(b, int) and 0 <= b < len(scene.text) and b not in told:
                told.add(b)
                texts.append(("scene", scene.text[b].text))
        paragraphs = [(k, self._dry(self.lex.prose(t, d))) for k, t in texts]
        paragraphs = [(k, t) for k, t in paragraphs if t]
        if not paragraphs:
            return [Returned(scene.id, scene.pov, i)], ""
        items: list[Item] = [Opened(scene.id, scene.act, scene.pov, scene.title, i)]
        items += [Prose((Told(t, "authored", k, (i,)),), True, i) for k, t in paragraphs]
        return items, " ".join(t for _, t in paragraphs)

    def _deed(self, i: int, event: Event) -> tuple[list[Item], str]:
        """A choice told as what was done; done again, its ``again`` prose or nothing."""
        d = event.data
        scene = self.world.scenes.get(str(d.get("scene")))
        choice = None if scene is None else scene.choice_by_action.get(str(d.get("action")))
        action = str(d.get("action"))
        times = self.memory.deeds.get(action, 0)
        self.memory.deeds[action] = times + 1
        if choice is not None and (choice.did or choice.again):
            if not times and choice.did:
                text, kind = choice.did, "did"
            elif times - (1 if choice.did else 0) < len(choice.again):
                text, kind = choice.again[times - (1 if choice.did else 0)], "again"
            else:
                return [], ""
            told = self._dry(self.lex.prose(text, d))
            if not told:
                return [], ""
            return [Prose((Told(told, "authored", kind, (i,)),), False, i)], told
        if times:
            return [], ""
        facts, fields = describe(event, self.lex, self.memory.pov)
        label = choice.label if choice is not None else str(d.get("choice", ""))
        fields["label"] = label[:1].lower() + label[1:]
        for line in self.voice.lines("choice_made", i, facts, fields):
            if self._fresh(line):
                self._remember(line)
                return [Prose((Told(line, "state", "choice_made", (i,)),), False, i)], line
        return [], ""

    # -- the changes -----------------------------------------------------------------------
    def _assemble(self, slots: list[_Slot], lo: int) -> tuple[list[Item], list[StepLine]]:
        groups = [(n, slot.changes) for n, slot in enumerate(slots) if slot.changes]
        found = candidates(groups, self.lex, self.salience,
                           lambda i: self._povs.get(i, self.memory.pov))
        told: dict[int, list[tuple[Candidate, str, str]]] = {}
        self._place(found, slots, told)
        items: list[Item] = []
        lines: list[StepLine] = []
        for n, slot in enumerate(slots):
            items.extend(slot.items)
            if slot.lines:
                pieces = tuple(Told(x.text, "beat", "beat", x.events) for x in slot.lines
                               if x.place == "prose")
                if pieces:
                    items.append(Prose(pieces, False, slot.at))
                items += [Note(Told(x.text, "beat", "beat", x.events), x.events[0])
                          for x in slot.lines if x.place == "note"]
                lines += [StepLine(x.text, tuple(j - lo for j in x.events), x.place, "beat")
                          for x in slot.lines]
            said = sorted(told.get(n, ()), key=lambda c: c[0].index)
            prose = tuple(Told(text, "state", c.kind, c.events)
                          for c, text, place in said if place == "prose")
            if prose:
                items.append(Prose(prose, False, prose[0].events[0]))
            for c, text, place in said:
                if place == "note":
                    items.append(Note(Told(text, "state", c.kind, c.events), c.index))
                lines.append(StepLine(text, tuple(j - lo for j in c.events), place))
        return _merged(items), lines

    def _place(self, found: list[Candidate], slots: list[_Slot],
               told: dict[int, list[tuple[Candidate, str, str]]]) -> None:
        """Decide where each candidate is told and word it: the floor, then the heaviest
        within the budget (one a pair), then the margin."""
        last: dict[str, Candidate] = {}

        def tell(c: Candidate, place: str) -> bool:
            said = slots[c.slot].said
            before = last.get(place)
            keys = AGAIN.get(c.kind)
            # A margin note stands alone: it says why, and never "and another".
            c.facts["again"] = (place == "prose" and before is not None and keys is not None
                                and before.kind == c.kind and before.slot == c.slot
                                and all(before.facts.get(k) == c.facts.get(k) for k in keys))
            facts = c.facts
            if c.kind == "bond_stage_changed":
                a, b = sorted((str(facts.get("a")), str(facts.get("b"))))
                crossed = (a, b, str(facts.get("new")))
                facts["returned"] = crossed in self.memory.stages  # a stage reached before
                self.memory.stages.add(crossed)
            reason = c.fields.get("reason")
            c.facts["echo"] = (place == "prose" and isinstance(reason, str)
                               and echoes(reason, said, self.lex.proper))
            for text in self.voice.lines(c.kind, c.index, c.facts, c.fields):
                if place == "prose" and c.kind != "bond_changed" and echoes(
                        text, said, self.lex.proper, REDUNDANT, 2):
                    return False  # the prose just told says it all
                if self._fresh(text, place):
                    self._remember(text, place)
                    told.setdefault(c.slot, []).append((c, text, place))
                    last[place] = c
                    return True
            return False

        rest: list[Candidate] = []
        for c in found:
            if c.place == "floor":
                if not tell(c, "prose"):
                    tell(c, "note")
            else:
                rest.append(c)
        budget = BUDGET
        pairs: set[frozenset[str]] = set()
        for c in sorted((c for c in rest if c.place == "prose"),
                        key=lambda c: (-c.weight, c.index)):
            if budget and c.pair not in pairs and tell(c, "prose"):
                budget -= 1
                if c.pair:
                    pairs.add(c.pair)
                c.place = "told"
        for c in rest:
            if c.place in ("prose", "note"):
                tell(c, "note")

    # -- a whole run -----------------------------------------------------------------------
    def tell(self, events: Sequence[Event], starts: Iterable[int] | None = None
             ) -> list[tuple[int, int, list[Item], list[StepLine]]]:
        """Tell every step of ``events``: (first index, end, items, lines) for each."""
        bounds = sorted(set(step_starts(self.world, events) if starts is None else starts)
                        | {0})
        out = []
        for n, lo in enumerate(bounds):
            hi = bounds[n + 1] if n + 1 < len(bounds) else len(events)
            if lo < hi:
                items, lines = self.step(events, lo, hi)
                out.append((lo, hi, items, lines))
        return out


def _merged(items: list[Item]) -> list[Item]:
    """Prose that runs on, told one after another, as one item."""
    out: list[Item] = []
    for item in items:
        last = out[-1] if out else None
        if isinstance(item, Prose) and not item.own and isinstance(last, Prose) \
                and not last.own:
            out[-1] = Prose((*last.told, *item.told), False, last.at)
        else:
            out.append(item)
    return out


def described(event: Event, lex: Lexicon, pov: str | None) -> tuple[dict[str, Any],
                                                                       dict[str, Any]]:
    """An event's facts and fields (see :func:`.facts.describe`)."""
    return describe(event, lex, pov)
