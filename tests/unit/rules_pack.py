# ruff: noqa: E501  (pack data: long YAML lines keep the tests' line numbers simple)
"""A pack for the world-rules tests: the tiny pack's story with richer system data.

``make_rules_pack(root, **changes)`` writes it to ``root`` (file name → text; ``None``
deletes) and returns the path; :func:`ctx_at` opens a step context on a world for calling
rules functions directly. No story names: keepers of a lighthouse, a market, a fever.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from bonds.engine import Ctx, World
from bonds.engine.state import Value

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"

CHARACTERS = """\
characters:
  - {id: ada, name: Ada, rank: chuunin, gender: woman, resources: {chakra: 60}, nerve: 60, fame: 20, techniques: [lamp_sense, mend, twin_beam, signs, snare_craft, scroll_seal, hound, tide_lift]}
  - {id: bo, name: Bo, rank: genin, gender: man, resources: {chakra: 40}, nerve: 40, fame: 5, techniques: [mend, twin_beam, signs]}
  - {id: cy, name: Cy, rank: jounin, gender: man, resources: {chakra: 100}, nerve: 80, fame: 80, immune: [fever], clan: tor, last_of_clan: true, items: {soldier_pill: 2}, grudges: [ada]}
  - {id: dee, name: Dee, gender: woman, nerve: 30, fame: 50, married_to: eli}
  - {id: eli, name: Eli, gender: man, married_to: dee, debts: [cy]}
bonds:
  - {from: ada, to: bo, coordination: 40, ease: 70}
  - {from: bo, to: ada, coordination: 25}
"""

WORLD = """\
regions:
  - {id: coast, name: the coast}
  - {id: town, name: the town}
places:
  - {id: shore, name: the shore, region: coast, water: true}
  - id: tower
    name: the lighthouse
    region: coast
    spots: [door, hatch]
    hidden:
      - {id: gull, name: a gull on the gallery}
      - {id: rat, name: a rat in the oil store, when: "oil >= 5"}
  - {id: cellar, name: the cellar, region: coast}
  - id: market
    name: the market
    region: town
    watch:
      - {fact: smugglers, text: Smugglers meet behind the fish stalls., when: "oil <= 3"}
      - {fact: storm_coming, text: The boats are being hauled up.}
  - {id: island, name: the island, region: coast}
routes:
  - {from: shore, to: tower, hours: 1}
  - {from: tower, to: cellar, hours: 2}
  - {from: shore, to: market, hours: 5}
observers:
  - {id: watch, name: the town watch, kind: crowd, region: town, grudges: [cy]}
ranks:
  - {id: civilian, name: civilian, level: 0, skill: 20, defence: 0, damage: 1, initiative: 10}
  - {id: genin, name: genin, level: 1, skill: 40, defence: 10, damage: 1, initiative: 30, recruit: 5}
  - {id: chuunin, name: chuunin, level: 2, skill: 55, defence: 15, damage: 2, initiative: 45, recruit: 10}
  - {id: jounin, name: jounin, level: 3, skill: 70, defence: 25, damage: 3, initiative: 60, recruit: 15}
resources:
  - {id: chakra, name: chakra, techniques: true}
items:
  - {id: soldier_pill, name: soldier pill, restores: chakra}
"""

TECHNIQUES = """\
injuries:
  - {id: cut, name: Cut, steps: [deep, shallow], heal_cost: 8, impairs: [free_hand]}
  - {id: bruise, name: Bruise, steps: [black, yellow, faint], heal_cost: 5}
  - {id: burn, name: Burn, steps: [blistered, red], heal_cost: 6, impairs: [hand_signs]}
  - {id: fever, name: Fever, steps: [raging, mild], heal_cost: 10, poison: true, drain: 2}
techniques:
  - {id: lamp_sense, name: Listening Light, cost: 10, needs: [hand_signs], effect: reveal}
  - {id: mend, name: Mending Touch, cost: 5, effect: heal, power: 10}
  - {id: twin_beam, name: Twin Beam, cost: 21, needs: [water], effect: guard, combined: true, min_coordination: 30}
  - {id: signs, name: Finger Talk, cost: 0, needs: [free_hand], effect: signal, min_coordination: 30}
  - {id: snare_craft, name: Snare, cost: 5, effect: trap, inflicts: {injury: cut, step: shallow}}
  - {id: scroll_seal, name: Scroll Seal, cost: 5, effect: seal, inflicts: {injury: burn, step: red}}
  - {id: hound, name: Call the Hound, cost: 12, effect: summon}
  - {id: tide_lift, name: Tide Lift, cost: 8, needs: [water], effect: shape}
"""

MISSIONS = """\
missions:
  - id: keep_the_light
    name: Keep the Light
    rank: D
    clock_days: 2
    objectives:
      - {id: walk_rounds, kind: protect, text: Walk the gallery.}
      - {id: light_lamp, kind: protect, text: Keep the lamp burning.}
    requirements:
      - {id: senior_holds_key, when: "seniority(a) > seniority(b)", reason: The senior keeper holds the key.}
  - id: escort
    name: The Escort
    rank: C
    clock_days: 3
    objectives:
      - {id: meet, kind: escort, text: Meet the boat.}
      - {id: deliver_cargo, kind: deliver, text: Bring the cargo to the market.}
    requirements:
      - {id: sworn, when: "seniority(a) >= 1 and seniority(b) >= 1", reason: Both must be sworn keepers.}
      - {id: known, when: "max(fame(a), fame(b)) >= 20", reason: Nobody has heard of either of them.}
      - {id: unwed, when: "spouse(a) in ['', b] and spouse(b) in ['', a]", reason: One of them is married to someone else.}
roster:
  - {members: [ada, bo]}
  - {members: [ada, dee]}
  - {members: [bo, eli]}
"""

FILES = {"characters.yaml": CHARACTERS, "world.yaml": WORLD, "techniques.yaml": TECHNIQUES,
         "missions.yaml": MISSIONS}


def make_rules_pack(root: Path, changes: dict[str, str | None] | None = None) -> Path:
    """Write the rules pack at ``root`` with ``changes`` applied; returns ``root``."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(TINY, root)
    for name, text in {**FILES, **(changes or {})}.items():
        path = root / name
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    return root


def ctx_at(world: World, scene: str = "tower.lamp", values: dict[str, Value] | None = None,
           forced: bool | None = None) -> Ctx:
    """A step context on ``world`` in ``scene`` over its initial values plus ``values``."""
    return Ctx(world, {**world.initial_values, **(values or {})}, 1, scene, forced)


def kinds(ctx: Ctx) -> list[str]:
    """The kinds of the events emitted so far."""
    return [e.kind for e in ctx.events]
