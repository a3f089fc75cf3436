"""The ``bonds playtest`` command: run a job, show progress, print and write the findings."""

from __future__ import annotations

import json
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bonds.engine import World

from .batch import Job, run_job
from .findings import FINDING_KINDS, build_document, write_replays
from .prose import add_prose_section, print_prose, prose_report
from .report import print_summary, write_html_report

__all__ = ["run_playtest"]


def run_playtest(world: World, job: Job, workers: int, ray: str | None, as_json: bool,
                 report: Path | None, console: Console, err: Console,
                 prose: bool = False) -> int:
    """Run a playtest and report it; returns the exit code (1 when anything was found).

    With ``prose``, the same runs are also told and read back (:mod:`.prose`): the
    ``prose`` key of the JSON document, a table after the summary, a section of the HTML
    report."""
    started = time.perf_counter()
    with Progress(TextColumn("playtest"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.fields[rate]} runs/s"), TimeElapsedColumn(),
                  console=err, transient=as_json, disable=not err.is_terminal) as progress:
        task = progress.add_task("runs", total=job.runs, rate="-")

        def advance(n: int) -> None:
            progress.advance(task, n)
            done = progress.tasks[0].completed
            elapsed = time.perf_counter() - started
            progress.update(task, rate=f"{done / elapsed:,.0f}" if elapsed else "-")

        total = run_job(job, workers=workers, ray_address=ray, progress=advance,
                        world=world)
    elapsed = time.perf_counter() - started
    replays = {}
    if total.findings:
        folder = (report or Path("playtest-findings")) / "replays"
        replays = write_replays(world, total.findings, folder, job.opening)
    doc = build_document(world, job, total, elapsed, replays)
    if prose:
        read = prose_report(job.pack, job.bot, job.seed, job.runs, workers, job.max_steps,
                            world)
        doc["prose"] = read.document()
        doc["prose"]["continuity_findings"] = doc.get("continuity_breaks_count", 0)
    if report is not None:
        path = write_html_report(doc, total, report)
        if prose:
            add_prose_section(path, doc["prose"])
        (report / "playtest.json").write_text(json.dumps(doc, indent=1))
        err.print(f"report written to {path}")
    if as_json:
        print(json.dumps(doc, indent=1))
    else:
        print_summary(doc, console)
        if prose:
            print_prose(doc["prose"], console)
    bad = sum(doc[k + "_count"] for k in FINDING_KINDS.values())
    return 1 if bad else 0
