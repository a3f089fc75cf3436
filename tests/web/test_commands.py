"""``bonds play`` and ``bonds serve`` start a server that answers, and fail in one line."""

from __future__ import annotations

import gc
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bonds.web.server import GC_YOUNG, bind, settle_heap

from .support import ROOT

BONDS = Path(sys.executable).with_name("bonds")
TINY = ROOT / "tests" / "packs" / "tiny"


def _start(args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen([str(BONDS), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _get(url: str, server: subprocess.Popen[str]) -> httpx.Response:
    for _ in range(100):
        assert server.poll() is None, server.stderr.read() if server.stderr else ""
        try:
            return httpx.get(url, timeout=2)
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("the server did not answer")


def test_play_takes_another_port_when_its_own_is_taken(tmp_path: Path) -> None:
    taken = bind("127.0.0.1", 0, fallback=False)
    port = taken.getsockname()[1]
    server = _start(["play", "--no-browser", "--pack", str(TINY), "--port", str(port),
                     "--db", f"sqlite:///{tmp_path / 'play.sqlite3'}"])
    try:
        assert server.stdout is not None
        line = server.stdout.readline()
        assert line.startswith("Playing The Lighthouse Keepers at http://127.0.0.1:")
        url = line.split(" at ")[1].split()[0]
        assert not url.endswith(f":{port}/")
        page = _get(url, server)
        assert page.status_code == 200 and "The Lighthouse Keepers" in page.text
    finally:
        server.terminate()
        server.wait(timeout=10)
        taken.close()
    assert (tmp_path / "play.sqlite3").exists()


def test_serve_answers_on_its_port(tmp_path: Path) -> None:
    with bind("127.0.0.1", 0, fallback=False) as probe:
        port = probe.getsockname()[1]
    server = _start(["serve", "--pack", str(TINY), "--port", str(port),
                     "--db", f"sqlite:///{tmp_path / 'host.sqlite3'}"])
    try:
        assert _get(f"http://127.0.0.1:{port}/", server).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_a_bad_database_url_is_one_line() -> None:
    done = subprocess.run([str(BONDS), "play", "--no-browser", "--pack", str(TINY),
                           "--db", "nosuchdb://x"], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr.startswith("cannot start the game: cannot open the saves database")
    assert "Traceback" not in done.stderr


def test_a_settled_heap_keeps_what_it_holds_out_of_the_collectors_passes() -> None:
    threshold = gc.get_threshold()
    before = gc.get_freeze_count()
    held = [[n] for n in range(1000)]  # what a server loaded: long-lived containers
    try:
        settle_heap()
        assert gc.get_freeze_count() >= before + len(held)
        assert gc.get_threshold() == (GC_YOUNG, *threshold[1:])
    finally:  # give this test process its collector back
        gc.unfreeze()
        gc.set_threshold(*threshold)
