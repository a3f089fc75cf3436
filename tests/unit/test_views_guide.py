"""The guide's account of the bond's stages agrees with the rules, and names come from the pack."""

from __future__ import annotations

from pathlib import Path

from bonds.content import load_pack
from bonds.rules import bond
from bonds.views.guide import REAL_TRUST, STAGE_ORDER, WARMTH, guide_of

CAMPAIGN = Path(__file__).resolve().parents[2] / "campaigns" / "unbreakable_bonds"


def _values(warmth: int, trust: int | None = None, tension: int = 0) -> dict[str, int]:
    values = {}
    for a, b in (("a", "b"), ("b", "a")):
        for measure in ("ease", "openness"):
            values[bond.bond_key(a, b, measure)] = warmth
        values[bond.bond_key(a, b, "trust")] = warmth if trust is None else trust
    values[bond.bond_key("a", "b", "tension")] = tension
    return values


def test_the_thresholds_the_guide_gives_are_the_rules() -> None:
    stage = bond.stage_of
    assert stage(_values(WARMTH["thaw"] - 1), "a", "b") == "pretence"
    assert stage(_values(WARMTH["thaw"]), "a", "b") == "thaw"
    assert stage(_values(WARMTH["trust"] - 1), "a", "b") == "thaw"
    assert stage(_values(WARMTH["trust"]), "a", "b") == "trust"
    assert stage(_values(WARMTH["real"]), "a", "b") == "real"
    # warmth is the mean of all six: low trust pulled up by the rest still fails the trust bar
    assert stage(_values(WARMTH["real"] + 5, trust=REAL_TRUST - 1), "a", "b") == "trust"
    assert stage(_values(WARMTH["trust"], tension=bond.STRAIN), "a", "b") == "friction"
    assert stage(_values(WARMTH["real"], tension=bond.STRAIN), "a", "b") == "real"
    assert set(STAGE_ORDER) == set(bond.STAGES)


def test_the_guide_names_stages_pairs_and_pools_as_the_world_does() -> None:
    world = load_pack(CAMPAIGN)
    guide = guide_of(world)
    named = world.data["bond_stages"]
    assert [s.key for s in guide.stages] == list(STAGE_ORDER)
    for entry in guide.stages:
        assert entry.name.lower() == named[entry.key].lower()
        assert guide.stage_text(entry.name) == entry.text
    assert len(guide.pairs) == 1 and " and " in guide.pairs[0]
    assert guide.pools == tuple(r.name for r in world.data["resources"].values())
    assert guide.stage_text("no such stage") is None
