"""The engine's own fight beats: plain lines that fit any pack's fights.

A pack's beats (``fights.yaml``: per fight, or shared) win wherever they are as specific;
these are the fallback and know no story: people, foes, zones and techniques are named from
the pack's tables. Facts and fields are described in :mod:`._fight` and docs/narration.md.
"""

from __future__ import annotations

from ._beats import Beat, beat

__all__ = ["ENGINE_BEATS"]

_HIT = ("hit", "down", "last")


def _all(texts: tuple[str, ...], **when: object) -> list[Beat]:
    return [beat(text, 0, **when) for text in texts]


ENGINE_BEATS: tuple[Beat, ...] = (
    # -- the opening -----------------------------------------------------------------------
    *_all(("Then it came to blows: {heroes} against {foes_word}.",
           "There was no talking their way out of it now, {heroes} against {foes_word}.",
           "It became a fight all at once, {heroes} against {foes_word}."),
          event="start", crowd=True),
    *_all(("Then it came to blows, one against one.", "There was no talking a way out of it "
           "now.", "It became a fight all at once."), event="start", crowd=False),
    # -- a blow ----------------------------------------------------------------------------
    *_all(("{who} went for {foe} and found nothing but air.",
           "{who}'s blow at {foe} went wide.", "{foe} slipped {who}'s attack."),
          event=("strike", "throw", "technique"), outcome="miss"),
    *_all(("{who} got a blow in on {foe}.", "{who} drove into {foe} and made it count.",
           "{who} caught {foe} hard."), event="strike", outcome="hit"),
    *_all(("{who} dropped one of {foe}; {left_word} still stood.",
           "One of {foe} went down under {who}'s blow.",
           "{who} put one of {foe} on the ground."), event="strike", outcome="down"),
    *_all(("{who} finished {foe}.", "{foe} went down under {who}'s last blow.",
           "With one more blow, {who} was done with {foe}."),
          event=("strike", "throw", "technique"), outcome="last"),
    *_all(("{who}'s throw found {foe}.", "{who} threw, and it struck {foe}."),
          event="throw", outcome=("hit", "down")),
    # -- techniques ------------------------------------------------------------------------
    *_all(("{who} brought {technique} down on {foe}.", "{who}'s {technique} tore into {foe}.",
           "{who} turned {technique} on {foe}, and it landed."),
          event="technique", outcome=("hit", "down")),
    *_all(("{who}'s {technique} caught {frozen} and held {frozen.him} fast.",
           "{who} pinned {frozen} in place with {technique}."),
          event="technique", effect="freeze", outcome="hit"),
    *_all(("One {technique}, and {who} was across at {zone} before anyone could follow.",
           "{who} used {technique} and was at {zone} in a heartbeat.",
           "{who} vanished into {technique} and came out at {zone}."),
          event="technique", effect="move"),
    *_all(("{who} spared a moment for {technique} on {patient}.",
           "{who} got a hand on {patient} and used {technique} in the thick of it."),
          event="technique", effect="heal", healed_self=False),
    *_all(("{who} pressed {technique} to {who.his} own wounds without quite stopping.",),
          event="technique", effect="heal", healed_self=True),
    *_all(("{who} gathered {technique} into {who.his} hands and waited for an opening.",
           "{who} readied {technique}."), event="technique", effect=("boost", "shape")),
    *_all(("{who} wrapped {who.himself} in {technique}, and the blows began to miss.",
           "{who} drew {technique} around {who.himself} like a cloak."),
          event="technique", effect="conceal"),
    *_all(("{who} cast {technique} wide, and what was hiding had nowhere left to hide.",
           "{who} felt the room out with {technique}."), event="technique", effect="reveal"),
    *_all(("A few fast signs from {who}, and {partner} knew what came next.",
           "{who} flashed a plan to {partner} in quick hand signs."),
          event="technique", effect="signal"),
    *_all(("{who} put {who.himself} between {partner} and harm.",
           "{who} stayed close to {partner}, ready to take a blow for {partner.him}."),
          event=("guard", "technique"), effect=("guard", "")),
    *_all(("{who} turned {technique} on {target}.",), event="technique"),
    # -- together --------------------------------------------------------------------------
    *_all(("Working as one, {who} and {partner} brought {technique} down on {zone}.",
           "{who} and {partner} made {technique} together, and {zone} felt it.",
           "Between them, {who} and {partner} set {technique} loose across {zone}."),
          event="combo", outcome=_HIT),
    *_all(("{who} and {partner} tried {technique} together, and it came apart in their "
           "hands.",), event="combo", outcome="miss"),
    # -- moving ----------------------------------------------------------------------------
    *_all(("{who} made for {zone}.", "{who} crossed to {zone}.", "{who} fell back to {zone}."),
          event="move"),
    *_all(("{who} forced a way through to {zone}.", "{who} shouldered past them to {zone}."),
          event="break", outcome="hit"),
    *_all(("{who} tried to break through to {zone} and was thrown back.",), event="break",
          outcome="miss"),
    *_all(("{who} kept moving, hard to pin down.", "{who} gave them nothing to aim at.",
           "{who} stayed light on {who.his} feet and let every blow come to nothing."),
          event="dodge"),
    *_all(("One blow from {who} split {zone} open, and the water came down in a wave.",
           "{who} burst {zone}, and the water poured out."), event="burst"),
    *_all(("{who} got out.", "{who} broke away and was gone."), event="flee"),
    *_all(("{who} got out, and left {partner} to it.",), event="flee", left_partner=True),
    # -- partner moments -------------------------------------------------------------------
    *_all(("{who} yanked {partner} out of the way of {foe}'s blow.",
           "Without thinking, {who} pulled {partner} clear.",
           "{who} had {partner} by the collar and out of harm's way before the blow fell."),
          event="save"),
    *_all(("{who} took the blow meant for {partner}.",
           "{who} stepped in front of {partner} and took the strike in {partner.his} place."),
          event="shield"),
    *_all(("Suddenly there were {foe} as well, and they were already attacking.",
           "{foe} came out of hiding, already attacking."), event="revealed", how="attack"),
    *_all(("{foe} had been hiding; not any more.",), event="revealed", how="sensed"),
    *_all(("Then {who} came piling in as well.", "{who} joined the fight."), event="arrive"),
    # -- the foes' answer ------------------------------------------------------------------
    *_all(("{foe} came back at {who} and drew blood: {wound}.",
           "{foe} got through to {who} and left {who.him} {wound}.",
           "{who} took a blow from {foe}: {wound}."),
          event="answer", hits="one", wounded=True),
    *_all(("{foe} got through to {who}.", "{foe} answered, and {who} took the hit.",
           "{who} did not get out of the way of {foe} in time."),
          event="answer", hits="one", wounded=False),
    *_all(("Blows rained in from {foe}, and {hits_word} of them found {who}.",
           "{foe} pressed in, and {who} took {hits_word} hits before it eased."),
          event="answer", hits="many"),
    *_all(("{foe} came at {who}, and missed.", "{foe} swung at {who} and hit nothing.",
           "{who} saw {foe} coming and was not there when the blow fell."),
          event="answer", hits="none", attacked=True),
    *_all(("{foe} pressed towards {zone}.", "{foe} closed in on {zone}."),
          event="answer", hits="none", attacked=False, moved=True),
    # -- the floor: someone down, a group breaking, the end --------------------------------
    *_all(("{who} went down.", "{foe} put {who} on the floor.",
           "{who} fell and did not get up."), event="hero_down"),
    *_all(("{foe} broke and ran.", "{foe} had had enough and fled."), event="foe_broke",
          how="fled"),
    *_all(("{foe} threw down {foe.his} weapons.", "{foe} gave up the fight."),
          event="foe_broke", how="yielded"),
    *_all(("When it was over, the field was theirs.",
           "Nobody was left standing against them.",
           "Then, quite suddenly, it was over, and they had won."), event="end", outcome="win"),
    *_all(("In the end it was no contest: they had won.",
           "It was as one-sided as the odds had promised: they had won."),
          event="end", outcome="win", odds="likely"),
    *_all(("Nobody would have bet on it, and they had won anyway.",),
          event="end", outcome="win", odds="long"),
    *_all(("The fight was lost.", "It ended with no one left on their side standing."),
          event="end", outcome="lose"),
    *_all(("There was no winning it, only getting out, and they got out.",
           "It ended with the two of them breaking away."),
          event="end", outcome="fled", fallen=False),
    *_all(("{standing} got out; {fallen} did not.",
           "It ended with {standing} breaking away and {fallen} left on the floor."),
          event="end", outcome="fled", fallen=True),
)
"""The engine's beats (rank 0)."""
