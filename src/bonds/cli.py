"""The ``bonds`` command: play, check, schema, replay, and the author and host tools.

Each command is a thin shell over the library: it parses arguments, calls one function,
prints the result and sets the exit code. Errors meant for people are printed as one line
each and exit 1, never as a traceback.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from bonds import __version__
from bonds.content import json_schema, load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import BondsError, ContentError, ContentFault, Opening, World, state_hash
from bonds.views.numbers import NUMBERS

if TYPE_CHECKING:
    from bonds.saves import Replayed, Save

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


def _play_shelf(shelf: list[Any], db: str | None, seed: int | None, port: int,
                no_browser: bool) -> None:
    """Serve the shelf of installed packs locally; the pack picked there is played."""
    from starlette.responses import PlainTextResponse

    from bonds.web.app import create_app
    from bonds.web.server import run_local
    from bonds.web.shelf import Shelf

    def make_app(entry: Any) -> Any:
        try:
            return create_app(load_pack(entry.path), db, seed=seed)
        except ContentError as exc:  # the shelf stays up; the pack's problems are shown
            return PlainTextResponse(f"{entry.title} cannot be played: it has problems.\n"
                                     + "\n".join(exc.problems), 500)

    try:
        run_local(Shelf(shelf, make_app), port, not no_browser,
                  lambda url: out.print(f"The shelf of {len(shelf)} stories at {url}  "
                                        "(Ctrl-C to stop)", highlight=False))
    except (OSError, BondsError) as exc:
        err.print(f"cannot start the game: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


def load_or_exit(pack: str | Path | None) -> World:
    """Load a pack or print every problem and exit 1."""
    path = resolve_pack(pack)
    try:
        return load_pack(path)
    except ContentError as exc:
        for problem in exc.problems:
            err.print(problem, markup=False, highlight=False, soft_wrap=True)
        for warning in exc.warnings:
            err.print(f"warning: {warning}", markup=False, highlight=False, soft_wrap=True)
        also = f" and {len(exc.warnings)} warning(s)" if exc.warnings else ""
        err.print(f"{len(exc.problems)} problem(s){also} in {path}", style="red")
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
def schema(
    out_dir: Annotated[Path | None, typer.Option(
        "--out", help="Write one schema per file kind (scenes.schema.json, pack.schema.json, "
                      "...) into this folder, for an editor's YAML language server.")] = None,
) -> None:
    """Print the JSON Schema of the pack format (or write one per file kind with --out)."""
    if out_dir is None:
        print(json.dumps(json_schema(), indent=2))
        return
    from bonds.content.schema import file_schemas

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        schemas = file_schemas()
        for name, document in schemas.items():
            (out_dir / name).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    except OSError as exc:
        err.print(f"cannot write the schemas to {out_dir}: {exc.strerror}", markup=False,
                  highlight=False)
        raise typer.Exit(1) from None
    out.print(f"wrote {len(schemas)} schemas to {out_dir} (see docs/pack-format.md, "
              f"'Editor support')", markup=False, highlight=False, soft_wrap=True)


LAST_GOOD = typer.Option("--last-good-step", help="When the pack no longer has a step of "
                         "the save's road, go only as far as the last step that stands.")


@app.command()
def replay(save: Annotated[Path, typer.Argument(help="A save file.")],
           pack: Annotated[str | None, typer.Option(help="The pack folder.")] = None,
           last_good: Annotated[bool, LAST_GOOD] = False) -> None:
    """Re-run a save on the pack as it is now and say how it stands; exit 1 if it does not.

    A revised pack is fine while the save's road still exists in it: the command says
    whether the replay still matches the save's snapshot or differs (the replay wins).
    """
    import dataclasses

    from bonds.playtest.verify import verify_run
    from bonds.saves import read_save

    try:
        data = read_save(save)
    except BondsError as exc:
        err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    world = load_or_exit(pack if pack is not None else _pack_for(data.pack_id))
    finding = _finding_of(save)
    note = ""
    if finding is None:  # a playtest finding replays its own failure below
        data, note, done = _rebuilt(world, data, last_good)
        if done is not None:
            # The road stands on the pack as it is now: check the run there, as re-made.
            data = dataclasses.replace(data, pack_hash=world.content_hash,
                                       state_hash="" if done.differs else data.state_hash)
    state, problems = verify_run(world, data, finding)
    for problem in problems:
        err.print(problem, markup=False, highlight=False)
    if problems or state is None:
        raise typer.Exit(1)
    if note:
        out.print(note, markup=False, highlight=False, soft_wrap=True)
    verdict = ("differs from the save's snapshot; the replay wins" if "differs" in note
               else "matches the save")
    out.print(f"replayed {len(data.actions)} actions: state {state_hash(state)[:16]} {verdict}"
              + (f"; ending: {state.ending}" if state.ending else ""), soft_wrap=True)


def _rebuilt(world: World, data: Save, last_good: bool) -> tuple[Save, str, Replayed | None]:
    """Replay ``data`` on ``world`` as it is now; cut it at a broken road if asked.

    Returns the save to use, what to tell about it, and the replay (None when it failed:
    the caller's own check then says why). Exits 1 at a broken road without ``last_good``.
    """
    from bonds.saves import BrokenRoad, rebuild

    note = ""
    try:
        done = rebuild(world, data)
    except BrokenRoad as exc:
        if not last_good:
            err.print(f"{exc} (--last-good-step goes as far as they do)", markup=False,
                      highlight=False, soft_wrap=True)
            raise typer.Exit(1) from None
        note = (f"step {exc.step} ({exc.action}) is no longer in the story: replaying only "
                f"the {exc.good} before it")
        data = data.upto(exc.good)
        try:
            done = rebuild(world, data)
        except BondsError:
            return data, note, None
    except BondsError:
        return data, note, None
    notes = [n for n in (note, done.note) if n]
    return data, "; ".join(notes), done


def _finding_of(path: Path) -> dict[str, str] | None:
    try:
        finding = json.loads(path.read_text(encoding="utf-8")).get("finding")
    except (OSError, ValueError, AttributeError):
        return None
    return finding if isinstance(finding, dict) else None


def _pack_for(pack_id: str) -> str:
    return pack_id


SETS = typer.Option("--set", metavar="KEY=VALUE", help="Begin with this value set (read by "
                    "the type the pack gives the key); repeat for more.")


def _opening_or_exit(world: World, scene: str | None, sets: list[str] | None
                     ) -> Opening | None:
    """The opening ``--at``/``--from`` and ``--set`` name, or None for the pack's start;
    an unknown scene or key, or a value of the wrong type, exits 2 with the nearest names."""
    if scene is None and not sets:
        return None
    from bonds.content.starts import parse_opening

    try:
        return parse_opening(world, scene, sets or [])
    except BondsError as exc:
        err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None


def _numbers(value: str) -> str:
    if value not in NUMBERS:
        raise typer.BadParameter(f"expected one of {', '.join(NUMBERS)}, found '{value}'")
    return value


NUMBERS_OPTION = typer.Option(
    "--numbers", callback=_numbers, metavar="|".join(NUMBERS),
    help="How much of the numbers to show: odds and changes in words, brief figures, or "
         "the full breakdown.")


@app.command()
def play(
    text: Annotated[bool, typer.Option("--text", help="Play in the terminal.")] = False,
    pack: Annotated[str | None, typer.Option(help="The pack (default: the campaign).")] = None,
    seed: Annotated[int | None, typer.Option(min=0, help="The run's seed (default: random).")
                    ] = None,
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port to listen on (another "
                                      "free one if it is taken).")] = 8765,
    no_browser: Annotated[bool, typer.Option("--no-browser", help="Only print the address."
                                             )] = False,
    db: Annotated[str | None, typer.Option(help="Saves database URL (SQLAlchemy; default: "
                                           "SQLite in your data folder).")] = None,
    saves: Annotated[Path | None, typer.Option(help="Folder of save slots (terminal play).")
                     ] = None,
    resume: Annotated[bool, typer.Option("--continue", help="Continue the autosave "
                                         "(terminal play).")] = False,
    numbers: Annotated[str, NUMBERS_OPTION] = "words",
    debug: Annotated[bool, typer.Option("--debug", help="Let the status show the pack's "
                                        "raw story values (terminal play).")] = False,
    at: Annotated[str | None, typer.Option("--at", metavar="SCENE", help="Begin a new game "
                                           "at this scene (an author's tool).")] = None,
    sets: Annotated[list[str] | None, SETS] = None,
    watch: Annotated[bool, typer.Option("--watch", help="Load the pack again whenever one "
                                        "of its files is saved, keeping your place (an "
                                        "author's tool).")] = False,
) -> None:
    """Play the story in your browser (or in the terminal with --text). With several packs
    installed and no --pack, the game opens on a shelf of them.

    Authors: --at and --set begin anywhere; --watch replays your run on each saved edit."""
    import secrets

    from bonds.content.packs import installed_packs

    if resume and (at is not None or sets):
        err.print("--continue goes on with the autosave; --at and --set begin a new game "
                  "(give one or the other)")
        raise typer.Exit(2)
    authoring = watch or at is not None or bool(sets)  # one pack: the shelf is not shown
    shelf = installed_packs() if pack is None and not authoring else []
    if len(shelf) > 1 and not text:
        _play_shelf(shelf, db, seed, port, no_browser)
        return
    if len(shelf) > 1:
        from bonds.terminal.shelf import choose_from_shelf

        picked = choose_from_shelf(shelf, sys.stdin, out)
        if picked is None:
            raise typer.Exit(0)
        pack = str(picked.path)
    world = load_or_exit(pack)
    opening = _opening_or_exit(world, at, sets)
    watched = resolve_pack(pack) if watch else None
    if text:
        from bonds.terminal import default_saves_dir, play_text

        try:
            play_text(world, secrets.randbelow(2**31) if seed is None else seed, sys.stdin, out,
                      saves=saves or default_saves_dir(world.manifest.id), resume=resume,
                      opening=opening, watch=watched, numbers=numbers, debug=debug)
        except ContentFault as exc:  # e.g. in the first scene, before any choice
            err.print(f"The story's content has a fault: {exc}", markup=False, highlight=False)
            raise typer.Exit(1) from None
        return
    from bonds.web.app import create_app
    from bonds.web.server import run_local

    try:
        web = create_app(world, db, seed=seed, opening=opening)
        if watched is not None:
            from bonds.web.watch import watch_app

            watch_app(web, watched)
        where = f", a new game beginning at {opening.scene or world.manifest.start}" \
            if opening is not None else ""
        live = f"; watching {watched} for edits" if watched is not None else ""
        run_local(web, port, not no_browser,
                  lambda url: out.print(f"Playing {world.manifest.title} at {url}{where}"
                                        f"{live}  (Ctrl-C to stop)", highlight=False,
                                        soft_wrap=True))
    except (OSError, BondsError) as exc:
        err.print(f"cannot start the game: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


@app.command()
def serve(
    db: Annotated[str | None, typer.Option(help="Saves database URL, e.g. "
                                           "postgresql://user@host/bonds (default: SQLite in "
                                           "your data folder).")] = None,
    pack: Annotated[str | None, typer.Option(help="The pack (default: the campaign).")] = None,
    host: Annotated[str, typer.Option(help="The address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="The port.")] = 8000,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    secure_cookies: Annotated[bool, typer.Option("--secure-cookies", help="Send the session "
                                                 "cookie over HTTPS only.")] = False,
    db_timeout: Annotated[float | None, typer.Option(
        min=0.05, help="Seconds a database statement or connection may take before the page "
                       "answers 503 [default: 3, or BONDS_DB_TIMEOUT].")] = None,
    expire_days: Annotated[float | None, typer.Option(
        min=0, help="Delete the saves of players idle this many days; 0 keeps them "
                    "[default: 400, or BONDS_EXPIRE_DAYS].")] = None,
    session_limit: Annotated[str | None, typer.Option(
        help="New sessions one address may start, e.g. 30/minute;300/day; 'none' for no "
             "limit [default: 30/minute;300/day, or BONDS_SESSION_LIMIT].")] = None,
) -> None:
    """Host the game for many players (each browser has its own saves).

    The session cookie's signing keys come from BONDS_SECRET (newest first, comma-separated)
    when it is set, else from a key kept in the database. See docs/hosting.md.
    """
    import os

    from bonds.web.app import Hosting, create_app
    from bonds.web.server import serve as run_server

    chosen = {"BONDS_SECURE_COOKIES": "1" if secure_cookies else None,
              "BONDS_DB_TIMEOUT": None if db_timeout is None else str(db_timeout),
              "BONDS_EXPIRE_DAYS": None if expire_days is None else str(expire_days),
              "BONDS_SESSION_LIMIT": session_limit}
    os.environ.update({k: v for k, v in chosen.items() if v is not None})
    world = load_or_exit(pack)
    try:
        hosting = Hosting.from_env()
        if workers > 1:
            os.environ["BONDS_PACK"] = pack or ""
            os.environ["BONDS_DB"] = db or ""
            create_app(world, db, hosting=hosting).state.site.store.close()  # tables, up front
            run_server("bonds.web.app:from_env", host, port, workers)
        else:
            run_server(create_app(world, db, hosting=hosting), host, port)
    except (OSError, BondsError) as exc:
        err.print(f"cannot start the server: {exc}", markup=False, highlight=False)
        raise typer.Exit(1) from None


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
    prose: Annotated[bool, typer.Option("--prose", help="Also tell every run and report how "
                                        "the prose reads: repeats, state lines, dialogue, "
                                        "words, sources.")] = False,
    from_scene: Annotated[str | None, typer.Option(
        "--from", metavar="SCENE", help="Begin every run at this scene: test it and what "
                                        "follows (coverage counts only what it leads to).")
                          ] = None,
    sets: Annotated[list[str] | None, SETS] = None,
) -> None:
    """Play a pack many times with a bot and report endings, coverage and what is broken."""
    from bonds.playtest import BOTS, Job
    from bonds.playtest.command import run_playtest

    if bot not in BOTS:
        err.print(f"unknown bot '{bot}': expected one of {', '.join(BOTS)}")
        raise typer.Exit(2)
    world = load_or_exit(pack)
    opening = _opening_or_exit(world, from_scene, sets)
    if opening is not None and prose:
        err.print("--prose reads whole runs from the pack's start; leave out --from and --set")
        raise typer.Exit(2)
    job = Job(str(resolve_pack(pack)), bot, seed, runs, max_steps, opening)
    try:
        code = run_playtest(world, job, workers, ray, as_json, report, out, err, prose)
    except ImportError:
        err.print("Ray is not installed: pip install '.[ray]'")
        raise typer.Exit(2) from None
    raise typer.Exit(code)


@app.command()
def export(
    save: Annotated[Path | None, typer.Argument(help="A save file (leave out with --bot).")
                    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="md, html or epub.")] = "md",
    out_path: Annotated[Path | None, typer.Option(
        "--out", help="The file to write (default: PACK-seedS.FORMAT here; '-' for stdout)."
    )] = None,
    pack: Annotated[str | None, typer.Option(help="The pack (default: the save's pack, or "
                                                  "the campaign).")] = None,
    bot: Annotated[str | None, typer.Option(help="Export a fresh run played by this bot "
                                                 "(e.g. canon, random) instead of a save.")
                   ] = None,
    seed: Annotated[int, typer.Option(help="The bot run's seed.")] = 1,
    last_good: Annotated[bool, LAST_GOOD] = False,
    numbers: Annotated[str, NUMBERS_OPTION] = "words",
) -> None:
    """Export a run as a story: a save, or a fresh bot run (--pack P --bot NAME --seed S)."""
    from bonds.narration import FORMATS, play_bot, render, replay_save
    from bonds.playtest.bots import BOTS
    from bonds.saves import read_save

    def fail(message: str, code: int = 1) -> typer.Exit:
        err.print(message, markup=False, highlight=False, soft_wrap=True)
        return typer.Exit(code)

    if fmt not in FORMATS:
        raise fail(f"unknown format '{fmt}': expected one of {', '.join(FORMATS)}", 2)
    if (save is None) == (bot is None):
        raise fail("give a save file, or --bot NAME for a fresh run (not both)", 2)
    if bot is not None and bot not in BOTS:
        raise fail(f"unknown bot '{bot}': expected one of {', '.join(BOTS)}", 2)
    try:
        if save is not None:
            data = read_save(save)
            if pack is None and not resolve_pack(data.pack_id).is_dir():
                raise fail(f"{save} is a save of pack '{data.pack_id}', which is not "
                           f"installed here (name its folder with --pack)")
            world = load_or_exit(pack if pack is not None else _pack_for(data.pack_id))
            data, note, _ = _rebuilt(world, data, last_good)
            if note:
                err.print(note, markup=False, highlight=False, soft_wrap=True)
            run = replay_save(world, data)
        else:
            world = load_or_exit(pack)
            run = play_bot(world, str(bot), seed)
        document = render(run, fmt, numbers)
    except BondsError as exc:
        raise fail(" ".join(str(exc).split())) from None
    target = out_path or Path(f"{world.manifest.id}-seed{run.seed}.{fmt}")
    if str(target) == "-":
        sys.stdout.buffer.write(document)
        sys.stdout.flush()
        return
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document)
    except OSError as exc:
        raise fail(f"cannot write {target}: {exc.strerror}") from None
    out.print(f"wrote {target} ({len(document):,} bytes, ending: "
              f"{run.state.ending or 'none reached'})", markup=False, soft_wrap=True)


if __name__ == "__main__":  # pragma: no cover
    app()
