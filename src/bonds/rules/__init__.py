"""World rules, one module per system. Importing this package registers every function.

Each module's docstring states its rules in plain words; ``docs/rules/`` has a page for each.
"""

from . import health as health
from . import missions as missions
from . import scouting as scouting
from . import sensing as sensing
from . import standing as standing
from . import story
from . import techniques as techniques
from . import travel as travel
from . import wards as wards
from ._registry import FUNCTIONS, Function

FIGHT_RULES = None
"""The skirmish system the engine calls for fight scenes (set by ``rules.combat``)."""

__all__ = ["FIGHT_RULES", "FUNCTIONS", "Function", "story"]

# World rules II. These come after FIGHT_RULES on purpose: importing combat sets it.
from . import bond as bond  # noqa: E402
from . import combat as combat  # noqa: E402
from . import cover as cover  # noqa: E402
from . import infamy as infamy  # noqa: E402
from . import recruitment as recruitment  # noqa: E402
