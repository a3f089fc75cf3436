"""The canonical run's transcript: every event of the pack's canonical play, one per line.

The golden copy for the default campaign lives in ``tests/golden/canon_events.jsonl`` and is
rewritten only on purpose, by::

    .venv/bin/python -m bonds.playtest.transcript [--pack P] [--seed 1] --out FILE
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import Event, State, World, legal_actions, start, step

from .bots import Memory, make_bot

__all__ = ["canonical_run", "play_with_bot", "transcript_lines"]

CANON_SEED = 1


def play_with_bot(world: World, bot: str, seed: int, max_steps: int = 5000,
                  memory: Memory | None = None) -> tuple[State, list[str], list[Event]]:
    """Play a run with a named bot to an ending (or a stop); returns state, actions, events.

    Raises:
        KeyError: no bot has that name.
    """
    player = make_bot(bot, world, seed, memory)
    state, events = start(world, seed)
    actions: list[str] = []
    while state.ending is None and len(actions) < max_steps:
        options = legal_actions(world, state)
        if not options:
            break
        action = player.choose(state, options)
        actions.append(action)
        state, more = step(world, state, action)
        events.extend(more)
    return state, actions, events


def canonical_run(world: World, seed: int = CANON_SEED
                  ) -> tuple[State, list[str], list[dict[str, object]]]:
    """The canon bot's run; returns the final state, the actions and the events as JSON."""
    state, actions, events = play_with_bot(world, "canon", seed)
    return state, actions, [e.to_json() for e in events]


def transcript_lines(world: World, seed: int = CANON_SEED) -> list[str]:
    """The canonical run's events as canonical JSON lines."""
    _, _, log = canonical_run(world, seed)
    return [json.dumps(event, sort_keys=True, separators=(",", ":")) for event in log]


def main() -> None:
    parser = argparse.ArgumentParser(description="Write the canonical run's event transcript.")
    parser.add_argument("--pack", default=None)
    parser.add_argument("--seed", type=int, default=CANON_SEED)
    parser.add_argument("--out", required=True, type=Path)
    args = parser.parse_args()
    world = load_pack(resolve_pack(args.pack))
    lines = transcript_lines(world, args.seed)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {len(lines)} events to {args.out}")


if __name__ == "__main__":
    main()
