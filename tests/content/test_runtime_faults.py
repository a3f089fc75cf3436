"""A fault while content runs names its file:line, for the playtest and for the player.

``runaway/`` is a valid pack whose choices push values past the engine's limits: a number
squared on every pass, a text doubled, an argument grown past the limit. Declared bounds
clamp (``capped``, ``motto``); the engine's own turn a runaway into a
:class:`~bonds.engine.ContentFault` at the effect's place, never a hang, a state that cannot
be hashed, or a traceback.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from bonds.cli import app
from bonds.content import load_pack
from bonds.engine import ContentFault, Ctx, Impossible, World, start, state_hash, step
from bonds.engine.errors import BondsError
from bonds.terminal import play_text
from bonds.web.app import create_app
from bonds.web.db import SaveStore

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

RUNAWAY = Path(__file__).resolve().parent / "runaway"


@pytest.fixture(scope="module")
def world() -> World:
    return load_pack(RUNAWAY)


def _take(world: World, action: str, times: int) -> tuple[int, ContentFault | None]:
    state, _ = start(world, 1)
    for n in range(times):
        try:
            state, _ = step(world, state, action)
        except ContentFault as fault:
            state_hash(state)  # the last good state is whole
            return n, fault
    state_hash(state)
    return times, None


def test_a_number_squared_past_the_limit_is_a_fault_at_its_effect(world: World) -> None:
    steps, fault = _take(world, "a.start/square", 50)
    assert fault is not None and steps == 4  # 2, 4, 16, 256, 65,536, then 4,294,967,296
    assert fault.where == "scenes/a.yaml:6:18"
    assert "'coins' came to 4,294,967,296, past the engine's limit of 1,000,000" in fault.what
    assert "declare 'max:'" in fault.what


def test_a_text_doubled_past_the_limit_is_a_fault_at_its_effect(world: World) -> None:
    steps, fault = _take(world, "a.start/tell", 50)
    assert fault is not None and steps == 12
    assert str(fault).startswith("scenes/a.yaml:14:18: 'story' came to text of 16,384 "
                                 "characters")


def test_declared_bounds_clamp_without_a_fault(world: World) -> None:
    assert _take(world, "a.start/cap", 50) == (50, None)
    assert _take(world, "a.start/motto", 50) == (50, None)
    state, _ = start(world, 1)
    for action in ("a.start/cap", "a.start/cap", "a.start/cap", "a.start/motto"):
        state, _ = step(world, state, action)
    assert state.values["capped"] == 100
    assert state.values["motto"] == "abab"
    for _ in range(3):
        state, _ = step(world, state, "a.start/motto")
    assert state.values["motto"] == "abababab"  # cut to its max_length of 8


def test_an_argument_past_the_limit_is_a_fault_before_the_rule_sees_it(world: World) -> None:
    state, _ = start(world, 1)
    for _ in range(4):
        state, _ = step(world, state, "a.start/square")
    assert state.values["coins"] == 65_536
    with pytest.raises(ContentFault) as caught:
        step(world, state, "a.start/give")
    assert str(caught.value) == ("scenes/a.yaml:22:18: argument 3 of 'give_items' came to "
                                 "4,294,967,296, past the engine's limit of 1,000,000")


def test_a_python_error_from_content_names_its_place_and_a_refusal_passes() -> None:
    from bonds.content.expressions import located

    def broken(ctx: Ctx) -> int:
        return [][1]  # type: ignore[no-any-return]

    def refusing(ctx: Ctx) -> int:
        raise Impossible("not now")

    with pytest.raises(ContentFault) as caught:
        located(broken, "scenes/x.yaml:3:9")(None)  # type: ignore[arg-type]
    assert str(caught.value) == "scenes/x.yaml:3:9: IndexError: list index out of range"
    assert isinstance(caught.value, BondsError)
    with pytest.raises(Impossible, match="not now"):
        located(refusing, "scenes/x.yaml:3:9")(None)  # type: ignore[arg-type]


def test_the_playtest_lists_the_runaway_as_a_finding_with_its_place(tmp_path: Path,
                                                                    monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["playtest", str(RUNAWAY), "--runs", "40", "--max-steps",
                                      "60", "--json"])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    doc = json.loads(result.stdout[result.stdout.index("{"):])
    messages = [f["message"] for f in doc["crashes"]]
    assert messages
    assert all(re.search(r"scenes/a\.yaml:\d+:\d+: ", m) for m in messages), messages
    assert any("past the engine's limit" in m for m in messages)


def test_the_terminal_shows_one_line_and_keeps_the_run(world: World, tmp_path: Path) -> None:
    state, _ = start(world, 1)
    from bonds.engine import legal_actions

    number = legal_actions(world, state).index("a.start/square") + 1
    console = Console(file=io.StringIO(), width=200, force_terminal=False)
    play_text(world, 1, io.StringIO(f"{number}\n" * 6), console, saves=tmp_path)
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "The story's content has a fault, so nothing changed: scenes/a.yaml:6:18:" in shown
    assert "Traceback" not in shown


def test_the_web_page_says_where_the_fault_is(world: World) -> None:
    store = SaveStore("sqlite://")
    try:
        with TestClient(create_app(world, store=store)) as client:
            token = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text)
            assert token is not None
            client.post("/new", data={"csrf": token.group(1), "seed": "1"})
            page = client.get("/play")
            for n in range(5):
                form = {"csrf": re.search(r'name="csrf" value="([^"]+)"', page.text).group(1),
                        "rev": re.search(r'name="rev" value="(\d+)"', page.text).group(1),
                        "action": "a.start/square"}
                page = client.post("/choose", data=form)
                if n < 4:
                    assert page.status_code == 200, page.text
            assert page.status_code == 500
            assert "content has a fault" in page.text
            assert "scenes/a.yaml:6:18" in page.text
            assert "Traceback" not in page.text
    finally:
        store.close()
