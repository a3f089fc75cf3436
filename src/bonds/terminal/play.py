"""Terminal play with Rich: show the scene, offer the choices, read a number, step.

Choices are read line by line from standard input, so a run can be scripted
(``printf '1\n2\n' | bonds play --text``). End of input autosaves and exits cleanly.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from rich.console import Console

from bonds.engine import Event, IllegalAction, Impossible, State, World, legal_actions, start, step
from bonds.engine.core import check_chance
from bonds.engine.context import Ctx
from bonds.saves import make_save, write_save

__all__ = ["play_text"]


def play_text(world: World, seed: int, stdin: TextIO, console: Console,
              autosave: Path | None = None) -> State:
    """Play ``world`` in the terminal until an ending or the end of input."""
    console.print(f"[bold]{world.manifest.title}[/bold]  ({world.manifest.rating})")
    if world.manifest.content_notice:
        console.print("Content notice: " + ", ".join(world.manifest.content_notice))
    state, events = start(world, seed)
    actions: list[str] = []
    _show(world, state, events, console)
    while state.ending is None:
        options = legal_actions(world, state)
        if not options:
            console.print("[red]No choice is open here: the story is stuck.[/red]")
            break
        for n, action in enumerate(options, 1):
            console.print(f"  [cyan]{n}[/cyan]. {_label(world, state, action)}")
        line = stdin.readline()
        if not line:
            console.print("\n[dim]Input ended; your place is saved.[/dim]")
            break
        text = line.strip()
        if not text.isdigit() or not 1 <= int(text) <= len(options):
            console.print(f"[yellow]Choose a number from 1 to {len(options)}.[/yellow]")
            continue
        try:
            state, events = step(world, state, options[int(text) - 1])
        except (IllegalAction, Impossible) as exc:
            console.print(f"[yellow]{exc}[/yellow]")
            continue
        actions.append(options[int(text) - 1])
        if autosave is not None:
            write_save(autosave, make_save(world, seed, actions, state))
        _show(world, state, events, console)
    if state.ending is not None:
        ending = world.endings[state.ending]
        console.print(f"\n[bold]The End: {ending.title}[/bold]\n{ending.summary}")
    return state


def _label(world: World, state: State, action: str) -> str:
    scene = world.scenes[state.scene]
    choice = scene.choice_by_action.get(action)
    if choice is None:
        return action
    if choice.check is not None:
        chance = check_chance(Ctx(world, state.values, state.rng, state.scene), choice.check)
        return f"{choice.label}  [dim]({chance.percent}%)[/dim]"
    return choice.label


def _show(world: World, state: State, events: list[Event], console: Console) -> None:
    for event in events:
        if event.kind == "scene_entered":
            scene = world.scenes[event.data["scene"]]
            console.print()
            if scene.title:
                console.print(f"[bold]{scene.title}[/bold]")
            for i in event.data["blocks"]:
                console.print(scene.text[i].text + "\n")
        elif event.kind == "roll":
            verdict = "success" if event.data["success"] else "failure"
            console.print(f"[dim]Roll {event.data['value']} against {event.data['chance']}%: "
                          f"{verdict}.[/dim]")
