"""Telling a run: the events of a game walked in order and written out as chapters of prose.

- A scene's prose is the pack's text blocks the event says were shown (blocks already told
  on an earlier visit to the same scene are not told again).
- A choice is told as what the character did (the choice's ``did`` prose), not as a menu
  label; a check's outcome follows with the pack's outcome text.
- Every other event is told by the voice (pack templates first, then the engine's); the
  sentences an action causes run on in the action's paragraph.
- A run of three or more of the same event is told once and then summarised
  ("three more ... went down").
- Acts are chapters (titled from the manifest); a change of point of view within a chapter
  is a section break.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bonds.engine import Event, World

from .facts import Lexicon, count_word, describe, repeat_key
from .generic import SPARSE
from .voice import Voice
from .work import Chapter, Section

__all__ = ["MAX_SENTENCES", "MIRRORED", "NARRATOR_KINDS", "mirrored_pairs", "narrate_events"]

NARRATOR_KINDS = frozenset({"game_started", "scene_entered", "choice_made", "outcome_told",
                            "ending_reached"})
"""Kinds the narrator tells from the pack's own prose rather than from templates."""

MAX_SENTENCES = 5
"""A paragraph of consequences starts anew after this many sentences."""


MIRRORED = frozenset({"bond_changed"})
"""Kinds told once, as ``both``, when the same change comes both ways (``bond_both``)."""

_MIRROR_WINDOW = 4
"""How many events later the other direction of a change may come (a stage change and the
tension that talking eases can fall between)."""


def mirrored_pairs(events: Sequence[Event]) -> dict[int, int]:
    """Changes of A towards B answered by the same change of B towards A: first -> second."""
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    for i, event in enumerate(events):
        if event.kind not in MIRRORED or i in taken:
            continue
        d = event.data
        for j in range(i + 1, min(i + 1 + _MIRROR_WINDOW, len(events))):
            e = events[j].data
            if (j not in taken and events[j].kind == event.kind
                    and (e.get("from"), e.get("to")) == (d.get("to"), d.get("from"))
                    and e.get("measure") == d.get("measure")
                    and e.get("reason") == d.get("reason")
                    and (int(e.get("delta", 0)) > 0) == (int(d.get("delta", 0)) > 0)):
                pairs[i] = j
                taken.update((i, j))
                break
    return pairs


class _Writer:
    """Chapters being written: paragraphs, sections and the running paragraph."""

    def __init__(self, world: World, lex: Lexicon) -> None:
        self.world = world
        self.lex = lex
        self.chapters: list[Chapter] = []
        self.open: list[str] = []
        self.act: int | None = None

    def close(self) -> None:
        if self.open:
            self.section().paragraphs.append(" ".join(self.open))
            self.open = []

    def section(self) -> Section:
        if not self.chapters:
            self._add_chapter(1)
        return self.chapters[-1].sections[-1]

    def chapter(self, act: int) -> None:
        self.close()
        self._add_chapter(act)

    def _add_chapter(self, act: int) -> None:
        self.act = act
        title = self.world.manifest.acts.get(act) or f"Part {act}"
        self.chapters.append(Chapter(len(self.chapters) + 1, title, [Section(None)]))

    def scene(self, act: int, pov: str | None) -> None:
        self.close()
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
        if line:
            self.told(line, (index,))

    def told(self, text: str, indices: tuple[int, ...]) -> None:
        """Write a sentence that tells the events at ``indices`` (a hook: see :mod:`.step`)."""
        self.out.sentence(text)

    def system(self, index: int, event: Event, both: bool = False) -> None:
        sparse = SPARSE.get(event.kind)
        once = None if sparse is None else (event.kind, *(event.data.get(f) for f in sparse))
        if once is not None and once in self.told_once:
            return
        facts, fields = describe(event, self.lex, self.pov)
        if event.kind in MIRRORED:
            facts["both"] = fields["both"] = both
        reason = event.data.get("reason")
        facts["echo"] = bool(reason) and reason == self.last_reason
        if not self.voice.speaks(event.kind, facts, fields):
            return
        self.last_reason = reason if isinstance(reason, str) else None
        if once is not None:
            self.told_once.add(once)
        key = repeat_key(event, facts)
        if key == self.run_key:
            self.run.append((index, event, facts, fields))
            return
        self.flush()
        self.run, self.run_key = [(index, event, facts, fields)], key
        self.say(event.kind, index, facts, fields)

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
            return
        self.flush()
        self.out.scene(scene.act, scene.pov)
        for i in new:
            told.add(i)
            self.out.paragraph(scene.text[i].text)

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
        self.last_reason = None
        self.out.close()
        if choice is not None and choice.did:
            self.out.sentence(choice.did)
        else:
            self.say("choice_made", index, facts, fields)

    def outcome_told(self, event: Event) -> None:
        action = str(event.data["action"])
        scene = self.world.scenes.get(action.split("/", 1)[0])
        choice = None if scene is None else scene.choice_by_action.get(action)
        if choice is None or choice.check is None:
            return
        outcome = choice.check.success if event.data["success"] else choice.check.failure
        if outcome.text:
            self.out.sentence(outcome.text)

    def tell(self, events: Sequence[Event], start: int = 0) -> list[Chapter]:
        """Tell ``events``; ``start`` is the run index of the first (variants depend on it)."""
        pairs = mirrored_pairs(events)
        skip = set(pairs.values())
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
                    self.outcome_told(event)
                elif kind == "ending_reached":
                    self.out.close()
            else:
                self.system(start + index, event, index in pairs)
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
