"""A fight under way as its events tell it: who stands, who is down, where everyone is, how
the rolls have run, and where the fight's last step begins (:class:`Watch`).

The storyteller reads fights from events alone (never from the state), so the export, the
browser and the terminal follow a fight the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bonds.engine import Event, World

from ._beats import odds_of

__all__ = ["FIGHT_KINDS", "Field", "Watch", "copy_field", "is_fight_event", "open_field"]

FIGHT_KINDS = frozenset({
    "fight_started", "fight_action", "fight_round", "fighters_arrive", "fight_ended",
    "foes_revealed", "foes_morale", "foes_broke", "foes_hurt", "blow_taken", "reflex_save",
    "fighter_hurt", "fighter_down", "foes_held", "foes_moved", "civilians_fled",
    "property_damaged", "bystanders_hurt", "fighter_moved", "guarding", "tank_burst",
    "dodging", "foes_frozen", "fighter_healed", "plan_signed", "combo_used", "fighter_fled",
})

def is_fight_event(event: Event) -> bool:
    """Whether a fight's beats tell this event (a blow's wound and the fight's rolls too)."""
    if event.kind in FIGHT_KINDS:
        return True
    if event.kind == "technique_used":
        return "fight" in event.data  # a technique used in a fight is its move
    if event.kind == "roll":
        return str(event.data.get("what", "")).startswith("fight:")
    return False


@dataclass
class Field:
    """A fight under way, as its events have told it."""

    id: str
    heroes: dict[str, str] = field(default_factory=dict)
    """Each hero's state: ``in``, ``away``, ``down`` or ``gone``."""
    foes: dict[str, str] = field(default_factory=dict)
    """Each foe group's state: ``in``, ``away`` or ``out``."""
    where: dict[str, str] = field(default_factory=dict)
    """Where each hero and foe group stands."""
    hero_chances: list[int] = field(default_factory=list)
    foe_chances: list[int] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """The beats told in this fight (a line not yet heard is preferred)."""
    round_lines: int = 0
    """Sentences told so far in this round, the floor apart (a round's budget)."""

    @property
    def odds(self) -> str:
        return odds_of(self.hero_chances, self.foe_chances)

    @property
    def decided(self) -> bool:
        """Whether the fight is over but for its end (the rules' own test, as events tell
        it): no foe group left fighting, or no hero left to fight."""
        if not any(st in ("in", "away") for st in self.foes.values()):
            return True
        return not any(st in ("in", "away") for st in self.heroes.values())

    def track(self, event: Event) -> None:
        """Follow one event of the fight: rolls, arrivals, who is down, gone, broken,
        and where everyone stands."""
        kind, d = event.kind, event.data
        if kind == "roll":
            parts = str(d.get("what", "")).split(":")
            if len(parts) > 2 and isinstance(d.get("chance"), int):
                (self.hero_chances if parts[1] in self.heroes
                 else self.foe_chances).append(d["chance"])
        elif kind == "fighters_arrive":
            for who in d.get("who", ()):
                if who in self.heroes:
                    self.heroes[who] = "in"
                elif who in self.foes:
                    self.foes[who] = "in"
        elif kind == "fighter_down":
            self.heroes[str(d.get("who"))] = "down"
        elif kind == "fighter_healed" and self.heroes.get(str(d.get("who"))) == "down":
            self.heroes[str(d.get("who"))] = "in"
        elif kind == "fighter_fled":
            self.heroes[str(d.get("who"))] = "gone"
        elif kind == "foes_broke":
            self.foes[str(d.get("foe"))] = "out"
        elif kind in ("fighter_moved", "foes_moved"):
            who = d.get("who", d.get("foe"))
            self.where[str(who)] = str(d.get("to"))


def copy_field(f: Field | None) -> Field | None:
    if f is None:
        return None
    return Field(f.id, dict(f.heroes), dict(f.foes), dict(f.where), list(f.hero_chances),
                  list(f.foe_chances), set(f.used), f.round_lines)


def open_field(models: Mapping[str, Any], fight: str) -> Field:
    """A fight as it stands when it starts, from its model in ``fights.yaml``."""
    spec = models.get(fight)
    f = Field(fight)
    for h in getattr(spec, "heroes", ()):
        f.heroes[h.who] = "in" if h.arrives == 1 else "away"
        f.where[h.who] = h.zone
    for g in getattr(spec, "foes", ()):
        f.foes[g.id] = "in" if g.arrives == 1 else "away"
        f.where[g.id] = g.zone
    return f


class Watch:
    """Follows a run's fights event by event, to tell where a fight's last step begins: a
    fight the foes decide before any hero has moved waits for the player to see how it
    ended, and that is a step of its own; any other ends in the step that decided it."""

    def __init__(self, world: World) -> None:
        self.models: Mapping[str, Any] = world.data.get("fights", {})
        self.field: Field | None = None
        self.waiting = False
        """Whether the fight was decided on the foes' turn and has not ended yet."""
        self.opening = False
        """Whether no hero has moved yet: a fight the foes decide in their opening turns
        waits for the player to see how it ended (a step of its own); decided later, it
        ends in the step that decided it."""

    def begins_step(self, event: Event) -> bool:
        """Whether ``event`` starts the step that ends a fight decided on the foes' turn."""
        if not self.waiting:
            return False
        return event.kind == "fight_ended" or not (is_fight_event(event)
                                                   or event.kind == "injured")

    def track(self, event: Event) -> None:
        """Follow one event."""
        kind, d = event.kind, event.data
        if kind == "fight_started":
            self.field = open_field(self.models, str(d.get("fight")))
            self.opening = True
        f = self.field
        if f is None:
            return
        if kind == "fight_ended":
            self.field, self.waiting, self.opening = None, False, False
            return
        if kind == "fight_action":
            self.waiting = self.opening = False
        f.track(event)
        if f.decided and self.opening:
            self.waiting = True
