"""A run told as a work: the header of a fan archive, chapters of prose, and an end note.

This is the one shape every exporter (Markdown, HTML, EPUB) writes out, so the three always
tell the same story with the same word count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Chapter", "Header", "Section", "Work", "count_words"]

_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")


def count_words(text: str) -> int:
    """Words as a reader counts them (contractions are one word)."""
    return len(_WORD.findall(text))


@dataclass
class Section:
    """A stretch of a chapter told from one point of view; sections are set apart by a break."""

    pov: str | None
    """The point-of-view character's name, or None."""
    paragraphs: list[str] = field(default_factory=list)
    """The prose, one string a paragraph."""


@dataclass
class Chapter:
    """One act of the run."""

    number: int
    """The chapter's place in the work, from 1."""
    title: str
    """The act's title from the pack's manifest."""
    sections: list[Section] = field(default_factory=list)


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
