"""A hero's fight actions a few at a time (:mod:`bonds.views.fight_menu`) and each side's
state in words or figures (:func:`bonds.views.fighter_text`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World, legal_actions, start, step
from bonds.playtest.bots import make_bot
from bonds.views import (
    ChoiceView,
    FighterView,
    FightMenu,
    Names,
    choices_of,
    fight_menu,
    fight_view,
    fighter_text,
)
from bonds.views.fight_menu import MOST

ROOT = Path(__file__).resolve().parents[2]
DUEL = ROOT / "tests" / "packs" / "duel"
CAMPAIGN = ROOT / "campaigns" / "unbreakable_bonds"


@pytest.fixture(scope="module")
def duel() -> World:
    return load_pack(DUEL)


def _walk(world: World, choices: list[ChoiceView], path: str = "",
          seen: tuple[str, ...] = ()) -> list[str]:
    """Every action reachable from level ``path``, each level checked on the way."""
    menu = fight_menu(world, choices, path)
    assert isinstance(menu, FightMenu)
    assert 1 <= len(menu.items) <= MOST, (path, len(menu.items))
    assert [i.number for i in menu.items] == list(range(1, len(menu.items) + 1))
    assert (menu.back is None) == (path == ""), path
    found: list[str] = []
    for item in menu.items:
        if item.choice is not None:
            assert item.choice.number == item.number
            found.append(item.choice.action)
        else:
            assert item.path and item.path not in seen and item.size >= 2
            inside = _walk(world, choices, item.path, (*seen, item.path))
            assert len(inside) == item.size
            found += inside
    return found


def _fight_choices(world: World, seed: int, turns: int) -> list[list[ChoiceView]]:
    """The choices of the first ``turns`` fight turns of a random run."""
    bot = make_bot("random", world, seed)
    state, _ = start(world, seed)
    names = Names(world)
    out: list[list[ChoiceView]] = []
    while state.ending is None and len(out) < turns:
        options = legal_actions(world, state)
        if state.values.get("fight.id") and options[0] != "fight:end":
            out.append(choices_of(world, state, options, names))
        state, _ = step(world, state, bot.choose(state, options))
    return out


def _first_turn(world: World) -> list[ChoiceView]:
    """Ash's choices at the first turn of the duel pack's fight."""
    state, _ = step(world, start(world, 7)[0], "road.gate/fight")
    return choices_of(world, state, legal_actions(world, state), Names(world))


def test_every_action_is_reached_once_and_no_level_holds_more_than_nine(duel: World) -> None:
    checked = 0
    for seed in range(1, 6):
        for choices in _fight_choices(duel, seed, 12):
            assert sorted(_walk(duel, choices)) == sorted(c.action for c in choices)
            checked += 1
    assert checked > 10


def test_in_the_campaign_too() -> None:
    world = load_pack(CAMPAIGN)
    turns = [c for seed in (1, 2, 3) for c in _fight_choices(world, seed, 400)]
    assert turns and max(len(c) for c in turns) > MOST  # the grouping is needed there
    for choices in turns:
        assert sorted(_walk(world, choices)) == sorted(c.action for c in choices)


def test_groups_by_purpose_a_lone_action_stands_alone(duel: World) -> None:
    choices = _first_turn(duel)
    menu = fight_menu(duel, choices)
    assert menu is not None and menu.title == "Your move" and menu.back is None
    top = [(i.label, i.path, i.size) for i in menu.items]
    groups = {path for _, path, _ in top if path}
    assert groups <= {"strike", "technique", "move", "help", "guard"}
    assert ("Strike", "strike", 2) in top  # a target is chosen inside the group
    strike = fight_menu(duel, choices, "strike")
    assert strike is not None and strike.back == "" and strike.title == "Strike"
    assert [i.choice.action for i in strike.items if i.choice] == [
        "fight:ash:strike:raiders", "fight:ash:strike:captain"]


def test_a_stale_or_unknown_level_shows_the_top(duel: World) -> None:
    choices = _first_turn(duel)
    top = fight_menu(duel, choices)
    for path in ("nonsense", "strike/strike/strike", "help/tech:nothing", "page:x"):
        assert fight_menu(duel, choices, path) == top


def test_too_many_in_one_kind_come_a_page_at_a_time(duel: World) -> None:
    many = [ChoiceView(n, f"fight:ash:strike:f{n}", f"Ash: strike {n}")
            for n in range(1, 21)] + [ChoiceView(21, "fight:ash:dodge", "Ash: dodge")]
    assert sorted(_walk(duel, many)) == sorted(c.action for c in many)
    first = fight_menu(duel, many, "strike")
    assert first is not None and first.items[-1].label == "More"
    assert first.items[-1].path == "strike/page:2"
    second = fight_menu(duel, many, "strike/page:2")
    assert second is not None and second.back == "strike"
    assert second.items[0].choice is not None and second.items[0].choice.label == "Ash: strike 9"


def test_scene_choices_and_the_end_of_a_fight_have_no_menu(duel: World) -> None:
    state, _ = start(duel, 7)
    names = Names(duel)
    assert fight_menu(duel, choices_of(duel, state, legal_actions(duel, state), names)) is None
    assert fight_menu(duel, [ChoiceView(1, "fight:end", "See how it ended")]) is None
    assert fight_menu(duel, []) is None


def test_each_side_stands_in_words_or_figures(duel: World) -> None:
    state, _ = start(duel, 7)
    state, _ = step(duel, state, "road.gate/fight")
    view = fight_view(duel, state)
    assert view is not None and view.pool == "breath"
    ash = next(f for f in view.sides if f.name == "Ash")
    assert ash.hero and (ash.now, ash.most) == (10, 10) and ash.standing == "fighting"
    assert fighter_text(ash) == "unhurt"
    assert fighter_text(ash, "brief", view.pool) == "10 of 10 hit points, 100 breath"
    raiders = next(f for f in view.sides if f.name == "the raiders")
    assert fighter_text(raiders) == "ten of them, steady"
    assert fighter_text(raiders, "brief") == "10 of 10, morale 70"
    assert fighter_text(raiders, "full").endswith("morale 70, breaks at " +
                                                  str(raiders.breaks_at))


@pytest.mark.parametrize(("now", "words"), [(12, "unhurt"), (9, "bruised"), (5, "hurt"),
                                             (2, "badly hurt"), (0, "down")])
def test_hit_points_in_words(now: int, words: str) -> None:
    hero = FighterView("Iruka", True, "the floor", "fighting", now, 12)
    assert fighter_text(hero) == words


def test_a_broken_group_is_told_so() -> None:
    for standing in ("fled", "yielded", "beaten", "not here yet"):
        group = FighterView("the swordsmen", False, "the floor", standing, 3, 8, 10, 20)
        assert fighter_text(group) == standing
    held = FighterView("Hiroaka", False, "the floor", "held still", 1, 1, 22, 20)
    assert fighter_text(held) == "close to breaking, held still"
