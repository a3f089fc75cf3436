"""The web app's guards: request size, security headers, the player's id and CSRF tokens,
the keys that sign the session cookie, and the limit on new sessions from one address.

Each browser gets a random player id and a CSRF token in its signed session cookie. Every
form carries the token; a POST without the session's token is refused (403). Bodies over
:data:`MAX_BODY` are refused (413) before anything parses them.

The cookie is signed with the first of the app's keys and accepted under any of them, so a
host rotates the secret by putting a new key first and keeping the old one a while
(``BONDS_SECRET="new,old"``). An address may start at most so many new sessions in a
window (``limits``' notation, e.g. ``30/minute``); past that it is answered 429 with
Retry-After, and nothing is written.
"""

from __future__ import annotations

import math
import re
import secrets
import time
from collections.abc import Sequence
from typing import Any

import itsdangerous
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bonds.engine import BondsError

__all__ = ["DEFAULT_SESSION_LIMIT", "MAX_BODY", "MIN_KEY", "BodyLimit", "NewSessionLimit",
           "RotatingSessions", "SecurityHeaders", "csrf_token", "parse_keys", "player_id",
           "read_form"]

DEFAULT_SESSION_LIMIT = "30/minute;300/day"
"""How many new sessions one address may start, by default."""
MIN_KEY = 32
"""The shortest signing key accepted (characters)."""

MAX_BODY = 16 * 1024
"""The largest request body accepted; every form of the game fits in far less."""
MAX_FIELDS = 20
"""The most form fields accepted."""
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


class BodyLimit:
    """Refuse request bodies over ``limit`` bytes with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _plain(send, 400, "Bad Content-Length")
                return
            if int(declared) > self.limit:
                await _plain(send, 413, "Request too large")
                return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > self.limit:
                await _plain(send, 413, "Request too large")
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class SecurityHeaders:
    """Add a content security policy and the usual hardening headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(b"content-security-policy", CSP.encode()),
                            (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"same-origin"),
                            (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _plain(send: Send, status: int, text: str) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": text.encode()})


def player_id(request: Request) -> str:
    """This browser's player id, made on its first visit.

    Raises:
        HTTPException: 429 when this address has started too many sessions of late.
    """
    session = request.session
    pid = session.get("player")
    if not isinstance(pid, str) or not 16 <= len(pid) <= 64:
        limit: NewSessionLimit | None = getattr(request.app.state, "new_sessions", None)
        if limit is not None:
            limit.admit(request.client.host if request.client else "")
        pid = secrets.token_urlsafe(24)
        session["player"] = pid
    return pid


class NewSessionLimit:
    """At most so many new sessions per client address in a window (the ``limits`` library).

    Counts are kept in this process's memory: each server worker counts apart.
    """

    def __init__(self, spec: str = DEFAULT_SESSION_LIMIT) -> None:
        """
        Args:
            spec: one or more limits in ``limits``' notation, e.g. ``30/minute;300/day``.

        Raises:
            BondsError: ``spec`` is not a limit.
        """
        try:
            self.items: list[RateLimitItem] = parse_many(spec)
        except ValueError:
            raise BondsError(f"'{spec}' is not a session limit: write e.g. 30/minute or "
                             f"30/minute;300/day") from None
        self.spec = spec
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    def admit(self, address: str) -> None:
        """Count one new session for ``address``.

        Raises:
            HTTPException: 429 with Retry-After when the address is over a limit.
        """
        for item in self.items:
            if not self._limiter.hit(item, "new-session", address):
                stats = self._limiter.get_window_stats(item, "new-session", address)
                wait = max(1, math.ceil(stats.reset_time - time.time()))
                raise HTTPException(429, "Too many new visitors have come from your address "
                                         "just now. Please try again in a little while.",
                                    headers={"Retry-After": str(wait)})


def parse_keys(text: str) -> list[str]:
    """Signing keys as a host writes them (newest first; separated by commas or spaces).

    Raises:
        BondsError: a key is shorter than :data:`MIN_KEY` characters, or there is none.
    """
    keys = [k for k in re.split(r"[\s,]+", text) if k]
    if not keys:
        raise BondsError("BONDS_SECRET holds no key")
    short = [n for n, k in enumerate(keys, 1) if len(k) < MIN_KEY]
    if short:
        raise BondsError(f"BONDS_SECRET: key {short[0]} is shorter than {MIN_KEY} characters "
                         f"(make one with: python -c 'import secrets; "
                         f"print(secrets.token_urlsafe(48))')")
    return keys


class RotatingSessions(SessionMiddleware):
    """Starlette's signed-cookie sessions, signed with the first key and read with any."""

    def __init__(self, app: ASGIApp, keys: Sequence[str], session_cookie: str = "session",
                 max_age: int | None = None, https_only: bool = False) -> None:
        super().__init__(app, secret_key=keys[0], session_cookie=session_cookie,
                         max_age=max_age, same_site="lax", https_only=https_only)
        # itsdangerous signs with the last of its keys and accepts every one.
        self.signer = itsdangerous.TimestampSigner(list(reversed(keys)))


def csrf_token(request: Request) -> str:
    """This session's CSRF token, made with the session."""
    token = request.session.get("csrf")
    if not isinstance(token, str) or len(token) < 16:
        token = secrets.token_urlsafe(24)
        request.session["csrf"] = token
    return token


async def read_form(request: Request) -> FormData:
    """The posted form, checked: parsable (else 400) and carrying this session's token (403).

    Raises:
        HTTPException: 400 for a body that is not a form, 403 for a missing or wrong token.
    """
    try:
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
    except HTTPException:
        raise
    except Exception:  # every parser failure is the client's  # noqa: BLE001
        raise HTTPException(400, "That request could not be read as a form.") from None
    sent: Any = form.get("csrf")
    expected = request.session.get("csrf")
    if not isinstance(sent, str) or not isinstance(expected, str) or not \
            secrets.compare_digest(sent.encode(), expected.encode()):
        raise HTTPException(403, "This form has expired or did not come from this game. "
                                 "Reload the page and try again.")
    return form
