"""The game in a browser: the ASGI app, its pages, and the saves database.

Import :func:`bonds.web.app.create_app` for the app. The view modules here (``game``,
``narrative``, ``changes``, ``choices``, ``panel``, ``fight``, ``names``) hold no web code and
are shared with terminal play. What a step changed is told by :mod:`bonds.narration` (one
renderer of events for the export and both screens); ``changes`` only sets the figures
beside its sentences.
"""

__all__: list[str] = []
