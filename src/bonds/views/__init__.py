"""What every screen shows, as plain data: the browser and the terminal both render it.

A game being played (:class:`Game`), the prose and rolls of its latest step and what it
changed (:mod:`.narrative`, :mod:`.changes`), the choices on offer with their odds and
expected changes (:mod:`.choices`), the side panel (:mod:`.panel`), the numbers setting
(:mod:`.numbers`), the fight board (:mod:`.fight`), a hero's fight actions a few at a time
(:mod:`.fight_menu`) and the names of things (:mod:`.names`). Nothing here is HTML or Rich,
and nothing here imports :mod:`bonds.web` or :mod:`bonds.terminal`: each front end imports
these views, never the other front end.
"""

from .changes import Change, Figure, changes_of
from .choices import ChoiceView, Expected, Preview, choices_of, viewpoint
from .fight import (
    ActionView,
    FieldView,
    FighterView,
    ZoneView,
    describe_fight_action,
    fight_label,
    fight_view,
    fighter_text,
)
from .fight_menu import FightMenu, MenuItem, fight_menu
from .game import MAX_ACTIONS, Game
from .names import Names, humanize, tone
from .narrative import Beat, Passage, Roll, StepView, beats_of, roll_label, step_view
from .numbers import DEFAULT_NUMBERS, NUMBERS, numbers_setting, odds_words
from .panel import BondView, Group, Meter, MissionView, PanelView, PersonView, panel_of

__all__ = [
    "DEFAULT_NUMBERS",
    "MAX_ACTIONS",
    "NUMBERS",
    "ActionView",
    "Beat",
    "BondView",
    "Change",
    "ChoiceView",
    "Expected",
    "FieldView",
    "FightMenu",
    "FighterView",
    "Figure",
    "Game",
    "Group",
    "Meter",
    "MenuItem",
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
    "fight_menu",
    "fight_view",
    "fighter_text",
    "humanize",
    "numbers_setting",
    "odds_words",
    "panel_of",
    "roll_label",
    "step_view",
    "tone",
    "viewpoint",
]
