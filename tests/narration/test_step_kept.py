"""What ``tell_step`` keeps between pages changes nothing: every page reads as the run told
afresh from its first event, whatever order pages are asked for in."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import Event, World
from bonds.narration import sentences, step
from bonds.narration.narrator import step_starts
from bonds.narration.step import tell_step, told_afresh
from bonds.saves import make_save
from bonds.views import Game

PACKS = Path(__file__).resolve().parents[1] / "packs"
SEED = 5


@pytest.fixture(scope="module", params=["tiny", "duel"])
def world(request: pytest.FixtureRequest) -> World:
    return load_pack(PACKS / request.param)


def _road(world: World, seed: int, turns: int, pick: int = 0) -> list[Game]:
    """The games of a seeded run, one after each choice (random choices from ``pick``)."""
    rng = random.Random(pick)
    games = [Game.new(world, seed)]
    while games[-1].options and not games[-1].ended and len(games) <= turns:
        games.append(games[-1].advance(rng.choice(games[-1].options)))
    return games


def _same(world: World, seed: int, events: Sequence[Event], start: int) -> None:
    kept = tell_step(world, seed, events, start)
    afresh = told_afresh(world, seed, events, start)
    assert kept == afresh


def test_each_page_reads_as_the_run_told_afresh(world: World) -> None:
    step.forget()
    for game in _road(world, SEED, 40):
        for start in (game.opened, game.first, 0):
            _same(world, SEED, game.history, start)
        _same(world, SEED, game.history, game.opened)  # asked again: nothing new told


def test_a_game_rebuilt_from_its_save_reads_the_same(world: World) -> None:
    step.forget()
    games = _road(world, SEED, 30)
    for game in games:
        tell_step(world, SEED, game.history, game.opened)
    last = games[-1]
    rebuilt = Game.from_save(world, make_save(world, last.seed, list(last.actions), last.state))
    assert rebuilt.history == last.history and rebuilt.history[0] is not last.history[0]
    _same(world, SEED, rebuilt.history, rebuilt.opened)


def test_roads_that_part_and_stale_pages_read_the_same(world: World) -> None:
    step.forget()
    one, other = _road(world, SEED, 30, pick=1), _road(world, SEED, 30, pick=2)
    for a, b in zip(one, other, strict=False):  # two tabs on the same seed, taking turns
        _same(world, SEED, a.history, a.opened)
        _same(world, SEED, b.history, b.opened)
    for game in reversed(one):  # ever older pages, after the latest
        _same(world, SEED, game.history, game.first)


def test_a_step_told_before_all_its_events_came_is_told_again_in_full(world: World) -> None:
    step.forget()
    history = _road(world, SEED, 12)[-1].history
    starts = step_starts(world, history)
    for end in range(1, len(history) + 1):  # the events come one at a time
        _same(world, SEED, history[:end], max(s for s in starts if s < end))


def test_a_start_inside_a_step_is_told_as_before(world: World) -> None:
    step.forget()
    game = _road(world, SEED, 10)[-1]
    for start in range(len(game.history)):
        _same(world, SEED, game.history, start)
    assert tell_step(world, SEED, game.history, len(game.history)).items == ()


def test_a_texts_sentences_are_split_once_and_read_alike() -> None:
    text = 'Mr. Hatake waited. "Maa. Not again," he said. Then, at last: the end!'
    assert sentences.split(text) == ["Mr. Hatake waited.", '"Maa. Not again," he said.',
                                     "Then, at last: the end!"]
    assert sentences.parts(text) == tuple((s, sentences.key(s), sentences.is_long(s))
                                          for s in sentences.split(text))
    assert sentences.split(text) is not sentences.split(text)  # a list of the caller's own
