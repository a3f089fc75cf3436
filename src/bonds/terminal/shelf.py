"""The shelf in the terminal: with several packs installed, the player picks one to play."""

from __future__ import annotations

from typing import TextIO

from rich.console import Console
from rich.markup import escape

from bonds.content.packs import ShelfEntry

__all__ = ["choose_from_shelf"]


def choose_from_shelf(entries: list[ShelfEntry], stdin: TextIO, out: Console) -> ShelfEntry | None:
    """List the packs (title, rating, summary, tags) and read the player's pick by number;
    None when the input ends before a valid one."""
    out.print("[bold]The shelf[/bold]")
    for n, entry in enumerate(entries, 1):
        world = f", set in {escape(entry.world)}" if entry.world else ""
        out.print(f"\n[bold]{n}. {escape(entry.title)}[/bold]  ({escape(entry.rating)}{world})")
        if entry.summary:
            out.print(escape(entry.summary))
        if entry.tags:
            out.print(f"[dim]{escape(', '.join(entry.tags))}[/dim]")
    while True:
        out.print(f"\nWhich story? (1-{len(entries)}) ", end="")
        line = stdin.readline()
        if not line:
            return None
        answer = line.strip()
        if answer.isdigit() and 1 <= int(answer) <= len(entries):
            return entries[int(answer) - 1]
        out.print(f"Type a number from 1 to {len(entries)}.")
