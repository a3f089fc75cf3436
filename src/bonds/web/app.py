"""The ASGI app: routes, middleware and error pages, built around one pack and one database.

``create_app(world, db_url)`` is what ``bonds play`` and ``bonds serve`` run; ``from_env``
builds the same app from ``BONDS_*`` variables for servers that import a factory
(``uvicorn --factory bonds.web.app:from_env``):

- ``BONDS_PACK``, ``BONDS_DB``: the pack and the saves database's URL;
- ``BONDS_SECURE_COOKIES=1``: send the session cookie over HTTPS only;
- ``BONDS_SECRET``: the keys that sign session cookies, newest first (default: a key made
  once and kept in the database);
- ``BONDS_DB_TIMEOUT``: seconds a database statement or connection may take (default 3);
- ``BONDS_EXPIRE_DAYS``: delete the saves of a player idle this many days (default 400;
  0 keeps them for ever);
- ``BONDS_SESSION_LIMIT``: new sessions one address may start (default 30/minute;300/day;
  ``none``: no limit).

A database that is down, stalled or overloaded makes a page answer 503 with Retry-After and
log one line (never a statement, a parameter, a save or a player id); static files and
pages that need no database go on answering.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Match, Mount, Route

from bonds.engine import BondsError, ContentFault, Opening, World
from bonds.views.guide import guide_of

from . import pages, routes
from ._engine import DEFAULT_TIMEOUT
from .assets import Assets, VersionedStatic
from .db import SaveStore, Unavailable, default_db_url
from .security import (
    DEFAULT_SESSION_LIMIT,
    BodyLimit,
    NewSessionLimit,
    RotatingSessions,
    SecurityHeaders,
    parse_keys,
)
from .site import Site

__all__ = ["Hosting", "create_app", "from_env"]

log = logging.getLogger("bonds.web")
STATIC = Path(__file__).resolve().parent / "static"
SESSION_DAYS = 400
"""How long a browser keeps its session (and so its saves) without a visit."""
RETRY_AFTER = 5
"""Seconds a player is asked to wait when the database is out of reach."""
EXPIRY_EVERY = 3600.0
"""Seconds between two sweeps for idle players' rows."""
EXPIRY_RETRY = 1.0
"""Seconds before a sweep the database could not serve is tried again, doubled on each
failure up to :data:`EXPIRY_EVERY` (a database busy or down for a moment does not put the
sweep off for an hour, nor fill the log while it stays down)."""
GZIP_MINIMUM = 1000
"""Bytes below which a response is sent uncompressed (the gzip header and a round of CPU cost
more than they save). Event streams are never compressed (Starlette leaves
``text/event-stream`` alone, and flushes each chunk of any other streamed response)."""
GZIP_LEVEL = 6
"""zlib's level: within a few per cent of 9's size for a fraction of its CPU."""


@dataclass(frozen=True)
class Hosting:
    """How a host runs the app: secrets, timeouts, expiry and limits."""

    secure_cookies: bool = False
    """Send the session cookie over HTTPS only (for hosts behind TLS)."""
    secret: str | None = None
    """Keys that sign session cookies, newest first, separated by commas (None: the
    database's own key)."""
    db_timeout: float = DEFAULT_TIMEOUT
    """Seconds a database statement, connection or turn in the pool may take."""
    expire_days: float = SESSION_DAYS
    """Delete the rows of a player who wrote nothing for this many days (0: never)."""
    session_limit: str = DEFAULT_SESSION_LIMIT
    """New sessions one address may start (``limits`` notation; empty: no limit)."""

    @classmethod
    def from_env(cls) -> Hosting:
        """The settings in ``BONDS_*`` environment variables (see the module's docstring).

        Raises:
            BondsError: a variable holds something that is not a valid setting.
        """
        env = os.environ
        limit = env.get("BONDS_SESSION_LIMIT", DEFAULT_SESSION_LIMIT)
        try:
            return cls(
                secure_cookies=env.get("BONDS_SECURE_COOKIES") == "1",
                secret=env.get("BONDS_SECRET") or None,
                db_timeout=float(env.get("BONDS_DB_TIMEOUT") or DEFAULT_TIMEOUT),
                expire_days=float(env.get("BONDS_EXPIRE_DAYS") or SESSION_DAYS),
                session_limit="" if limit.strip().lower() == "none" else limit,
            )
        except ValueError:
            raise BondsError("BONDS_DB_TIMEOUT and BONDS_EXPIRE_DAYS are numbers of seconds "
                             "and days") from None


def create_app(world: World, db_url: str | None = None, *, secure_cookies: bool = False,
               store: SaveStore | None = None, seed: int | None = None,
               hosting: Hosting | None = None, opening: Opening | None = None) -> Starlette:
    """The game's web app for ``world``, keeping saves at ``db_url`` (default: user data).

    Args:
        world: the pack to play.
        db_url: a SQLAlchemy URL for the saves (default: SQLite in the user's data folder).
        secure_cookies: send the session cookie over HTTPS only (for hosts behind TLS).
        store: an open saves database to use instead of ``db_url``.
        seed: the seed a new game's form suggests.
        hosting: secrets, timeouts, expiry and limits (default: :class:`Hosting`'s).
        opening: where a new game begins, when not at the pack's start (``--at``/``--set``).

    Raises:
        StoreError: the database cannot be opened.
        BondsError: a setting in ``hosting`` is not valid.
    """
    hosting = hosting or Hosting(secure_cookies=secure_cookies)
    owned = store is None
    store = store or SaveStore(db_url or default_db_url(), hosting.db_timeout)
    keys = parse_keys(hosting.secret) if hosting.secret else [store.secret()]
    limit = NewSessionLimit(hosting.session_limit) if hosting.session_limit else None
    site = Site(world, store, seed)
    site.opening = opening
    assets = Assets(STATIC)
    site.env.globals["static"] = assets.url
    site.env.globals["guide"] = guide_of(world, site.names)
    post = ["POST"]
    app_routes = [
        Route("/", routes.title, name="title"),
        Route("/new", routes.new_game, methods=post, name="new"),
        Route("/how-to", routes.how_to, name="how_to"),
        Route("/play", routes.play, name="play"),
        Route("/choose", routes.choose, methods=post, name="choose"),
        Route("/saves", pages.saves, name="saves"),
        Route("/saves", pages.save_as, methods=post, name="save_as"),
        Route("/saves/{slot:int}/load", pages.load_slot, methods=post, name="load"),
        Route("/saves/{slot:int}/rewind", pages.rewind_slot, methods=post, name="rewind"),
        Route("/saves/{slot:int}/delete", pages.delete_slot, methods=post, name="delete"),
        Route("/saves/{slot:int}/download", pages.download_slot, name="download"),
        Route("/settings", pages.settings, name="settings"),
        Route("/settings", pages.update_settings, methods=post, name="update_settings"),
        Route("/forget", pages.forget_me, methods=post, name="forget"),
        Mount("/static", VersionedStatic(assets), name="static"),
    ]
    if site.exports:
        app_routes.append(Route("/export/{fmt:str}", pages.export, name="export"))
    middleware = [
        Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM, compresslevel=GZIP_LEVEL),
        Middleware(SecurityHeaders),
        Middleware(BodyLimit),
        Middleware(RotatingSessions, keys=keys, session_cookie="bonds_session",
                   max_age=SESSION_DAYS * 86400, https_only=hosting.secure_cookies),
    ]
    app = Starlette(routes=app_routes, middleware=middleware,
                    exception_handlers={HTTPException: _http_error, Unavailable: _unavailable,
                                        Exception: _server_error},
                    lifespan=_lifespan(store, owned, hosting.expire_days * 86400))
    app.state.site = site
    app.state.new_sessions = limit
    return app


def _lifespan(store: SaveStore, owned: bool, idle: float
              ) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        async with anyio.create_task_group() as tasks:
            if idle > 0:
                tasks.start_soon(_expire, store, idle)
            yield
            tasks.cancel_scope.cancel()
        if owned:
            store.close()

    return lifespan


async def _expire(store: SaveStore, idle: float) -> None:
    """Delete idle players' rows now and every :data:`EXPIRY_EVERY` seconds."""
    retry = EXPIRY_RETRY
    while True:
        try:
            gone = await store.run(store.expire, idle)
        except Unavailable as exc:
            log.warning("expiring idle saves: %s (trying again in %g s)", exc, retry)
            await anyio.sleep(retry)
            retry = min(retry * 2, EXPIRY_EVERY)
            continue
        if gone:
            log.info("expired %d saves of players idle for %g days", gone, idle / 86400)
        retry = EXPIRY_RETRY
        await anyio.sleep(EXPIRY_EVERY)


def from_env() -> Starlette:
    """The app for ``BONDS_PACK`` (default: the campaign), ``BONDS_DB`` and the rest: the
    factory each worker of ``bonds serve`` builds its app with, its heap then settled."""
    from bonds.content import load_pack
    from bonds.content.packs import resolve_pack

    from .server import settle_heap

    world = load_pack(resolve_pack(os.environ.get("BONDS_PACK") or None))
    app = create_app(world, os.environ.get("BONDS_DB") or None, hosting=Hosting.from_env())
    settle_heap()
    return app


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else "That request was refused."
    if status in (404, 405) and message in ("Not Found", "Method Not Allowed"):
        message = "There is no such page." if status == 404 else "That page does not take that."
    headers = dict(exc.headers or {})
    if status == 405:
        headers["Allow"] = _allowed(request.app.routes, request)
    return _error_page(request, status, message, headers)


def _allowed(app_routes: list[BaseRoute], request: Request) -> str:
    """Every method some route at this path takes (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in app_routes:
        if isinstance(route, Route) and route.methods and \
                route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return ", ".join(sorted(methods))


async def _unavailable(request: Request, exc: Exception) -> Response:
    log.warning("saves database unavailable (%s %s): %s", request.method, request.url.path,
                exc)
    return _error_page(request, 503, "The saves are out of reach for a moment, so nothing "
                                     "was changed and nothing is lost. Please try again in a "
                                     "few seconds.", {"Retry-After": str(RETRY_AFTER)})


async def _server_error(request: Request, exc: Exception) -> Response:
    # The server logs the exception (once): Starlette re-raises it after this page is sent.
    if isinstance(exc, ContentFault):  # a fault of the pack's content: say where it is
        return _error_page(request, 500, f"The story's content has a fault ({exc}); your "
                                         f"saves are safe. Tell the pack's author.")
    return _error_page(request, 500, "Something went wrong on our side; your saves are safe. "
                                     "Go back to the title page and try again.")


def _error_page(request: Request, status: int, message: str,
                headers: dict[str, str] | None = None) -> Response:
    site: Site | None = getattr(request.app.state, "site", None)
    if site is None or "session" not in request.scope or status == 429:
        return PlainTextResponse(message, status_code=status, headers=headers)
    try:
        response = site.render(request, "error.html", {"status": status, "message": message},
                               status)
    except Exception:  # never fail while reporting a failure  # noqa: BLE001
        return HTMLResponse(f"<p>{status}</p>", status_code=status, headers=headers)
    response.headers.update(headers or {})
    if request.headers.get("hx-request") == "true":
        # An htmx request that failed outside the play area: show the whole error page.
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML"
    return response
