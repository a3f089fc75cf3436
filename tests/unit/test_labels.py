"""What a value is called on screen (:mod:`bonds.rules.labels`): only the pack's names, never
a humanised key; an unnamed value is a ``bonds check`` warning and is not shown."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace as Record
from typing import Any

from bonds.content import load_pack
from bonds.engine import State, start
from bonds.rules._names import pack_name
from bonds.rules.labels import key_label, needs_label, unlabelled
from bonds.views import Names, panel_of

PACKS = Path(__file__).resolve().parents[1] / "packs"
DATA = {"characters": {}, "observers": {}, "labels": {"trap": "Traps",
                                                      "trap.door": "{0}: the door"}}


def test_a_key_is_named_by_the_packs_labels_or_not_at_all() -> None:
    duel = load_pack(PACKS / "duel")
    assert key_label(duel.data, "suspicion.watchers") == "the market watchers"
    assert key_label(duel.data, "memory.watchers.ash.grudge") == \
        "the market watchers holds a grudge against Ash"
    assert key_label(duel.data, "cover.ash.fen.act") == "The act Ash and Fen keep up"
    assert key_label(duel.data, "cover.ash.fen.mood") is None  # no template for "mood"
    assert key_label(duel.data, "nowhere.ash") is None  # no group name
    assert key_label(DATA, "trap.door") is None  # a template needs the ids it names
    assert not needs_label(duel.data, "flag.x") and not needs_label(duel.data, "bond.a.b.trust")
    assert unlabelled(duel.data, ["nowhere.ash", "suspicion.watchers", "seen.x"]) == \
        ["nowhere.ash"]


def test_an_unnamed_value_is_a_check_warning_and_is_not_shown(tmp_path: Path) -> None:
    pack = tmp_path / "duel"
    shutil.copytree(PACKS / "duel", pack)
    world_file = pack / "world.yaml"
    world_file.write_text(world_file.read_text() + '\nlabels:\n  suspicion: ""\n')
    world = load_pack(pack)
    warned = [w for w in world.data["warnings"] if "labels" in w]
    assert warned and all("suspicion." in w and "is not shown" in w for w in warned)
    state, _ = start(world, 1)
    state = State(state.scene, {**state.values, "suspicion.watchers": 30}, state.rng)
    panel = panel_of(world, state, Names(world))
    assert "suspicion" not in [g.key for g in (*panel.groups, *panel.more)]
    shown = load_pack(PACKS / "duel")
    assert [(g.title, [m.label for m in g.meters]) for g in panel_of(
        shown, state, Names(shown)).groups] == [("Suspicion", ["the market watchers"])]


def test_pack_names_are_looked_up_by_table_then_in_order_then_in_the_fights() -> None:
    data: dict[str, Any] = {
        "characters": {"harbour": Record(name="")},  # no name here: the next table's
        "observers": {"harbour": Record(name="the Harbour Guild")},
        "regions": {"harbour": Record(name="the Harbour")},
    }
    assert pack_name(data, "harbour") == "the Harbour Guild"
    assert pack_name(data, "harbour", "regions") == "the Harbour"
    assert pack_name(data, "quay") is None
    # A pack's data gains its tables while it loads: a later table is read when it comes.
    data["fights"] = {"f": Record(zones=(Record(id="quay", name="the quay"),), foes=())}
    assert pack_name(data, "quay") == "the quay"
    assert pack_name(data, "harbour") == "the Harbour Guild"
