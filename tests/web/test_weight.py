"""Page weight and the reading aids, over HTTP: compression, versioned static files, the guide
page, the text sizes' order and the play page's tools."""

from __future__ import annotations

import gzip
import re

from starlette.requests import Request
from starlette.responses import StreamingResponse
from starlette.routing import Route

from bonds.views.guide import guide_of
from bonds.web.assets import FOREVER, REVALIDATE
from bonds.web.site import PREFS, pref_default

from .support import csrf_of

ASSET = re.compile(r'(?:href|src)="(/static/([^"?]+)\?v=([0-9a-f]{12}))"')


def _begin(client) -> str:
    csrf = csrf_of(client.get("/").text)
    assert client.post("/new", data={"csrf": csrf, "seed": "3"}).status_code == 200
    return client.get("/play").text


def test_pages_and_fragments_are_compressed(client) -> None:
    html = _begin(client)
    page = client.get("/play", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in page.headers["vary"] and "HX-Request" in page.headers["vary"]
    fragment = client.get("/play", headers={"accept-encoding": "gzip", "hx-request": "true"})
    assert fragment.headers.get("content-encoding") == "gzip"
    assert fragment.text.startswith('<div id="play"')  # the fragment, decoded as ever
    plain = client.get("/play", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == page.text
    assert len(html) > 1000


def test_small_answers_and_event_streams_are_not_compressed(app, client) -> None:
    async def events(_request: Request) -> StreamingResponse:
        async def lines():
            for n in range(3):
                yield f"data: {n}{' ' * 2000}\n\n"
        return StreamingResponse(lines(), media_type="text/event-stream")

    app.router.routes.append(Route("/test-events", events))
    stream = client.get("/test-events", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in stream.headers and stream.text.count("data:") == 3
    icon = client.get("/static/icon.svg", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in icon.headers  # a few hundred bytes: not worth it


def test_static_files_have_versioned_urls_kept_for_a_year(client) -> None:
    html = client.get("/").text
    found = {name: (url, version) for url, name, version in ASSET.findall(html)}
    assert {"style.css", "htmx.min.js", "app.js", "icon.svg"} <= set(found)
    for url, _version in found.values():
        answer = client.get(url, headers={"accept-encoding": "gzip"})
        assert answer.status_code == 200 and answer.headers["cache-control"] == FOREVER
    url = found["htmx.min.js"][0]
    raw = client.get(url, headers={"accept-encoding": "gzip"})
    assert raw.headers["content-encoding"] == "gzip"
    assert len(gzip.compress(raw.content)) < 0.5 * len(raw.content)  # it was worth sending gz
    # Unversioned or outdated URLs work, but are checked again before each use.
    assert client.get("/static/style.css").headers["cache-control"] == REVALIDATE
    assert client.get("/static/style.css?v=000000000000").headers["cache-control"] == REVALIDATE
    assert client.get("/static/none.css?v=1").status_code == 404


def test_text_sizes_are_listed_smallest_first_and_normal_is_the_default(client) -> None:
    assert PREFS["size"] == ("small", "normal", "large", "larger")
    assert pref_default("size") == "normal" and pref_default("theme") == "auto"
    html = client.get("/settings").text
    assert 'data-size="normal"' in html
    shown = re.findall(r'name="size" value="(\w+)"', html)
    assert shown == ["small", "normal", "large", "larger"]
    csrf = csrf_of(html)
    client.post("/settings", data={"csrf": csrf, "theme": "dark"})  # no size sent
    assert 'data-size="normal"' in client.get("/").text


def test_the_guide_page_names_things_as_the_pack_does(client, world) -> None:
    html = client.get("/how-to").text
    assert "How to read this" in html
    guide = guide_of(world)
    if not guide.pairs:  # a pack without a bond says nothing of one
        assert "Its stages" not in html
    for stage in guide.stages if guide.pairs else ():
        assert stage.name in html
    for pair in guide.pairs:
        assert pair in html


def test_the_play_page_has_its_tools_and_links_the_guide(client) -> None:
    html = _begin(client)
    assert 'href="#status"' in html and 'href="/how-to"' in html
    save = re.search(r'<form method="post" action="/saves" class="quick-save">(.*?)</form>',
                     html, re.S)
    assert save is not None
    name = re.search(r'name="name" value="([^"]+)"', save.group(1))
    assert name is not None
    answer = client.post("/saves", data={"csrf": csrf_of(html), "name": name.group(1)})
    assert answer.status_code == 200 and name.group(1) in answer.text
