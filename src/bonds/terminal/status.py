"""The status on request (``s``): the pair, the bonds, the missions, suspicion, infamy, time, a
fight."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bonds.views import Game, Meter, Names, fight_view, panel_of

__all__ = ["show_status"]


def show_status(game: Game, names: Names, console: Console, debug: bool = False,
                numbers: str = "full") -> None:
    """Print the status panel of ``game`` (with ``debug``, the pack's raw story values), as
    much of its numbers as the setting shows."""
    panel = panel_of(game.world, game.state, names, game.previous, debug, numbers)
    if panel.time:
        console.print(f"[bold]{panel.time}[/bold]")
    for person in panel.people:
        if person.resources or person.injuries:
            rows = [Meter(m.label, m.value, None, m.delta) for m in person.resources]
            rows.append(Meter("injuries", ", ".join(person.injuries) or "none"))
            _table(console, person.name, tuple(rows))
    for bond in panel.bonds:
        title = f"{bond.title} ({bond.stage})" if bond.stage else bond.title
        _table(console, title, bond.meters)
    for mission in panel.missions:
        clock = ""
        if mission.days_left is not None:
            clock = (f", {mission.days_left} day{'' if mission.days_left == 1 else 's'} left"
                     if mission.days_left > 0 else ", overdue")
        _table(console, f"{mission.name} ({mission.state.lower()}{clock})", mission.objectives)
    for group in (*panel.groups, *panel.more):
        _table(console, group.title, group.meters)
    if panel.story:
        _table(console, "Story values (debug)", panel.story)
    fight = fight_view(game.world, game.state)
    if fight is not None:
        console.print(f"[bold]{escape(fight.name)}[/bold]")
        for zone in fight.zones:
            who = ", ".join(zone.occupants) or "empty"
            console.print(f"  {escape(zone.name)}: {escape(who)}")
        for label, value in fight.facts:
            console.print(f"  {escape(label)}: {escape(value)}")


def _table(console: Console, title: str, meters: tuple[Meter, ...]) -> None:
    table = Table(title=escape(title), title_justify="left", show_header=False, box=None,
                  pad_edge=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    for m in meters:
        change = f" ({m.delta:+d})" if m.delta else ""
        table.add_row(escape(m.label), escape(m.value) + change)
    console.print(table)
