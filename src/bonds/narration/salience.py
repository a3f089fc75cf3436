"""How much each kind of event matters to a reader, and so where it is told.

Every event kind the rules emit has a weight from 0 to 100 (:data:`WEIGHTS`, the engine's
defaults; a pack's ``narration.yaml`` may set its own under ``salience:``). A change is told

- in the prose, always, when its kind is on the :data:`FLOOR` (a bond stage crossed, a
  fight's outcome, an injury, a cover exposed, a mission or an objective changed: the
  things a reader must never miss);
- in the prose, when its weight is :data:`PROSE` or more and the step's :data:`BUDGET` of
  such sentences is not spent (the heaviest first);
- in the margin (the game's notes beside the prose, an export's chapter end notes) when its
  weight is :data:`NOTE` or more;
- not at all, below that (the screen still shows its figure).

A change's weight grows with its size (:func:`Salience.weight`): a large move of the bond
matters more than a small one, and a watershed most of all.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["BUDGET", "FLOOR", "NOTE", "PROSE", "WEIGHTS", "Salience"]

PROSE = 60
"""The least weight a change needs to be woven into the prose."""
NOTE = 20
"""The least weight a change needs to be told at all (in the margin, below :data:`PROSE`)."""
BUDGET = 1
"""Sentences of changes (the floor apart) a step may weave into its prose."""

FLOOR = frozenset({
    "bond_stage_changed", "fight_ended", "injured", "cover_exposed", "mission_accepted",
    "mission_state_changed", "objective_changed", "mission_clock_ran_out", "fighter_down",
    "foes_broke",
})
"""Kinds always told in the prose, whatever the budget: a stage crossed, a fight's outcome
(someone down, a group breaking, the end), an injury, an exposure, a change of mission."""

WEIGHTS: dict[str, int] = {
    # people
    "bond_changed": 35, "bond_stage_changed": 100, "act_changed": 30,
    "suspicion_changed": 25, "cover_suspected": 55, "cover_exposed": 100, "flinched": 55,
    "standing_changed": 55, "elders_approved": 55, "married": 55, "clan_duty_defied": 45,
    "remembered": 50, "forgotten": 40, "resource_changed": 20, "items_changed": 25,
    "exhausted": 45, "exhaustion_passed": 25, "injured": 100, "injury_resisted": 45,
    "injury_healed": 45, "frozen": 55, "unfrozen": 30, "recruit_judged": 70,
    "infamy_changed": 35, "attention_changed": 25, "approach_scheduled": 50,
    "desk_verdict": 40, "mission_accepted": 100, "mission_state_changed": 100,
    "objective_changed": 100, "mission_clock_ran_out": 100, "mission_report": 80,
    "choice_made": 60,
    # the world around them
    "time_passed": 20, "travelled": 25, "rested": 20, "camp_made": 20, "camp_broken": 10,
    "pulse_made": 25, "presence_sensed": 35, "trap_sensed": 45, "mood_read": 40,
    "intimidated": 55, "signal_passed": 30, "signal_misread": 50, "ward_set": 35,
    "ward_keyed": 30, "ward_lifted": 30, "ward_pinged": 40, "entered": 25, "trap_set": 30,
    "trap_cleared": 25, "trap_sprung": 65, "sealed": 35, "seal_opened": 35,
    "seal_backlash": 60, "scouts_sent": 15, "debriefed": 30, "intel_learnt": 50,
    "technique_used": 20, "technique_combined": 40, "water_held": 30, "water_released": 30,
    "water_spent": 20, "value_changed": 30, "roll": 20,
    # fights (told by the fight's beats; these weigh the moments against each other)
    "fight_started": 100, "fight_ended": 100, "fighter_down": 100, "foes_broke": 100,
    "combo_used": 85, "reflex_save": 80, "blow_taken": 80, "tank_burst": 75,
    "foes_revealed": 60, "fighters_arrive": 55, "foes_frozen": 60, "fighter_healed": 55,
    "foes_hurt": 50, "fighter_hurt": 45, "plan_signed": 40, "fighter_fled": 70,
    "guarding": 35, "dodging": 25, "fighter_moved": 25, "foes_moved": 15, "foes_held": 30,
    "foes_morale": 15, "civilians_fled": 15, "property_damaged": 25, "bystanders_hurt": 45,
    # bookkeeping
    "flag_changed": 0, "bond_capped": 0, "expectation_broken": 0, "fight_round": 0,
    "fight_action": 0,
}
"""The engine's weight of each event kind (a kind not listed weighs :data:`NOTE`)."""

_SIZE = {"small": 0, "medium": 10, "large": 25}
"""What a change's size adds to its kind's weight."""
JOINED = 15
"""What telling several events in one sentence adds (the scouts' news with their return)."""


class Salience:
    """The weights of one pack: its ``narration.yaml``'s over the engine's."""

    def __init__(self, overrides: Mapping[str, int] | None = None) -> None:
        """Weights for a pack; ``overrides`` are its ``salience:`` entries."""
        self.weights = {**WEIGHTS, **(overrides or {})}

    def weight(self, kind: str, facts: Mapping[str, Any]) -> int:
        """How much this event matters: its kind's weight, more for a large change, and
        :data:`FLOOR`-high for a watershed."""
        if kind in FLOOR:
            return 100
        base = self.weights.get(kind, NOTE)
        if not base:
            return 0
        if facts.get("watershed"):
            return max(base, 90)
        joined = JOINED if facts.get("joined") else 0
        return min(99, base + joined + _SIZE.get(str(facts.get("size", "")), 0))

    def floor(self, kind: str) -> bool:
        """Whether this kind is always told in the prose."""
        return kind in FLOOR or self.weights.get(kind, 0) >= 100

    def place(self, kind: str, facts: Mapping[str, Any]) -> str:
        """``floor``, ``prose`` (if the budget allows), ``note`` or ``untold``."""
        if self.floor(kind):
            return "floor"
        weight = self.weight(kind, facts)
        if weight >= PROSE:
            return "prose"
        return "note" if weight >= NOTE else "untold"
