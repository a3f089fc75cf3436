"""The game in a browser: the ASGI app, its pages, and the saves database.

Import :func:`bonds.web.app.create_app` for the app. The view modules here (``game``,
``narrative``, ``choices``, ``panel``, ``fight``, ``names``) hold no web code and are shared
with terminal play.
"""

__all__: list[str] = []
