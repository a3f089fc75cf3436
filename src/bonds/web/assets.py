"""The static files under versioned URLs, kept by browsers for a year.

Each file's version is the start of the SHA-256 of its bytes, read once when the app is built:
templates ask :meth:`Assets.url` for ``/static/style.css?v=1a2b3c4d5e6f``. A request that
names a file's current version is answered ``Cache-Control: public, max-age=31536000,
immutable`` (a changed file gets a new URL, so a kept copy is never stale); any other
(no version, or an old one) is answered ``no-cache``, so the browser asks again each time and
an unchanged file costs a 304.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import parse_qs

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

__all__ = ["FOREVER", "REVALIDATE", "Assets", "VersionedStatic"]

FOREVER = "public, max-age=31536000, immutable"
"""How a versioned URL is cached: a year, never revalidated."""
REVALIDATE = "no-cache"
"""How an unversioned (or outdated) URL is cached: kept, but checked before each use."""
VERSION_DIGITS = 12
"""Hex digits of a file's hash in its version."""


class Assets:
    """The static folder's files and their versions."""

    def __init__(self, folder: Path, prefix: str = "/static") -> None:
        self.folder = folder
        self.prefix = prefix
        self.versions: dict[str, str] = {
            path.relative_to(folder).as_posix():
                hashlib.sha256(path.read_bytes()).hexdigest()[:VERSION_DIGITS]
            for path in sorted(folder.rglob("*")) if path.is_file()}
        """Each file's path under the folder and its version."""

    def url(self, name: str) -> str:
        """The versioned URL of the static file ``name`` (``style.css``).

        Raises:
            KeyError: there is no such file (a template's typo fails at once, not in a
                browser).
        """
        return f"{self.prefix}/{name}?v={self.versions[name]}"


class VersionedStatic(StaticFiles):
    """Static files that set ``Cache-Control`` by whether the URL names the current version."""

    def __init__(self, assets: Assets) -> None:
        super().__init__(directory=assets.folder)
        self.assets = assets

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file, with the cache policy its URL earns."""
        response = await super().get_response(path, scope)
        if response.status_code in (200, 304):
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [])
            current = self.assets.versions.get(path.replace("\\", "/").lstrip("/"))
            fresh = current is not None and asked == [current]
            response.headers["cache-control"] = FOREVER if fresh else REVALIDATE
        return response
