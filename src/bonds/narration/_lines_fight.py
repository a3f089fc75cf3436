"""Generic lines for fights: who struck whom, who fell, who saved whom, how it ended.

Foes and zones are named from the fight's own data (``fights.yaml``); counts read as words
(``{down_word}``). The pack's own lines come first.
"""

from __future__ import annotations

from .voice import Template, each

__all__ = ["LINES", "REPEATS", "UNTOLD"]

UNTOLD = frozenset({"fight_round", "fight_action"})
"""Bookkeeping of a fight: the round count and the raw action (its effects are told)."""

LINES: dict[str, list[Template]] = {
    "fight_started": each(("Then it was a fight: {heroes} against {foes_word} of them.",
                           "It came to blows, {heroes} against {foes_word}.",
                           "There was no talking their way out of it now: {heroes} against "
                           "{foes_word}.")),
    "fighters_arrive": each(("{who} joined the fight.", "{who} arrived in the thick of it.")),
    "fight_ended": [
        *each(("When it was over, the field was theirs.", "Nobody was left to stand against "
               "them.", "And then, quite suddenly, it was over, and they had won."),
              outcome="win"),
        *each(("The fight was lost.", "It ended with no one left on their side standing."),
              outcome="lose"),
        *each(("They got out, which was the best that could be said of it.",
               "It ended in a retreat."), outcome="fled"),
    ],
    "foes_revealed": [
        *each(("{foes} came out of hiding, blades first.",
               "Suddenly there were {foes}, and they were already attacking."), how="attack"),
        *each(("{foes} had been hiding; not any more.", "Sensed out, {foes} had nowhere left "
               "to hide."), how="sensed"),
    ],
    "foes_morale": [
        *each(("{foe} wavered: {reason}.", "{foe} lost heart: {reason}."), direction="down"),
        *each(("{foe} steadied: {reason}.",), direction="up"),
    ],
    "foes_broke": [
        *each(("{foe} broke and ran.", "{foe} had had enough and fled."), how="fled"),
        *each(("{foe} threw down their weapons.", "{foe} gave up the fight."), how="yielded"),
    ],
    "foes_hurt": [
        *each(("{by} landed a blow on {foe}.", "{foe} took a hit from {by}.",
               "{by} drove into {foe}."), downed=False),
        *each(("{by} dropped {down_word} of {foe}; {left_word} still stood.",
               "{down_word} of {foe} went down under {by}'s attack."),
              downed=True, last=False),
        *each(("{foe} went down under {by}'s last blow.", "{by} finished {foe}."),
              downed=True, last=True),
    ],
    "blow_taken": each(("{guard} took the blow {by} meant for {meant_for}.",
                        "{guard} stepped in front of {meant_for} and took {by}'s strike.")),
    "reflex_save": each(("{saver} yanked {saved} out of the way of {by}'s attack.",
                         "Without thinking, {saver} pulled {saved} clear of {by}.")),
    "fighter_hurt": each(("{by} got through to {who}.", "{who} took a hit from {by}.",
                          "{by} drew blood from {who}.")),
    "fighter_down": each(("{who} went down.", "{by} put {who} on the floor.")),
    "foes_held": each(("{foe} stood frozen, unable to act.", "{foe} could not move yet.")),
    "foes_moved": each(("{foe} pushed from {from} towards {to}.", "{foe} moved up to {to}.")),
    "civilians_fled": each(("Bystanders scrambled away from {zone}.",
                            "The onlookers ran from {zone}.")),
    "property_damaged": each(("Wood splintered and crockery smashed around {zone}.",
                              "Something near {zone} broke with a crash.")),
    "bystanders_hurt": each(("Not everyone in {zone} got out of the way in time.",
                             "Some of the bystanders in {zone} were hurt.")),
    "fighter_moved": each(("{who} moved to {to}.", "{who} crossed to {to}.",
                           "{who} made for {to}.")),
    "guarding": each(("{who} stayed close to {guards}, ready to take a blow for {guards.him}.",
                      "{who} put {who.himself} between {guards} and the blades.")),
    "tank_burst": each(("{who} burst the tank at {zone}, and water poured everywhere.",
                        "With one blow {who} split the tank at {zone}; the water came down "
                        "in a wave.")),
    "dodging": each(("{who} kept moving, hard to pin down.", "{who} weaved and slipped away "
                     "from every blade.")),
    "foes_frozen": each(("{foe} froze under {by}'s technique.",
                         "{by} pinned {foe} where they stood.")),
    "fighter_healed": each(("{by} got a hand on {who} and patched {who.him} up.",
                            "{by} healed {who} in the middle of it all.")),
    "plan_signed": each(("{who} flashed a plan to {to} in hand signs.",
                         "A few fast signs from {who}, and {to} knew what came next.")),
    "combo_used": each(("{by} made {technique} together, and {zone} felt it.",
                        "Working as one, {by} brought {technique} down on {zone}.")),
    "fighter_fled": each(("{who} got out.", "{who} broke away and fled.")),
}
"""Lines by event kind for fights."""

REPEATS: dict[str, list[Template]] = {
    "foes_hurt": each(("{by} kept at it, {more} more times.",
                       "{more} more blows from {by} found {foe}.")),
    "fighter_hurt": each(("{who} took {more} more hits.",)),
    "fighter_moved": each(("{who} kept moving, {more} more times.",)),
    "foes_moved": each(("{foe} kept pressing in.",)),
    "foes_held": each(("{foe} stayed frozen {more} more times.",)),
    "dodging": each(("{who} kept dodging.",)),
    "property_damaged": each(("{more} more things broke around {zone}.",)),
}
"""Summaries of runs of the same event."""
