"""The pure, deterministic core: state, events, the seeded RNG, step and replay. No I/O."""

from .context import Chance, Ctx
from .core import Opening, check_chance, is_terminal, legal_actions, replay, start, step
from .errors import BondsError, ContentError, ContentFault, IllegalAction, Impossible, SaveError
from .state import Event, State, Value, state_from_json, state_hash, state_to_json
from .world import World

__all__ = [
    "BondsError",
    "Chance",
    "ContentError",
    "ContentFault",
    "Ctx",
    "Event",
    "IllegalAction",
    "Impossible",
    "Opening",
    "SaveError",
    "State",
    "Value",
    "World",
    "check_chance",
    "is_terminal",
    "legal_actions",
    "replay",
    "start",
    "state_from_json",
    "state_hash",
    "state_to_json",
    "step",
]
