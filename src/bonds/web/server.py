"""Running the app: a local server for ``bonds play`` and a host's server for ``bonds serve``.

``bonds play`` listens on 127.0.0.1, on the port asked for or, when that one is taken, a free
one the system gives; it opens the player's browser where there is one to open.

Before ``bonds serve`` (or each of its workers) takes its first request, :func:`settle_heap`
takes what it holds for good out of the garbage collector's passes. ``bonds play`` does not:
one player's pages never keep the collector long, and ``--watch`` loads the pack anew on
every edit, where a frozen old pack would never be collected.
"""

from __future__ import annotations

import errno
import gc
import os
import socket
import sys
import threading
import time
import webbrowser
from collections.abc import Callable
from typing import Any

import uvicorn
import uvicorn.config
from starlette.applications import Starlette
from starlette.types import ASGIApp

__all__ = ["GC_YOUNG", "LOGGING", "bind", "can_open_browser", "run_local", "serve",
           "settle_heap"]

LOGGING: dict[str, Any] = {
    **uvicorn.config.LOGGING_CONFIG,
    "loggers": {**uvicorn.config.LOGGING_CONFIG["loggers"],
                "bonds": {"handlers": ["default"], "level": "INFO", "propagate": False}},
}
"""Uvicorn's logging, with the game's own loggers written the same way."""


GC_YOUNG = 10_000
"""Allocations between two collections of the youngest objects (Python's default is 700)."""


def settle_heap() -> None:
    """Freeze what the process holds by now (the compiled pack, the app and its caches) out
    of the garbage collector's passes, and collect the young less often.

    A server's heap is mostly the world it loaded, which lives as long as the process. Left
    to the collector, every full pass walked all of it: under load about one every few seconds,
    each stopping the worker for 0.1 to 0.2 s, the slowest pages' whole wait. The pages
    themselves make short-lived objects by the thousand, so the youngest are collected every
    :data:`GC_YOUNG` allocations instead of every 700.
    """
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, middle, old)


def bind(host: str, port: int, fallback: bool = True) -> socket.socket:
    """A listening socket on ``host:port``; with ``fallback``, any free port if it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        if not fallback or exc.errno not in (errno.EADDRINUSE, errno.EACCES):
            sock.close()
            raise
        sock.bind((host, 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def can_open_browser() -> bool:
    """Whether a graphical browser can be opened (never a text browser in this terminal)."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        return False
    try:
        webbrowser.get()
    except webbrowser.Error:
        return False
    return True


def run_local(app: ASGIApp, port: int, open_browser: bool,
              announce: Callable[[str], None]) -> None:
    """Serve ``app`` on 127.0.0.1 until Ctrl-C; say the address, and open it if asked."""
    sock = bind("127.0.0.1", port)
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    state = getattr(app, "state", None)
    if state is not None:  # what waits (--watch's long poll) ends when Ctrl-C is pressed
        state.stopping = lambda: server.should_exit
    announce(url)
    if open_browser and can_open_browser():
        threading.Thread(target=_open_when_up, args=(server, url), daemon=True).start()
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()


def serve(app: Starlette | str, host: str, port: int, workers: int = 1) -> None:
    """Serve for many players: ``app`` itself, or an app factory's import path for workers.

    The game's own log lines (``bonds.*``: one line per database failure) are written as
    the server's are. Each worker settles its heap (:func:`settle_heap`) once its app is
    built (the factory does it).
    """
    if isinstance(app, str):
        uvicorn.run(app, factory=True, host=host, port=port, workers=workers,
                    log_level="info", access_log=False, lifespan="on", log_config=LOGGING)
    else:
        settle_heap()
        uvicorn.run(app, host=host, port=port, log_level="info", access_log=False,
                    lifespan="on", log_config=LOGGING)


def _open_when_up(server: uvicorn.Server, url: str) -> None:
    for _ in range(200):
        if server.started:
            webbrowser.open(url)
            return
        time.sleep(0.05)
