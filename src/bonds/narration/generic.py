"""The engine's own words for events: generic templates that fit any pack.

Every event kind the engine or a rules module emits has an entry in :data:`GENERIC` (a list
of templates, several per case so runs read differently) or is listed in :data:`UNTOLD`
(bookkeeping a reader never needs). A pack's ``narration.yaml`` is told first wherever its
conditions hold; these lines are the fallback and know no story: people, places and
techniques are named from the pack's own tables.

Facts a template may test or fill are the event's data plus those :func:`.facts.describe`
derives (``direction``, ``size``, ``amount``, ``subject``, ``view``, ``pov``...), and in a
summary of repeats, ``more``, ``count`` and ``once``. A template whose blanks would be empty
(an event with no reason) is passed over for one that needs less.
"""

from __future__ import annotations

from bonds.engine import World

from . import _lines_fight, _lines_people, _lines_world
from .voice import Template, Voice, each

__all__ = ["AGAIN", "GENERIC", "GENERIC_REPEATS", "GENERIC_WORDS", "SPARSE", "UNTOLD",
           "voice_for"]

GENERIC_WORDS: dict[str, str] = {
    "trust": "trust",
    "ease": "ease",
    "coordination": "sense of timing",
    "openness": "openness",
    "tension": "tension",
}
"""How the bond's measures and the engine's own ids read when the pack names them no other
way."""

UNTOLD = frozenset({"flag_changed", "bond_capped", "expectation_broken"}) | _lines_fight.UNTOLD
"""Kinds that are bookkeeping only; a pack may still give them templates of its own."""

SPARSE: dict[str, tuple[str, ...]] = {
    "civilians_fled": ("zone",), "foes_moved": ("foe",), "dodging": ("who",),
    "guarding": ("who", "guards"), "foes_held": ("foe",), "property_damaged": ("zone",),
    "time_passed": ("part",),
}
"""Kinds told only the first time in a step (a choice, or one move in a fight) for the same
values of these fields: the tenth shuffle of a crowd adds nothing to a fight."""

AGAIN: dict[str, tuple[str, ...]] = {
    "injured": ("who",), "injury_healed": ("who",), "objective_changed": ("new",),
    "trap_set": ("place",), "intel_learnt": (), "combo_used": ("technique",),
    "attention_changed": ("faction", "direction"), "civilians_fled": (),
}
"""Kinds with lines for an event just like the one told before it (``again``), and the
facts that must match for it to count as "just like"."""

_ENGINE: dict[str, list[Template]] = {
    "choice_made": each((
        "{pov} chose to {label}.",
        "{pov} made up {pov.his} mind to {label}.",
        "In the end {pov} decided to {label}.",
    )),
    "roll": [
        *each(("It held, but only just.", "For a breath it could have gone either way.",
               "It was closer than anyone would have liked."),
              luck="close", success=True, in_fight=False),
        *each(("It very nearly worked.", "It missed by the width of a hair.",
               "It came within a whisker and still fell short."),
              luck="close", success=False, in_fight=False),
        *each(("Nobody would have bet on it, and it worked anyway.",
               "Against the odds, it held.", "It had no business working. It worked."),
              luck="long", in_fight=False),
        *each(("It should have been easy. It was not.",
               "Luck, for once, looked the other way.",
               "The odds were kind; the moment was not."), luck="unlucky", in_fight=False),
    ],
    "value_changed": [
        *each(("Another day began.", "Morning came round again.",
               "The night passed, and the day after it began."),
              key="day", direction="up", gap=False),
        *each(("{span} went by.", "{span} passed."), key="day", direction="up", gap=True),
    ],
}

GENERIC: dict[str, list[Template]] = {**_ENGINE, **_lines_people.LINES,
                                      **_lines_world.LINES, **_lines_fight.LINES}
"""Templates by event kind. Kinds with no template for a case (``value_changed`` of a value
the pack does not describe) go untold in that case."""

GENERIC_REPEATS: dict[str, list[Template]] = {
    "choice_made": [
        *each(("{pov} did it again.", "Then {pov.he} did it a second time.",
               "{pov} went back and did the same once more."), once=True),
        *each(("{pov} did the same {more} more times.",
               "{more} more times, {pov} did just that."), once=False),
    ],
    "roll": each(("Luck kept turning up like that, {more} times more.",)),
    "value_changed": each(("{more} more days went by the same way.",), key="day"),
    **_lines_people.REPEATS,
    **_lines_world.REPEATS,
    **_lines_fight.REPEATS,
    "*": each(("The same happened {more} more times.", "It happened {more} times more.")),
}
"""Summaries of a run of the same event after its first; ``*`` is the fallback for any kind."""


def voice_for(world: World, seed: int) -> Voice:
    """The voice of a run: the pack's ``narration.yaml`` over the engine's templates."""
    return Voice(seed, GENERIC, GENERIC_REPEATS, GENERIC_WORDS, world.data.get("narration"))
