"""What every page handler shares: the pack, the saves, the games in memory, the templates.

A player's current game is their autosave. It is kept in memory once built, and trusted
only while its revision matches the database's, so a second window, a second server
worker or a restart can never show or extend a stale copy. Every database call goes
through :meth:`SaveStore.run`: off the event loop, within its deadline.

A save is replayed on the pack as it is now: a revised pack keeps the player's place (the
game is marked ``revised``); a road that no longer exists is reported with the step that
fails and the offer to continue from the last step that stands.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from bonds.engine import SaveError, World
from bonds.engine.preview import preview
from bonds.saves import BrokenRoad, parse_save
from bonds.views import Game, Names, choices_of, fight_view, panel_of, step_view

from .db import SaveStore
from .exports import export_formats
from .security import csrf_token, player_id

__all__ = ["PREFS", "Site"]

HERE = Path(__file__).resolve().parent
CACHE_SIZE = 2000
"""Games kept in memory; the rest are rebuilt from their saves when next played."""
PREFS: dict[str, tuple[str, ...]] = {
    "size": ("normal", "large", "larger", "small"),
    "theme": ("auto", "light", "dark"),
    "motion": ("auto", "reduce"),
}
"""Each setting and its allowed values, the default first."""


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
        self.exports = export_formats()
        self._games: OrderedDict[str, Game] = OrderedDict()
        env = Environment(loader=FileSystemLoader(HERE / "templates"),
                          autoescape=select_autoescape(default=True, default_for_string=True),
                          trim_blocks=True, lstrip_blocks=True,
                          auto_reload=False)  # templates are read once, not stat()ed per page
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
        if cached is not None and cached.revision == revision:
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
        """
        return self._games.get(owner)

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
    def play_context(self, game: Game) -> dict[str, Any]:
        """Everything the play page shows for ``game``."""
        world, names = self.world, self.names
        shown = step_view(game, names)
        scene = world.scenes[game.state.scene]
        return {
            "game": game,
            "chapter": self.chapter(scene.act),
            "beats": shown.beats,
            "changes": shown.changes,
            "choices": choices_of(world, game.state, game.options, names, self.preview),
            "panel": panel_of(world, game.state, names, game.previous),
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

    @staticmethod
    def prefs(request: Request) -> dict[str, str]:
        """The browser's display settings, each checked against its allowed values."""
        saved = request.session.get("prefs")
        saved = saved if isinstance(saved, dict) else {}
        return {k: str(saved[k]) if saved.get(k) in allowed else allowed[0]
                for k, allowed in PREFS.items()}
