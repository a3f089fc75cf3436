"""Terminal play with Rich: the prose, numbered choices with odds and expected changes, status.

Lines are read from standard input, so a run can be scripted
(``printf '1\n2\n' | bonds play --text --seed 3``). A line is a choice's number or a command:
``s`` shows the status, ``save NAME`` / ``load NAME`` / ``saves`` work with save slots,
``h`` lists the commands, ``q`` quits. The game autosaves after every step and when input
ends (Ctrl-D), and exits cleanly.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from bonds.engine import ContentFault, IllegalAction, Impossible, SaveError, State, World
from bonds.engine.preview import preview
from bonds.saves import BrokenRoad, Save
from bonds.views import ChoiceView, Figure, Game, Names, choices_of, step_view

from .slots import AUTOSAVE, SlotFolder
from .status import show_status

__all__ = ["play_text"]

NUMBER = re.compile(r"[0-9]{1,4}")
"""A choice's number as typed."""
HELP = ("[bold]1-9…[/bold] choose · [bold]s[/bold] status · [bold]save NAME[/bold] · "
        "[bold]load NAME[/bold] · [bold]delete NAME[/bold] · [bold]saves[/bold] list them · "
        "[bold]q[/bold] quit")


def play_text(world: World, seed: int, stdin: TextIO, console: Console,
              saves: Path | None = None, resume: bool = False) -> State:
    """Play ``world`` in the terminal until an ending, ``q`` or the end of input.

    Args:
        world: the pack.
        seed: the seed of a new run.
        stdin: where the player's lines come from.
        console: where the game is shown.
        saves: the folder of save slots (None: nothing is saved).
        resume: continue the autosave in ``saves`` instead of starting anew.

    Returns:
        The state the game stands in when play stops.
    """
    names = Names(world)
    folder = SlotFolder(saves) if saves is not None else None
    _title(world, console)
    game = _resumed(world, folder, console, stdin) if resume else None
    if game is None:
        game = Game.new(world, seed)
        console.print(f"[dim]A new story, seed {seed}.[/dim]")
    _show(game, names, console, entire=True)
    while not game.ended:
        if not game.options:
            console.print("[red]No choice is open here: the story is stuck.[/red]")
            break
        views = choices_of(world, game.state, game.options, names, preview)
        _offer(views, console)
        line = stdin.readline()
        if not line:
            console.print("\n[dim]Input ended; your place is saved.[/dim]" if folder
                          else "\n[dim]Input ended.[/dim]")
            break
        command, _, arg = line.strip().partition(" ")
        arg = arg.strip()
        if NUMBER.fullmatch(command):
            game = _choose(game, views, int(command), folder, names, console)
        elif command in ("s", "status"):
            show_status(game, names, console)
        elif command in ("h", "help", "?"):
            console.print(HELP)
        elif command in ("q", "quit"):
            console.print("[dim]Your place is saved.[/dim]" if folder else "[dim]Goodbye.[/dim]")
            break
        elif command in ("save", "load", "saves", "delete"):
            game = _slot_command(command, arg, game, folder, names, console, stdin)
        else:
            console.print(f"[yellow]Type a number from 1 to {len(views)}, or h for help."
                          "[/yellow]")
    if folder is not None:
        folder.write(AUTOSAVE, game.to_save())
    if game.ended:
        console.print("\n[dim]The story is told.[/dim]")
    return game.state


def _title(world: World, console: Console) -> None:
    m = world.manifest
    console.rule(f"[bold]{escape(m.title)}[/bold]")
    console.print(f"Rating: {escape(m.rating)}")
    if m.content_notice:
        console.print("Content notice: " + escape(", ".join(m.content_notice)))
    if m.relationship:
        console.print("Relationship: " + escape(", ".join(m.relationship)))
    if m.tags:
        console.print("Tags: " + escape(", ".join(m.tags)))
    console.print(f"[dim]{HELP}[/dim]")


def _resumed(world: World, folder: SlotFolder | None, console: Console, stdin: TextIO
             ) -> Game | None:
    if folder is None or not folder.exists(AUTOSAVE):
        console.print("[dim]No autosave to continue; starting anew.[/dim]")
        return None
    try:
        game = _loaded(world, folder.read(AUTOSAVE), console, stdin)
    except SaveError as exc:
        console.print(f"[yellow]Cannot continue the autosave: {escape(str(exc))}[/yellow]")
        return None
    console.print(f"[dim]Continuing your story after {game.turn} choices.[/dim]")
    return game


def _loaded(world: World, save: Save, console: Console, stdin: TextIO) -> Game:
    """The game of ``save`` on the pack as it is now; where its road broke, the player is
    asked whether to continue from the last step that stands.

    Raises:
        SaveError: the save does not load (or the player declined to continue).
    """
    try:
        game = Game.from_save(world, save)
    except BrokenRoad as exc:
        console.print(f"[yellow]The story was revised: {escape(str(exc))}.[/yellow]")
        console.print(f"Continue after choice {exc.good}, the last that stands? "
                      f"{escape('[y/N]')} ", end="")
        if stdin.readline().strip().lower() not in ("y", "yes"):
            raise SaveError("left as it was") from None
        game = Game.from_save(world, save.upto(exc.good))
    if game.revised:
        console.print("[dim]The story was revised since this was saved; your place in it "
                      "is kept.[/dim]")
    return game


def _offer(views: list[ChoiceView], console: Console) -> None:
    console.print()
    for v in views:
        line = f"  [bold cyan]{v.number}[/bold cyan]. {escape(v.label)}"
        if v.chance is not None:
            parts = ", ".join(f"{escape(why)} {amount if i == 0 else f'{amount:+d}'}"
                              for i, (why, amount) in enumerate(v.chance.parts))
            line += f"  [magenta]{v.chance.percent}%[/magenta] [dim]({parts})[/dim]"
        if v.cost:
            line += f"  [dim]cost: {escape(v.cost)}[/dim]"
        console.print(line)
        for e in v.expected:
            detail = f" ({e.detail})" if e.detail else ""
            console.print(f"      [dim]expected: {escape(e.text + detail)}[/dim]")


def _choose(game: Game, views: list[ChoiceView], number: int, folder: SlotFolder | None,
            names: Names, console: Console) -> Game:
    if not 1 <= number <= len(views):
        console.print(f"[yellow]Choose a number from 1 to {len(views)}.[/yellow]")
        return game
    try:
        following = game.advance(views[number - 1].action)
    except (IllegalAction, Impossible) as exc:
        console.print(f"[yellow]{escape(str(exc))}[/yellow]")
        return game
    except ContentFault as exc:  # the pack's fault: where it is, and the run goes on as it was
        console.print(f"[red]The story's content has a fault, so nothing changed: "
                      f"{escape(str(exc))}[/red]")
        return game
    if folder is not None:
        folder.write(AUTOSAVE, following.to_save())
    _show(following, names, console)
    return following


def _slot_command(command: str, arg: str, game: Game, folder: SlotFolder | None,
                  names: Names, console: Console, stdin: TextIO) -> Game:
    if folder is None:
        console.print("[yellow]Saving is off in this session.[/yellow]")
        return game
    if command == "saves":
        listed = folder.names()
        console.print("Saves: " + (escape(", ".join(listed)) if listed else "none yet"))
        return game
    try:
        name = folder.check_name(arg)
        if command == "save":
            folder.write(name, game.to_save())
            console.print(f"[green]Saved as {escape(name)}.[/green]")
        elif command == "delete":
            folder.delete(name)
            console.print(f"[green]Deleted {escape(name)}.[/green]")
        else:
            loaded = _loaded(game.world, folder.read(name), console, stdin)
            folder.write(AUTOSAVE, loaded.to_save())
            console.print(f"[green]Loaded {escape(name)}.[/green]")
            _show(loaded, names, console, entire=True)
            return loaded
    except SaveError as exc:
        console.print(f"[yellow]{escape(str(exc))}[/yellow]")
    return game


def _show(game: Game, names: Names, console: Console, entire: bool = False) -> None:
    """Print the latest step (or, with ``entire``, the whole passage on screen)."""
    shown = step_view(game, names, entire)
    for beat in shown.beats:
        if beat.kind == "passage" and beat.passage is not None:
            p = beat.passage
            console.print()
            if p.title:
                console.print(f"[bold]{escape(p.title)}[/bold]")
            for paragraph in p.paragraphs:
                console.print(escape(paragraph) + "\n")
        elif beat.kind == "roll" and beat.roll is not None:
            r = beat.roll
            style = "green" if r.good else "red"
            verdict = f"[{style}]{'success' if r.success else 'failure'}[/{style}]"
            luck = f" [italic]{escape(beat.text)}[/italic]" if beat.text else ""
            console.print(f"[dim]{escape(r.what)}: rolled {r.value} against {r.chance}%:[/dim] "
                          f"{verdict}{luck}")
        elif beat.kind == "ending":
            continue  # told last, after what changed
        elif beat.kind == "prose":
            console.print(escape(beat.text))
        else:
            console.print(f"[italic]{escape(beat.text)}[/italic]")
    for change in shown.changes:
        if change.text:
            console.print(f"  {escape(change.text)}")
        for figure in change.figures:
            console.print(f"    [dim]{_figure(figure)}[/dim]")
    for beat in shown.beats:
        if beat.kind == "ending":
            console.print(f"\n[bold]The End: {escape(beat.title)}[/bold]")
            if beat.text:
                console.print(escape(beat.text))


def _figure(figure: Figure) -> str:
    style = {"good": "green", "bad": "red"}.get(figure.tone, "default")
    reason = f": {escape(figure.reason)}" if figure.reason else ""
    return f"{escape(figure.label)} [{style}]{escape(figure.change)}[/{style}]{reason}"
