"""The game in a terminal: prose, numbered choices with their odds, status, save slots."""

from .play import play_text
from .slots import SlotFolder, default_saves_dir

__all__ = ["SlotFolder", "default_saves_dir", "play_text"]
