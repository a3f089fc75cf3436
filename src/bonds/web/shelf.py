"""The shelf in the browser: with several packs installed, ``bonds play`` opens on a page that
lists them (title, rating, summary, tags); the one picked is played, and ``/shelf`` brings the
list back.

A local, single-player front: one game app per pack, built when first picked, and every
request that is not the shelf's goes to the app of the pack picked last. A host serving many
players runs ``bonds serve --pack`` once per pack instead.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from bonds.content.packs import ShelfEntry

__all__ = ["Shelf"]

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The shelf</title>
<style>
body {{ font: 1.05rem/1.5 Georgia, serif; max-width: 42rem; margin: 0 auto; padding: 1rem;
       color: #222; background: #fdfcf8; }}
h1 {{ font-size: 1.6rem; }} li {{ list-style: none; margin: 0 0 1.5rem; }}
ul {{ padding: 0; }} .rating {{ font-size: .9rem; border: 1px solid #888; padding: 0 .3rem; }}
.tags {{ color: #555; font-size: .9rem; }}
button {{ font: inherit; font-size: 1.1rem; padding: .4rem .9rem; cursor: pointer; }}
</style></head>
<body><main id="main"><h1>The shelf</h1>
<p>Choose a story to read and play. You can come back here at any time from /shelf.</p>
<ul>{items}</ul></main></body></html>"""

_ITEM = """<li><h2 id="p-{id}">{title}</h2>
<p><span class="rating">{rating}</span>{world}</p>{summary}{tags}
<form method="post" action="/shelf/{id}"><button aria-describedby="p-{id}">Open
{title}</button></form></li>"""


class Shelf:
    """An ASGI app: the shelf at ``/`` (until a pack is picked) and ``/shelf``; everything
    else goes to the picked pack's game."""

    def __init__(self, entries: list[ShelfEntry], make_app: Callable[[ShelfEntry], ASGIApp]
                 ) -> None:
        self.entries = {e.id: e for e in entries}
        self.make_app = make_app
        self.apps: dict[str, ASGIApp] = {}
        self.current: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        path = scope["path"]
        if path == "/shelf" or (path == "/" and self.current is None):
            await self.page()(scope, receive, send)
        elif path.startswith("/shelf/"):
            await self.pick(Request(scope, receive), path.removeprefix("/shelf/"))(
                scope, receive, send)
        elif self.current is None:
            await RedirectResponse("/shelf", 303)(scope, receive, send)
        else:
            await self.apps[self.current](scope, receive, send)

    def page(self) -> Response:
        items = "".join(_ITEM.format(
            id=escape(e.id), title=escape(e.title), rating=escape(e.rating),
            world=f" · set in {escape(e.world)}" if e.world else "",
            summary=f"<p>{escape(e.summary)}</p>" if e.summary else "",
            tags=(f'<p class="tags">{escape(", ".join(e.tags))}</p>' if e.tags else ""))
            for e in self.entries.values())
        return HTMLResponse(_PAGE.format(items=items))

    def pick(self, request: Request, pack_id: str) -> Response:
        if request.method != "POST":
            return PlainTextResponse("Method Not Allowed", 405, headers={"Allow": "POST"})
        origin = request.headers.get("origin") or request.headers.get("referer")
        if origin and urlsplit(origin).netloc != request.headers.get("host"):
            return PlainTextResponse("Forbidden", 403)  # another site cannot pick for you
        entry = self.entries.get(pack_id)
        if entry is None:
            return PlainTextResponse("Not Found", 404)
        if pack_id not in self.apps:
            self.apps[pack_id] = self.make_app(entry)
        self.current = pack_id
        return RedirectResponse("/", 303)


async def _lifespan(receive: Receive, send: Send) -> None:
    """Start and stop at once: each game app opens its database when first picked."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
