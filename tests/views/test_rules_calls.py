"""The panel and the fight board call the rules directly: a rules function renamed, removed
or failing stops them loudly, never leaves a plainer screen behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Impossible, State, World
from bonds.rules import bond, combat, health, missions
from bonds.views import Game, Names, choices_of, fight_view, panel_of

PACKS = Path(__file__).resolve().parents[1] / "packs"

VALUES = {"bond.ada.bo.trust": 40, "bond.bo.ada.trust": 30, "stamina.ada": 55,
          "mission.keep_the_light.state": "active", "mission.keep_the_light.start": 1,
          "day": 2}
"""A pair with a bond, a pool spent and a mission under way: every rules call the panel
makes."""


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(PACKS / "tiny")


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(PACKS / "duel")


def in_fight(duel: World) -> Game:
    return Game.new(duel, 7).advance("road.gate/fight")


def test_the_panel_reads_through_the_rules_it_calls(tiny: World) -> None:
    panel = panel_of(tiny, State("shore.arrive", VALUES, 0), Names(tiny))
    assert [m.value for m in panel.people[0].resources] == ["55 / 60"]
    assert panel.bonds[-1].stage is not None  # the pair's, after each direction
    assert panel.missions[0].days_left == 1 and panel.missions[0].objectives


@pytest.mark.parametrize(("module", "name"), [
    (bond, "stage"), (health, "resource"), (health, "resource_max"),
    (missions, "objective"), (missions, "days_left"),
], ids=["stage", "resource", "resource_max", "objective", "days_left"])
def test_a_renamed_rules_function_stops_the_panel(tiny: World, monkeypatch: pytest.MonkeyPatch,
                                                  module: object, name: str) -> None:
    monkeypatch.delattr(module, name)  # as if renamed: the panel must not fall back
    with pytest.raises(AttributeError, match=name):
        panel_of(tiny, State("shore.arrive", VALUES, 0), Names(tiny))


@pytest.mark.parametrize("error", [Impossible("no such bond"), KeyError("trust"),
                                   TypeError("wrong arguments")],
                         ids=["refusal", "key_error", "type_error"])
def test_a_failing_rules_function_is_not_swallowed_by_the_panel(
        tiny: World, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def broken(*args: object) -> str:
        raise error

    monkeypatch.setattr(bond, "stage", broken)
    with pytest.raises(type(error)):
        panel_of(tiny, State("shore.arrive", VALUES, 0), Names(tiny))


def test_a_renamed_field_description_stops_the_fight_board(
        duel: World, monkeypatch: pytest.MonkeyPatch) -> None:
    game = in_fight(duel)
    assert fight_view(duel, game.state) is not None
    monkeypatch.delattr(combat.Skirmish, "describe_field")
    with pytest.raises(AttributeError, match="describe_field"):
        fight_view(duel, game.state)


def test_a_renamed_action_description_stops_the_fight_choices(
        duel: World, monkeypatch: pytest.MonkeyPatch) -> None:
    game = in_fight(duel)
    monkeypatch.delattr(combat.Skirmish, "describe_action")
    with pytest.raises(AttributeError, match="describe_action"):
        choices_of(duel, game.state, game.options, Names(duel))


def test_renamed_fight_rules_stop_the_fight_board(duel: World,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    game = in_fight(duel)
    monkeypatch.delattr(combat, "SKIRMISH")
    with pytest.raises(AttributeError, match="SKIRMISH"):
        fight_view(duel, game.state)


def test_a_failing_fight_description_is_not_swallowed(duel: World,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    game = in_fight(duel)

    def broken(self: object, *args: object) -> None:
        raise KeyError("fight.h.ash.zone")

    monkeypatch.setattr(combat.Skirmish, "describe_field", broken)
    monkeypatch.setattr(combat.Skirmish, "describe_action", broken)
    with pytest.raises(KeyError):
        fight_view(duel, game.state)
    with pytest.raises(KeyError):
        choices_of(duel, game.state, game.options, Names(duel))
