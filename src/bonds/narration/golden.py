"""The golden story exports: a pack's canonical run, told, kept in the repository.

The tests compare fresh exports with these files byte for byte, so a change to the
narration or to a pack's prose shows up as a diff to read. They are rewritten only on
purpose, by::

    .venv/bin/python -m bonds.narration.golden [PACK ...] [--seed 1] [--out tests/golden/story]

Each pack (a folder or a shipped pack's name; the tiny test pack by default) is played by the
``canon`` bot from the seed and written as ``<pack id>.md`` and ``<pack id>.html``; the
command prints the story's word count, and ``--quote N`` prints its first N words. The
repository keeps the tiny pack's and the default campaign's::

    .venv/bin/python -m bonds.narration.golden tests/packs/tiny \
        src/bonds/campaigns/unbreakable_bonds --quote 300
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bonds.content import load_pack
from bonds.content.packs import resolve_pack
from bonds.engine import ContentError, World

from .export import render
from .runs import play_bot
from .tell import tell

__all__ = ["CANON_SEED", "GOLDEN_DIR", "GOLDEN_FORMATS", "golden_files", "main"]

CANON_SEED = 1
"""The seed of the canonical run (the same as the playtest transcript's)."""

GOLDEN_FORMATS = ("md", "html")
"""The formats kept as golden files (the EPUB is checked by epubcheck instead)."""

GOLDEN_DIR = Path(__file__).resolve().parents[3] / "tests" / "golden" / "story"
"""Where the golden exports live in a source checkout."""


def golden_files(world: World, seed: int = CANON_SEED) -> dict[str, bytes]:
    """The golden exports of ``world``'s canonical run, by file name."""
    run = play_bot(world, "canon", seed)
    return {f"{world.manifest.id}.{fmt}": render(run, fmt) for fmt in GOLDEN_FORMATS}


def main(argv: list[str] | None = None) -> None:
    """Rewrite the golden exports of the packs named on the command line."""
    parser = argparse.ArgumentParser(description="Rewrite the golden story exports.")
    parser.add_argument("packs", nargs="*", default=["tests/packs/tiny"])
    parser.add_argument("--seed", type=int, default=CANON_SEED)
    parser.add_argument("--out", type=Path, default=GOLDEN_DIR)
    parser.add_argument("--quote", type=int, default=0,
                        help="Also print the story's first N words.")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for pack in args.packs:
        try:
            world = load_pack(resolve_pack(pack))
        except ContentError as exc:
            print("\n".join(exc.problems), file=sys.stderr)
            raise SystemExit(f"{pack} does not load; no golden file was written") from None
        for name, data in golden_files(world, args.seed).items():
            (args.out / name).write_bytes(data)
            print(f"wrote {args.out / name}")
        work = tell(play_bot(world, "canon", args.seed))  # again, for the figures
        print(f"{world.manifest.id}: {work.words:,} words, ending: {work.header.ending}")
        if args.quote:
            prose = " ".join(p for c in work.chapters for s in c.sections for p in s.paragraphs)
            print(" ".join(prose.split()[:args.quote]))


if __name__ == "__main__":
    main()
