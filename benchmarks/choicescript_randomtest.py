"""Benchmark: our playtest's steps per second per worker beside ChoiceScript's randomtest.

ChoiceScript (github.com/dfabulich/choicescript) is never vendored: pass a checkout of it,
made outside the project, with ``--choicescript DIR``; node must be on the PATH (or give
``--node``). Its side is the command issue 16 names, run in that folder::

    node randomtest.js num=10000 game=mygame quiet=true showText=false

(randomtest.js reads ``name=value`` arguments and ignores names it does not know, such as
``quiet``: it still prints each selected choice, then every line of the game with the
number of times it was run.) Its decisions are the sum of those hit counts over the lines
that are a ``*choice`` or a ``*fake_choice`` command, divided by the wall time of the node
process (start-up and game load included).

Our side is ``bonds playtest PACK --runs N --bot random --workers 1 --json``: its steps (a
step is one player decision: a choice or a fight action) over the time the playtest
reports (``steps_per_second``: the runs, not the pack load or the process start), which is
the per-worker figure; the steps over the wall time of the whole process are printed too.

The two are run in turn, ``--repeats`` times each, and the medians compared; the CPU
seconds each process used are printed beside the wall time, and the load average before
each run, since the machine's cores may be shared with other work (a load average above
the number of cores means both sides were slowed). Preliminary until the playtest is
optimised (issue 16)::

    .venv/bin/python benchmarks/choicescript_randomtest.py --choicescript /tmp/choicescript \\
        [--num 10000] [--runs 3000] [--repeats 3] [--pack campaigns/unbreakable_bonds] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HIT = re.compile(r"^(\S+) (\d+): ?(.*)$")
"""A coverage line of randomtest's output: ``scene hits: the line's text``."""
DECISION = re.compile(r"^\s*\*(fake_)?choice\b")
"""A line of ChoiceScript that offers the player a decision."""


def _timed(cmd: list[str], cwd: Path, out: Any) -> tuple[int, float, float]:
    """Run ``cmd`` with stdout to ``out``; returns its exit status, wall seconds and the CPU
    seconds the process used (its stderr is passed on when it fails)."""
    with tempfile.TemporaryFile() as err:
        began = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - began
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            err.seek(0)
            sys.stderr.write(err.read().decode(errors="replace"))
    return code, wall, usage.ru_utime + usage.ru_stime


def decisions_in(output: str) -> tuple[int, int]:
    """The decisions counted from randomtest's coverage lines (the sum of the hit counts of
    ``*choice`` and ``*fake_choice`` lines), and how many such lines there were."""
    total = lines = 0
    for line in output.splitlines():
        match = HIT.match(line)
        if match and DECISION.match(match.group(3)):
            total += int(match.group(2))
            lines += 1
    return total, lines


def theirs(node: str, folder: Path, num: int, game: str) -> dict[str, Any]:
    """One randomtest run: its decisions, wall and CPU seconds."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile("w+") as out:
        rc, wall, cpu = _timed([node, "randomtest.js", f"num={num}", f"game={game}",
                                "quiet=true", "showText=false"], folder, out)
        out.seek(0)
        text = out.read()
    if rc != 0 or "RANDOMTEST PASSED" not in text:
        raise SystemExit(f"randomtest failed (exit {rc}): {text[-2000:]}")
    decisions, lines = decisions_in(text)
    if not decisions:
        raise SystemExit("randomtest printed no hit counts for *choice lines")
    return {"decisions": decisions, "choice_lines": lines, "wall": wall, "cpu": cpu,
            "per_second": decisions / wall, "per_cpu_second": decisions / cpu,
            "load_avg": load}


def ours(pack: str, runs: int) -> dict[str, Any]:
    """One ``bonds playtest`` run: its steps, the rate it reports, wall and CPU seconds."""
    bonds = Path(sys.executable).with_name("bonds")
    cmd = ([str(bonds)] if bonds.exists() else [sys.executable, "-c",
                                                "from bonds.cli import app; app()"])
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryDirectory() as tmp:
        # findings (exit status 1) are written under the working folder: keep them out of ours
        rc, wall, cpu = _timed([*cmd, "playtest", str(Path(pack).resolve()), "--runs",
                                str(runs), "--bot", "random", "--workers", "1", "--json"],
                               Path(tmp), out)
        out.seek(0)
        text = out.read()
    if rc not in (0, 1):
        raise SystemExit(f"bonds playtest failed (exit {rc}): {text[-2000:]}")
    doc = json.loads(text)
    steps = int(doc["steps"])
    return {"runs": int(doc["runs"]), "steps": steps, "steps_per_run": steps / int(doc["runs"]),
            "per_second": float(doc["steps_per_second"]), "wall": wall, "cpu": cpu,
            "per_wall_second": steps / wall, "per_cpu_second": steps / cpu, "load_avg": load}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--choicescript", type=Path, required=True,
                        help="a checkout of dfabulich/choicescript, outside the project")
    parser.add_argument("--node", default=shutil.which("node") or "/usr/bin/node")
    parser.add_argument("--game", default="mygame")
    parser.add_argument("--num", type=int, default=10_000, help="randomtest's runs")
    parser.add_argument("--pack", default=str(ROOT / "campaigns" / "unbreakable_bonds"))
    parser.add_argument("--runs", type=int, default=3_000, help="our playtest's runs")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON document")
    args = parser.parse_args()
    folder = args.choicescript.resolve()
    if not (folder / "randomtest.js").is_file():
        raise SystemExit(f"{folder} has no randomtest.js: pass a checkout of "
                         f"dfabulich/choicescript")
    if folder.is_relative_to(ROOT):
        raise SystemExit("keep the ChoiceScript checkout outside the project")
    version = subprocess.run([args.node, "--version"], capture_output=True, text=True,
                             check=True).stdout.strip()
    load_at_start = os.getloadavg()
    cs: list[dict[str, Any]] = []
    us: list[dict[str, Any]] = []
    for _ in range(args.repeats):  # in turn, so both sides meet the same load
        cs.append(theirs(args.node, folder, args.num, args.game))
        us.append(ours(args.pack, args.runs))
    med = statistics.median
    result = {
        "cores": os.cpu_count(), "node": version, "load_average_at_start": load_at_start,
        "load_average_at_end": os.getloadavg(), "repeats": args.repeats,
        "choicescript": {"num": args.num, "game": args.game,
                         "decisions_per_run": cs[0]["decisions"] / args.num,
                         "decisions_per_second": med(r["per_second"] for r in cs),
                         "decisions_per_cpu_second": med(r["per_cpu_second"] for r in cs),
                         "wall_seconds": med(r["wall"] for r in cs),
                         "load_avg": [round(r["load_avg"], 2) for r in cs]},
        "bonds": {"pack": args.pack, "runs": args.runs,
                  "steps_per_run": us[0]["steps_per_run"],
                  "steps_per_second_per_worker": med(r["per_second"] for r in us),
                  "steps_per_wall_second": med(r["per_wall_second"] for r in us),
                  "steps_per_cpu_second": med(r["per_cpu_second"] for r in us),
                  "wall_seconds": med(r["wall"] for r in us),
                  "load_avg": [round(r["load_avg"], 2) for r in us]},
    }
    c, b = result["choicescript"], result["bonds"]
    result["ratio"] = b["steps_per_second_per_worker"] / c["decisions_per_second"]
    result["ratio_wall"] = b["steps_per_wall_second"] / c["decisions_per_second"]
    result["ratio_cpu"] = b["steps_per_cpu_second"] / c["decisions_per_cpu_second"]
    if args.json:
        print(json.dumps(result, indent=1))
        return
    start, end = load_at_start, result["load_average_at_end"]
    print(f"{os.cpu_count()} cores, node {version}, medians of {args.repeats}; load average "
          f"{start[0]:.2f} {start[1]:.2f} {start[2]:.2f} at start, "
          f"{end[0]:.2f} {end[1]:.2f} {end[2]:.2f} at end")
    print(f"ChoiceScript randomtest ({args.game}, num={args.num:,}, "
          f"{c['decisions_per_run']:.2f} decisions a run): {c['decisions_per_second']:,.0f} "
          f"decisions/s over the process's wall time ({c['wall_seconds']:.2f} s), "
          f"{c['decisions_per_cpu_second']:,.0f} per CPU-second; load average before each "
          f"{', '.join(str(x) for x in c['load_avg'])}")
    print(f"bonds playtest ({Path(args.pack).name}, {args.runs:,} runs, random bot, 1 worker, "
          f"{b['steps_per_run']:.1f} steps a run): {b['steps_per_second_per_worker']:,.0f} "
          f"steps/s per worker as it reports; over the whole process (start and pack load "
          f"included) {b['steps_per_wall_second']:,.0f} per wall-second ({b['wall_seconds']:.2f} "
          f"s) and {b['steps_per_cpu_second']:,.0f} per CPU-second; load average before each "
          f"{', '.join(str(x) for x in b['load_avg'])}")
    print(f"ours / theirs: {result['ratio']:.2f} (steps per worker-second / decisions per "
          f"second); {result['ratio_wall']:.2f} by both processes' wall time; "
          f"{result['ratio_cpu']:.2f} by both processes' CPU time (issue 16 asks for 1.3 on "
          f"the first)")


if __name__ == "__main__":
    main()
