"""The game in a terminal: prose, numbered choices with their odds, read from standard input."""

from .play import play_text

__all__ = ["play_text"]
