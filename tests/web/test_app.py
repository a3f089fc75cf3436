"""The web app over HTTP (no browser): play, saves, refusals, isolation, bad requests."""

from __future__ import annotations

import json
import re
from html import escape

from bonds.engine import World, replay, state_hash
from bonds.saves import parse_save
from bonds.web.db import SaveStore

from .support import csrf_of, first_act, rev_of, turn_of

SEED = 11


def begin(client, seed: int = SEED) -> str:
    """Start a new game; the play page's HTML."""
    token = csrf_of(client.get("/").text)
    r = client.post("/new", data={"csrf": token, "seed": str(seed)}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/play"
    return client.get("/play").text


def choose(client, html: str, action: str, htmx: bool = False):
    return client.post("/choose", data={"csrf": csrf_of(html), "rev": rev_of(html),
                                        "action": action},
                       headers={"HX-Request": "true"} if htmx else {}, follow_redirects=False)


def autosave(store: SaveStore, world: World, client) -> dict:
    owner = _owner(store, world)
    slot = store.load(owner, world.manifest.id)
    assert slot is not None and slot.document is not None
    return slot.document


def _owner(store: SaveStore, world: World) -> str:
    with store.engine.connect() as conn:
        rows = conn.exec_driver_sql("select owner from bonds_saves where slot = ''").all()
    assert len(rows) == 1
    return str(rows[0][0])


def test_title_page_shows_the_work(client, world: World) -> None:
    html = client.get("/").text
    m = world.manifest
    assert f"<h1 id=\"work-title\">{escape(m.title)}</h1>" in html
    assert escape(m.rating) in html
    for item in (*m.content_notice, *m.tags, *m.relationship):
        assert f"<li>{escape(item)}</li>" in html
    assert "Begin the story" in html and "Continue your story" not in html


def test_playing_the_first_act_autosaves_every_step(client, store, world: World) -> None:
    actions, final = first_act(world, SEED)
    html = begin(client)
    for n, action in enumerate(actions, 1):
        assert f'value="{action}"' in html
        r = choose(client, html, action)
        assert r.status_code == 303
        doc = autosave(store, world, client)
        assert doc["actions"] == actions[:n]
        html = client.get("/play").text
    save = parse_save(doc)
    state, _ = replay(world, save.seed, save.actions)
    assert save.seed == SEED and state_hash(state) == state_hash(final) == save.state_hash
    assert "Continue your story" in client.get("/").text


def test_htmx_choice_answers_with_the_fragment(client, world: World) -> None:
    actions, _ = first_act(world, SEED)
    html = begin(client)
    r = choose(client, html, actions[0], htmx=True)
    assert r.status_code == 200
    assert r.text.startswith('<div id="play"') and "<html" not in r.text
    assert turn_of(r.text) == "1"


def test_an_illegal_choice_is_refused_and_changes_nothing(client, store, world: World) -> None:
    html = begin(client)
    before = autosave(store, world, client)
    for bad in ("no.such/choice", "x" * 500, "fight:strike", "\u0000\ud7ff"):
        r = choose(client, html, bad)
        assert r.status_code == 409
        assert "That choice is not open at this point of the story" in r.text
    assert autosave(store, world, client) == before


def test_a_stale_page_is_refused(client, store, world: World) -> None:
    actions, _ = first_act(world, SEED)
    html = begin(client)
    assert choose(client, html, actions[0]).status_code == 303
    after_one = autosave(store, world, client)
    r = choose(client, html, actions[0])  # the same page, submitted again
    assert r.status_code == 409 and "That page was out of date" in r.text
    assert autosave(store, world, client) == after_one


def test_forms_need_this_sessions_token(client, other, store, world: World) -> None:
    html = begin(client)
    action = re.search(r'name="action" value="([^"]+)"', html).group(1)
    before = autosave(store, world, client)
    for token in (None, "", "forged", csrf_of(other.get("/").text)):
        data = {"rev": rev_of(html), "action": action}
        if token is not None:
            data["csrf"] = token
        assert client.post("/choose", data=data).status_code == 403
    assert client.post("/new", data={"csrf": "forged"}).status_code == 403
    assert autosave(store, world, client) == before


def test_saves_are_private_to_their_browser(client, other, store, world: World) -> None:
    html = begin(client)
    r = client.post("/saves", data={"csrf": csrf_of(html), "name": "mine"},
                    follow_redirects=True)
    assert r.status_code == 200 and "mine" in r.text
    slot_ids = re.findall(r'/saves/(\d+)/load', r.text)
    assert len(slot_ids) == 1
    sid = slot_ids[0]
    other_page = other.get("/saves").text
    assert "mine" not in other_page
    token = csrf_of(other.get("/").text)
    assert other.get(f"/saves/{sid}/download").status_code == 404
    assert other.post(f"/saves/{sid}/load", data={"csrf": token}).status_code == 404
    assert other.post(f"/saves/{sid}/delete", data={"csrf": token}).status_code == 404
    assert other.get("/play", follow_redirects=False).headers["location"] == "/"
    assert "mine" in client.get("/saves").text


def test_save_load_delete_and_download(client, store, world: World) -> None:
    actions, _ = first_act(world, SEED)
    html = begin(client)
    token = csrf_of(html)
    client.post("/saves", data={"csrf": token, "name": "  at   the start "})
    page = client.get("/saves").text
    assert "at the start" in page
    sid = re.findall(r'/saves/(\d+)/load', page)[0]
    html = client.get("/play").text
    choose(client, html, actions[0])
    assert autosave(store, world, client)["actions"] == actions[:1]
    download = client.get(f"/saves/{sid}/download")
    assert download.status_code == 200
    assert parse_save(json.loads(download.text)).actions == ()
    r = client.post(f"/saves/{sid}/load", data={"csrf": token}, follow_redirects=False)
    assert r.status_code == 303
    assert autosave(store, world, client)["actions"] == []
    r = client.post(f"/saves/{sid}/delete", data={"csrf": token}, follow_redirects=True)
    assert "The save was deleted." in r.text and f"/saves/{sid}/load" not in r.text


def test_any_language_names_a_slot(client) -> None:
    html = begin(client)
    client.post("/saves", data={"csrf": csrf_of(html), "name": "Émile’s 雨"})
    page = client.get("/saves").text
    sid = re.findall(r'/saves/(\d+)/load', page)[0]
    assert "Émile’s 雨" in page
    r = client.get(f"/saves/{sid}/download")
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="-mile-s--.json"'


def test_bad_slot_names_are_refused(client) -> None:
    html = begin(client)
    for name in ("", "   ", "x" * 41, "\u0007"):
        r = client.post("/saves", data={"csrf": csrf_of(html), "name": name})
        assert r.status_code == 400


def test_a_second_server_on_the_same_database_sees_the_moves(world, store, client) -> None:
    from bonds.web.app import create_app

    from .conftest import TestClient

    actions, _ = first_act(world, SEED)
    html = begin(client)
    cookie = client.cookies.get("bonds_session")
    with TestClient(create_app(world, store=store)) as twin:
        twin.cookies.set("bonds_session", cookie)
        assert choose(twin, html, actions[0]).status_code == 303
    page = client.get("/play").text
    assert turn_of(page) == "1"
    assert choose(client, html, actions[0]).status_code == 409  # turn 0 is gone


def test_settings_are_kept_and_checked(client) -> None:
    token = csrf_of(client.get("/settings").text)
    r = client.post("/settings", data={"csrf": token, "size": "larger", "theme": "dark",
                                       "motion": "reduce"}, follow_redirects=True)
    assert '<html lang="en" data-size="larger" data-theme="dark" data-motion="reduce">' in r.text
    assert client.post("/settings", data={"csrf": token, "size": "huge"}).status_code == 400


def test_a_tampered_autosave_is_reported_not_crashed(client, store, world: World) -> None:
    begin(client)
    with store.engine.begin() as conn:
        doc = json.loads(conn.exec_driver_sql("select document from bonds_saves").scalar())
        doc["snapshot"]["hash"] = "0" * 64
        conn.exec_driver_sql("update bonds_saves set document = ?, revision = revision + 1",
                             (json.dumps(doc),))
    page = client.get("/").text
    assert "Your saved game cannot be resumed" in page and "altered" in page
    r = client.get("/play", follow_redirects=False)
    assert r.status_code == 303


def test_the_run_exports_as_a_story(client, world: World) -> None:
    from bonds.web.exports import export_formats

    formats = export_formats()
    if not formats:
        assert client.get("/export/md").status_code == 404
        return
    actions, _ = first_act(world, SEED)
    html = begin(client)
    choose(client, html, actions[0])
    page = client.get("/play").text
    for fmt in formats:
        assert f'href="/export/{fmt}"' in client.get("/saves").text or fmt in page
        r = client.get(f"/export/{fmt}")
        assert r.status_code == 200, r.text
        assert r.headers["content-disposition"].endswith(f'.{fmt}"')
    assert escape(world.manifest.title).encode() in client.get("/export/html").content
