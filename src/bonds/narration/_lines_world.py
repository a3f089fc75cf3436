"""Generic lines for the world around the people: time and travel, camps, senses and signals,
wards, traps and seals, scouts, and techniques. The pack's own lines come first.

Numbers read as words (``{hours_span}``: nine hours; ``{day_nth}``: the third day). A new
day is told without its hour, and the hour only after a journey (``follows: travelled``):
the pack's prose keeps its own time, and a line about the clock must never contradict it.
A short walk (two hours or less) goes untold: the scene around it has already moved on.
"""

from __future__ import annotations

from .voice import Template, each

__all__ = ["LINES", "REPEATS"]

LINES: dict[str, list[Template]] = {
    "time_passed": [
        *each(("It was the {day_nth} day of the mission now.",
               "The {day_nth} day of the mission had begun."), new_day=True, missions=True),
        *each(("It was the {day_nth} day now.", "The {day_nth} day began."), new_day=True,
              missions=False),
        *each(("The day was nearly gone by then.", "The light was going by then."),
              new_day=False, part="evening", follows="travelled"),
        *each(("It was late by then.", "It was late when they stopped."),
              new_day=False, part="night", follows="travelled"),
        *each(("The afternoon was wearing on.",),
              new_day=False, part="afternoon", follows="travelled"),
    ],
    "travelled": each(("{hours_span} on the road took them from {start} to {end}.",
                       "It was {hours_span} from {start} to {end}, and they covered it.",
                       "They made their way from {start} to {end}; it took {hours_span}."),
                      short=False),
    "rested": [
        *each(("{who} slept {hours_span}.", "{who} got {hours_span} of rest.")),
        *each(("Both of them slept, {hours_span} of it.",
               "They slept {hours_span}, the pair of them."),
              joined=True, same_hours=True),
        *each(("{who} slept {hours_span}; {other} managed {other_hours_span}.",
               "{who} got {hours_span} of sleep, and {other} only {other_hours_span}."),
              joined=True, same_hours=False),
    ],
    "camp_made": [
        *each(("They had a fire that night, small and well hidden.",
               "The fire was small, but it was a fire."), option="fire"),
        *each(("The wind would carry their smoke and scent away from the road.",),
              option="upwind"),
        *each(("Rock at their backs hid the camp from the road.",), option="sheltered"),
        *each(("The water was loud enough to cover any noise they made.",),
              option="by_water"),
    ],
    "camp_broken": each(("Camp was struck and the ground left as they found it.",
                         "They broke camp and scattered the ashes.")),
    "pulse_made": each(("{who} cast {who.his} senses wide across {place} and found nothing.",
                        "{who}'s pulse went out through {place} and came back empty."),
                       found_any=False),
    "presence_sensed": [
        *each(("{who}'s senses brushed against something: {presence}.",
               "{who} felt {presence} out there, and marked it.")),
        *each(("{who}'s senses found {presence}, and marked each of them.",
               "{who} felt them out there one by one: {presence}."), joined=True),
    ],
    "trap_sensed": each(("{who} felt the trap waiting at the {spot} of {place}.",
                         "There was a trap laid at the {spot}; {who} sensed it.")),
    "mood_read": [
        *each(("{who} could taste the fear coming off {target}.",), mood="afraid"),
        *each(("Anger rolled off {target}; {who} could feel it without looking.",),
              mood="angry"),
        *each(("{who} could feel the unease in {target}.",), mood="uneasy"),
        *each(("{target} was tired to the bone, and {who} could feel it.",), mood="weary"),
        *each(("Under everything, {who} felt warmth from {target}.",), mood="warm"),
        *each(("{target} was calm, as far as {who} could sense.",), mood="calm"),
    ],
    "intimidated": [
        *each(("{source}'s menace rolled over {who}, and {who.he} held firm.",
               "{who} felt {source}'s intent like a blade at the throat, and did not "
               "break."), resisted=True),
        *each(("{source}'s menace hit {who} like cold water, and {who.he} could not "
               "move.",
               "{who} locked up under the weight of {source}'s intent."), resisted=False),
    ],
    "signal_passed": each(("{who} signed the plan to {to} one-handed, and {to} understood.",
                           "A few quick signs from {who}, and {to} knew the plan.")),
    "signal_misread": each(("{who} signed the plan, but {to} read it wrong.",
                            "The signs between {who} and {to} got tangled.")),
    "ward_set": each(("A ward went up on {place}, keyed to {who}.",
                      "{place} was warded now, open only to {who}.")),
    "ward_keyed": each(("The ward on {place} learnt {who}.",
                        "From then on the ward on {place} knew {who}.")),
    "ward_lifted": each(("The ward on {place} came down.",)),
    "ward_pinged": [
        *each(("The ward on {place} chimed softly for {who}, and let {who.him} in.",
               "Someone the ward knew crossed it at {place}: {who}."), keyed=True),
        *each(("The ward on {place} rang: a stranger, {who}, had come in.",
               "Someone unkeyed crossed the ward at {place}."), keyed=False),
    ],
    "entered": [
        *each(("{who} came into {place} by the {spot}.",)),
        *each(("{who} came in by the {spot}, and the ward on {place} knew {who.him} and let "
               "{who.him} through.",), joined=True, keyed=True),
        *each(("{who} came in by the {spot}, and the ward on {place} rang like a struck "
               "bell.",), joined=True, keyed=False),
    ],
    "trap_set": [
        *each(("A trap was laid at the {spot} of {place}.",
               "The {spot} of {place} was trapped now.")),
        *each(("Another went across the {spot}.", "The {spot} got one too."), again=True),
    ],
    "trap_cleared": each(("The trap at the {spot} of {place} was taken down.",
                          "The trap across the {spot} came down.")),
    "trap_sprung": each(("The trap at the {spot} went off under {who}.",
                         "{who} came in by the {spot} and the trap took {who.him}.")),
    "sealed": each(("{item} went into a seal only {who} could open.",
                    "{who} sealed {item} away.")),
    "seal_opened": each(("{who} opened the seal on {item}.",)),
    "seal_backlash": each(("The seal on {item} bit back at {who}; it answered only to "
                           "{owner}.",
                           "{who} tried the seal on {item}, and it punished {who.him} for "
                           "it.")),
    "scouts_sent": each(("{who}'s scouts went out to watch {place}.",
                         "{who} sent scouts to keep an eye on {place}.")),
    "debriefed": [
        *each(("The scouts came back from {place} after {hours_span}.",
               "{who} heard the scouts' report on {place}.")),
        *each(("The scouts came back from {place} with news. {news}",
               "{who} heard the scouts out on {place}. {news}"), joined=True),
    ],
    "intel_learnt": [
        *each(("Word came back: {fact}", "They learnt something new: {fact}")),
        *each(("And more: {fact}",), again=True),
    ],
    "technique_used": [
        *each(("{who} turned {technique} on {target}.",
               "{who} brought {technique} to bear on {target}."),
              target_person=False, target_zone=False),
        *each(("{who} used {technique}, making for {target}.",),
              target_person=False, target_zone=True),
        *each(("{who} used {technique} and was at {target} before anyone could follow.",
               "One {technique}, and {who} was across at {target}."),
              joined=True, then="fighter_moved"),
        *each(("{who} used {technique} on {patient} in the middle of it all.",
               "{who} spared a moment for {technique} on {patient}."),
              joined=True, then="fighter_healed", healed_self=False),
        *each(("{who} spared a moment for {technique} on {who.his} own wounds.",
               "{who} pressed {technique} to {who.his} own wounds without quite stopping."),
              joined=True, then="fighter_healed", healed_self=True),
        *each(("{who} turned {technique} on {frozen}, and {frozen} froze where "
               "{frozen.he} stood.",
               "{who}'s {technique} caught {frozen} and held {frozen.him} fast."),
              joined=True, then="foes_frozen"),
        *each(("{who} flashed a plan to {target} in quick hand signs.",
               "A few fast signs from {who}, and {target} knew what came next."),
              joined=True, then="plan_signed"),
    ],
    "technique_combined": each(("{who} and {partner} worked {technique} together, one "
                                "setting it up and the other finishing it.",
                                "Between them, {who} and {partner} brought off "
                                "{technique}.")),
    "water_held": each(("{who} held the water up, trembling with the weight of it.",
                        "The water hung where {who} held it.")),
    "water_released": each(("Water came loose across {place}.",)),
    "water_spent": each(("The held water went into {technique}.",
                         "All that held water went into {technique}.")),
}
"""Lines by event kind for the world systems."""

REPEATS: dict[str, list[Template]] = {
    "time_passed": each(("The days ran on like that, {more} more of them.",), new_day=True),
    "presence_sensed": each(("{who} found {more} more things like it.",)),
}
"""Summaries of runs of the same event."""
