"""Fights told as scenes: each round told in one to three sentences of beats, however many
steps (a hero's action and the foes' answer until the next hero turn) it takes.

- The step's most salient moment (the hero's action, a partner's save, foes out of hiding,
  more arriving) is told with a beat (:mod:`._beats`); the foes' answer (their blows, the
  wounds they left) is summarised in one sentence, when a blow landed or nothing else was
  told.
- A round has a budget of :data:`ROUND_BUDGET` sentences; a small moment (a move, a miss,
  a guard: lighter than :data:`TELLING`) is told only as the round's first. Past that, a
  step's moment goes to the margin (the game's, an export's chapter notes); a big one
  (:data:`ALWAYS`: a group downed, a combined technique, a tank burst, a flight) is told
  all the same.
- The floor is always told: someone down, a group breaking, and the end, in one
  authoritative line that says who stood and who did not.
- ``odds`` is the fight's odds as its rolls have run (:func:`._beats.odds_of`); ``chance``
  the action's own roll, in words. A beat framing the fight as "no contest" asks for
  ``odds: likely`` and is never told otherwise.

Facts of a moment: ``event`` (see :class:`._beats_engine`), ``fight``, ``place``, ``who``,
``partner``, ``foe``, ``zone``, ``technique``, ``effect`` (a technique's), ``outcome``,
``chance``, ``odds``, ``round``; for the foes' answer ``hits`` (``none``/``one``/``many``),
``wounded``, ``attacked``, ``moved``; at the end ``fallen`` (some hero was down).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bonds.engine import Event, World

from ._beatbook import BeatBook
from ._beats import word_of
from ._field import Field, Watch, copy_field, is_fight_event, open_field
from ._words import count_word
from .facts import Lexicon, wound
from .salience import Salience
from .voice import Named

__all__ = ["BEAT_FIELDS", "FightTeller", "Line", "Watch", "is_fight_event"]

_VERBS = {"strike": "strike", "throw": "throw", "tech": "technique", "combo": "combo",
          "guard": "guard", "move": "move", "break": "break", "burst": "burst",
          "flee": "flee", "dodge": "dodge"}
"""A fight action's verb (``fight:<who>:<verb>:...``) as a beat's ``event``."""

_ACTION_WEIGHT = {"last": 75, "down": 70, "hit": 55, "miss": 35}
_EVENT_WEIGHT = {"combo": 85, "burst": 75, "flee": 70, "guard": 35, "dodge": 25, "move": 25,
                 "break": 35}
_EFFECT_WEIGHT = {"heal": 55, "freeze": 60, "reveal": 50, "signal": 40, "conceal": 40,
                  "move": 30, "boost": 30, "shape": 30, "guard": 35}


ROUND_BUDGET = 3
"""Sentences a round is told in, the floor and the fight's opening line apart."""

ALWAYS = 70
"""A moment this heavy is told in the prose even past the round's budget."""

TELLING = 50
"""A moment lighter than this (a move, a guard, a miss) is told only as the round's first;
later in the round it goes to the margin, so a round does not read as footwork."""

_EFFECTS = frozenset({"fighter_moved", "tank_burst", "guarding", "dodging", "fighter_fled",
                      "combo_used", "plan_signed", "technique_used"})
"""What a hero's own move makes happen (told with the move)."""


def _has_action(events: Sequence[tuple[int, Event]]) -> bool:
    """Whether a fight step holds a hero's action (its first candidate moment)."""
    return any(e.kind == "fight_action" for _, e in events)


def _done_by(event: Event, who: str) -> bool:
    """Whether ``event`` is what ``who``'s move made happen."""
    if event.kind not in _EFFECTS:
        return False
    doer = event.data.get("who", (event.data.get("by") or [""])[0])
    return bool(doer == who)


@dataclass(frozen=True, slots=True)
class Line:
    """A sentence a fight step tells, and the run indices of the events it tells."""

    text: str
    events: tuple[int, ...]
    place: str = "prose"
    """``prose``, or ``note`` for a small moment past the round's budget (the margin)."""


BEAT_FIELDS = frozenset({
    "event", "fight", "place", "odds", "chance", "who", "partner", "foe", "zone", "technique",
    "effect", "outcome", "single", "target", "frozen", "patient", "healed_self",
    "left_word", "down_word", "left_partner", "hits", "hits_word", "wounded", "wound",
    "attacked", "moved", "how", "fallen", "standing", "heroes", "foes", "foes_word", "crowd",
})
"""The facts a beat may ask for and the fields it may fill (see the module docstring)."""



class FightTeller:
    """Tells the fight steps of one run (it remembers the fight under way)."""

    def __init__(self, world: World, lex: Lexicon, seed: int, salience: Salience) -> None:
        """A teller for ``world``'s fights, in the run's voice."""
        self.world = world
        self.lex = lex
        self.seed = seed
        self.salience = salience
        self.book = BeatBook(world.data)
        self.models: Mapping[str, Any] = world.data.get("fights", {})
        self.techniques: Mapping[str, Any] = world.data.get("techniques", {})
        self.field: Field | None = None

    # -- state -------------------------------------------------------------------------
    def snapshot(self) -> Field | None:
        """A copy of the fight under way (None when there is none)."""
        return copy_field(self.field)

    def restore(self, snapshot: Field | None) -> None:
        """Carry on from a :meth:`snapshot`."""
        self.field = copy_field(snapshot)

    def _open(self, fight: str) -> Field:
        self.field = open_field(self.models, fight)
        return self.field

    def _track(self, event: Event) -> None:
        if self.field is not None:
            self.field.track(event)

    # -- telling -----------------------------------------------------------------------
    def step(self, events: Sequence[tuple[int, Event]], fresh: Callable[[str, str], bool],
             told: Callable[[str, str], None]) -> tuple[list[Line], set[int]]:
        """The sentences of one fight step and the run indices of the events they cover.

        ``events`` are the step's events that :func:`is_fight_event` picks out, and the
        wounds blows left (``injured`` for "a blow from..."), with their run indices;
        ``fresh(text)`` says whether a text may be told (not told before), ``told(text)``
        records one that is.
        """
        lines: list[Line] = []
        covered: set[int] = set()
        wounds = {i for i, e in events if e.kind == "injured"}
        start = next(((i, e) for i, e in events if e.kind == "fight_started"), None)
        if start is not None:
            self._open(str(start[1].data.get("fight")))
        f = self.field
        if f is None:
            return lines, covered
        for _, event in events:
            self._track(event)
        fight = f.id
        base = self._base(f)

        def say(facts: dict[str, Any], fields: dict[str, Any], at: int,
                indices: Iterable[int], place: str = "prose") -> bool:
            text = self.book.tell(fight, {**base, **facts}, {**self._fields(base), **fields},
                                  self.seed, at, lambda t: fresh(t, place), f.used)
            if text is None:
                return False
            told(text, place)
            if "wound" in fields and str(fields["wound"]) not in text:
                # a wound the line does not name is told on its own (an injury is floor)
                indices = [i for i in indices if i not in wounds]
            lines.append(Line(text, tuple(sorted(set(indices))), place))
            covered.update(indices)
            return True

        if start is not None:
            i, e = start
            heroes = [h for h in e.data.get("heroes", ())]
            foes = int(e.data.get("foes", 0))
            say({"event": "start", "crowd": foes > 1},
                {"heroes": self.lex.show(heroes), "foes_word": count_word(foes),
                 "foes": foes}, i, (i,))
        moments = self._moments(events)
        floors = self._floors(events)
        answer = self._answer(events, f)
        lead = max(moments, key=lambda m: m[0], default=None)
        spent = f.round_lines
        told_moments = [] if lead is None else [lead]
        own = moments[0] if moments and moments[0] is not lead and _has_action(events) \
            else None
        if own is not None and own[0] >= TELLING and spent + 2 <= ROUND_BUDGET:
            told_moments.append(own)  # the hero's own telling move, beside a partner's save
        for weight, facts, fields, at, indices in sorted(told_moments, key=lambda m: m[3]):
            if not spent or (spent < ROUND_BUDGET and weight >= TELLING) or weight >= ALWAYS:
                spent += say(facts, fields, at, indices)
            else:
                say(facts, fields, at, indices, "note")
        if answer is not None:
            facts, fields, at, indices, wounded = answer
            room = spent + len(floors) < ROUND_BUDGET or wounded
            if room and facts["hits"] != "none":
                spent += say(facts, fields, at, indices)
        for facts, fields, at, indices in floors:
            say(facts, fields, at, indices)
        f.round_lines = 0 if any(e.kind == "fight_round" for _, e in events) else spent
        covered.update(i for i, e in events if e.kind != "injured")
        if any(e.kind == "fight_ended" for _, e in events):
            self.field = None
        return lines, covered

    def _base(self, f: Field) -> dict[str, Any]:
        spec = self.models.get(f.id)
        return {"fight": f.id, "place": str(getattr(spec, "place", "") or ""),
                "odds": f.odds, "effect": ""}

    def _fields(self, base: Mapping[str, Any]) -> dict[str, Any]:
        spec = self.models.get(str(base["fight"]))
        return {"fight": Named(str(getattr(spec, "name", base["fight"]))),
                "place": self.lex.show(base["place"]) if base["place"] else "",
                "odds": base["odds"]}

    def _show(self, value: Any) -> Any:
        return self.lex.show(value, self.field.id if self.field else None)

    def _single(self, foe: Any) -> bool:
        """Whether a foe group is one fighter (a named captain, not ``the raiders``)."""
        spec = self.models.get(self.field.id) if self.field else None
        group = next((g for g in getattr(spec, "foes", ()) if g.id == foe), None)
        return group is not None and int(getattr(group, "count", 1)) == 1

    def _partner(self, who: str) -> str:
        f = self.field
        others = [h for h in (f.heroes if f else {}) if h != who]
        return others[0] if others else ""

    def _moments(self, events: Sequence[tuple[int, Event]]
                 ) -> list[tuple[int, dict[str, Any], dict[str, Any], int, list[int]]]:
        """The step's candidate moments: (weight, facts, fields, index, events told)."""
        out = []
        action = next(((i, e) for i, e in events if e.kind == "fight_action"), None)
        if action is not None:
            out.append(self._action(action, events))
        for i, e in events:
            d = e.data
            if e.kind == "reflex_save":
                out.append((self.salience.weight("reflex_save", {}),
                            {"event": "save", "who": d.get("saver"),
                             "partner": d.get("saved"), "foe": d.get("by")},
                            {"who": self._show(d.get("saver")),
                             "partner": self._show(d.get("saved")),
                             "foe": self._show(d.get("by"))}, i, [i]))
            elif e.kind == "blow_taken":
                out.append((self.salience.weight("blow_taken", {}),
                            {"event": "shield", "who": d.get("guard"),
                             "partner": d.get("meant_for"), "foe": d.get("by")},
                            {"who": self._show(d.get("guard")),
                             "partner": self._show(d.get("meant_for")),
                             "foe": self._show(d.get("by"))}, i, [i]))
            elif e.kind == "foes_revealed" and d.get("how") == "attack" and d.get("foes"):
                foes = list(d.get("foes", ()))
                out.append((self.salience.weight("foes_revealed", {}),
                            {"event": "revealed", "how": "attack", "foe": foes[0]},
                            {"foe": self._show(foes)}, i, [i]))
        return out

    def _action(self, action: tuple[int, Event], events: Sequence[tuple[int, Event]]
                ) -> tuple[int, dict[str, Any], dict[str, Any], int, list[int]]:
        i, e = action
        text = str(e.data.get("action", ""))
        parts = text.split(":")
        who = parts[1] if len(parts) > 1 else str(e.data.get("who", ""))
        verb = parts[2] if len(parts) > 2 else ""
        args = parts[3:]
        event = _VERBS.get(verb, verb)
        partner = self._partner(who)
        facts: dict[str, Any] = {"event": event, "who": who, "partner": partner,
                                 "outcome": "done"}
        fields: dict[str, Any] = {"who": self._show(who), "partner": self._show(partner)}
        told = [i]
        roll = next(((j, r) for j, r in events if r.kind == "roll"
                     and r.data.get("what") == text), None)
        after = [(j, x) for j, x in events if j > i]
        if roll is not None:
            told.append(roll[0])
            facts["chance"] = word_of(int(roll[1].data.get("chance", 0)))
            facts["outcome"] = "hit" if roll[1].data.get("success") else "miss"
        if event == "technique" and args:
            tech = self.techniques.get(args[0])
            facts["technique"] = args[0]
            facts["effect"] = str(getattr(tech, "effect", "") or "")
            fields["technique"] = self.lex.show(args[0])
            target = args[1] if len(args) > 1 else ""
            fields["target"] = self._show(target)
            if self.field is not None and target in self.field.foes:
                facts["foe"] = target
                fields["foe"] = self._show(target)
            if facts["effect"] == "move":
                facts["zone"] = target
                fields["zone"] = self._show(target)
                facts["outcome"] = "moved"
            if facts["effect"] == "signal":
                facts["partner"] = target
                fields["partner"] = self._show(target)
            if facts["effect"] == "guard":
                fields["partner"] = self._show(target)
        elif event == "combo" and len(args) > 1:
            combo = self.world.data.get("combos", {}).get(args[0])
            tech = str(getattr(combo, "technique", args[0]))
            by = list(getattr(combo, "by", ()))
            partner = next((b for b in by if b != who), partner)
            facts.update(technique=tech, zone=args[1], partner=partner)
            fields.update(technique=self.lex.show(tech), zone=self._show(args[1]),
                          partner=self._show(partner))
        elif event in ("strike", "throw") and args:
            facts["foe"] = args[0]
            fields["foe"] = self._show(args[0])
        elif event in ("move", "break", "burst") and args:
            facts["zone"] = args[0]
            fields["zone"] = self._show(args[0])
        elif event == "guard" and args:
            facts["partner"] = args[0]
            fields["partner"] = self._show(args[0])
        elif event == "flee":
            f = self.field
            facts["left_partner"] = bool(f and f.heroes.get(partner) in ("in", "down"))
        for j, x in after:
            d = x.data
            if x.kind == "foes_hurt" and d.get("by") == who and facts["outcome"] == "hit":
                told.append(j)
                facts["foe"] = d.get("foe")
                fields["foe"] = self._show(d.get("foe"))
                left = int(d.get("left", 0))
                if left == 0:
                    facts["outcome"] = "last"
                elif int(d.get("down", 0)):
                    facts["outcome"] = "down"
                fields["left_word"] = count_word(left)
                fields["down_word"] = count_word(int(d.get("down", 0)))
                break
        for j, x in after:
            d = x.data
            if x.kind == "foes_frozen" and d.get("by") == who:
                told.append(j)
                fields["frozen"] = self._show(d.get("foe"))
            elif x.kind == "fighter_healed" and d.get("by") == who:
                told.append(j)
                facts["healed_self"] = d.get("who") == who
                fields["patient"] = self._show(d.get("who"))
            elif _done_by(x, who) or (x.kind == "foes_revealed" and d.get("how") == "sensed"):
                told.append(j)
        if facts.get("foe"):
            facts["single"] = self._single(facts["foe"])
        if facts.get("effect") == "freeze" and "frozen" not in fields:
            facts["outcome"] = "miss" if facts["outcome"] != "done" else "done"
        weight = _ACTION_WEIGHT.get(str(facts["outcome"]), 30)
        if event in _EVENT_WEIGHT:
            weight = max(weight, _EVENT_WEIGHT[event]) if facts["outcome"] != "miss" \
                else _EVENT_WEIGHT[event] - 10
        if event == "technique" and facts["outcome"] in ("done", "moved"):
            weight = _EFFECT_WEIGHT.get(str(facts.get("effect")), 30)
        return weight, facts, fields, i, told

    def _answer(self, events: Sequence[tuple[int, Event]], f: Field
                ) -> tuple[dict[str, Any], dict[str, Any], int, list[int], bool] | None:
        """The foes' answer in one query: their blows, who took them, the wound left."""
        action = next((i for i, e in events if e.kind == "fight_action"), -1)
        attacks = [(i, e) for i, e in events if i > action and e.kind == "roll"
                   and str(e.data.get("what", "")).split(":")[1:2] != [""]
                   and str(e.data.get("what", "")).split(":")[1] not in f.heroes]
        hurt = [(i, e) for i, e in events if e.kind == "fighter_hurt"]
        moved = [(i, e) for i, e in events if e.kind == "foes_moved"]
        if not attacks and not hurt and not moved:
            return None
        by: dict[str, int] = {}
        victims: dict[str, int] = {}
        for _, e in hurt:
            by[str(e.data.get("by"))] = by.get(str(e.data.get("by")), 0) + 1
            victims[str(e.data.get("who"))] = victims.get(str(e.data.get("who")), 0) + 1
        if not by:
            for _, e in attacks:
                parts = str(e.data.get("what")).split(":")
                by[parts[1]] = by.get(parts[1], 0) + 1
                if len(parts) > 3:
                    victims[parts[3]] = victims.get(parts[3], 0) + 1
        wounded_now = {str(e.data.get("who")) for _, e in events if e.kind == "injured"
                       and str(e.data.get("reason", "")).startswith("a blow")}
        who = max(victims, key=lambda k: (victims[k], k in wounded_now)) if victims else ""
        if hurt and who:  # the one who took the most, and the blows that found them
            by = {}
            for _, e in hurt:
                if e.data.get("who") == who:
                    by[str(e.data.get("by"))] = by.get(str(e.data.get("by")), 0) + 1
            hurt = [(i, e) for i, e in hurt if e.data.get("who") == who]
        foe = max(by, key=lambda k: by[k]) if by else (
            str(moved[0][1].data.get("foe")) if moved else "")
        hits = victims.get(who, 0) if hurt else 0
        wounds = [(i, e) for i, e in events if e.kind == "injured" and e.data.get("who") == who
                  and str(e.data.get("reason", "")).startswith("a blow")]
        facts: dict[str, Any] = {
            "event": "answer", "foe": foe, "who": who, "single": self._single(foe),
            "hits": "none" if not hits else "one" if hits == 1 else "many",
            "wounded": bool(wounds), "attacked": bool(attacks), "moved": bool(moved),
            "zone": f.where.get(who or foe, "")}
        fields: dict[str, Any] = {"foe": self._show(foe), "who": self._show(who),
                                  "hits_word": count_word(hits),
                                  "zone": self._show(facts["zone"])}
        indices = [i for i, _ in (*attacks, *hurt, *moved, *wounds)]
        if wounds:
            d = wounds[-1][1].data
            fields["wound"] = wound(str(self.lex.show(d.get("step", ""))),
                                    str(self.lex.show(d.get("injury", ""), None, "injury")))
        at = attacks[0][0] if attacks else indices[0]
        return facts, fields, at, indices, bool(wounds)

    def _floors(self, events: Sequence[tuple[int, Event]]
                ) -> list[tuple[dict[str, Any], dict[str, Any], int, list[int]]]:
        """Fighters arriving, someone down, a group breaking, the end: always told (a reader
        meets a group that came late only after being told it came)."""
        out: list[tuple[dict[str, Any], dict[str, Any], int, list[int]]] = []
        ended = next(((i, e) for i, e in events if e.kind == "fight_ended"), None)
        for i, e in events:
            d = e.data
            if e.kind == "fighters_arrive":
                who = list(d.get("who", ()))
                out.append(({"event": "arrive", "who": who[0] if who else ""},
                            {"who": self._show(who)}, i, [i]))
            elif e.kind == "fighter_down":
                out.append(({"event": "hero_down", "who": d.get("who"), "foe": d.get("by")},
                            {"who": self._show(d.get("who")), "foe": self._show(d.get("by"))},
                            i, [i]))
            elif e.kind == "foes_broke" and d.get("how") in ("fled", "yielded"):
                if ended is not None and ended[1].data.get("outcome") == "win" \
                        and not any(x.kind == "foes_broke" for j, x in events if j > i):
                    continue  # the end tells the last of them
                out.append(({"event": "foe_broke", "foe": d.get("foe"), "how": d.get("how"),
                             "outcome": d.get("how")},
                            {"foe": self._show(d.get("foe"))}, i, [i]))
        if ended is not None:
            i, e = ended
            heroes = self.field.heroes if self.field else {}
            fallen = [h for h, st in heroes.items() if st == "down"]
            standing = [h for h, st in heroes.items() if st in ("in", "gone")]
            out.append(({"event": "end", "outcome": e.data.get("outcome"),
                         "fallen": bool(fallen)},
                        {"fallen": self._show(fallen), "standing": self._show(standing)},
                        i, [i]))
        return out
