"""A work written out as Markdown: an archive-style header, chapters (each with its notes:
what its events changed that the prose leaves out), and the end note.

Prose is escaped so that it reads exactly as written (a line that starts with ``#`` or a
word in asterisks stays plain text).
"""

from __future__ import annotations

import re

from .work import Work

__all__ = ["SCENE_BREAK", "escape_md", "to_markdown"]

SCENE_BREAK = "\\* \\* \\*"
"""The mark between sections told from different points of view."""

_INLINE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])")


def escape_md(text: str) -> str:
    """Text escaped for Markdown so no character of it is read as markup."""
    text = _INLINE.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_markdown(work: Work) -> str:
    """The whole work as one Markdown document (ends with a newline)."""
    h = work.header
    lines = [f"# {escape_md(h.title)}", ""]
    if h.authors:
        lines += [f"by {escape_md(', '.join(h.authors))}", ""]
    for label, value in work.tags():
        lines.append(f"**{label}:** {escape_md(value)}  ")
    lines.append(" · ".join(f"**{label}:** {escape_md(value)}" for label, value in work.stats()))
    lines.append("")
    if h.summary:
        lines += ["## Summary", "", f"> {escape_md(h.summary)}", ""]
    if h.credits:
        lines += [f"**Credits:** {escape_md('; '.join(h.credits))}", ""]
    if h.footer:
        lines += [f"*{escape_md(h.footer)}*", ""]
    for chapter in work.chapters:
        lines += ["---", "", f"## Chapter {chapter.number}: {escape_md(chapter.title)}", ""]
        for n, section in enumerate(chapter.sections):
            if n:
                lines += [SCENE_BREAK, ""]
            for paragraph in section.paragraphs:
                lines += [escape_md(paragraph), ""]
        if chapter.notes:
            lines += ["### Notes", ""]
            lines += [f"- {escape_md(note.text)}" for note in chapter.notes]
            lines.append("")
    lines += ["---", "", "## End note", ""]
    for label, value in work.end_note:
        lines.append(f"- **{escape_md(label)}:** {escape_md(value)}")
    lines.append("")
    return "\n".join(lines)
