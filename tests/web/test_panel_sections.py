"""The side panel's sections are kept by their views (``kept`` in :mod:`bonds.web.site`): a
page built with sections kept from earlier pages, of this game and of others, is the page
built from nothing, in every numbers setting."""

from __future__ import annotations

import random

import pytest
from starlette.requests import Request

from bonds.content import load_pack
from bonds.engine import World
from bonds.views import Game
from bonds.web.app import create_app
from bonds.web.db import SaveStore
from bonds.web.site import Site

from .support import ROOT


@pytest.fixture(scope="module")
def campaign() -> World:
    return load_pack(ROOT / "campaigns" / "unbreakable_bonds")


def _site(world: World) -> Site:
    site: Site = create_app(world, store=SaveStore("sqlite://")).state.site
    return site


def _page(site: Site, game: Game, numbers: str) -> str:
    session = {"player": "p" * 32, "csrf": "c" * 32}
    request = Request({"type": "http", "method": "POST", "path": "/choose", "query_string": b"",
                       "headers": [(b"hx-request", b"true")], "session": session,
                       "app": None, "client": ("127.0.0.1", 1)})
    response = site.render(request, "_play.html", site.play_context(game, numbers=numbers))
    return bytes(response.body).decode()


@pytest.mark.parametrize("numbers", ["words", "full"])
def test_a_page_with_kept_sections_is_the_page_built_afresh(campaign: World,
                                                           numbers: str) -> None:
    kept, fresh = _site(campaign), _site(campaign)
    games = [Game.new(campaign, seed) for seed in (3, 4)]
    rngs = [random.Random(seed) for seed in (3, 4)]
    for _ in range(40):
        for n, game in enumerate(games):
            if game.ended or not game.options:
                continue
            games[n] = game = game.advance(rngs[n].choice(game.options))
            fresh.env.globals["kept"].cache_clear()
            assert _page(kept, game, numbers) == _page(fresh, game, numbers)
    hits = kept.env.globals["kept"].cache_info().hits
    assert hits > 100, "the pages never reused a kept section"
