"""Unbreakable Bonds: a narrative-systems engine and the game built on it.

The package is layered so that dependencies point inward: ``engine`` (the pure core) knows
nothing of the others; ``rules`` holds one module per world system; ``content`` loads and
compiles packs; ``narration``, ``playtest``, ``web`` and ``cli`` sit on top.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
