"""A hero's fight actions offered a few at a time: grouped, at most nine to a level.

A half-round may open twenty or more actions. Shown flat they are a wall of buttons that
number keys 1-9 cannot all reach, so they are offered in groups by what they are for
(:data:`bonds.rules.combat.GROUPS`: strike, technique, move, help, guard), the target
chosen inside the group. Each level holds at most :data:`MOST` entries:

- the top level lists the groups; a group with one action is that action itself;
- a group lists its actions when they fit (or are all of one kind); otherwise it lists
  its kinds (each technique, each verb), and a kind with several targets opens in turn;
- a level that still holds too many shows the first ``MOST - 1`` and a "More" entry.

A level is named by its *path*, e.g. ``technique/tech:cold_breath`` (``page:2`` at the end
for a later page), so a screen can show any level from a plain link or form field: the web
page keeps it in the query string, so it works without JavaScript. A path that no longer
matches the actions (the page was stale) shows the top level. Nothing here changes a game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bonds.engine import World
from bonds.rules.combat import END, GROUPS, fight_group

from .choices import ChoiceView

__all__ = ["MOST", "FightMenu", "MenuItem", "fight_menu"]

MOST = 9
"""The most entries at one level: number keys 1-9 reach every one."""
_VERBS = {"strike": "Strike", "throw": "Throw", "burst": "Burst the tank", "move": "Move",
          "break": "Break through", "flee": "Flee", "guard": "Guard your partner",
          "dodge": "Dodge"}
"""The heading of a kind of plain action, when its targets are offered together."""


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One entry at a level: an action to take, or a group to open."""

    number: int
    """Its number at this level, 1 to :data:`MOST`."""
    label: str
    """The button's text."""
    choice: ChoiceView | None = None
    """The action (its label, odds and cost), numbered for this level; None for a group."""
    path: str | None = None
    """The path of the level this entry opens; None for an action."""
    size: int = 1
    """How many actions lie inside (1 for an action)."""


@dataclass(frozen=True, slots=True)
class FightMenu:
    """One level of a hero's fight actions."""

    path: str
    """This level's path ("" at the top)."""
    title: str
    """The heading: ``Your move`` at the top, else the open group's."""
    items: tuple[MenuItem, ...]
    """The entries, numbered from 1."""
    back: str | None
    """The path of the level above (None at the top)."""

    @property
    def choices(self) -> tuple[ChoiceView, ...]:
        """The actions offered at this level."""
        return tuple(i.choice for i in self.items if i.choice is not None)


_Entry = tuple[str, ChoiceView | None, str | None, int]
"""(label, action, path, size) before numbering."""


def fight_menu(world: World, choices: Sequence[ChoiceView], path: str = "") -> FightMenu | None:
    """The level ``path`` of the fight actions ``choices`` (all the legal actions, as
    :func:`bonds.views.choices_of` gives them); None when they are not a hero's fight
    actions (a scene's choices, or only the fight's end)."""
    if not choices or any(not c.action.startswith("fight:") or c.action == END
                          for c in choices):
        return None
    keyed = [(fight_group(world, c.action), c) for c in choices]
    segs = [s for s in path.split("/") if s]
    page = 1
    if segs and segs[-1].startswith("page:") and segs[-1][5:].isdigit():
        page = max(1, int(segs.pop()[5:]))
    entries: list[_Entry] = []
    title = "Your move"
    if len(segs) == 1 and segs[0] in GROUPS:
        inside = [(k, c) for (g, k), c in keyed if g == segs[0]]
        title = GROUPS[segs[0]]
        entries = _kinds(world, segs[0], inside) if len(inside) > MOST else []
        if len(entries) <= 1:  # they fit, or they are all of one kind: page through them
            entries = [(c.label, c, None, 1) for _, c in inside]
    elif len(segs) == 2 and segs[0] in GROUPS:
        inside = [(k, c) for (g, k), c in keyed if g == segs[0] and k == segs[1]]
        title = _kind_title(world, segs[1])
        entries = [(c.label, c, None, 1) for _, c in inside]
    if not entries or len(entries) == 1:  # the top level (or a stale path)
        segs, page, title = [], 1, "Your move"
        entries = _groups(keyed)
    here = "/".join(segs)
    back = None if not segs else "/".join(segs[:-1])
    if page > 1:
        back = here + (f"/page:{page - 1}" if page > 2 else "")
        here += f"/page:{page}"
    return FightMenu(here, title, _numbered(_page(entries, "/".join(segs), page)), back)


def _groups(keyed: list[tuple[tuple[str, str], ChoiceView]]) -> list[_Entry]:
    entries: list[_Entry] = []
    for group, heading in GROUPS.items():
        inside = [c for (g, _), c in keyed if g == group]
        if len(inside) == 1:
            entries.append((inside[0].label, inside[0], None, 1))
        elif inside:
            entries.append((heading, None, group, len(inside)))
    return entries


def _kinds(world: World, group: str, inside: list[tuple[str, ChoiceView]]) -> list[_Entry]:
    order: dict[str, list[ChoiceView]] = {}
    for kind, c in inside:
        order.setdefault(kind, []).append(c)
    return [(found[0].label, found[0], None, 1) if len(found) == 1
            else (_kind_title(world, kind), None, f"{group}/{kind}", len(found))
            for kind, found in order.items()]


def _kind_title(world: World, kind: str) -> str:
    verb, _, ident = kind.partition(":")
    techniques = world.data["techniques"]
    if verb == "tech" and ident in techniques:
        return str(techniques[ident].name)
    if verb == "combo" and ident in world.data.get("combo_specs", {}):
        combo = world.data["combo_specs"][ident]
        return f"{techniques[combo.technique].name} together"
    return _VERBS.get(verb, verb.capitalize())


def _page(entries: list[_Entry], path: str, page: int) -> list[_Entry]:
    """The entries of page ``page``: all when they fit, else ``MOST - 1`` and "More"."""
    start = 0
    for _ in range(page - 1):
        if len(entries) - start <= MOST:
            break
        start += MOST - 1
    rest = entries[start:]
    if len(rest) <= MOST:
        return rest
    more = f"{path}/page:{page + 1}" if path else f"page:{page + 1}"
    return [*rest[:MOST - 1], ("More", None, more, len(rest) - (MOST - 1))]


def _numbered(entries: list[_Entry]) -> tuple[MenuItem, ...]:
    return tuple(MenuItem(n, label, replace(choice, number=n) if choice else None, path, size)
                 for n, (label, choice, path, size) in enumerate(entries, 1))
