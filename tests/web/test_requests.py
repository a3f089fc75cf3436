"""Bad requests of every kind get a 4xx answer and change nothing; never a 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bonds.web.security import MAX_BODY

from .support import csrf_of

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def token(client) -> str:
    return csrf_of(client.get("/").text)


def test_oversized_bodies_are_refused(client, token: str) -> None:
    big = "a" * (MAX_BODY + 1)
    r = client.post("/choose", content=f"csrf={token}&action={big}".encode(),
                    headers={"content-type": FORM})
    assert r.status_code == 413

    def chunks():  # no Content-Length: the body streams in and is cut off at the limit
        for _ in range(MAX_BODY // 1000 + 2):
            yield b"x" * 1000

    r = client.post("/new", content=chunks(), headers={"content-type": FORM})
    assert r.status_code == 413


@pytest.mark.parametrize(("path", "content_type", "body"), [
    ("/choose", "multipart/form-data; boundary=zz", b"\xff" * 64),
    ("/choose", "multipart/form-data", b"--x\r\n"),
    ("/new", FORM, b"%ff%fe=%00&&&=="),
    ("/saves", "application/json", b'{"name": "x"}'),
    ("/settings", "text/plain", b"\x00\x01\x02"),
    ("/choose", FORM, b"csrf=" + b"&csrf=" * 100),
])
def test_garbage_bodies_get_4xx(client, path: str, content_type: str, body: bytes) -> None:
    r = client.post(path, content=body, headers={"content-type": content_type})
    assert 400 <= r.status_code < 500


@pytest.mark.parametrize(("method", "path", "status"), [
    ("GET", "/saves/abc/download", 404),
    ("GET", "/saves/999999999999999999999999/download", 404),
    ("GET", "/saves/0/download", 404),
    ("POST", "/saves/99999999999999999999/load", 403),
    ("GET", "/export/exe", 404),
    ("PUT", "/", 405),
    ("DELETE", "/saves", 405),
    ("GET", "/static/../../../etc/passwd", 404),
    ("GET", "/nowhere", 404),
    ("GET", "/choose", 405),
])
def test_odd_paths_and_methods(client, method: str, path: str, status: int) -> None:
    assert client.request(method, path).status_code == status


@pytest.mark.parametrize("seed", ["-1", "1e5", "99999999999999999999", "٣", "0x10", "1 2"])
def test_bad_seeds_are_refused(client, token: str, seed: str) -> None:
    r = client.post("/new", data={"csrf": token, "seed": seed})
    assert r.status_code == 400 and "A seed is a whole number" in r.text


def test_errors_keep_the_page_readable(client) -> None:
    r = client.get("/nowhere")
    assert "There is no such page." in r.text and "<main" in r.text
    assert r.headers["content-security-policy"].startswith("default-src 'self'")


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(["/new", "/choose", "/saves", "/settings", "/saves/1/load",
                             "/saves/1/delete"]),
       content_type=st.sampled_from([FORM, "multipart/form-data; boundary=b",
                                     "application/json", "", "text/html; charset=utf-7"]),
       body=st.binary(max_size=300),
       fields=st.dictionaries(st.sampled_from(["csrf", "action", "turn", "seed", "name",
                                               "size", "theme"]),
                              st.text(max_size=40), max_size=5))
def test_fuzzed_posts_never_fail_on_our_side(client, token: str, path: str, content_type: str,
                                             body: bytes, fields: dict[str, str]) -> None:
    headers = {"content-type": content_type} if content_type else {}
    assert client.post(path, content=body, headers=headers).status_code < 500
    with_token = {**fields, "csrf": token}
    assert client.post(path, data=with_token).status_code < 500
