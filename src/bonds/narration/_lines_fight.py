"""Generic lines for fights: who struck whom, who fell, who saved whom, how it ended.

The storyteller tells fights by their beats (:mod:`._fight`); these lines are the fallback
for a fight event told outside a fight step, and the coverage every kind must have.

Foes and zones are named from the fight's own data (``fights.yaml``); counts read as words
(``{foes_word}``: nineteen). A foe is often a group ("the swordsmen at the booths"), so no
line gives a foe a possessive. The pack's own lines come first.
"""

from __future__ import annotations

from .voice import Template, each

__all__ = ["LINES", "REPEATS", "UNTOLD"]

UNTOLD = frozenset({"fight_round", "fight_action"})
"""Bookkeeping of a fight: the round count and the raw action (its effects are told)."""

LINES: dict[str, list[Template]] = {
    "fight_started": [
        *each(("Then it was a fight: {heroes} against {foes_word}.",
               "It came to blows, {heroes} against {foes_word}.",
               "There was no talking their way out of it now: {heroes} against "
               "{foes_word}."), crowd=True),
        *each(("Then it was a fight, one against one.", "It came to blows.",
               "There was no talking a way out of it now."), crowd=False),
    ],
    "fighters_arrive": each(("{who} joined the fight.", "{who} arrived in the thick of it.",
                             "Then {who} came piling in as well.")),
    "fight_ended": [
        *each(("When it was over, the field was theirs.", "Nobody was left to stand against "
               "them.", "And then, quite suddenly, it was over, and they had won."),
              outcome="win"),
        *each(("The fight was lost.", "It ended with no one left on their side standing."),
              outcome="lose"),
        *each(("There was no winning it, only getting out, and they got out.",
               "It ended with the two of them breaking away."), outcome="fled"),
    ],
    "foes_revealed": [
        *each(("{foes} came out of hiding, already attacking.",
               "Suddenly there were {foes} as well, and they were already attacking."),
              how="attack"),
        *each(("{foes} had been hiding; not any more.", "Sensed out, {foes} had nowhere left "
               "to hide."), how="sensed"),
    ],
    "foes_morale": [
        *each(("{foe} began to waver.", "{foe} lost some of {foe.his} nerve."),
              direction="down"),
        *each(("{foe} steadied.",), direction="up"),
    ],
    "foes_broke": [
        *each(("{foe} broke and ran.", "{foe} had had enough and fled."), how="fled"),
        *each(("{foe} threw down {foe.his} weapons.", "{foe} gave up the fight."),
              how="yielded"),
    ],
    "foes_hurt": [
        *each(("{by} landed a blow on {foe}.", "{by} got a blow in on {foe}.",
               "{by} drove into {foe}."), downed=False),
        *each(("{by} dropped {down_word} of {foe}; {left_word} still stood.",
               "{down_word} of {foe} went down under {by}'s attack."),
              downed=True, last=False),
        *each(("{foe} went down under {by}'s last blow.", "{by} finished {foe}."),
              downed=True, last=True),
    ],
    "blow_taken": each(("{guard} took the blow meant for {meant_for}.",
                        "{guard} stepped in front of {meant_for} and took the strike "
                        "in {meant_for.his} place.")),
    "reflex_save": each(("{saver} yanked {saved} out of the way of the attack.",
                         "Without thinking, {saver} pulled {saved} clear.")),
    "fighter_hurt": [
        *each(("{by} got through to {who}.", "{who} took a hit from {by}.",
               "{by} drew blood from {who}.")),
        *each(("{by} got through to {who} and left {who.him} {wound}.",
               "{who} took a hit from {by}: {wound}.",
               "{by} drew blood from {who}, and it left {wound}."), joined=True),
    ],
    "fighter_down": each(("{who} went down.", "{by} put {who} on the floor.")),
    "foes_held": each(("{foe} stood frozen, unable to act.", "{foe} could not move yet.")),
    "foes_moved": each(("{foe} pushed on towards {to}.", "{foe} came on towards {to}.",
                        "{foe} pressed forward to {to}.")),
    "civilians_fled": [
        *each(("The last of the onlookers scrambled clear of {zone}.",
               "The last bystanders got out of {zone}."), left=0),
        *each(("{zone} emptied as well.",), left=0, again=True),
    ],
    "property_damaged": [
        *each(("Wood splintered and crockery smashed around {zone}.",
               "Something near {zone} gave way with a crash."), size="medium"),
        *each(("Half of {zone} came down in splinters.",), size="large"),
    ],
    "bystanders_hurt": each(("Not everyone in {zone} got out of the way in time.",
                             "Some of the bystanders in {zone} were hurt.")),
    "fighter_moved": each(("{who} moved to {to}.", "{who} crossed to {to}.",
                           "{who} made for {to}.")),
    "guarding": each(("{who} stayed close to {guards}, ready to take a blow for {guards.him}.",
                      "{who} put {who.himself} between {guards} and harm.")),
    "tank_burst": each(("{who} burst {zone} with one blow, and the water poured out.",
                        "One blow from {who} split {zone} open, and the water came down in a "
                        "wave.")),
    "dodging": each(("{who} kept moving, hard to pin down.", "{who} weaved and slipped away "
                     "from every blow.")),
    "foes_frozen": each(("{foe} froze under {by}'s technique.",
                         "{by} pinned {foe} where {foe.he} stood.")),
    "fighter_healed": [
        *each(("{by} got a hand on {who} and patched {who.him} up.",
               "{by} healed {who} in the middle of it all."), healed_self=False),
        *each(("{by} spared a moment to patch {by.himself} up.",), healed_self=True),
    ],
    "plan_signed": each(("{who} flashed a plan to {to} in hand signs.",
                         "A few fast signs from {who}, and {to} knew what came next.")),
    "combo_used": [
        *each(("{by} made {technique} together, and {zone} felt it.",
               "Working as one, {by} brought {technique} down on {zone}.")),
        *each(("Then they did it again.", "And again, {technique} tore through {zone}."),
              again=True),
    ],
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
