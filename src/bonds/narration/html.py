"""A work written out as one self-contained HTML page, readable on a phone.

Everything is in the one file: styles sit in the page, there are no scripts, fonts or
images, and a Content-Security-Policy forbids the page from fetching anything. The pieces
(header, chapter, end note) are also valid XHTML, which the EPUB exporter reuses.
"""

from __future__ import annotations

from html import escape

from .work import Chapter, Work

__all__ = ["STYLE", "chapter_xhtml", "end_note_xhtml", "header_xhtml", "to_html"]

STYLE = """\
body{margin:0 auto;max-width:38em;padding:1em 1.1em 3em;font:1.05em/1.65 Georgia,\
'Times New Roman',serif;color:#1d1d1d;background:#fbfaf6}
h1{font-size:1.7em;line-height:1.2;margin:.6em 0 .2em}
h2{font-size:1.25em;margin:2em 0 1em}
p{margin:0 0 1em}
.byline{font-style:italic;margin-bottom:1.2em}
dl{margin:0 0 1em;padding:.7em .9em;border:1px solid #d8d3c4;border-radius:.3em;\
background:#f3f0e6}
dt{font-weight:bold;font-size:.9em}
dd{margin:0 0 .45em 1em;font-size:.95em}
dl.stats dt,dl.stats dd{display:inline}
dl.stats dd{margin:0 .9em 0 .3em}
blockquote{margin:0 0 1em;padding-left:1em;border-left:3px solid #d8d3c4}
nav ol{padding-left:1.4em}
a{color:#7a2e12}
hr.break{border:0;margin:1.6em 0;text-align:center}
hr.break::after{content:"* * *";letter-spacing:.4em;color:#777}
hr.chapter{border:0;border-top:1px solid #d8d3c4;margin:2.5em 0 0}
aside.notes{font-size:.9em;color:#555;border-top:1px dotted #bbb;margin-top:1.5em}
aside.notes h3{font-size:1em;margin:.8em 0 .4em}
aside.notes ul{padding-left:1.2em;margin:0}
@media (prefers-color-scheme:dark){body{color:#e6e2d8;background:#161513}\
dl{background:#22201c;border-color:#3a362e}a{color:#e0a27f}aside.notes{color:#aaa}}
"""
"""The page's whole style: a single reading column, large enough type for a phone."""


def _dl(rows: list[tuple[str, str]], cls: str) -> str:
    items = "\n".join(f"<dt>{escape(label)}</dt> <dd>{escape(value)}</dd>"
                      for label, value in rows)  # spaces: inline figures wrap on a phone
    return f'<dl class="{cls}">{items}</dl>'


def header_xhtml(work: Work) -> str:
    """The title page: title, authors, the archive's tags and figures, the summary."""
    h = work.header
    parts = [f"<h1>{escape(h.title)}</h1>"]
    if h.authors:
        parts.append(f'<p class="byline">by {escape(", ".join(h.authors))}</p>')
    parts.append(_dl(work.tags(), "tags"))
    parts.append(_dl(work.stats(), "stats"))
    if h.summary:
        parts.append(f"<h2>Summary</h2><blockquote><p>{escape(h.summary)}</p></blockquote>")
    if h.credits:
        parts.append(f'<p class="credits">Credits: {escape("; ".join(h.credits))}</p>')
    if h.footer:
        parts.append(f'<p class="notice"><em>{escape(h.footer)}</em></p>')
    return "\n".join(parts)


def chapter_xhtml(chapter: Chapter) -> str:
    """A chapter: its heading and prose, sections parted by a break, and its notes."""
    parts = [f"<h2>Chapter {chapter.number}: {escape(chapter.title)}</h2>"]
    for n, section in enumerate(chapter.sections):
        if n:
            parts.append('<hr class="break"/>')
        parts.extend(f"<p>{escape(p)}</p>" for p in section.paragraphs)
    if chapter.notes:
        items = "".join(f"<li>{escape(note.text)}</li>" for note in chapter.notes)
        parts.append(f'<aside class="notes"><h3>Notes</h3><ul>{items}</ul></aside>')
    return "\n".join(parts)


def end_note_xhtml(work: Work) -> str:
    """The end note: the run's figures."""
    return "<h2>End note</h2>\n" + _dl(work.end_note, "figures")


def to_html(work: Work) -> str:
    """The whole work as one HTML document that makes no request of any kind."""
    h = work.header
    toc = "".join(f'<li><a href="#chapter-{c.number}">{escape(c.title)}</a></li>'
                  for c in work.chapters)
    chapters = "\n".join(
        f'<hr class="chapter"/>\n<section id="chapter-{c.number}">\n{chapter_xhtml(c)}\n'
        f"</section>" for c in work.chapters)
    return f"""<!DOCTYPE html>
<html lang="{escape(h.language)}">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; \
style-src 'unsafe-inline'"/>
<title>{escape(h.title)}</title>
<style>
{STYLE}</style>
</head>
<body>
<header>
{header_xhtml(work)}
</header>
<nav><h2>Contents</h2><ol>{toc}</ol></nav>
<main>
{chapters}
</main>
<hr class="chapter"/>
<footer>
{end_note_xhtml(work)}
</footer>
</body>
</html>
"""
