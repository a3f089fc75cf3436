"""Telling a run: the events of a game walked in order and written out as chapters of prose.

- A scene's prose is the pack's text blocks the event says were shown (blocks already told
  on an earlier visit to the same scene are not told again).
- A choice is told as what the character did (the choice's ``did`` prose), not as a menu
  label; a check's outcome follows with the pack's outcome text.
- Every other event is told by the voice (pack templates first, then the engine's); the
  sentences an action causes run on in the action's paragraph. Events that say one thing
  are told in one sentence (:mod:`._joins`); one just like the sentence before reads as
  more of the same (``again``).
- The pack's prose comes first: a system sentence that only repeats the prose just told
  goes unsaid, and a bond change whose reason the deed already gave (or that follows
  :data:`MAX_REASONS` told with theirs) is told without it. A deed told before reads as
  done again ("Once more, ...").
- A run of three or more of the same event is told once and then summarised
  ("three more ... went down").
- Nothing told in one step (a choice, or a move in a fight) shapes the words of the next,
  so :func:`.step.tell_step` tells a step alone exactly as the whole run tells it.
- Acts are chapters (titled from the manifest); a change of point of view within a chapter
  is a section break, even on a return to a scene with nothing new to tell (what is done
  there is told from that scene's point of view).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bonds.engine import Event, World

from ._joins import join_fields, joined, mirrored
from ._words import echoes, lower_first
from .facts import Lexicon, count_word, describe, repeat_key
from .generic import AGAIN, SPARSE
from .voice import Voice, pick
from .work import Chapter, Section

__all__ = ["MAX_REASONS", "MAX_SENTENCES", "MIRRORED", "NARRATOR_KINDS", "joined",
           "mirrored_pairs", "narrate_events"]

NARRATOR_KINDS = frozenset({"game_started", "scene_entered", "choice_made", "outcome_told",
                            "ending_reached"})
"""Kinds the narrator tells from the pack's own prose rather than from templates."""

MAX_SENTENCES = 5
"""A paragraph of consequences starts anew after this many sentences."""

MAX_REASONS = 2
"""Bond changes told with their reasons after one deed; later ones are told without it (the
screen still shows each reason beside its figure)."""

REDUNDANT = 2 / 3
"""A system sentence whose telling words are this much in the prose just before it goes
unsaid: the deed already told it."""

AGAIN_WORDS = ("Once more, ", "Again ", "And once again, ")
"""How a deed or an outcome told before is told the next time it happens."""


MIRRORED = frozenset({"bond_changed"})
"""Kinds told once, as ``both``, when the same change comes both ways (``bond_both``)."""

def mirrored_pairs(events: Sequence[Event]) -> dict[int, int]:
    """Changes of A towards B answered by the same change of B towards A: first -> second."""
    pairs = {}
    for lead, followers in joined(events).items():
        if events[lead].kind in MIRRORED:
            other = next((f for f in followers if mirrored(events[lead], events[f])), None)
            if other is not None:
                pairs[lead] = other
    return pairs


class _Writer:
    """Chapters being written: paragraphs, sections and the running paragraph."""

    def __init__(self, world: World, lex: Lexicon) -> None:
        self.world = world
        self.lex = lex
        self.chapters: list[Chapter] = []
        self.open: list[str] = []
        self.act: int | None = None
        self.pending: str | None = None
        """The point of view of a scene returned to with nothing new to tell: what is done
        there next starts a section of its own."""

    def close(self) -> None:
        if self.open:
            if not self.chapters:
                self._add_chapter(1)
            self.chapters[-1].sections[-1].paragraphs.append(" ".join(self.open))
            self.open = []

    def section(self) -> Section:
        if not self.chapters:
            self._add_chapter(1)
        current = self.chapters[-1].sections[-1]
        pending, self.pending = self.pending, None
        if pending is not None and pending != current.pov:
            if current.paragraphs or self.open:
                self.chapters[-1].sections.append(Section(pending))
            else:
                current.pov = pending
        return self.chapters[-1].sections[-1]

    def revisit(self, pov: str | None) -> None:
        """A scene returned to with nothing new: its point of view holds for what follows."""
        name = self.lex.person(pov)
        if name is not None:
            self.pending = str(name)

    def chapter(self, act: int) -> None:
        self.close()
        self._add_chapter(act)

    def _add_chapter(self, act: int) -> None:
        self.act = act
        title = self.world.manifest.acts.get(act) or f"Part {act}"
        self.chapters.append(Chapter(len(self.chapters) + 1, title, [Section(None)]))

    def scene(self, act: int, pov: str | None) -> None:
        self.close()
        self.pending = None
        if act != self.act:
            self.chapter(act)
        current = self.chapters[-1].sections[-1]
        name = self.lex.person(pov)
        shown = str(name) if name is not None else None
        if current.pov is None and not current.paragraphs:
            current.pov = shown
        elif shown is not None and shown != current.pov:
            self.chapters[-1].sections.append(Section(shown))

    def paragraph(self, text: str) -> None:
        self.close()
        self.section().paragraphs.append(text.strip())

    def sentence(self, text: str) -> None:
        if len(self.open) >= MAX_SENTENCES:
            self.close()
        if self.pending is not None:
            if self.chapters and self.pending != self.chapters[-1].sections[-1].pov:
                self.close()
            self.section()
        self.open.append(text.strip())


class _Narrator:
    def __init__(self, world: World, voice: Voice, lex: Lexicon) -> None:
        self.world = world
        self.voice = voice
        self.lex = lex
        self.out = _Writer(world, lex)
        self.pov: str | None = None
        self.told_blocks: dict[str, set[int]] = {}
        self.run: list[tuple[int, Event, dict[str, Any], dict[str, Any]]] = []
        self.run_key: tuple[Any, ...] | None = None
        self.last_reason: str | None = None
        self.told_once: set[tuple[Any, ...]] = set()
        self.joins: dict[int, list[int]] = {}
        self.last: tuple[str, dict[str, Any]] | None = None
        """The kind and facts of the last system sentence since the last prose."""
        self.reasons = 0
        """Bond changes told with their reason since the last prose."""
        self.prose_told: dict[str, int] = {}
        self.said = ""
        """The pack's prose told last (a deed, an outcome, a scene's last paragraph)."""

    # -- repeats -------------------------------------------------------------------------
    def flush(self) -> None:
        """Tell what is owed of a run of the same event: one more as is, or a summary."""
        extra = self.run[1:]
        self.run, self.run_key = [], None
        if len(extra) == 1 and extra[0][1].kind != "choice_made":
            index, event, facts, fields = extra[0]
            self.say(event.kind, index, facts, fields)
        elif extra:
            index, event, facts, fields = extra[-1]
            more = len(extra)
            fields = {**fields, "more": count_word(more), "count": more}
            facts = {**facts, "count": more, "once": more == 1}
            line = self.voice.repeat(event.kind, index, facts, fields)
            if line:
                self.told(line, tuple(e[0] for e in extra))

    def say(self, kind: str, index: int, facts: dict[str, Any], fields: dict[str, Any]
            ) -> None:
        line = self.voice.line(kind, index, facts, fields)
        if line and kind not in MIRRORED and echoes(line, self.said, self.lex.proper,
                                                     REDUNDANT, 2):
            line = None  # the prose just told says it all (a seal the deed already made)
        if line:
            self.told(line, (index,))
            self.last = (kind, facts)
            reason = fields.get("reason")
            if kind == "bond_changed" and isinstance(reason, str) and reason in line:
                self.reasons += 1

    def told(self, text: str, indices: tuple[int, ...]) -> None:
        """Write a sentence that tells the events at ``indices`` (a hook: see :mod:`.step`)."""
        self.out.sentence(text)

    def prose(self, text: str = "") -> None:
        """The pack's own prose was told: what follows starts a new train of consequences
        (a reason that only repeats ``text`` goes unsaid)."""
        self.said = text
        self.last = None
        self.reasons = 0
        self.last_reason = None

    def step_begins(self) -> None:
        """A new step (a choice, or a move in a fight): what was told in earlier steps no
        longer shapes the words, so one step told alone reads as it does in the whole run."""
        self.prose()
        self.told_once.clear()

    def _again(self, kind: str, facts: dict[str, Any]) -> bool:
        """Whether the last sentence told an event like this one (``again``)."""
        keys = AGAIN.get(kind)
        if keys is None or self.last is None or self.last[0] != kind:
            return False
        return all(self.last[1].get(k) == facts.get(k) for k in keys)

    def system(self, index: int, event: Event, followers: Sequence[Event] = ()) -> None:
        kind = event.kind
        sparse = SPARSE.get(kind)
        once = None if sparse is None else (kind, *(event.data.get(f) for f in sparse))
        if once is not None and once in self.told_once:
            return
        facts, fields = describe(event, self.lex, self.pov)
        fight = event.data.get("fight") if isinstance(event.data.get("fight"), str) else None
        if kind in MIRRORED:
            both = any(mirrored(event, f) for f in followers)
            facts["both"] = fields["both"] = both
        facts["joined"] = fields["joined"] = bool(followers) and kind not in MIRRORED
        if facts["joined"]:
            more_facts, more_fields = join_fields(event, followers,
                                                  lambda v: self.lex.show(v, fight))
            facts.update(more_facts)
            fields.update(more_fields)
        reason = event.data.get("reason")
        facts["echo"] = bool(reason) and reason == self.last_reason
        if kind == "bond_changed" and isinstance(reason, str) and not facts.get("watershed") \
                and (self.reasons >= MAX_REASONS or echoes(reason, self.said, self.lex.proper)):
            facts["echo"] = True  # a watershed always says why; lesser changes need not
        facts["again"] = self._again(kind, facts)
        facts["follows"] = self.last[0] if self.last is not None else ""
        if not self.voice.speaks(kind, facts, fields):
            return
        self.last_reason = reason if isinstance(reason, str) else None
        if once is not None:
            self.told_once.add(once)
        key = repeat_key(event, facts)
        if key == self.run_key and not followers:
            self.run.append((index, event, facts, fields))
            return
        self.flush()
        self.run, self.run_key = [(index, event, facts, fields)], key
        self.say(kind, index, facts, fields)

    # -- the pack's prose ----------------------------------------------------------------
    def scene_entered(self, event: Event) -> None:
        """Tell the scene's blocks not told before; a visit with nothing new says nothing."""
        scene = self.world.scenes.get(event.data["scene"])
        if scene is None:
            return
        self.pov = scene.pov
        self.told_once.clear()
        self.last_reason = None
        told = self.told_blocks.setdefault(scene.id, set())
        new = [i for i in event.data.get("blocks", ())
               if i not in told and 0 <= i < len(scene.text)]
        if not new:
            self.out.revisit(scene.pov)  # a scene seen before, perhaps from the other side
            return
        self.flush()
        texts = {i: self.lex.prose(scene.text[i].text, event.data) for i in new}
        self.prose(" ".join(texts.values()))
        self.out.scene(scene.act, scene.pov)
        for i in new:
            told.add(i)
            self.out.paragraph(texts[i])

    def retold(self, index: int, text: str) -> str:
        """Prose told before reads as the same thing happening again (``Once more, ...``)."""
        times = self.prose_told.get(text, 0)
        self.prose_told[text] = times + 1
        if not times:
            return text
        lead = AGAIN_WORDS[pick(self.voice.seed, index, "again", len(AGAIN_WORDS))]
        return lead + lower_first(text, self.lex.proper)

    def choice_made(self, index: int, event: Event) -> None:
        """Tell a choice as what was done; the same choice again at once joins a run."""
        scene = self.world.scenes.get(event.data["scene"])
        choice = None if scene is None else scene.choice_by_action.get(event.data["action"])
        facts, fields = describe(event, self.lex, self.pov)
        label = choice.label if choice is not None else str(event.data.get("choice", ""))
        fields["label"] = label[:1].lower() + label[1:]
        key = repeat_key(event, facts)
        if key == self.run_key:
            self.run.append((index, event, facts, fields))
            return
        self.flush()
        self.run, self.run_key = [(index, event, facts, fields)], key
        self.step_begins()
        self.out.close()
        if choice is not None and choice.did:
            did = self.lex.prose(choice.did, event.data)
            self.out.sentence(self.retold(index, did))
            self.said = did
        else:
            self.say("choice_made", index, facts, fields)

    def outcome_told(self, index: int, event: Event) -> None:
        action = str(event.data["action"])
        scene = self.world.scenes.get(action.split("/", 1)[0])
        choice = None if scene is None else scene.choice_by_action.get(action)
        if choice is None or choice.check is None:
            return
        outcome = choice.check.success if event.data["success"] else choice.check.failure
        if outcome.text:
            text = self.lex.prose(outcome.text, event.data)
            self.prose(text)
            self.out.sentence(self.retold(index, text))

    def tell(self, events: Sequence[Event], start: int = 0) -> list[Chapter]:
        """Tell ``events``; ``start`` is the run index of the first (variants depend on it)."""
        self.joins = joined(events)
        skip = {j for followers in self.joins.values() for j in followers}
        for index, event in enumerate(events):
            kind = event.kind
            if index in skip:
                continue
            if kind == "scene_entered":
                self.scene_entered(event)
            elif kind == "choice_made":
                self.choice_made(start + index, event)
            elif kind in NARRATOR_KINDS:
                self.flush()
                if kind == "outcome_told":
                    self.outcome_told(start + index, event)
                elif kind == "ending_reached":
                    self.out.close()
            elif kind == "fight_action":
                self.flush()
                self.step_begins()
            else:
                self.system(start + index, event,
                            [events[j] for j in self.joins.get(index, ())])
        self.flush()
        self.out.close()
        return [c for c in self.out.chapters
                if any(s.paragraphs for s in c.sections)] or self.out.chapters


def narrate_events(world: World, events: Sequence[Event], voice: Voice, lex: Lexicon
                   ) -> list[Chapter]:
    """The chapters that tell ``events`` (a whole run, from ``game_started``)."""
    chapters = _Narrator(world, voice, lex).tell(events)
    for n, chapter in enumerate(chapters, 1):
        chapter.number = n
        chapter.sections = [s for s in chapter.sections if s.paragraphs] or [Section(None)]
    return chapters
