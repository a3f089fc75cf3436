"""World rules, one module per system. Importing this package registers every function.

Each module's docstring states its rules in plain words; ``docs/rules/`` has a page for each.
"""

from . import story
from ._registry import FUNCTIONS, Function

FIGHT_RULES = None
"""The skirmish system the engine calls for fight scenes (set by ``rules.combat``)."""

__all__ = ["FIGHT_RULES", "FUNCTIONS", "Function", "story"]
