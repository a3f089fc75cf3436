"""A run made into a :class:`~.work.Work`: the title page, the chapters and the end note.

The end note's figures are read from the final state through the same functions pack
expressions call (``trust(a, b)``, ``stage(a, b)``, ``flag(name)``...), so narration never
reaches into the rules' value keys; a figure whose function no rules module offers is left
out. Who lived is told when the pack's ``narration.yaml`` names its ``fates`` (who can die,
and the flag, the kill order or the endings that show they did).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from bonds.engine import BondsError, Ctx, Event, State, World
from bonds.rules import FUNCTIONS

from ._writer import Writer
from .facts import Lexicon
from .generic import voice_for
from .narrator import Storyteller
from .runs import Run
from .voice import Voice
from .work import Chapter, Header, Work

__all__ = ["MEASURES", "end_note", "narrate_events", "run_identifier", "tell", "voice_for"]

MEASURES = ("trust", "ease", "coordination", "openness", "tension")
"""The bond's measures, in the order the end note gives them."""


def narrate_events(world: World, events: Sequence[Event], voice: Voice | None = None,
                   lex: Lexicon | None = None, seed: int = 0) -> list[Chapter]:
    """The chapters that tell ``events`` (a whole run, from ``game_started``)."""
    teller = Storyteller(world, voice.seed if voice is not None else seed, voice, lex)
    writer = Writer(world, teller.lex)
    for lo, _, items, _ in teller.tell(events):
        writer.step(items, events[lo].kind == "choice_made")
    return writer.finish()


def run_identifier(run: Run) -> str:
    """A stable ``urn:uuid:`` for the run: the same pack, seed and actions give the same."""
    m = run.world.manifest
    text = "\n".join([m.id, m.version, run.world.content_hash, str(run.seed), *run.actions])
    digest = hashlib.sha256(text.encode()).digest()
    return uuid.UUID(bytes=digest[:16], version=5).urn


def tell(run: Run, numbers: str = "full") -> Work:
    """The run as a work: header, chapters (one per act) and the end note, whose figures
    show as the numbers setting says (``words``: the bond's stage only)."""
    world = run.world
    voice = voice_for(world, run.seed)
    lex = Lexicon(world, voice.words)
    chapters = narrate_events(world, run.events, voice, lex)
    m = world.manifest
    header = Header(
        title=m.title, authors=m.authors, rating=m.rating, content_notice=m.content_notice,
        relationships=m.relationship,
        characters=tuple(str(lex.show(c)) for c in m.characters), tags=m.tags,
        summary=m.summary, seed=run.seed, ending=_ending_title(world, run.state),
        credits=m.credits, footer=m.footer)
    return Work(header, chapters, end_note(run, lex, numbers), run_identifier(run))


def _ending_title(world: World, state: State) -> str:
    if state.ending is None:
        return "unfinished"
    ending = world.endings.get(state.ending)
    return ending.title if ending is not None else state.ending


def _query(name: str, ctx: Ctx, *args: Any) -> Any:
    function = FUNCTIONS.get(name)
    if function is None or function.is_effect:
        return None
    try:
        return function.impl(ctx, *args)
    except (BondsError, KeyError, TypeError, ValueError):
        return None  # a figure that cannot be read is left out


def _died(fate: Any, ctx: Ctx, state: State) -> bool:
    """Whether a pack's fate (``narration.yaml``) came to pass in the final state."""
    if fate.flag is not None and _query("flag", ctx, fate.flag):
        return True
    if fate.objective is not None and _query("objective", ctx, *fate.objective) == "done":
        return True
    return state.ending in fate.endings


def end_note(run: Run, lex: Lexicon, numbers: str = "full") -> list[tuple[str, str]]:
    """The run's figures as (label, value) lines for the end of the work; with ``numbers``
    ``words``, each bond as its stage in the world's words, without its measures."""
    world, state = run.world, run.state
    ctx = Ctx(world, state.values, state.rng, state.scene)
    rows: list[tuple[str, str]] = []
    if state.ending is not None and state.ending in world.endings:
        ending = world.endings[state.ending]
        rows.append(("Ending", f"{ending.title}. {ending.summary}".strip()))
    else:
        rows.append(("Ending", "none reached; the run stops here"))
    days = state.get("day", 1)
    rows.append(("Days", f"{days} day" + ("" if days == 1 else "s")))
    decisions = sum(1 for e in run.events if e.kind == "choice_made")
    rows.append(("Choices made", str(decisions)))
    for seed in world.data.get("bonds", ()):
        a, b = seed.from_, seed.to
        parts = []
        for measure in MEASURES if numbers != "words" else ():
            value = _query(measure, ctx, a, b)
            if isinstance(value, int):
                parts.append(f"{lex.show(measure)} {value}")
        stage = _query("stage", ctx, a, b)
        if isinstance(stage, str) and numbers == "words":
            parts.append(str(world.data.get("bond_stages", {}).get(stage) or stage))
        elif isinstance(stage, str):
            parts.append(f"stage: {stage}")
        if parts:
            rows.append((f"{lex.show(a)} towards {lex.show(b)}", ", ".join(parts)))
    fates = getattr(world.data.get("narration"), "fates", {})
    if fates:
        fell = [str(lex.show(who)) for who, fate in fates.items() if _died(fate, ctx, state)]
        lived = [str(lex.show(who)) for who in dict.fromkeys((*world.manifest.characters,
                                                              *fates))
                 if str(lex.show(who)) not in fell]
        rows.append(("Lived", ", ".join(lived) or "nobody"))
        if fell:
            rows.append(("Died", ", ".join(fell)))
    return rows
