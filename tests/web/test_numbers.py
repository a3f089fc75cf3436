"""The numbers setting on the web: kept on the player's row (a migrated table, both
backends), chosen in Settings, and shown on the play page as words, brief figures or the
full breakdown; whose choice it is above the choices; no "What changed" before the first
choice."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from bonds.content import load_pack
from bonds.engine import World
from bonds.web.app import create_app
from bonds.web.db import SCHEMA, SaveStore

from .conftest import TestClient
from .support import csrf_of

TINY = Path(__file__).resolve().parents[1] / "packs" / "tiny"


def test_an_old_database_is_migrated_and_keeps_the_setting(db_url: str) -> None:
    old = SaveStore(db_url)
    with old.engine.begin() as conn:  # as a database made before the players' table
        conn.execute(text("DROP TABLE bonds_players"))
        conn.execute(text("DELETE FROM bonds_meta WHERE key = 'schema'"))
    old.close()
    store = SaveStore(db_url)
    try:
        with store.engine.connect() as conn:
            version = conn.execute(text("SELECT value FROM bonds_meta WHERE key = 'schema'"))
            assert version.scalar() == str(SCHEMA)
        assert store.numbers("ann") is None
        store.set_numbers("ann", "brief")
        store.set_numbers("ann", "full")
        assert store.numbers("ann") == "full" and store.numbers("bob") is None
        SaveStore(db_url).close()  # opening again changes nothing
        assert store.numbers("ann") == "full"
        store.forget("ann")
        assert store.numbers("ann") is None
        store.set_numbers("cy", "words")
        store.expire(0, now=2 * 10**9)  # idle, and no saves: the row goes too
        assert store.numbers("cy") is None
    finally:
        store.close()


@pytest.fixture(scope="module")
def tiny() -> World:
    return load_pack(TINY)


@pytest.fixture
def site(tiny: World) -> Iterator[tuple[TestClient, SaveStore]]:
    store = SaveStore("sqlite://")
    with TestClient(create_app(tiny, store=store)) as client:
        yield client, store
    store.close()


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def begin(client: TestClient, seed: int = 5) -> str:
    token = csrf_of(client.get("/").text)
    return client.post("/new", data={"csrf": token, "seed": str(seed)},
                       follow_redirects=True).text


def choose(client: TestClient, html: str, action: str) -> str:
    rev = re.search(r'name="rev" value="([^"]+)"', html)
    assert rev is not None
    return client.post("/choose", data={"csrf": csrf_of(html), "rev": rev.group(1),
                                        "action": action}, follow_redirects=True).text


def set_numbers(client: TestClient, value: str) -> None:
    token = csrf_of(client.get("/settings").text)
    r = client.post("/settings", data={"csrf": token, "numbers": value},
                    follow_redirects=False)
    assert r.status_code == 303


def test_the_first_page_says_whose_choice_and_nothing_changed_yet(site) -> None:
    client, _ = site
    page = begin(client)
    assert "What changed" not in page
    assert '<p class="viewpoint">As Ada</p>' in page


def test_the_setting_is_kept_on_the_players_row_and_checked(site) -> None:
    client, store = site
    begin(client)
    assert 'value="words" checked' in client.get("/settings").text  # the default
    set_numbers(client, "full")
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT numbers FROM bonds_players")).scalar() == "full"
    assert 'value="full" checked' in client.get("/settings").text
    token = csrf_of(client.get("/settings").text)
    assert client.post("/settings", data={"csrf": token, "numbers": "all"}).status_code == 400


@pytest.mark.parametrize(("numbers", "shown", "hidden"), [
    ("words", ["All but certain"], ["90%", "base 50", "rolled"]),
    ("brief", ["90% chance"], ["base 50", "rolled"]),
    ("full", ["90% chance : base 50 , plenty of oil +40"], []),
])
def test_the_odds_and_the_roll_as_each_setting_shows_them(site, numbers: str, shown: list[str],
                                                          hidden: list[str]) -> None:
    client, _ = site
    page = begin(client)
    set_numbers(client, numbers)
    page = choose(client, client.get("/play").text, "shore.arrive/fetch_oil")
    page = choose(client, page, "shore.arrive/climb")
    text_ = plain(page)
    for words in shown:
        assert words in text_
    for words in hidden:
        assert words not in text_
    after = plain(choose(client, page, "tower.lamp/light"))
    verdict = re.search(r"Light the lamp :([^.]*)\.", after)
    assert verdict is not None
    assert ("rolled" in verdict.group(1)) == (numbers == "full")
    assert "success" not in verdict.group(1) and "failure" not in verdict.group(1)
