"""Chapters written from the storyteller's items: paragraphs, sections, chapters and notes.

Acts are chapters (titled from the manifest); a change of point of view within a chapter is
a section break, even on a return to a scene with nothing new to tell (what is done there
next is told from that scene's point of view). Prose that runs on joins the open paragraph
(a new choice starts a new one; a paragraph starts anew after :data:`MAX_SENTENCES`);
a scene's text is a paragraph of its own. Margin notes gather at the chapter's end.
"""

from __future__ import annotations

from collections.abc import Iterable

from bonds.engine import World

from .facts import Lexicon
from .telling import Ended, Item, Note, Opened, Prose, Returned
from .work import Chapter, Paragraph, Section, Told

__all__ = ["MAX_SENTENCES", "Writer"]

MAX_SENTENCES = 5
"""A paragraph of running prose starts anew after this many pieces."""


class Writer:
    """Chapters being written."""

    def __init__(self, world: World, lex: Lexicon) -> None:
        self.world = world
        self.lex = lex
        self.chapters: list[Chapter] = []
        self.open: list[Told] = []
        self.act: int | None = None
        self.pending: str | None = None
        """The point of view of a scene returned to with nothing new: what is done there
        next starts a section of its own."""

    def _name(self, pov: str | None) -> str | None:
        name = self.lex.person(pov)
        return str(name) if name is not None else None

    def close(self) -> None:
        """End the running paragraph."""
        if self.open:
            if not self.chapters:
                self._add_chapter(1)
            self.chapters[-1].sections[-1].paragraphs.append(Paragraph(self.open))
            self.open = []

    def _section(self) -> Section:
        if not self.chapters:
            self._add_chapter(1)
        current = self.chapters[-1].sections[-1]
        pending, self.pending = self.pending, None
        if pending is not None and pending != current.pov:
            if current.paragraphs or self.open:
                self.close()
                self.chapters[-1].sections.append(Section(pending))
            else:
                current.pov = pending
        return self.chapters[-1].sections[-1]

    def _add_chapter(self, act: int) -> None:
        self.act = act
        title = self.world.manifest.acts.get(act) or f"Part {act}"
        self.chapters.append(Chapter(len(self.chapters) + 1, title, [Section(None)]))

    def _scene(self, act: int, pov: str | None) -> None:
        self.close()
        self.pending = None
        if act != self.act:
            self._add_chapter(act)
        current = self.chapters[-1].sections[-1]
        shown = self._name(pov)
        if current.pov is None and not current.paragraphs:
            current.pov = shown
        elif shown is not None and shown != current.pov:
            self.chapters[-1].sections.append(Section(shown))

    def step(self, items: Iterable[Item], fresh: bool) -> None:
        """Write one step's items; ``fresh``: the step is a new choice (its prose starts a
        new paragraph)."""
        if fresh:
            self.close()
        for item in items:
            if isinstance(item, Opened):
                self._scene(item.act, item.pov)
            elif isinstance(item, Returned):
                name = self._name(item.pov)
                if name is not None:
                    self.pending = name
            elif isinstance(item, Prose):
                if item.own:
                    self.close()
                    self._section().paragraphs.append(Paragraph(item.told))
                else:
                    self._section()
                    for piece in item.told:
                        if len(self.open) >= MAX_SENTENCES:
                            self.close()
                        self.open.append(piece)
            elif isinstance(item, Note):
                if not self.chapters:
                    self._add_chapter(1)
                notes = self.chapters[-1].notes
                if item.told.text not in {n.text for n in notes}:
                    notes.append(item.told)
            elif isinstance(item, Ended):
                self.close()

    def finish(self) -> list[Chapter]:
        """The chapters written, empty ones left out, numbered from 1."""
        self.close()
        chapters: list[Chapter] = []
        carried: list[Told] = []
        for chapter in self.chapters:
            if any(s.paragraphs for s in chapter.sections):
                chapter.notes[:0] = carried  # notes of a chapter with no prose move on
                carried = []
                chapters.append(chapter)
            else:
                carried += chapter.notes
        if carried and chapters:
            chapters[-1].notes += carried
        chapters = chapters or self.chapters
        for n, chapter in enumerate(chapters, 1):
            chapter.number = n
            chapter.sections = [s for s in chapter.sections if s.paragraphs] or [Section(None)]
        return chapters
