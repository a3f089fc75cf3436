"""What every screen shows, as plain data: the browser and the terminal both render it.

A game being played (:class:`Game`), the prose and rolls of its latest step and what it
changed (:mod:`.narrative`, :mod:`.changes`), the choices on offer with their odds and
expected changes (:mod:`.choices`), the side panel (:mod:`.panel`), the fight board
(:mod:`.fight`) and the names of things (:mod:`.names`). Nothing here is HTML or Rich, and
nothing here imports :mod:`bonds.web` or :mod:`bonds.terminal`: each front end imports these
views, never the other front end.
"""

from .changes import Change, Figure, changes_of
from .choices import ChoiceView, Expected, Preview, choices_of
from .fight import ActionView, FieldView, ZoneView, describe_fight_action, fight_label, fight_view
from .game import MAX_ACTIONS, Game
from .names import Names, humanize, tone
from .narrative import Beat, Passage, Roll, StepView, beats_of, roll_label, step_view
from .panel import BondView, Group, Meter, MissionView, PanelView, PersonView, panel_of

__all__ = [
    "MAX_ACTIONS",
    "ActionView",
    "Beat",
    "BondView",
    "Change",
    "ChoiceView",
    "Expected",
    "FieldView",
    "Figure",
    "Game",
    "Group",
    "Meter",
    "MissionView",
    "Names",
    "PanelView",
    "Passage",
    "PersonView",
    "Preview",
    "Roll",
    "StepView",
    "ZoneView",
    "beats_of",
    "changes_of",
    "choices_of",
    "describe_fight_action",
    "fight_label",
    "fight_view",
    "humanize",
    "panel_of",
    "roll_label",
    "step_view",
    "tone",
]
