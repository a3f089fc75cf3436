"""How long a pack takes to load and compile in process: the median of several loads.

Run: ``.venv/bin/python benchmarks/pack_load.py [PACK ...] [--repeats N]`` (default: every
installed campaign, 7 loads each). Prints the median and the fastest load in seconds.
"""

from __future__ import annotations

import argparse
import statistics
import time

from bonds.content import load_pack
from bonds.content.packs import installed_packs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("packs", nargs="*")
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    packs = args.packs or [str(e.path) for e in installed_packs()]
    for pack in packs:
        times = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            load_pack(pack)
            times.append(time.perf_counter() - started)
        print(f"{pack}: median {statistics.median(times):.3f} s, fastest {min(times):.3f} s "
              f"over {args.repeats} loads")


if __name__ == "__main__":
    main()
