"""The ASGI app: routes, middleware and error pages, built around one pack and one database.

``create_app(world, db_url)`` is what ``bonds play`` and ``bonds serve`` run; ``from_env``
builds the same app from ``BONDS_PACK`` and ``BONDS_DB`` for servers that import a factory
(``uvicorn --factory bonds.web.app:from_env``).
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bonds.engine import World

from . import pages, routes
from .db import SaveStore, default_db_url
from .security import BodyLimit, SecurityHeaders
from .site import Site

__all__ = ["create_app", "from_env"]

log = logging.getLogger("bonds.web")
STATIC = Path(__file__).resolve().parent / "static"
SESSION_DAYS = 400
"""How long a browser keeps its session (and so its saves) without a visit."""


def create_app(world: World, db_url: str | None = None, *, secure_cookies: bool = False,
               store: SaveStore | None = None, seed: int | None = None) -> Starlette:
    """The game's web app for ``world``, keeping saves at ``db_url`` (default: user data).

    Args:
        world: the pack to play.
        db_url: a SQLAlchemy URL for the saves (default: SQLite in the user's data folder).
        secure_cookies: send the session cookie over HTTPS only (for hosts behind TLS).
        store: an open saves database to use instead of ``db_url``.
        seed: the seed a new game's form suggests.

    Raises:
        StoreError: the database cannot be opened.
    """
    owned = store is None
    store = store or SaveStore(db_url or default_db_url())
    site = Site(world, store, seed)
    post = ["POST"]
    app_routes = [
        Route("/", routes.title, name="title"),
        Route("/new", routes.new_game, methods=post, name="new"),
        Route("/play", routes.play, name="play"),
        Route("/choose", routes.choose, methods=post, name="choose"),
        Route("/saves", pages.saves, name="saves"),
        Route("/saves", pages.save_as, methods=post, name="save_as"),
        Route("/saves/{slot:int}/load", pages.load_slot, methods=post, name="load"),
        Route("/saves/{slot:int}/delete", pages.delete_slot, methods=post, name="delete"),
        Route("/saves/{slot:int}/download", pages.download_slot, name="download"),
        Route("/settings", pages.settings, name="settings"),
        Route("/settings", pages.update_settings, methods=post, name="update_settings"),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    if site.exports:
        app_routes.append(Route("/export/{fmt:str}", pages.export, name="export"))
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit),
        Middleware(SessionMiddleware, secret_key=store.secret(), session_cookie="bonds_session",
                   max_age=SESSION_DAYS * 86400, same_site="lax", https_only=secure_cookies),
    ]
    app = Starlette(routes=app_routes, middleware=middleware,
                    exception_handlers={HTTPException: _http_error, Exception: _server_error},
                    lifespan=_closing(store if owned else None))
    app.state.site = site
    return app


def _closing(store: SaveStore | None
             ) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if store is not None:
            store.close()

    return lifespan


def from_env() -> Starlette:
    """The app for ``BONDS_PACK`` (default: the campaign) and ``BONDS_DB``."""
    from bonds.content import load_pack
    from bonds.content.packs import resolve_pack

    world = load_pack(resolve_pack(os.environ.get("BONDS_PACK") or None))
    return create_app(world, os.environ.get("BONDS_DB") or None,
                      secure_cookies=os.environ.get("BONDS_SECURE_COOKIES") == "1")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    status = exc.status_code
    message = exc.detail if isinstance(exc.detail, str) else "That request was refused."
    if status in (404, 405) and message in ("Not Found", "Method Not Allowed"):
        message = "There is no such page." if status == 404 else "That page does not take that."
    return _error_page(request, status, message)


async def _server_error(request: Request, exc: Exception) -> Response:
    log.exception("error serving %s", request.url.path, exc_info=exc)
    return _error_page(request, 500, "Something went wrong on our side; your saves are safe. "
                                     "Go back to the title page and try again.")


def _error_page(request: Request, status: int, message: str) -> Response:
    site: Site | None = getattr(request.app.state, "site", None)
    if site is None or "session" not in request.scope:
        return PlainTextResponse(message, status_code=status)
    try:
        response = site.render(request, "error.html", {"status": status, "message": message},
                               status)
    except Exception:  # never fail while reporting a failure  # noqa: BLE001
        return HTMLResponse(f"<p>{status}</p>", status_code=status)
    if request.headers.get("hx-request") == "true":
        # An htmx request that failed outside the play area: show the whole error page.
        response.headers["HX-Retarget"] = "body"
        response.headers["HX-Reswap"] = "innerHTML"
    return response
