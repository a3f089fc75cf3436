"""The reading pages: the title page, a new game, the play page, making a choice, the guide.

Every form posts and redirects (POST-redirect-GET), so the game plays without JavaScript.
With htmx a choice's POST answers with the new play fragment directly. A choice is only
taken when it is among the legal actions of this session's game at the revision of the
autosave the page was drawn from (the form's ``rev``), checked in the database as the step
is written: a stale tab never acts on another game, and a current page is accepted by any
server worker. Anything else is refused with the reason and changes nothing. In a fight
the hero's actions come in groups (:mod:`bonds.views.fight_menu`): opening one is a GET of
the play page with ``?group=<path>``, which only shows another level.
"""

from __future__ import annotations

import re
import secrets

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from bonds.engine import ContentFault, IllegalAction, Impossible
from bonds.views import Game, numbers_setting

from .db import Conflict
from .security import player_id, read_form
from .site import Site

__all__ = ["MAX_SEED", "choose", "how_to", "new_game", "play", "title"]

MAX_SEED = 2**63 - 1
"""The largest seed a player may type."""
SEED_TEXT = re.compile(r"[0-9]{1,19}")
"""A seed as typed: ASCII digits only."""


def see_other(path: str) -> RedirectResponse:
    """The redirect after a POST."""
    return RedirectResponse(path, status_code=303)


async def title(request: Request) -> Response:
    """The title page: the work's header, its chapters, new game and continue."""
    site: Site = request.app.state.site
    loaded = await site.game(player_id(request))
    game = loaded.game
    reached = set()
    if game is not None:
        reached = {s.act for s in site.world.scenes.values()
                   if game.state.values.get(s.seen_key)}
    return site.render(request, "title.html", {
        "game": game, "problem": loaded.problem, "rewind": loaded.rewind, "reached": reached,
        "place": site.place(game) if game else "", "ending": site.ending(game) if game else None,
        "characters": [site.names.of(c) for c in site.world.manifest.characters],
        "scene_count": len(site.world.scenes), "ending_count": len(site.world.endings),
        "seed": "" if site.seed is None else site.seed,
    })


async def how_to(request: Request) -> Response:
    """How to read the story: choices and odds, the bond and its stages, the panel, saves."""
    site: Site = request.app.state.site
    return site.render(request, "how_to.html", {})


async def new_game(request: Request) -> Response:
    """Start a new run (replacing the autosave), from a given or a random seed."""
    site: Site = request.app.state.site
    form = await read_form(request)
    owner = player_id(request)
    raw = str(form.get("seed") or "").strip()
    if raw:
        if not SEED_TEXT.fullmatch(raw) or int(raw) > MAX_SEED:
            raise HTTPException(400, f"A seed is a whole number from 0 to {MAX_SEED}.")
        seed = int(raw)
    else:
        seed = secrets.randbelow(2**31)
    try:
        game = Game.new(site.world, seed, site.opening)
    except Impossible as exc:  # `bonds play --at` a scene an edit has since removed
        raise HTTPException(409, f"The story cannot begin there: {exc}.") from None
    await site.autosave(owner, game, expected=None)
    return see_other("/play")


async def play(request: Request) -> Response:
    """The current scene, what just happened, the choices and the status panel."""
    site: Site = request.app.state.site
    loaded = await site.game(player_id(request))
    if loaded.game is None:
        if loaded.problem:
            request.session["flash"] = loaded.problem
        return see_other("/")
    fragment = "_play.html" if request.headers.get("hx-request") == "true" else "play.html"
    # ``group``: in a fight, the level of the hero's actions to show (a GET, so opening a
    # group works from a plain form without JavaScript, and changes nothing).
    group = request.query_params.get("group", "")[:200]
    return site.render(request, fragment, site.play_context(loaded.game, group,
                                                            await site.numbers(request)))


async def choose(request: Request) -> Response:
    """Take one choice, autosave, and show what follows."""
    site: Site = request.app.state.site
    form = await read_form(request)
    owner = player_id(request)
    htmx = request.headers.get("hx-request") == "true"
    rev = form.get("rev")
    game = site.cached(owner)
    if game is None or rev != str(game.revision):  # not in memory, or perhaps moved on
        game = (await site.game(owner)).game
    if game is None:
        raise HTTPException(409, "There is no game under way. Start one from the title page.")
    action = form.get("action")
    if not isinstance(action, str) or not action:
        return _refuse(request, site, game, 400, "No choice was sent.")
    if rev != str(game.revision):
        return _refuse(request, site, game, 409, "That page was out of date, so nothing was "
                       "chosen. This is where your story stands now.")
    try:
        following = game.advance(action)
    except IllegalAction:
        return _refuse(request, site, game, 409, "That choice is not open at this point of the "
                       "story, so nothing changed. Pick one of the choices below.")
    except Impossible as exc:
        return _refuse(request, site, game, 409, f"That cannot be done: {exc}. Nothing changed.")
    except ContentFault as exc:  # the pack's fault, not the player's: say where, not how
        return _refuse(request, site, game, 500, f"The story's content has a fault, so nothing "
                       f"changed ({exc}). Tell the pack's author.")
    try:
        saved = await site.autosave(owner, following, expected=game.revision)
    except Conflict as exc:
        site.forget(owner)
        fresh = (await site.game(owner)).game or game
        return _refuse(request, site, fresh, 409, str(exc).capitalize() + ".")
    if htmx:
        return site.render(request, "_play.html",
                           site.play_context(saved, numbers=await site.numbers(request)))
    return see_other("/play#now")


def _refuse(request: Request, site: Site, game: Game, status: int, message: str) -> Response:
    context = {**site.play_context(game, numbers=numbers_setting(request.session.get(
        "numbers"))), "error": message}
    fragment = request.headers.get("hx-request") == "true"
    return site.render(request, "_play.html" if fragment else "play.html", context, status)
