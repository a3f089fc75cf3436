"""Hosting: private files, secrets, outages, versions, limits, expiry and "forget me".

Where a behaviour depends on the database, the test runs on a SQLite file and on a real
PostgreSQL (``db_url``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bonds.content import load_pack
from bonds.engine import World
from bonds.web._offload import Unavailable
from bonds.web.app import Hosting, create_app
from bonds.web.db import SaveStore, default_db_url
from bonds.web.security import MIN_KEY

from .conftest import TestClient
from .support import PACKS, csrf_of, first_act, rev_of, turn_of

SEED = 11
KEY_A = "a" * MIN_KEY
KEY_B = "b" * MIN_KEY


def begin(client: TestClient, seed: int = SEED) -> str:
    token = csrf_of(client.get("/").text)
    r = client.post("/new", data={"csrf": token, "seed": str(seed)}, follow_redirects=False)
    assert r.status_code == 303
    return client.get("/play").text


def choose(client: TestClient, html: str, action: str, htmx: bool = True):
    return client.post("/choose", data={"csrf": csrf_of(html), "rev": rev_of(html),
                                        "action": action},
                       headers={"HX-Request": "true"} if htmx else {}, follow_redirects=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def file_store(db_url: str) -> Iterator[SaveStore]:
    store = SaveStore(db_url, timeout=0.5)
    yield store
    store.close()


# -- private files and secrets -----------------------------------------------------------

def test_the_default_data_folder_and_database_are_private(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    old = os.umask(0o022)
    try:
        (tmp_path / "data" / "unbreakable-bonds").mkdir(parents=True, mode=0o755)
        url = default_db_url()
        store = SaveStore(url)
        store.write_autosave("p" * 20, "tiny", {"x": 1}, 0, "", None, None)
        store.close()
    finally:
        os.umask(old)
    folder = tmp_path / "data" / "unbreakable-bonds"
    assert mode(folder) == 0o700
    for path in folder.iterdir():
        assert mode(path) == 0o600, path


def test_a_named_sqlite_database_is_private(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        target = tmp_path / "new" / "saves.sqlite3"
        SaveStore(f"sqlite:///{target}").close()
        existing = tmp_path / "old.sqlite3"
        existing.touch(mode=0o644)
        SaveStore(f"sqlite:///{existing}").close()
    finally:
        os.umask(old)
    assert mode(target.parent) == 0o700 and mode(target) == 0o600
    assert mode(existing) == 0o600


def test_bonds_secret_signs_the_cookie_and_rotates(world: World, store: SaveStore) -> None:
    with TestClient(create_app(world, store=store, hosting=Hosting(secret=KEY_A))) as first:
        begin(first)
        cookie = first.cookies.get("bonds_session")
    with TestClient(create_app(world, store=store,
                               hosting=Hosting(secret=f"{KEY_B},{KEY_A}"))) as rotated:
        rotated.cookies.set("bonds_session", cookie)
        page = rotated.get("/settings").text
        assert "Continue your story" in rotated.get("/").text  # the old key still reads it
        r = rotated.post("/settings", data={"csrf": csrf_of(page), "theme": "dark"},
                         follow_redirects=False)
        renewed = r.cookies["bonds_session"]  # signed again, with the new key
    assert renewed != cookie
    app = create_app(world, store=store, hosting=Hosting(secret=KEY_B))
    for sent, kept in ((renewed, True), (cookie, False)):  # the retired key is refused
        with TestClient(app) as new:
            new.cookies.set("bonds_session", sent)
            assert ("Continue your story" in new.get("/").text) is kept
    with pytest.raises(Exception, match="shorter than 32 characters"):
        create_app(world, store=store, hosting=Hosting(secret="short"))


# -- versions: the revision is the form's version -----------------------------------------

def test_a_stale_tab_never_acts_on_another_game(client: TestClient, store: SaveStore,
                                                world: World) -> None:
    actions, _ = first_act(world, SEED)
    old_tab = begin(client, SEED)
    begin(client, SEED)  # a new game with the same seed, at the same turn, in another tab
    before = store.load(*_autosave_key(store))
    r = choose(client, old_tab, actions[0])
    assert r.status_code == 409 and "That page was out of date" in r.text
    assert store.load(*_autosave_key(store)) == before


def test_a_current_page_is_accepted_by_any_worker(db_url: str, world: World) -> None:
    actions, _ = first_act(world, SEED)
    store = SaveStore(db_url)
    one, two = create_app(world, store=store), create_app(world, store=store)
    with TestClient(one) as a, TestClient(two) as b:
        begin(a)
        b.cookies.set("bonds_session", a.cookies.get("bonds_session"))
        b.get("/play")  # worker two now holds this game in memory
        page = begin(a)  # a new game on worker one: worker two's copy is stale
        r = choose(b, page, actions[0])
        assert r.status_code == 200, r.text
        assert turn_of(r.text) == "1"
        r = choose(a, page, actions[0])  # the same page again, now stale, on worker one
        assert r.status_code == 409
    store.close()


def _autosave_key(store: SaveStore) -> tuple[str, str]:
    with store.engine.connect() as conn:
        owner, pack = conn.exec_driver_sql(
            "select owner, pack_id from bonds_saves where slot = ''").one()
    return str(owner), str(pack)


# -- atomic slots ------------------------------------------------------------------------

def test_save_as_in_parallel_keeps_names_unique_and_the_limit(file_store: SaveStore) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from bonds.engine import BondsError
    from bonds.web.db import MAX_SLOTS

    owner, pack = "o" * 20, "tiny"

    def save(name: str) -> str:
        try:
            file_store.save_as(owner, pack, name, {"n": name}, 1, "here", None)
            return "saved"
        except BondsError as exc:
            return str(exc)

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(save, ["same"] * 8)) == {"saved"}
        results = list(pool.map(save, [f"slot {n}" for n in range(MAX_SLOTS + 8)]))
    listed = [s for s in file_store.list(owner, pack) if not s.auto]
    assert len(listed) == MAX_SLOTS
    assert [s.name for s in listed].count("same") == 1
    assert results.count("saved") == MAX_SLOTS - 1
    assert set(results) == {"saved", f"you already keep {MAX_SLOTS} saves; delete one first"}


# -- outages -----------------------------------------------------------------------------

def test_an_outage_is_a_503_with_one_clean_log_line(db_url: str, world: World,
                                                    caplog: pytest.LogCaptureFixture,
                                                    request: pytest.FixtureRequest) -> None:
    actions, _ = first_act(world, SEED)
    store = SaveStore(db_url, timeout=0.3)
    with TestClient(create_app(world, store=store)) as client:
        page = begin(client)
        owner, _ = _autosave_key(store)
        with _outage(db_url, request):
            caplog.clear()
            with caplog.at_level(logging.DEBUG):
                r = choose(client, page, actions[0])
                static = client.get("/static/style.css")
        assert r.status_code == 503 and r.headers["retry-after"].isdigit()
        assert "nothing is lost" in r.text and r.headers["hx-retarget"] == "body"
        assert static.status_code == 200
        lines = [rec.getMessage() for rec in caplog.records if rec.levelno >= logging.WARNING]
        assert len(lines) == 1, lines
        line = lines[0]
        assert "\n" not in line and owner not in line and "parameters" not in line.lower()
        assert actions[0] not in line and "snapshot" not in line
        assert choose(client, page, actions[0]).status_code == 200  # and back again
    store.close()


class _outage:
    """The database out of reach: PostgreSQL stopped; SQLite locked by another writer."""

    def __init__(self, url: str, request: pytest.FixtureRequest) -> None:
        self.url = url
        self.request = request

    def __enter__(self) -> None:
        if self.url.startswith("sqlite"):
            import sqlite3

            self.lock = sqlite3.connect(self.url.removeprefix("sqlite:///"),
                                        isolation_level=None)
            self.lock.execute("BEGIN EXCLUSIVE")
        else:
            self.request.getfixturevalue("pg_cluster").stop()

    def __exit__(self, *_exc: object) -> None:
        if self.url.startswith("sqlite"):
            self.lock.execute("ROLLBACK")
            self.lock.close()
        else:
            self.request.getfixturevalue("pg_cluster").start()


# -- HTTP details ------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "path", "allow"), [
    ("DELETE", "/saves", "GET, HEAD, POST"),
    ("PUT", "/", "GET, HEAD"),
    ("GET", "/choose", "POST"),
    ("PATCH", "/settings", "GET, HEAD, POST"),
])
def test_405_says_what_is_allowed(client: TestClient, method: str, path: str,
                                  allow: str) -> None:
    r = client.request(method, path)
    assert r.status_code == 405 and r.headers["allow"] == allow


def test_downloads_and_exports_are_not_stored(client: TestClient, world: World) -> None:
    from bonds.web.exports import export_formats

    html = begin(client)
    client.post("/saves", data={"csrf": csrf_of(html), "name": "kept"})
    slot = re.findall(r"/saves/(\d+)/download", client.get("/saves").text)[0]
    assert client.get(f"/saves/{slot}/download").headers["cache-control"] == "no-store"
    for fmt in export_formats():
        assert client.get(f"/export/{fmt}").headers["cache-control"] == "no-store"


# -- expiry, the session limit and "forget me" -------------------------------------------

def test_idle_players_rows_expire(file_store: SaveStore) -> None:
    now = time.time()
    file_store.write_autosave("idle" * 5, "tiny", {}, 1, "", None, None)
    file_store.save_as("idle" * 5, "tiny", "old", {}, 1, "", None)
    file_store.write_autosave("busy" * 5, "tiny", {}, 1, "", None, None)
    file_store.save_as("busy" * 5, "tiny", "old", {}, 1, "", None)
    with file_store.engine.begin() as conn:
        conn.exec_driver_sql(f"update bonds_saves set updated = {int(now) - 10 * 86400} "
                             f"where owner = '{'idle' * 5}' or slot = 'old'")
    assert file_store.expire(5 * 86400, now) == 2
    assert file_store.list("idle" * 5, "tiny") == []
    assert len(file_store.list("busy" * 5, "tiny")) == 2  # an old slot of an active player


def test_the_app_sweeps_idle_rows_when_it_starts(world: World, store: SaveStore) -> None:
    store.write_autosave("idle" * 5, world.manifest.id, {}, 1, "", None, None)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("update bonds_saves set updated = 0")
    with TestClient(create_app(world, store=store, hosting=Hosting(expire_days=30))) as c:
        until = time.monotonic() + 20
        while store.list("idle" * 5, world.manifest.id) and time.monotonic() < until:
            c.get("/static/style.css")  # the sweep runs beside the requests
            time.sleep(0.05)
    assert store.list("idle" * 5, world.manifest.id) == []


def test_a_sweep_the_database_refused_is_tried_again_soon(
        world: World, store: SaveStore, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    store.write_autosave("idle" * 5, world.manifest.id, {}, 1, "", None, None)
    with store.engine.begin() as conn:
        conn.exec_driver_sql("update bonds_saves set updated = 0")
    expire, calls = store.expire, [0]

    def refused_once(idle: float, now: float | None = None) -> int:
        calls[0] += 1
        if calls[0] == 1:
            raise Unavailable("the database is not answering")
        return expire(idle) if now is None else expire(idle, now)

    monkeypatch.setattr(store, "expire", refused_once)
    with TestClient(create_app(world, store=store, hosting=Hosting(expire_days=30))) as c:
        until = time.monotonic() + 10
        while calls[0] < 2 and time.monotonic() < until:
            c.get("/static/style.css")
            time.sleep(0.05)
    assert calls[0] == 2  # an hour's wait would have left it at one
    assert store.list("idle" * 5, world.manifest.id) == []
    assert [r.message for r in caplog.records if "expiring" in r.message] == [
        "expiring idle saves: the database is not answering (trying again in 1 s)"]


def test_new_sessions_from_one_address_are_limited(world: World, store: SaveStore) -> None:
    app = create_app(world, store=store, hosting=Hosting(session_limit="3/minute"))
    clients = [TestClient(app) for _ in range(4)]
    try:
        pages = [c.get("/") for c in clients]
        assert [p.status_code for p in pages] == [200, 200, 200, 429]
        assert 0 < int(pages[-1].headers["retry-after"]) <= 60
        assert clients[0].get("/").status_code == 200  # a known browser is not counted
        assert clients[3].get("/static/style.css").status_code == 200
    finally:
        for c in clients:
            c.close()


def test_forget_me_deletes_only_my_rows(client: TestClient, other: TestClient,
                                        store: SaveStore, world: World) -> None:
    mine = begin(client)
    client.post("/saves", data={"csrf": csrf_of(mine), "name": "mine"})
    begin(other)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from bonds_saves").scalar() == 3
    r = client.post("/forget", data={"csrf": csrf_of(client.get("/settings").text)},
                    follow_redirects=True)
    assert "Everything this browser had saved is deleted" in r.text
    assert "Continue your story" not in r.text
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from bonds_saves").scalar() == 1
    assert "Continue your story" in other.get("/").text
    assert client.get("/play", follow_redirects=False).headers["location"] == "/"


# -- saves on a revised pack -------------------------------------------------------------

@pytest.fixture
def tiny_copy(tmp_path: Path) -> Path:
    root = tmp_path / "tiny"
    shutil.copytree(PACKS[0], root)
    return root


def test_a_revised_pack_keeps_the_players_place(world: World, store: SaveStore,
                                                tiny_copy: Path) -> None:
    actions, _ = first_act(world, SEED)
    with TestClient(create_app(world, store=store)) as client:
        choose(client, begin(client), actions[0])
        cookie = client.cookies.get("bonds_session")
    (tiny_copy / "scenes" / "storm.yaml").write_text(
        (tiny_copy / "scenes" / "storm.yaml").read_text() + "\n# revised\n")
    revised = load_pack(tiny_copy)
    with TestClient(create_app(revised, store=store)) as client:
        client.cookies.set("bonds_session", cookie)
        page = client.get("/play").text
        assert "The story was revised since you last played" in page
        assert turn_of(page) == "1"
        if len(actions) > 1:
            after = choose(client, page, actions[1])
            assert after.status_code == 200 and "was revised" not in after.text
            owner, pack = _autosave_key(store)
            doc = store.load(owner, pack).document
            assert doc["pack"]["hash"] == revised.content_hash


def test_a_broken_road_offers_to_continue_from_the_last_good_step(
        world: World, store: SaveStore, tiny_copy: Path) -> None:
    actions, _ = first_act(world, SEED)
    assert len(actions) >= 2
    with TestClient(create_app(world, store=store)) as client:
        page = begin(client)
        page = choose(client, page, actions[0]).text
        choose(client, page, actions[1])
        cookie = client.cookies.get("bonds_session")
    scene, choice = actions[1].split("/")
    storm = tiny_copy / "scenes" / "storm.yaml"
    text = storm.read_text()
    assert f"- id: {choice}\n" in text
    storm.write_text(_rename_choice(text, scene, choice))
    for extra in tiny_copy.glob("canon*.yaml"):
        extra.write_text(extra.read_text().replace(actions[1], actions[1] + "_again"))
    revised = load_pack(tiny_copy)
    with TestClient(create_app(revised, store=store)) as client:
        client.cookies.set("bonds_session", cookie)
        title = client.get("/").text
        assert f"step 2 of this save ({actions[1]})" in title
        assert "Continue after choice 1, the last that stands" in title
        form = re.search(r'action="(/saves/\d+/rewind)"', title)
        assert form is not None
        r = client.post(form.group(1), data={"csrf": csrf_of(title)}, follow_redirects=True)
        assert r.status_code == 200 and turn_of(r.text) == "1"
        assert "you continue after choice 1" in r.text
        owner, pack = _autosave_key(store)
        assert store.load(owner, pack).document["actions"] == actions[:1]
        assert json.loads(client.get(f"/saves/{store.load(owner, pack).id}/download").text
                          )["pack"]["hash"] == revised.content_hash


def _rename_choice(text: str, scene: str, choice: str) -> str:
    """``text`` with choice ``choice`` of scene ``scene`` renamed ``<choice>_again``."""
    start = text.index(f"- id: {scene}\n")
    at = text.index(f"- id: {choice}\n", start)
    return text[:at] + f"- id: {choice}_again\n" + text[at + len(f"- id: {choice}\n"):]
