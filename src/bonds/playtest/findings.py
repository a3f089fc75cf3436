"""Turning a playtest's results into the findings document authors read.

The document (``--json``) is described in docs/playtest.md. Everything but the timing
fields is a function of (pack, bot, seed, runs, max_steps, opening) alone. A playtest that
starts at a scene (``--from``) counts coverage only of what some way leads to from there.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

from bonds.content.starts import reachable_scenes
from bonds.engine import Opening, World
from bonds.saves import Save

from .batch import Block, Job
from .runner import Finding

__all__ = ["FINDING_KINDS", "build_document", "write_replays"]

FINDING_KINDS = {"crash": "crashes", "softlock": "softlocks", "dead_end": "dead_ends",
                 "invariant": "invariant_failures", "continuity": "continuity_breaks"}
MAX_LISTED = 50
"""Findings listed per kind; the counts are always complete."""


def build_document(world: World, job: Job, total: Block, elapsed: float,
                   replays: dict[int, str] | None = None) -> dict[str, Any]:
    """The JSON-ready findings and figures of a playtest."""
    opening = job.opening
    scenes = sorted(world.scenes if opening is None or opening.scene is None
                    else reachable_scenes(world, opening.scene))
    choices = sorted(c.action for s in scenes for c in world.scenes[s].choices)
    endings = sorted(world.endings if opening is None or opening.scene is None
                     else {e for s in scenes if (e := world.scenes[s].ending) is not None})
    reached_scenes = [s for s in scenes if total.scenes.get(s)]
    reached_choices = [c for c in choices if total.choices.get(c)]
    replays = replays or {}
    doc: dict[str, Any] = {
        "pack": {"id": world.manifest.id, "version": world.manifest.version,
                 "path": job.pack},
        "runs": total.runs,
        "bot": job.bot,
        "seed": job.seed,
        "max_steps": job.max_steps,
        "endings": {e: total.endings.get(e, 0) for e in endings},
        "runs_without_ending": total.endings.get("(none)", 0),
        "endings_unreached": [e for e in endings if not total.endings.get(e)],
        "coverage": {
            "scenes": {"reached": len(reached_scenes), "total": len(scenes)},
            "choices": {"reached": len(reached_choices), "total": len(choices)},
        },
        "unreached": {
            "scenes": [s for s in scenes if not total.scenes.get(s)],
            "choices": [c for c in choices if not total.choices.get(c)],
        },
        "hits": {"scenes": {s: total.scenes.get(s, 0) for s in scenes},
                 "choices": {c: total.choices.get(c, 0) for c in choices}},
        "qualities": _qualities(world, total.keys),
        "figures": {k: _describe(v) for k, v in sorted(total.figures.items())},
        "steps": total.steps,
        "elapsed_seconds": round(elapsed, 3),
        "runs_per_second": round(total.runs / elapsed, 1) if elapsed > 0 else None,
        "steps_per_second": round(total.steps / elapsed, 1) if elapsed > 0 else None,
    }
    if opening is not None:
        doc["from"] = opening.to_json()
    by_kind: dict[str, list[Finding]] = {k: [] for k in FINDING_KINDS}
    for finding in sorted(total.findings, key=lambda f: f.seed):
        by_kind[finding.kind].append(finding)
    for kind, key in FINDING_KINDS.items():
        listed = by_kind[kind][:MAX_LISTED]
        doc[key] = [{"seed": f.seed, "scene": f.scene, "message": f.message,
                     "steps": len(f.actions), "replay": replays.get(f.seed)} for f in listed]
        doc[key + "_count"] = len(by_kind[kind])
    return doc


def _qualities(world: World, held: set[str]) -> dict[str, list[str]]:
    """Keys the pack writes but never reads, and reads but never writes.

    Writes are what the pack's effects name; a key the rules keep for themselves (what a
    debrief learnt, who has seen through the cover) counts as written when any run's final
    state held it.
    """
    reads = set(world.data.get("reads", ()))
    writes = set(world.data.get("writes", ()))
    plain = {k for k in reads | writes if not k.startswith("seen.")}
    return {
        "written_never_read": sorted(k for k in plain if k in writes and k not in reads),
        "read_never_written": sorted(k for k in plain if k in reads and k not in writes
                                     and k not in world.initial_values and k not in held),
    }


def _describe(series: list[int]) -> dict[str, float]:
    ordered = sorted(series)
    return {"n": len(ordered), "min": ordered[0], "median": statistics.median(ordered),
            "mean": round(statistics.fmean(ordered), 2), "max": ordered[-1],
            "p10": ordered[len(ordered) // 10], "p90": ordered[(len(ordered) * 9) // 10]}


def write_replays(world: World, findings: list[Finding], folder: Path,
                  opening: Opening | None = None) -> dict[int, str]:
    """Write one replayable save per finding (first few of each kind); returns seed → path.

    A playtest begun at ``opening`` writes it into each save, so the replay begins there too.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[int, str] = {}
    per_kind: dict[str, int] = {}
    for finding in sorted(findings, key=lambda f: f.seed):
        if per_kind.get(finding.kind, 0) >= 10:
            continue
        per_kind[finding.kind] = per_kind.get(finding.kind, 0) + 1
        save = Save(world.manifest.id, world.manifest.version, world.content_hash,
                    finding.seed, tuple(finding.actions), opening=opening)
        doc = save.to_json()
        doc["finding"] = {"kind": finding.kind, "message": finding.message,
                          "scene": finding.scene}
        path = folder / f"{finding.kind}-seed{finding.seed}.json"
        path.write_text(json.dumps(doc, indent=1, sort_keys=True))
        written[finding.seed] = str(path)
    return written
