"""Generic lines for the world around the people: time and travel, camps, senses and signals,
wards, traps and seals, scouts, and techniques. The pack's own lines come first."""

from __future__ import annotations

from .voice import Template, each

__all__ = ["LINES", "REPEATS"]

LINES: dict[str, list[Template]] = {
    "time_passed": [
        *each(("Morning came round again.", "Another day began.",
               "The night went by, and the next day with it began."),
              new_day=True, part="morning"),
        *each(("Day {day} had come by the time they stopped.",
               "The hours ran on into day {day}."), new_day=True),
        *each(("By evening the light had gone amber.", "Evening crept in."),
              new_day=False, part="evening"),
        *each(("Night settled in.", "It was full dark by then."), new_day=False, part="night"),
    ],
    "travelled": each(("They made their way from {start} to {end}; it took {hours} hours.",
                       "{hours} hours of travel took them from {start} to {end}.",
                       "From {start} to {end} was {hours} hours on foot, and they covered "
                       "it.")),
    "rested": each(("{who} rested for {hours} hours.", "{who} slept what {who.he} could.",
                    "{who} let {who.himself} rest a while.")),
    "camp_made": [
        *each(("A small fire was lit, and hang who saw it.", "They risked a fire."),
              option="fire"),
        *each(("They settled where the wind would carry smoke and scent away.",),
              option="upwind"),
        *each(("They made camp out of sight, with rock at their backs.",),
              option="sheltered"),
        *each(("They camped close enough to the water that its noise covered theirs.",),
              option="by_water"),
    ],
    "camp_broken": each(("Camp was struck and the ground left as they found it.",
                         "They broke camp.")),
    "pulse_made": each(("{who} cast {who.his} senses wide across {place} and found nothing.",
                        "{who}'s pulse went out through {place} and came back empty."),
                       found_any=False),
    "presence_sensed": each(("{who}'s senses brushed against something: {presence}.",
                             "There: {presence}. {who} marked it.",
                             "{who} felt {presence}.")),
    "trap_sensed": each(("{who} felt the trap waiting at the {spot} of {place}.",
                         "There was a trap laid at the {spot}; {who} sensed it.")),
    "mood_read": [
        *each(("{who} could taste the fear coming off {target}.",), mood="afraid"),
        *each(("Anger rolled off {target}; {who} could feel it without looking.",),
              mood="angry"),
        *each(("{who} read unease in {target}'s chakra.",), mood="uneasy"),
        *each(("{target} was tired to the bone, and {who} could feel it.",), mood="weary"),
        *each(("Under everything, {who} felt warmth from {target}.",), mood="warm"),
        *each(("{target} was calm, as far as {who} could sense.",), mood="calm"),
    ],
    "intent_felt": [
        *each(("{source}'s killing intent rolled over {who}, and {who.he} held firm.",
               "{who} felt {source}'s intent like a blade at the throat, and did not "
               "break."), resisted=True),
        *each(("{source}'s killing intent hit {who} like cold water, and {who.he} could not "
               "move.",
               "{who} locked up under the weight of {source}'s intent."), resisted=False),
    ],
    "signal_passed": each(("{who} signed the plan to {to} one-handed, and {to} understood.",
                           "A few quick signs from {who}, and {to} knew the plan.")),
    "signal_misread": each(("{who} signed the plan, but {to} read it wrong.",
                            "The signs between {who} and {to} got tangled.")),
    "ward_set": each(("A ward went up on {place}, keyed to {who}.",
                      "{place} was warded now, open only to {who}.")),
    "ward_keyed": each(("The ward on {place} learnt {who}'s chakra.",)),
    "ward_lifted": each(("The ward on {place} came down.",)),
    "ward_pinged": [
        *each(("The ward on {place} chimed softly for {who}, and let {who.him} in.",
               "A familiar chakra crossed the ward at {place}: {who}."), keyed=True),
        *each(("The ward on {place} rang: a stranger, {who}, had come in.",
               "Someone unkeyed crossed the ward at {place}."), keyed=False),
    ],
    "entered": each(("{who} came into {place} by the {spot}.",)),
    "trap_set": each(("A chakra trap was laid at the {spot} of {place}.",
                      "The {spot} of {place} was trapped now.")),
    "trap_cleared": each(("The trap at the {spot} of {place} was taken down.",)),
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
    "debriefed": each(("The scouts came back from {place} after {hours} hours.",
                       "{who} heard the scouts' report on {place}.")),
    "intel_learnt": each(("Word came back: {fact}", "They learnt something: {fact}")),
    "technique_used": each(("{who} turned {technique} on {target}.",
                            "{who} brought {technique} to bear on {target}."),
                           target_person=False),
    "technique_combined": each(("{who} and {partner} worked {technique} together, one "
                                "setting it up and the other finishing it.",
                                "Together, {who} and {partner} made {technique} happen.")),
    "water_held": each(("{who} held the water up, trembling with the weight of it.",
                        "The water hung where {who} held it.")),
    "water_released": each(("Water came loose across {place}.",)),
    "water_spent": each(("The held water went into {technique}.",)),
}
"""Lines by event kind for the world systems."""

REPEATS: dict[str, list[Template]] = {
    "time_passed": each(("The days ran on like that, {more} more of them.",), new_day=True),
    "presence_sensed": each(("{who} found {more} more things like it.",)),
}
"""Summaries of runs of the same event."""
