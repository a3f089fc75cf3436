"""``bonds play --watch`` in the browser: the reload endpoint, and swapping in a new pack.

:func:`watch_app` adds to a game's app a :class:`~bonds.live.PackWatcher` (started and
stopped with the app) and ``GET /watch?since=N``, a long poll: it answers at once when the
pack's version is not ``N``, else when it changes or after :data:`POLL_SECONDS`, with
``{"version": V, "problems": [...]}``. Every page then loads ``static/watch.js`` (base.html
includes it only while watching), which polls and reloads the page when a new version
loaded, or shows the problems when the edit broke the pack.

A new pack is swapped into the :class:`~.site.Site` on the event loop's thread, between
requests' steps. The games in memory are dropped, so each player's page is rebuilt from
their autosave replayed on the new pack: their place is kept and the page says the story
was revised, or, where the edit removed a step of their road, the title page says which
and offers to continue from the last step that stands (the saves' own machinery).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bonds.engine import World
from bonds.live import PackWatcher

from .site import Site

__all__ = ["POLL_SECONDS", "Reloader", "watch_app"]

POLL_SECONDS = 20.0
"""How long a poll waits for a change before it answers that there was none."""
SLICE_SECONDS = 0.25
"""How often a waiting poll looks whether the server is stopping."""


class Reloader:
    """The pack's version as the browser sees it, and the polls waiting for the next."""

    def __init__(self, site: Site, pack: Path) -> None:
        self.site = site
        self.version = 0
        """Counts the saves seen: each one that loaded, and each one that did not."""
        self.problems: list[str] = []
        """Why the latest save did not load (empty when it did)."""
        self.watcher = PackWatcher(pack, self._loaded, self._broken)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed = asyncio.Event()

    # -- on the watcher's thread -----------------------------------------------------------
    def _loaded(self, world: World) -> None:
        self._hand_over(world, [])

    def _broken(self, problems: list[str]) -> None:
        self._hand_over(None, problems)

    def _hand_over(self, world: World | None, problems: list[str]) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._apply, world, problems)

    # -- on the event loop -----------------------------------------------------------------
    def _apply(self, world: World | None, problems: list[str]) -> None:
        if world is not None:
            self.site.revise(world)
        self.problems = problems
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def poll(self, request: Request) -> Response:
        """``GET /watch?since=N``: the version and problems once they are not ``N``'s."""
        try:
            since = int(request.query_params.get("since", "-1"))
        except ValueError:
            since = -1
        stopping = getattr(request.app.state, "stopping", None)
        deadline = time.monotonic() + POLL_SECONDS
        # Waits in short slices, so that a server told to stop (Ctrl-C: ``stopping``, set by
        # run_local) is not kept waiting for the poll.
        while since == self.version and time.monotonic() < deadline and not (
                stopping is not None and stopping()):
            with suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), SLICE_SECONDS)
        return JSONResponse({"version": self.version, "problems": self.problems},
                            headers={"cache-control": "no-store"})

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Watch the pack while the app runs."""
        self._loop = asyncio.get_running_loop()
        self._changed = asyncio.Event()
        await asyncio.to_thread(self.watcher.start)
        try:
            yield
        finally:
            await asyncio.to_thread(self.watcher.stop)


def watch_app(app: Starlette, pack: Path) -> Reloader:
    """Make ``app`` (a game's, from ``create_app``) follow the pack at ``pack`` as it is
    edited; returns the reloader (its ``version`` counts the reloads)."""
    site: Site = app.state.site
    reloader = Reloader(site, pack)
    app.router.routes.insert(0, Route("/watch", reloader.poll, name="watch"))
    site.env.globals["watch"] = reloader  # base.html includes watch.js while this is set
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(started: Any) -> AsyncIterator[Any]:
        async with reloader.running(), inner(started) as state:
            yield state

    app.router.lifespan_context = lifespan
    return reloader
