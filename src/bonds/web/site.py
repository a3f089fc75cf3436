"""What every page handler shares: the pack, the saves, the games in memory, the templates.

A player's current game is their autosave. It is kept in memory once built, and trusted
only while its revision matches the database's, so a second window, a second server
worker or a restart can never show or extend a stale copy. Every database call goes
through :meth:`SaveStore.run`: off the event loop, within its deadline. The play page's
view of a game is kept as well (a game never changes), so the same game shown again (on a
reload, or after a choice's redirect without JavaScript) costs only its template; and the
HTML of each section of the side panel is kept by its view (:func:`kept_sections`), since
most sections read the same from one step to the next.

A save is replayed on the pack as it is now: a revised pack keeps the player's place (the
game is marked ``revised``); a road that no longer exists is reported with the step that
fails and the offer to continue from the last step that stands.
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bonds.engine import Opening, SaveError, World
from bonds.engine.preview import preview, preview_success
from bonds.saves import BrokenRoad, parse_save
from bonds.views import (
    NUMBERS,
    Game,
    Names,
    choices_of,
    fight_menu,
    fight_view,
    fighter_text,
    numbers_setting,
    panel_of,
    step_view,
    viewpoint,
)
from bonds.views.numbers import DEFAULT_NUMBERS

from .db import SaveStore
from .exports import export_formats
from .security import csrf_token, player_id

__all__ = ["PREFS", "PREF_DEFAULTS", "Site", "pref_default"]

HERE = Path(__file__).resolve().parent
CACHE_SIZE = 2000
"""Games kept in memory; the rest are rebuilt from their saves when next played."""
SECTIONS_KEPT = 4096
"""Panel sections' HTML kept (a few hundred bytes to a few kilobytes each)."""
VIEWS_KEPT = 256
"""Play pages' views kept, the latest shown: the page after a choice is shown again when the
browser follows the choice's redirect (without JavaScript) or the player reloads."""
PREFS: dict[str, tuple[str, ...]] = {
    "size": ("small", "normal", "large", "larger"),
    "theme": ("auto", "light", "dark"),
    "motion": ("auto", "reduce"),
    "numbers": NUMBERS,
}
"""Each setting and its allowed values, in the order Settings lists them. ``numbers`` is
kept on the player's row in the database (:meth:`Site.numbers`), the rest in the session."""
PREF_DEFAULTS: dict[str, str] = {"size": "normal"}
"""A setting's default where it is not the first of its values (see :func:`pref_default`)."""


_View = tuple[Game, World, bool, dict[str, Any]]
"""A play page's view kept: the game (held, so its identity is not reused while the view is
kept), the world and the debug flag it was built with, and the view."""


def kept_sections(env: Environment, template: str) -> Callable[..., Any]:
    """``kept(macro, *args)``: the macro of ``template`` called with ``args``, its HTML kept
    by them (up to :data:`SECTIONS_KEPT`). The macros read only their arguments, which are
    frozen views, so the same arguments always give the same HTML."""

    @functools.lru_cache(maxsize=SECTIONS_KEPT)
    def kept(macro: str, *args: Any) -> Any:
        return getattr(env.get_template(template).module, macro)(*args)

    return kept


def pref_default(key: str) -> str:
    """The default value of the display setting ``key``."""
    return PREF_DEFAULTS.get(key) or PREFS[key][0]


@dataclass(slots=True)
class Loaded:
    """The result of looking up a player's game."""

    game: Game | None
    """The game, when there is one that fits this pack."""
    problem: str | None = None
    """Why a saved game could not be resumed."""
    rewind: tuple[int, int] | None = None
    """For a save whose road broke: its slot id and how many of its steps still stand."""


class Site:
    """The shared state of one running app."""

    def __init__(self, world: World, store: SaveStore, seed: int | None = None) -> None:
        self.world = world
        self.seed = seed
        self.store = store
        self.pack_id = world.manifest.id
        self.names = Names(world)
        self.preview = preview
        self.debug = os.environ.get("BONDS_DEBUG", "") not in ("", "0")
        """Show the pack's raw story values in the panel (``BONDS_DEBUG=1``): for authors."""
        self.exports = export_formats()
        self.opening: Opening | None = None
        """Where a new game begins when not at the pack's start (``bonds play --at``)."""
        self._games: OrderedDict[str, Game] = OrderedDict()
        self._views: OrderedDict[tuple[int, str, str], _View] = OrderedDict()
        """Each play page's view by its game's identity, group and numbers setting (see
        :meth:`play_context`)."""
        env = Environment(loader=FileSystemLoader(HERE / "templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          trim_blocks=True, lstrip_blocks=True,
                          auto_reload=False)  # templates are read once, not stat()ed per page
        env.globals["fighter_text"] = fighter_text
        env.globals["kept"] = kept_sections(env, "_panel_parts.html")
        env.filters["isotime"] = lambda t: datetime.fromtimestamp(int(t), UTC).isoformat()
        env.filters["shorttime"] = lambda t: datetime.fromtimestamp(int(t)).strftime(
            "%Y-%m-%d %H:%M")
        self.env = env

    # -- games -----------------------------------------------------------------------------
    async def game(self, owner: str) -> Loaded:
        """The owner's current game, rebuilt from the autosave if memory has none or a stale one."""
        revision = await self.store.run(self.store.revision, owner, self.pack_id)
        if revision is None:
            self._games.pop(owner, None)
            return Loaded(None)
        cached = self._games.get(owner)
        if cached is not None and cached.revision == revision and cached.world is self.world:
            self._games.move_to_end(owner)
            return Loaded(cached)
        slot = await self.store.run(self.store.load, owner, self.pack_id)
        if slot is None or slot.document is None:
            return Loaded(None)
        try:
            game = Game.from_save(self.world, parse_save(slot.document), slot.revision)
        except BrokenRoad as exc:
            return Loaded(None, f"Your saved game cannot be resumed: {exc}.",
                          (slot.id, exc.good))
        except SaveError as exc:
            return Loaded(None, f"Your saved game cannot be resumed: {exc}.")
        self.remember(owner, game)
        return Loaded(game)

    def cached(self, owner: str) -> Game | None:
        """The owner's game as this process last saw it, unchecked against the database.

        Only for writes: a write over a stale revision is refused (``Conflict``) anyway.
        A game of a pack since revised (``--watch``) is not returned: it is rebuilt.
        """
        game = self._games.get(owner)
        return game if game is not None and game.world is self.world else None

    def revise(self, world: World) -> None:
        """Play ``world`` from now on, an edited version of the pack (``bonds play --watch``):
        every game is rebuilt from its autosave, replayed on it, when next shown."""
        self.world = world
        self.names = Names(world)
        self._games.clear()
        self._views.clear()

    def remember(self, owner: str, game: Game) -> None:
        """Keep ``game`` in memory as the owner's current game."""
        self._games[owner] = game
        self._games.move_to_end(owner)
        while len(self._games) > CACHE_SIZE:
            self._games.popitem(last=False)

    def forget(self, owner: str) -> None:
        """Drop the owner's game from memory (it will be rebuilt from the database)."""
        self._games.pop(owner, None)

    async def autosave(self, owner: str, game: Game, expected: int | None) -> Game:
        """Write ``game`` as the autosave over revision ``expected``; returns it marked saved.

        Raises:
            Conflict: the autosave moved on since ``expected``.
            Unavailable: the database did not answer.
        """
        revision = await self.store.run(self.store.write_autosave, owner, self.pack_id,
                                        game.to_save().to_json(), game.turn, self.place(game),
                                        self.ending(game), expected)
        saved = game.with_revision(revision)
        self.remember(owner, saved)
        return saved

    def place(self, game: Game) -> str:
        """Where a game stands, in words (the scene's heading, else its chapter)."""
        scene = self.world.scenes.get(game.state.scene)
        if scene is None:
            return ""
        return scene.title or self.chapter(scene.act)

    def ending(self, game: Game) -> str | None:
        """The title of the game's ending, once reached."""
        if game.state.ending is None:
            return None
        ending = self.world.endings.get(game.state.ending)
        return ending.title if ending else game.state.ending

    def chapter(self, act: int) -> str:
        """``Chapter 2: The Road``."""
        title = self.world.manifest.acts.get(act)
        return f"Chapter {act}: {title}" if title else f"Chapter {act}"

    # -- views -----------------------------------------------------------------------------
    def play_context(self, game: Game, group: str = "", numbers: str = DEFAULT_NUMBERS
                     ) -> dict[str, Any]:
        """Everything the play page shows for ``game``; in a fight, the level ``group`` of
        the hero's actions (see :func:`bonds.views.fight_menu`); as much of the numbers as
        the player's ``numbers`` setting shows.

        The view of the same game object is built once: a game never changes (its state,
        its steps and its options are fixed when it is made), so the page shown again for
        it (after a choice's redirect, on a reload) is the same. Each call gets its own
        copy of the mapping; what it holds is immutable view data."""
        key = (id(game), group, numbers)
        kept = self._views.get(key)
        if kept is not None and kept[0] is game and kept[1] is self.world \
                and kept[2] == self.debug:
            self._views.move_to_end(key)
            return dict(kept[3])
        context = self._play_context(game, group, numbers)
        self._views[key] = (game, self.world, self.debug, context)
        while len(self._views) > VIEWS_KEPT:
            self._views.popitem(last=False)
        return dict(context)

    def _play_context(self, game: Game, group: str, numbers: str) -> dict[str, Any]:
        world, names = self.world, self.names
        shown = step_view(game, names, numbers=numbers)
        scene = world.scenes[game.state.scene]
        # In words a choice tells only what success brings: its failure is not played out.
        foresee = preview_success if numbers == "words" else self.preview
        choices = choices_of(world, game.state, game.options, names, foresee, numbers)
        return {
            "game": game,
            "chapter": self.chapter(scene.act),
            "beats": shown.beats,
            "changes": shown.changes,
            "choices": tuple(choices),
            # whether any choice shows odds, hints or changes (then the page links the guide)
            "explained": any(c.odds or c.hints or c.expected for c in choices),
            "menu": fight_menu(world, choices, group),
            "panel": panel_of(world, game.state, names, game.previous, self.debug, numbers),
            "numbers": numbers,
            "viewpoint": viewpoint(world, game.state, names),
            "fight": fight_view(world, game.state),
            "stuck": not game.options and not game.ended,
        }

    def render(self, request: Request, name: str, context: dict[str, Any],
               status: int = 200) -> Response:
        """Render a template with what every page needs."""
        prefs = self.prefs(request)
        full = {
            "request": request,
            "manifest": self.world.manifest,
            "csrf": csrf_token(request),
            "prefs": prefs,
            "flash": request.session.pop("flash", None),
            "exports": self.exports,
            "htmx": request.headers.get("hx-request") == "true",
            **context,
        }
        player_id(request)
        html = self.env.get_template(name).render(full)
        return HTMLResponse(html, status_code=status,
                            headers={"cache-control": "no-store", "vary": "HX-Request"})

    async def numbers(self, request: Request) -> str:
        """The player's numbers setting: from their row in the database, kept in the
        session once read."""
        cached = request.session.get("numbers")
        if cached in NUMBERS:
            return str(cached)
        value = numbers_setting(await self.store.run(self.store.numbers, player_id(request)))
        request.session["numbers"] = value
        return value

    async def set_numbers(self, request: Request, value: str) -> None:
        """Keep the player's numbers setting on their row (and in the session)."""
        await self.store.run(self.store.set_numbers, player_id(request), value)
        request.session["numbers"] = value

    @staticmethod
    def prefs(request: Request) -> dict[str, str]:
        """The browser's display settings, each checked against its allowed values."""
        saved = request.session.get("prefs")
        saved = saved if isinstance(saved, dict) else {}
        prefs = {k: str(saved[k]) if saved.get(k) in allowed else pref_default(k)
                 for k, allowed in PREFS.items()}
        prefs["numbers"] = numbers_setting(request.session.get("numbers"))
        return prefs
