"""Generic lines for what happens between people: the bond (in :mod:`._lines_bond`), the
cover, standing, the body, missions, tests and talk. Several variants per case; the pack's
own lines come first. A reason follows a colon, or "after" where its shape allows (see
:mod:`._lines_bond`).
"""

from __future__ import annotations

from ._lines_bond import AFTER, BOND, shaped
from .voice import Template, each

__all__ = ["LINES", "REPEATS"]

LINES: dict[str, list[Template]] = {
    "bond_changed": BOND,
    "bond_stage_changed": [
        # A stage the pair has been at before: a return, not a first time.
        *each(("Whatever {a} and {b} had mended, it had gone sour again.",
               "The splinter between {a} and {b} was back."), new="friction", returned=True),
        *each(("The ice between {a} and {b} gave way again, more easily this time.",
               "{a} and {b} found their way back to something warmer."),
              new="thaw", returned=True),
        *each(("{a} and {b} were back to relying on each other, and both of them knew it.",),
              new="trust", returned=True),
        *each(("What {a} and {b} had was real again, and neither pretended otherwise.",),
              new="real", returned=True),
        *each(("{a} and {b} were back to a show for strangers, as they had been at the start.",
               "Once again, {a} and {b} were acting, and only acting."),
              new="pretence", returned=True),
        *each(("Whatever {a} and {b} had been building, it had gone sour for now.",
               "There was a splinter between {a} and {b} now, and both of them felt it."),
              new="friction"),
        *each(("Between {a} and {b}, the ice had begun to give.",
               "{a} and {b} had stopped being strangers to each other."), new="thaw"),
        *each(("Somewhere along the way, {a} and {b} had started to rely on each other.",
               "{a} and {b} had become, without saying so, people who kept faith."),
              new="trust"),
        *each(("It was no longer a performance, whatever the paperwork said: what {a} and "
               "{b} had was real.",
               "The pretence had quietly turned into the truth between {a} and {b}."),
              new="real"),
        *each(("What lay between {a} and {b} was back to a show put on for strangers.",
               "For now, {a} and {b} were back to acting, and only acting."),
              new="pretence"),
    ],
    "act_changed": [
        *each(("{a} and {b} were getting better at the act: {reason}.",
               "The performance came a little more naturally to {a} and {b}: {reason}."),
              direction="up"),
        *shaped(("The act came a little easier to {a} and {b} after {reason}.",),
                AFTER, direction="up"),
        *each(("The act between {a} and {b} grew stiffer: {reason}.",
               "{a} and {b} were out of practice at pretending: {reason}."), direction="down"),
    ],
    "suspicion_changed": [
        *each(("{observer} noticed it too.",), direction="up", echo=True),
        *each(("{observer} believed it as well.",), direction="down", echo=True),
        *each(("{observer} looked twice: {reason}.",
               "It did not go unnoticed by {observer}: {reason}.",
               "Somewhere, {observer} made a note of it: {reason}."), direction="up"),
        *each(("{observer} bought it: {reason}.",
               "If {observer} had doubts, this eased them: {reason}.",
               "The story held, as far as {observer} could tell: {reason}.",
               "It went down well with {observer}: {reason}."),
              direction="down"),
    ],
    "cover_suspected": each(("{observer} had begun to wonder about the pair.",
                             "The doubts of {observer} had started to add up.")),
    "cover_exposed": each(("{observer} saw straight through the cover.",
                           "As far as {observer} could see, the pretence was over.")),
    "flinched": [
        *each(("{who} flinched at {at}'s touch, and {observer} saw it.",
               "{who} went rigid under {at}'s hand a beat too long, with {observer} "
               "looking on.")),
        *each(("Even so, {who} flinched at {at}'s touch, and {observer} saw it.",),
              follows="bond_changed"),
    ],
    "standing_changed": [
        *each(("{who}'s name was mud at home now.", "Word went round that {who} had fallen "
               "from grace."), new="disgraced"),
        *each(("{who} was no longer welcome at home.", "The gates were closed to {who} now."),
              new="exiled"),
        *each(("{who}'s name was clean again.", "Home took {who} back."), new="restored"),
        *each(("{who} stood in good standing once more.",), new="good"),
        *each(("{both} were both in disgrace at home now.",), new="disgraced", joined=True),
        *each(("Neither {who} nor {other} was welcome at home any more.",
               "The gates were closed to {both} now."), new="exiled", joined=True),
        *each(("Home took {both} back.", "Both names were clean again, {who}'s and "
               "{other}'s."), new="restored", joined=True),
        *each(("{both} stood in good standing once more.",), new="good", joined=True),
    ],
    "elders_approved": each(("The elders gave {who} their grudging blessing.",
                             "Even the elders, in the end, signed off on {who}.")),
    "married": each(("{who} and {whom} were married: a signature, a pair of rings, done.",
                     "With ink and two rings, {who} and {whom} became a married couple.")),
    "clan_duty_defied": each(("In marrying, {who} set {who.himself} against what the {clan} "
                              "clan expected of {who.him}.",
                              "The {clan} line would end with {who}, and {who.he} had chosen "
                              "that.")),
    "remembered": [
        *each(("{who} would not forget {whom}, and not kindly.",
               "{who} had a grudge against {whom} now."), memory="grudge"),
        *each(("{who} owed {whom}, and knew it.",
               "{who} counted a debt to {whom}."), memory="debt"),
    ],
    "forgotten": [
        *each(("{who} let go of what {who.he} held against {whom}.",), memory="grudge"),
        *each(("{who} counted the debt to {whom} paid.",), memory="debt"),
    ],
    "resource_changed": [
        *each(("{who} had nothing left; {who.his} {resource} was spent.",
               "{who} ran dry of {resource}."), new=0),
    ],
    "items_changed": [
        *each(("{who} used one {item}.", "{who} fell back on one {item}."), direction="down"),
        *each(("{who} tucked away {amount_word} {item_plural} for later.",), direction="up"),
    ],
    "exhausted": [
        *each(("{who} was running on nothing now.", "Exhaustion caught up with {who}.")),
        *each(("Both of them were running on nothing now.",), joined=True),
    ],
    "exhaustion_passed": each(("{who} felt like {who.himself} again.",
                               "The worst of {who}'s tiredness lifted.")),
    "injured": [
        *each(("{who} came away with {wound}: {reason}.",)),
        *each(("{reason}, and {who} paid for it with {wound}.",), reason_shape="clause"),
        *each(("{who} came away with {wound}.",)),
        *each(("{who.He} had {wound} as well.", "There was {wound} too."), again=True),
    ],
    "injury_resisted": each(("{who} shrugged off the {injury}: {reason}.",
                             "The {injury} should have hurt {who}, and did not: {reason}.")),
    "injury_healed": [
        *each(("Under {healer}'s hands, {who}'s {injury} went from {old} to {step}.",
               "{healer}'s {technique} took {who}'s {injury} from {old} to {step}."),
              healed_self=False),
        *each(("{who} worked on {who.his} own {injury} until it was {step}, not {old}.",),
              healed_self=True),
        *each(("{who.His} {injury} went from {old} to {step} as well.",), again=True),
    ],
    "frozen": [
        *each(("{who} froze: {reason}.", "For a heartbeat {who} could not move: {reason}.")),
        *each(("{who} froze where {who.he} stood.",)),
    ],
    "unfrozen": each(("{who} could move again.", "The spell on {who}'s limbs broke.")),
    "recruit_judged": [
        *each(("{tester} had tested {candidate} and found nothing wanting: {reason}.",
               "{candidate} passed {tester}'s test: {reason}."), verdict="passed"),
        *each(("{candidate} had failed {tester}'s test: {reason}.",
               "{candidate} had not satisfied {tester}: {reason}."), verdict="failed"),
    ],
    "infamy_changed": [
        *each(("It went round {region} too.",), direction="up", echo=True),
        *each(("Talk of it went round {region}: {reason}.",
               "{region} had something new to gossip about: {reason}.",
               "People in {region} would be repeating it by nightfall: {reason}."),
              direction="up"),
        *each(("Talk of it went round {region}: {reason}. Before long it had reached "
               "{heard}.",
               "{region} had something new to gossip about: {reason}. It found its way to "
               "{heard} soon enough.",
               "By nightfall {region} was repeating it: {reason}. Word of it reached "
               "{heard} as well."),
              direction="up", joined=True),
        *each(("{region} began to forget: {reason}.",
               "The talk in {region} died down a little: {reason}."), direction="down"),
    ],
    "attention_changed": [
        *each(("{faction} heard of it too.", "It reached {faction} as well."),
              direction="up", echo=True),
        *each(("{faction} took note: {reason}.", "It reached {faction}: {reason}.",
               "{faction} began to pay attention: {reason}."), direction="up"),
        *each(("And {faction} heard of {reason} too.",),
              direction="up", again=True, reason_shape="thing"),
        *each(("{faction} looked elsewhere for a while: {reason}.",), direction="down"),
    ],
    "approach_scheduled": each(("{faction} had heard enough, and meant to come and see.",
                                "Word had reached {faction}; a visit was only a matter of "
                                "time.")),
    "desk_verdict": [
        *each(("On paper, {who} and {partner} fit every requirement.",
               "The desk could find nothing against {who} and {partner}."), eligible=True),
        *each(("The desk weighed {who} and {partner} and set them aside. {reasons}",
               "{who} and {partner} would not do. {reasons}"), eligible=False),
        *each(("The desk had weighed the others and set them aside: {pairs}. {reasons}",
               "The other pairs would not do: {pairs}. {reasons}"),
              eligible=False, joined=True),
    ],
    "mission_accepted": each(("{who} and {partner} took on {mission}, with {days_word} days "
                              "to see it done.",
                              "The scroll was theirs now: {mission}, for {who} and {partner}, "
                              "and {days_word} days on the clock.")),
    "mission_state_changed": [
        *each(("{mission} was turned down and went to someone else.",
               "Nobody would be taking on {mission} after all."), new="refused"),
        *each(("{mission} was turned down, orders and all, and went to someone else.",
               "Nobody would be taking on {mission} after all, nor any of its orders."),
              new="refused", joined=True),
    ],
    "objective_changed": [
        *each(("That much of the scroll was done: {objective}.",
               "One order on the scroll could be struck through: {objective}."), new="done"),
        *each(("One order on the scroll had failed: {objective}.",
               "That part of the mission had gone wrong: {objective}."), new="failed"),
        *each(("One order on the scroll was quietly let go: {objective}.",
               "They set one order on the scroll aside: {objective}."), new="dropped"),
        *each(("And another: {objective}.", "Then the next: {objective}."), again=True),
        *each(("{many_word} orders on the scroll were done at once: {objectives}.",),
              new="done", joined=True),
        *each(("{many_word} orders on the scroll had failed together: {objectives}.",),
              new="failed", joined=True),
        *each(("{many_word} orders on the scroll were let go together: {objectives}.",),
              new="dropped", joined=True),
    ],
    "mission_clock_ran_out": each(("The days allowed for {mission} had run out.",
                                   "By the {day_nth} day, {mission} was overdue.")),
    "mission_report": [
        *each(("The report on {mission} called it a success, {days_span} from start to "
               "finish.",), result="succeeded"),
        *each(("The report on {mission} called it a failure.",), result="failed"),
        *each(("The report on {mission} set it all down: the orders carried out, and the "
               "ones they had chosen to leave undone.",
               "The report on {mission} said what had been done, and said plainly what had "
               "been let go on purpose."), result="abandoned"),
        *each(("The report on {mission} left it unfinished.",), result="unfinished"),
    ],
}
"""Lines by event kind for the people systems."""

REPEATS: dict[str, list[Template]] = {
    "bond_changed": each(("And again, {more} times over, the same way.",
                          "{more} more moments like it followed.")),
    "suspicion_changed": each(("{more} more things like it went into {observer}'s reckoning.",)),
    "infamy_changed": each(("The talk in {region} kept growing, {more} more times.",)),
    "injured": each(("{who} took {more} more wounds like it.",)),
}
"""Summaries of runs of the same event."""
