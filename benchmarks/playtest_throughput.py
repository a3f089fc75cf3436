"""Benchmark: full-campaign playtest throughput with the random bot on this machine.

Prints, for 1 and 2 local workers, the median over repeats of full runs per second and
engine steps per second, and the peak resident memory of a worker process.

    .venv/bin/python benchmarks/playtest_throughput.py [--pack P] [--runs N] [--repeats R]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from bonds.content.packs import resolve_pack


def one(pack: str, runs: int, workers: int) -> dict[str, float]:
    """Run one playtest in a fresh process; returns its rates and the workers' peak memory."""
    code = f"""
import json, resource, time
from bonds.playtest.batch import Job, run_job
job = Job({pack!r}, "random", 1, {runs})
t = time.perf_counter()
total = run_job(job, workers={workers})
el = time.perf_counter() - t
me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"runs": total.runs, "steps": total.steps, "seconds": el,
                  "peak_kib": kids if {workers} > 1 else me}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pack", default=None)
    parser.add_argument("--runs", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    pack = str(resolve_pack(args.pack))
    print(f"pack {pack}, {args.runs:,} runs per measurement, {args.repeats} repeats, random bot")
    for workers in (1, 2):
        results = [one(pack, args.runs, workers) for _ in range(args.repeats)]
        rps = statistics.median(r["runs"] / r["seconds"] for r in results)
        sps = statistics.median(r["steps"] / r["seconds"] for r in results)
        peak = max(r["peak_kib"] for r in results) / 1024
        steps_per_run = results[0]["steps"] / results[0]["runs"]
        print(f"workers={workers}: median {rps:,.0f} runs/s, {sps:,.0f} steps/s "
              f"({steps_per_run:.1f} steps per run), peak memory per worker {peak:.0f} MiB")


if __name__ == "__main__":
    main()
