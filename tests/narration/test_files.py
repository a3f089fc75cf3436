"""The exported files as readers get them: EPUB valid by epubcheck, HTML that fetches nothing.

epubcheck is Debian's package (run with java, as the jar is not always executable); the
browser is Debian's Chromium driven by Playwright. Both are installed by ``scripts/setup``.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bonds.content import load_pack
from bonds.content.packs import default_pack_path
from bonds.engine import ContentError, World
from bonds.narration import play_bot, render

from .conftest import TINY

EPUBCHECK = Path("/usr/bin/epubcheck")
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 360, "height": 740}


def _world(name: str) -> World:
    if name == "tiny":
        return load_pack(TINY)
    try:
        return load_pack(default_pack_path())
    except ContentError as exc:
        pytest.skip(f"the campaign does not load yet ({len(exc.problems)} problems)")


def _epubcheck(*books: Path) -> list[tuple[int, str]]:
    """epubcheck's exit code and output for each book, run side by side."""
    java = shutil.which("java")
    if java is None or not EPUBCHECK.exists():
        pytest.skip("epubcheck is not installed (scripts/setup installs it)")
    fast = ["-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]  # a short run: start quickly
    runs = [subprocess.Popen([java, *fast, "-jar", str(EPUBCHECK), str(book)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            for book in books]
    outputs = [run.communicate(timeout=120)[0] for run in runs]
    return [(run.returncode, output) for run, output in zip(runs, outputs, strict=True)]


def _broken(data: bytes) -> bytes:
    """The book without its navigation document, which no valid EPUB 3 lacks."""
    broken = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(broken, "w") as dst:
        for info in src.infolist():
            if not info.filename.endswith("nav.xhtml"):
                dst.writestr(info, src.read(info.filename))
    return broken.getvalue()


@pytest.mark.parametrize("pack", ["tiny", "campaign"])
def test_epubcheck_finds_no_error_in_the_canonical_export(pack: str, tmp_path: Path) -> None:
    book, control = tmp_path / "canon.epub", tmp_path / "broken.epub"
    book.write_bytes(render(play_bot(_world(pack), "canon", 1), "epub"))
    control.write_bytes(_broken(book.read_bytes()))
    results = _epubcheck(book, control) if pack == "tiny" else _epubcheck(book)
    code, output = results[0]
    assert code == 0, output
    assert "0 fatals / 0 errors / 0 warnings" in output
    if pack == "tiny":  # the same check on a broken book fails: it can fail
        control_code, control_output = results[1]
        assert control_code != 0 and "ERROR" in control_output


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, started once for this module."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (scripts/setup installs it)")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu",
                  "--disable-background-networking"])
        try:
            yield chromium
        finally:
            chromium.close()


def _requests_of(browser: Any, page_file: Path) -> tuple[list[str], dict[str, float]]:
    """Every URL the page asks for (any but file: and data: is refused), and how it lays out
    on a phone-sized screen."""
    asked: list[str] = []
    page = browser.new_page(viewport=PHONE)
    try:
        page.on("request", lambda request: asked.append(request.url))

        def guard(route: Any) -> None:
            if route.request.url.startswith(("file:", "data:")):
                route.continue_()
            else:
                route.abort()

        page.route("**/*", guard)
        page.goto(page_file.as_uri(), wait_until="load")
        page.wait_for_timeout(200)
        layout = page.evaluate(
            "({scroll: document.documentElement.scrollWidth,"
            " font: parseFloat(getComputedStyle(document.querySelector('p')).fontSize)})")
    finally:
        page.close()
    return asked, layout


@pytest.mark.browser
@pytest.mark.parametrize("pack", ["tiny", "campaign"])
def test_the_html_export_makes_no_external_request_and_fits_a_phone(
        pack: str, browser: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "story.html"
    page_file.write_bytes(render(play_bot(_world(pack), "canon", 1), "html"))
    asked, layout = _requests_of(browser, page_file)
    assert asked == [page_file.as_uri()]
    assert layout["scroll"] <= PHONE["width"] and layout["font"] >= 16


@pytest.mark.browser
def test_the_request_check_would_catch_an_external_request(browser: Any, tmp_path: Path
                                                           ) -> None:
    page_file = tmp_path / "leaky.html"
    page_file.write_text('<!DOCTYPE html><p>x</p><img src="https://example.invalid/a.png">')
    asked, _ = _requests_of(browser, page_file)
    assert "https://example.invalid/a.png" in asked
