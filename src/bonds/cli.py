"""The ``bonds`` command: play, check, schema, replay, and the author and host tools.

Each command is a thin shell over the library: it parses arguments, calls one function,
prints the result and sets the exit code. Errors meant for people are printed as one line
each and exit 1, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from bonds import __version__
from bonds.content import json_schema, load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import BondsError, ContentError, World, state_hash

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="Unbreakable Bonds: play the story, check and playtest content packs.")
err = Console(stderr=True, soft_wrap=True)
out = Console()


def _version(value: bool) -> None:
    if value:
        print(f"bonds {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Unbreakable Bonds."""


def load_or_exit(pack: str | Path | None) -> World:
    """Load a pack or print every problem and exit 1."""
    path = resolve_pack(pack)
    try:
        return load_pack(path)
    except ContentError as exc:
        for problem in exc.problems:
            err.print(problem, markup=False, highlight=False, soft_wrap=True)
        err.print(f"{len(exc.problems)} problem(s) in {path}", style="red")
        raise typer.Exit(1) from None


@app.command()
def check(pack: Annotated[Path, typer.Argument(help="The pack folder.")]) -> None:
    """Validate a pack and report every problem as file:line:column."""
    world = load_or_exit(pack)
    warnings = world.data.get("warnings", [])
    for warning in warnings:
        err.print(f"warning: {warning}", markup=False, highlight=False)
    out.print(f"{world.manifest.id} {world.manifest.version}: {len(world.scenes)} scenes, "
              f"{len(world.endings)} endings, no problems"
              + (f", {len(warnings)} warning(s)" if warnings else ""))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the pack format."""
    print(json.dumps(json_schema(), indent=2))


@app.command()
def replay(save: Annotated[Path, typer.Argument(help="A save file.")],
           pack: Annotated[str | None, typer.Option(help="The pack folder.")] = None) -> None:
    """Re-run a save and say whether it replays cleanly to its final state; exit 1 if not."""
    from bonds.playtest.verify import verify_run
    from bonds.saves import read_save

    try:
        data = read_save(save)
    except BondsError as exc:
        err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    world = load_or_exit(pack if pack is not None else _pack_for(data.pack_id))
    finding = _finding_of(save)
    state, problems = verify_run(world, data, finding)
    for problem in problems:
        err.print(problem, markup=False, highlight=False)
    if problems or state is None:
        raise typer.Exit(1)
    out.print(f"replayed {len(data.actions)} actions: state {state_hash(state)[:16]} matches "
              f"the save" + (f"; ending: {state.ending}" if state.ending else ""),
              soft_wrap=True)


def _finding_of(path: Path) -> dict[str, str] | None:
    try:
        finding = json.loads(path.read_text(encoding="utf-8")).get("finding")
    except (OSError, ValueError, AttributeError):
        return None
    return finding if isinstance(finding, dict) else None


def _pack_for(pack_id: str) -> str:
    return pack_id


@app.command()
def play(
    text: Annotated[bool, typer.Option("--text", help="Play in the terminal.")] = False,
    pack: Annotated[str | None, typer.Option(help="The pack (default: the campaign).")] = None,
    seed: Annotated[int, typer.Option(help="The run's seed.")] = 1,
    save: Annotated[Path | None, typer.Option(help="Autosave file (terminal play).")] = None,
) -> None:
    """Play the story (in the terminal with --text)."""
    world = load_or_exit(pack)
    if not text:
        err.print("The browser game is not built yet; starting terminal play.")
    from bonds.terminal import play_text

    play_text(world, seed, sys.stdin, out, autosave=save)


@app.command()
def playtest(
    pack: Annotated[Path, typer.Argument(help="The pack folder.")],
    runs: Annotated[int, typer.Option(min=1, help="How many runs.")] = 1000,
    bot: Annotated[str, typer.Option(help="random, greedy, cautious, romantic, explorer, canon."
                                     )] = "random",
    seed: Annotated[int, typer.Option(help="Seed of the first run; run i uses seed+i.")] = 1,
    workers: Annotated[int, typer.Option(min=1, help="Local worker processes.")] = 1,
    ray: Annotated[str | None, typer.Option(help="Run on Ray: 'auto' or a cluster address."
                                            )] = None,
    max_steps: Annotated[int, typer.Option(min=1, help="Steps before a run is a softlock."
                                           )] = 2000,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON document.")] = False,
    report: Annotated[Path | None, typer.Option(help="Write an HTML report to this folder."
                                                )] = None,
) -> None:
    """Play a pack many times with a bot and report endings, coverage and what is broken."""
    from bonds.playtest import BOTS, Job
    from bonds.playtest.command import run_playtest

    if bot not in BOTS:
        err.print(f"unknown bot '{bot}': expected one of {', '.join(BOTS)}")
        raise typer.Exit(2)
    world = load_or_exit(pack)
    job = Job(str(resolve_pack(pack)), bot, seed, runs, max_steps)
    try:
        code = run_playtest(world, job, workers, ray, as_json, report, out, err)
    except ImportError:
        err.print("Ray is not installed: pip install '.[ray]'")
        raise typer.Exit(2) from None
    raise typer.Exit(code)


if __name__ == "__main__":  # pragma: no cover
    app()
