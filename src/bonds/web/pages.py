"""The other pages: saves (save as, load, delete, download, continue from the last step that
stands), settings, "forget me" and story exports.

Slots are looked up by id *and* owner, so a slot id from another browser is simply not
found (404), never read or changed. Downloads and exports are sent with ``no-store``: a
shared computer's cache keeps no copy of anyone's story.
"""

from __future__ import annotations

import json
import unicodedata

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from bonds.engine import BondsError, SaveError
from bonds.saves import BrokenRoad, parse_save
from bonds.views import Game

from .exports import export_game
from .routes import see_other
from .security import player_id, read_form
from .site import PREFS, Site, pref_default

__all__ = ["delete_slot", "download_slot", "export", "forget_me", "load_slot", "rewind_slot",
           "save_as", "saves", "settings", "update_settings"]

REVISED = "The story was revised since this was saved; your place in it is kept."
"""What a player is told when a save loads on a revised pack."""
MAX_NAME = 40
"""The longest slot name."""
PRIVATE = {"cache-control": "no-store"}
"""Headers of a download: never kept in a cache."""


async def saves(request: Request) -> Response:
    """The player's saves for this pack: the autosave and the named slots."""
    site: Site = request.app.state.site
    owner = player_id(request)
    slots = await site.store.run(site.store.list, owner, site.pack_id)
    return site.render(request, "saves.html", {
        "slots": slots,
        "has_game": any(s.auto for s in slots),
        "max_name": MAX_NAME,
    })


async def save_as(request: Request) -> Response:
    """Copy the current game into a named slot."""
    site: Site = request.app.state.site
    form = await read_form(request)
    owner = player_id(request)
    name = _clean_name(form.get("name"))
    game = (await site.game(owner)).game
    if game is None:
        raise HTTPException(409, "There is no game under way to save.")
    try:
        await site.store.run(site.store.save_as, owner, site.pack_id, name,
                             game.to_save().to_json(), game.turn, site.place(game),
                             site.ending(game))
    except BondsError as exc:
        raise HTTPException(409, str(exc).capitalize() + ".") from None
    request.session["flash"] = f"Saved as “{name}”."
    return see_other("/saves")


async def load_slot(request: Request) -> Response:
    """Make a named slot the current game (the autosave becomes a copy of it)."""
    site: Site = request.app.state.site
    await read_form(request)
    owner = player_id(request)
    slot_id = _slot_id(request)
    slot = await site.store.run(site.store.get, owner, slot_id)
    if slot is None or slot.document is None:
        raise HTTPException(404, "There is no such save.")
    try:
        game = Game.from_save(site.world, parse_save(slot.document))
    except BrokenRoad as exc:
        return site.render(request, "error.html", {
            "status": 409, "message": f"That save cannot be loaded: {exc}.",
            "rewind": (slot_id, exc.good)}, 409)
    except SaveError as exc:
        raise HTTPException(409, f"That save cannot be loaded: {exc}.") from None
    await site.autosave(owner, game, expected=None)
    if game.revised:
        request.session["flash"] = REVISED
    return see_other("/play")


async def rewind_slot(request: Request) -> Response:
    """Continue a save whose road broke from the last step that still stands."""
    site: Site = request.app.state.site
    await read_form(request)
    owner = player_id(request)
    slot = await site.store.run(site.store.get, owner, _slot_id(request))
    if slot is None or slot.document is None:
        raise HTTPException(404, "There is no such save.")
    try:
        save = parse_save(slot.document)
        try:
            game = Game.from_save(site.world, save)
        except BrokenRoad as exc:
            game = Game.from_save(site.world, save.upto(exc.good))
    except SaveError as exc:
        raise HTTPException(409, f"That save cannot be loaded: {exc}.") from None
    await site.autosave(owner, game, expected=None)
    request.session["flash"] = (f"The story was revised and part of your road is gone: you "
                                f"continue after choice {game.turn}.")
    return see_other("/play")


async def delete_slot(request: Request) -> Response:
    """Delete one of the player's slots."""
    site: Site = request.app.state.site
    await read_form(request)
    owner = player_id(request)
    if not await site.store.run(site.store.delete, owner, _slot_id(request)):
        raise HTTPException(404, "There is no such save.")
    site.forget(owner)
    request.session["flash"] = "The save was deleted."
    return see_other("/saves")


async def download_slot(request: Request) -> Response:
    """A slot as a save file (the same JSON ``bonds replay`` reads)."""
    site: Site = request.app.state.site
    slot = await site.store.run(site.store.get, player_id(request), _slot_id(request))
    if slot is None or slot.document is None:
        raise HTTPException(404, "There is no such save.")
    name = "".join(c if c.isascii() and c.isalnum() else "-" for c in slot.name or "autosave")
    return Response(json.dumps(slot.document, indent=1, sort_keys=True),
                    media_type="application/json",
                    headers={**PRIVATE,
                             "content-disposition": f'attachment; filename="{name}.json"'})


async def settings(request: Request) -> Response:
    """The display settings form."""
    site: Site = request.app.state.site
    await site.numbers(request)  # read from the player's row, for the form to show
    return site.render(request, "settings.html", {"choices": PREFS})


async def update_settings(request: Request) -> Response:
    """Keep the display settings in this browser's session, and the numbers setting on the
    player's row."""
    site: Site = request.app.state.site
    form = await read_form(request)
    prefs = {}
    for key, allowed in PREFS.items():
        value = form.get(key)
        if value is not None and value not in allowed:
            raise HTTPException(400, f"Unknown {key} setting.")
        prefs[key] = value if isinstance(value, str) else pref_default(key)
    numbers = prefs.pop("numbers")
    if form.get("numbers") is not None:  # a form without it leaves the kept setting be
        await site.set_numbers(request, numbers)
    request.session["prefs"] = prefs
    request.session["flash"] = "Settings saved."
    return see_other("/settings")


async def export(request: Request) -> Response:
    """The current run told as a story, in one of narration's formats."""
    site: Site = request.app.state.site
    fmt = request.path_params["fmt"]
    if fmt not in site.exports:
        raise HTTPException(404, "There is no such export format.")
    game = (await site.game(player_id(request))).game
    if game is None:
        raise HTTPException(409, "There is no game under way to export.")
    try:
        out = export_game(game, fmt, await site.numbers(request))
    except BondsError as exc:
        raise HTTPException(409, f"This story cannot be exported: {exc}") from None
    return Response(out.body, media_type=out.media_type,
                    headers={**PRIVATE,
                             "content-disposition": f'attachment; filename="{out.filename}"'})


async def forget_me(request: Request) -> Response:
    """Delete every save of this browser's player, and start a fresh session."""
    site: Site = request.app.state.site
    await read_form(request)
    owner = player_id(request)
    await site.store.run(site.store.forget, owner)
    site.forget(owner)
    request.session.clear()
    request.session["flash"] = ("Everything this browser had saved is deleted, and it is known "
                                "here no more.")
    return see_other("/")


def _slot_id(request: Request) -> int:
    slot = request.path_params["slot"]
    if not isinstance(slot, int) or not 0 < slot < 2**31:
        raise HTTPException(404, "There is no such save.")
    return slot


def _clean_name(raw: object) -> str:
    if not isinstance(raw, str):
        raise HTTPException(400, "A save needs a name.")
    text = unicodedata.normalize("NFC", " ".join(raw.split()))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    if not text:
        raise HTTPException(400, "A save needs a name.")
    if len(text) > MAX_NAME:
        raise HTTPException(400, f"A save's name can be at most {MAX_NAME} characters.")
    return text
