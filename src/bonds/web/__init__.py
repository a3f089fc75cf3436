"""The game in a browser: the ASGI app, its pages, and the saves database.

Import :func:`bonds.web.app.create_app` for the app. What the pages show (the game being
played, its prose, choices, panel, fight board and changes) is view data from
:mod:`bonds.views`, which terminal play renders too; this package holds only the web's own
code: routes, templates, sessions and the saves database.
"""

__all__: list[str] = []
