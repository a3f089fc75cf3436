"""Terminal play with Rich: the prose, whose choice it is, numbered choices with their odds
and changes (as much as the numbers setting shows: ``--numbers words|brief|full``), status.

Lines are read from standard input, so a run can be scripted
(``printf '1\n2\n' | bonds play --text --seed 3``). A line is a choice's number (in a fight,
a group's number opens it and ``0`` goes back: :mod:`bonds.views.fight_menu`) or a command:
``s`` shows the status, ``save NAME`` / ``load NAME`` / ``saves`` work with save slots,
``h`` lists the commands, ``q`` quits. The game autosaves after every step and when input
ends (Ctrl-D), and exits cleanly.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from bonds.engine import (
    ContentFault,
    IllegalAction,
    Impossible,
    Opening,
    SaveError,
    State,
    World,
)
from bonds.engine.preview import preview
from bonds.saves import BrokenRoad, Save
from bonds.views import (
    DEFAULT_NUMBERS,
    ChoiceView,
    FightMenu,
    Figure,
    Game,
    Names,
    choices_of,
    fight_menu,
    step_view,
    viewpoint,
)

from .live import LiveGame
from .slots import AUTOSAVE, SlotFolder
from .status import show_status

__all__ = ["play_text"]

NUMBER = re.compile(r"[0-9]{1,4}")
"""A choice's number as typed."""
HELP = ("[bold]1-9…[/bold] choose · [bold]s[/bold] status · [bold]save NAME[/bold] · "
        "[bold]load NAME[/bold] · [bold]delete NAME[/bold] · [bold]saves[/bold] list them · "
        "[bold]q[/bold] quit")


def play_text(world: World, seed: int, stdin: TextIO, console: Console,
              saves: Path | None = None, resume: bool = False,
              opening: Opening | None = None, watch: Path | None = None,
              numbers: str = DEFAULT_NUMBERS, debug: bool = False) -> State:
    """Play ``world`` in the terminal until an ending, ``q`` or the end of input.

    Args:
        world: the pack.
        seed: the seed of a new run.
        stdin: where the player's lines come from.
        console: where the game is shown.
        saves: the folder of save slots (None: nothing is saved).
        resume: continue the autosave in ``saves`` instead of starting anew.
        opening: where a new run begins, when not at the pack's start (``--at``/``--set``).
        watch: the pack's folder, to load it again and show the page again whenever one of
            its files is saved (``--watch``, see :mod:`.live`).
        numbers: how much of the numbers to show: ``words``, ``brief`` or ``full``.
        debug: let the status show the pack's raw story values.

    Returns:
        The state the game stands in when play stops.
    """
    names = Names(world)
    folder = SlotFolder(saves) if saves is not None else None
    _title(world, console)
    game = _resumed(world, folder, console, stdin) if resume else None
    if game is None:
        game = Game.new(world, seed, opening)
        at = f" at {opening.scene or world.manifest.start}" if opening is not None else ""
        console.print(f"[dim]A new story, seed {seed}{escape(at)}.[/dim]")
    _show(game, names, console, entire=True, numbers=numbers)
    live = _watching(watch, game, console, numbers)
    guard: AbstractContextManager[object] = live.lock if live is not None else nullcontext()
    group = ""  # in a fight, the level of the hero's actions shown (see views.fight_menu)
    while not game.ended:
        with guard:
            game, names = (live.game, live.names) if live is not None else (game, names)
            world = game.world
            if game.ended:  # a revised version's replay reached an ending
                break
            if not game.options:
                console.print("[red]No choice is open here: the story is stuck.[/red]")
                break
            views = choices_of(world, game.state, game.options, names, preview, numbers)
            menu = fight_menu(world, views, group)
            if menu is None:
                _offer(views, console, pov=viewpoint(world, game.state, names))
            else:
                _offer_menu(menu, console)
        line = stdin.readline()
        with guard:
            if live is not None and live.game is not game:
                # The pack was saved while the player read: the line answers the page shown
                # last, the new version's.
                game, names, world = live.game, live.names, live.game.world
                views = choices_of(world, game.state, game.options, names, preview, numbers)
            if not line:
                console.print("\n[dim]Input ended; your place is saved.[/dim]" if folder
                              else "\n[dim]Input ended.[/dim]")
                break
            command, _, arg = line.strip().partition(" ")
            arg = arg.strip()
            if NUMBER.fullmatch(command) and menu is not None:
                picked = _pick(menu, int(command), console)
                if isinstance(picked, str):
                    group = picked
                elif picked is not None:
                    game, group = _choose(game, [picked], 1, folder, names, console,
                                          numbers), ""
            elif NUMBER.fullmatch(command):
                game = _choose(game, views, int(command), folder, names, console, numbers)
            elif command in ("s", "status"):
                show_status(game, names, console, debug, numbers)
            elif command in ("h", "help", "?"):
                console.print(HELP)
            elif command in ("q", "quit"):
                console.print("[dim]Your place is saved.[/dim]" if folder
                              else "[dim]Goodbye.[/dim]")
                break
            elif command in ("save", "load", "saves", "delete"):
                game = _slot_command(command, arg, game, folder, names, console, stdin,
                                     numbers)
            else:
                console.print(f"[yellow]Type a number from 1 to {len(views)}, or h for help."
                              "[/yellow]")
            if live is not None:
                live.game = game
    if live is not None:
        live.stop()
    if folder is not None:
        folder.write(AUTOSAVE, game.to_save())
    if game.ended:
        console.print("\n[dim]The story is told.[/dim]")
    return game.state


def _watching(pack: Path | None, game: Game, console: Console,
              numbers: str = DEFAULT_NUMBERS) -> LiveGame | None:
    """With ``--watch``, the game kept up with the pack as it is edited (see :mod:`.live`)."""
    if pack is None:
        return None

    def redraw(shown: Game, names: Names) -> None:
        _show(shown, names, console, entire=True, numbers=numbers)
        if shown.options and not shown.ended:
            _offer(choices_of(shown.world, shown.state, shown.options, names, preview,
                              numbers), console)

    live = LiveGame(game, pack, console, redraw)
    live.start()
    console.print(f"[dim]Watching {escape(str(pack))}: each saved edit shows this page "
                  f"again.[/dim]")
    return live


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


def _offer(views: list[ChoiceView], console: Console, blank: bool = True,
           pov: str | None = None) -> None:
    """The choices, each with its odds and what it will change, as the setting shows them;
    above them, whose choice it is (``pov``: ``As Bo``)."""
    if blank:
        console.print()
    if pov:
        console.print(f"[bold]{escape(pov)}[/bold]")
    for v in views:
        line = f"  [bold cyan]{v.number}[/bold cyan]. {escape(v.label)}"
        if v.odds is not None:
            line += f"  [magenta]{escape(v.odds)}[/magenta]"
        if v.parts:
            parts = ", ".join(f"{escape(why)} {amount if i == 0 else f'{amount:+d}'}"
                              for i, (why, amount) in enumerate(v.parts))
            line += f" [dim]({parts})[/dim]"
        if v.cost:
            line += f"  [dim]cost: {escape(v.cost)}[/dim]"
        console.print(line)
        for h in v.hints:
            console.print(f"      [dim]{escape(h)}[/dim]")
        for e in v.expected:
            detail = f" ({e.detail})" if e.detail else ""
            why = f": {'; '.join(e.reasons)}" if e.reasons else ""
            console.print(f"      [dim]{escape(e.text + detail + why)}[/dim]")


def _offer_menu(menu: FightMenu, console: Console) -> None:
    """A level of a hero's fight actions: its actions with their odds, its groups."""
    console.print()
    if menu.back is not None:
        console.print(f"  [bold]{escape(menu.title)}[/bold]")
    for item in menu.items:
        if item.choice is not None:
            _offer([item.choice], console, blank=False)
        else:
            console.print(f"  [bold cyan]{item.number}[/bold cyan]. {escape(item.label)}… "
                          f"[dim]({item.size} choices)[/dim]")
    if menu.back is not None:
        console.print("  [bold cyan]0[/bold cyan]. Back")


def _pick(menu: FightMenu, number: int, console: Console) -> ChoiceView | str | None:
    """The action, or the path of the group (a str), that ``number`` names at this level."""
    if number == 0 and menu.back is not None:
        return menu.back
    for item in menu.items:
        if item.number == number:
            return item.choice if item.choice is not None else item.path
    low = "0" if menu.back is not None else "1"
    console.print(f"[yellow]Choose a number from {low} to {len(menu.items)}.[/yellow]")
    return None


def _choose(game: Game, views: list[ChoiceView], number: int, folder: SlotFolder | None,
            names: Names, console: Console, numbers: str = DEFAULT_NUMBERS) -> Game:
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
    _show(following, names, console, numbers=numbers)
    return following


def _slot_command(command: str, arg: str, game: Game, folder: SlotFolder | None,
                  names: Names, console: Console, stdin: TextIO,
                  numbers: str = DEFAULT_NUMBERS) -> Game:
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
            _show(loaded, names, console, entire=True, numbers=numbers)
            return loaded
    except SaveError as exc:
        console.print(f"[yellow]{escape(str(exc))}[/yellow]")
    return game


def _show(game: Game, names: Names, console: Console, entire: bool = False,
          numbers: str = DEFAULT_NUMBERS) -> None:
    """Print the latest step (or, with ``entire``, the whole passage on screen), as much of
    its numbers as the setting shows."""
    shown = step_view(game, names, entire, numbers)
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
            verdict = f"[{style}]{escape(r.verdict)}[/{style}]"
            luck = f" [italic]{escape(beat.text)}[/italic]" if beat.text else ""
            figures = {"full": f": rolled {r.value} against {r.chance}%",
                       "brief": f", {r.chance}% chance"}.get(numbers, "")
            console.print(f"[dim]{escape(r.what)}{figures}:[/dim] {verdict}{luck}")
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
