"""Rewrite (or check) the behaviour snapshot, ``tests/snapshot/snapshot.jsonl.gz``.

The snapshot freezes what the engine, the rules, the previews, the fight descriptions and
the playtest runner do (see :mod:`.record`). It must pass **unchanged** through every
optimisation; rewrite it only for a change of behaviour that is meant (a rule, the content
of a pack, a bot, a fight label), and say so in the change::

    .venv/bin/python -m tests.snapshot.write --check   # every run that differs, no writing
    BONDS_WRITE_SNAPSHOT=1 .venv/bin/python -m tests.snapshot.write   # rewrite it

Without ``--check`` it refuses to write unless ``BONDS_WRITE_SNAPSHOT=1`` is set, so that a
snapshot is never rewritten by accident.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

from .record import SNAPSHOT, cases, differences, load_snapshot, record_case, write_snapshot

__all__ = ["main"]


def main(argv: list[str] | None = None) -> int:
    """Record every case; check it against the snapshot or rewrite the snapshot."""
    parser = argparse.ArgumentParser(prog="python -m tests.snapshot.write",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="list every run that differs from the snapshot; write nothing")
    args = parser.parse_args(argv)
    if not args.check and os.environ.get("BONDS_WRITE_SNAPSHOT") != "1":
        print("refusing to rewrite the snapshot: set BONDS_WRITE_SNAPSHOT=1 if the change "
              "of behaviour is meant (or pass --check)", file=sys.stderr)
        return 2
    began = time.perf_counter()
    lines = []
    for pack, bot in cases():
        got, _ = record_case(pack, bot)
        lines.extend(got)
    if args.check:
        snapshot = load_snapshot()
        found = [differences(snapshot[(g["pack"], g["bot"], g["seed"])], g)
                 if (g["pack"], g["bot"], g["seed"]) in snapshot
                 else f"{g['pack']}/{g['bot']}/seed {g['seed']}: not in the snapshot"
                 for g in lines]
        wrong = [f for f in found if f]
        extra = set(snapshot) - {(g["pack"], g["bot"], g["seed"]) for g in lines}
        wrong += [f"{p}/{b}/seed {s}: in the snapshot, no longer recorded"
                  for p, b, s in sorted(extra)]
        print("\n".join(wrong) or f"all {len(lines)} runs match the snapshot")
        print(f"({time.perf_counter() - began:.1f} s)")
        return 1 if wrong else 0
    write_snapshot(lines)
    steps = sum(len(g["steps"]) for g in lines) // 8
    print(f"wrote {SNAPSHOT} ({len(lines)} runs, {steps} steps, {SNAPSHOT.stat().st_size:,} "
          f"bytes) in {time.perf_counter() - began:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
