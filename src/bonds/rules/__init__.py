"""World rules, one module per system. Importing this package registers every function.

Each module's docstring states its rules in plain words; ``docs/rules/`` has a page for each.
"""

from . import bond as bond
from . import combat as combat
from . import cover as cover
from . import health as health
from . import infamy as infamy
from . import missions as missions
from . import recruitment as recruitment
from . import scouting as scouting
from . import sensing as sensing
from . import standing as standing
from . import story
from . import techniques as techniques
from . import travel as travel
from . import wards as wards
from ._names import pack_name
from ._registry import FUNCTIONS, Function
from .combat import SKIRMISH as FIGHT_RULES

__all__ = ["FIGHT_RULES", "FUNCTIONS", "Function", "pack_name", "story"]
