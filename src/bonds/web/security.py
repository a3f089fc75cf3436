"""The web app's guards: request size, security headers, the player's id and CSRF tokens.

Each browser gets a random player id and a CSRF token in its signed session cookie. Every
form carries the token; a POST without the session's token is refused (403). Bodies over
:data:`MAX_BODY` are refused (413) before anything parses them.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MAX_BODY", "BodyLimit", "SecurityHeaders", "csrf_token", "player_id",
           "read_form"]

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
    """This browser's player id, made on its first visit."""
    session = request.session
    pid = session.get("player")
    if not isinstance(pid, str) or not 16 <= len(pid) <= 64:
        pid = secrets.token_urlsafe(24)
        session["player"] = pid
    return pid


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
