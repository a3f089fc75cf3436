"""A run told as a work: the header of a fan archive, chapters of prose, and an end note.

This is the one shape every exporter (Markdown, HTML, EPUB) writes out, so the three always
tell the same story with the same word count. Every piece of prose knows where its words
came from (:class:`Told`): the pack's own prose (*authored*), a fight's beats (*beat*), or a
template telling a change of state (*state*), so the prose report counts sources by origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["SOURCES", "Chapter", "Header", "Paragraph", "Section", "Told", "Work",
           "count_words"]

SOURCES = ("authored", "beat", "state")
"""Where a told text came from: the pack's prose (scene text, ``did``, ``again``, outcome
text, an ending's summary), a fight's beats, or a template telling a change of state."""

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them (contractions are one word)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True, slots=True)
class Told:
    """One piece of told text (a sentence, or an authored paragraph) and its origin."""

    text: str
    """The words as told."""
    source: str
    """``authored``, ``beat`` or ``state`` (see :data:`SOURCES`)."""
    kind: str = ""
    """What it tells: ``scene``, ``did``, ``again``, ``outcome``, ``beat`` or the event kind
    a template told (``bond_changed``)."""
    events: tuple[int, ...] = ()
    """The indices, in the run, of the events it tells."""


class Paragraph(str):
    """A paragraph of prose: reads as its text, and keeps the pieces it was made of."""

    told: tuple[Told, ...]

    def __new__(cls, told: Sequence[Told]) -> Paragraph:
        """The paragraph of these pieces, told one after another."""
        made = super().__new__(cls, " ".join(t.text.strip() for t in told))
        made.told = tuple(told)
        return made


@dataclass
class Section:
    """A stretch of a chapter told from one point of view; sections are set apart by a break."""

    pov: str | None
    """The point-of-view character's name, or None."""
    paragraphs: list[Paragraph] = field(default_factory=list)
    """The prose, one :class:`Paragraph` (a string) a paragraph."""


@dataclass
class Chapter:
    """One act of the run."""

    number: int
    """The chapter's place in the work, from 1."""
    title: str
    """The act's title from the pack's manifest."""
    sections: list[Section] = field(default_factory=list)
    notes: list[Told] = field(default_factory=list)
    """What the chapter's events changed that the prose leaves out (the game's margin
    notes), in story order: the exporters set them at the chapter's end as "Notes"."""


@dataclass(frozen=True)
class Header:
    """The work's title page, as a fan archive shows a work."""

    title: str
    authors: tuple[str, ...]
    rating: str
    content_notice: tuple[str, ...]
    relationships: tuple[str, ...]
    characters: tuple[str, ...]
    tags: tuple[str, ...]
    summary: str
    seed: int
    ending: str
    """The ending's title, or a note that the run did not finish."""
    language: str = "en"
    credits: tuple[str, ...] = ()
    """Who made the pack, as it says."""
    footer: str = ""
    """The pack's own notice (whose characters these are), shown under the summary."""


@dataclass
class Work:
    """A whole run as a readable work."""

    header: Header
    chapters: list[Chapter]
    end_note: list[tuple[str, str]]
    """The run's figures as (label, value) lines: days, the bond at the end, who lived."""
    identifier: str
    """A stable id of this run (pack, version, seed, actions), used as the book's id."""

    @property
    def words(self) -> int:
        """The word count of the story itself (chapters only)."""
        return sum(count_words(p) for c in self.chapters for s in c.sections
                   for p in s.paragraphs)

    def told(self) -> Iterator[Told]:
        """Every piece of the story's paragraphs, in order (notes apart)."""
        for chapter in self.chapters:
            for section in chapter.sections:
                for paragraph in section.paragraphs:
                    yield from getattr(paragraph, "told", (Told(str(paragraph), "authored"),))

    def notes(self) -> Iterator[Told]:
        """Every chapter's notes, in order."""
        for chapter in self.chapters:
            yield from chapter.notes

    def stats(self) -> list[tuple[str, str]]:
        """The archive header's figures: words, chapters, seed and ending."""
        return [("Words", f"{self.words:,}"), ("Chapters", f"{len(self.chapters)}"),
                ("Seed", str(self.header.seed)), ("Ending", self.header.ending)]

    def tags(self) -> list[tuple[str, str]]:
        """The archive header's tag lines, those that are not empty."""
        h = self.header
        rows = [("Rating", h.rating), ("Content notice", ", ".join(h.content_notice)),
                ("Relationship", ", ".join(h.relationships)),
                ("Characters", ", ".join(h.characters)), ("Additional tags", ", ".join(h.tags))]
        return [(label, value) for label, value in rows if value]
