"""A work written out as an EPUB 3 book with ebooklib, byte for byte the same every time.

The book has a title page (the archive header), one file per chapter, the end note, a
navigation document and an NCX for older readers. ebooklib stamps the time of writing into
the package and the zip; both are pinned here (``MTIME`` and the zip entries' dates) so the
same run always makes the same file.
"""

from __future__ import annotations

import datetime as _dt
import io
import zipfile
from html import escape

from ebooklib import epub

from .html import chapter_xhtml, end_note_xhtml, header_xhtml
from .work import Work

__all__ = ["EPUB_STYLE", "MTIME", "to_epub"]

MTIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
"""The modification date written into every book (a real date would change every export)."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)

EPUB_STYLE = """\
body{font-family:Georgia,serif;line-height:1.5}
h1{font-size:1.6em}
h2{font-size:1.25em;margin:1.5em 0 1em}
p{margin:0 0 .9em}
dt{font-weight:bold}
dd{margin:0 0 .4em 1em}
blockquote{margin:0 0 1em 1em;font-style:italic}
.byline{font-style:italic}
hr.break{border:0;border-top:1px dotted #888;width:30%;margin:1.5em auto}
aside.notes{font-size:.9em;border-top:1px dotted #888;margin-top:1.5em}
"""


def _page(uid: str, name: str, title: str, body: str, lang: str,
          style: epub.EpubItem) -> epub.EpubHtml:
    page = epub.EpubHtml(uid=uid, title=title, file_name=name, lang=lang)
    page.content = f"<html><head><title>{title}</title></head><body>{body}</body></html>"
    page.add_item(style)
    return page


def _normalised(raw: bytes) -> bytes:
    """The zip rewritten with fixed dates, in the same order (``mimetype`` first, stored)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = info.compress_type
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            dst.writestr(fixed, src.read(info.filename), compresslevel=9)
    return out.getvalue()


def to_epub(work: Work) -> bytes:
    """The whole work as the bytes of an EPUB 3 file (valid by epubcheck)."""
    h = work.header
    book = epub.EpubBook()
    book.set_identifier(work.identifier)
    book.set_title(h.title)
    book.set_language(h.language)
    for author in h.authors:
        book.add_author(author)
    if h.summary:
        book.add_metadata("DC", "description", h.summary)
    for tag in h.tags:
        book.add_metadata("DC", "subject", tag)
    style = epub.EpubItem(uid="style", file_name="style.css", media_type="text/css",
                          content=EPUB_STYLE.encode())
    book.add_item(style)
    title = _page("title", "title.xhtml", escape(h.title), header_xhtml(work), h.language, style)
    chapters = [
        _page(f"chapter{c.number}", f"chapter{c.number:03d}.xhtml",
              escape(f"Chapter {c.number}: {c.title}"), chapter_xhtml(c), h.language, style)
        for c in work.chapters]
    note = _page("endnote", "endnote.xhtml", "End note", end_note_xhtml(work), h.language,
                 style)
    for page in (title, *chapters, note):
        book.add_item(page)
    book.toc = [title, *chapters, note]
    book.add_item(epub.EpubNcx())
    book.add_item(epub.EpubNav())
    book.spine = [title, "nav", *chapters, note]
    raw = io.BytesIO()
    epub.write_epub(raw, book, {"mtime": MTIME, "raise_exceptions": True})
    return _normalised(raw.getvalue())
