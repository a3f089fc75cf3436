"""Recording the behaviour snapshot: what every bot sees and does, step by step, on every pack.

A *run* is one (pack, bot, seed), played from the pack's start to an ending, a crash, a dead
end or :data:`MAX_STEPS`. At the start and after every step it records, as canonical JSON:

- ``events``: the events the start or step returned (:meth:`Event.to_json`);
- ``state``: :func:`bonds.engine.state_hash` of the state reached;
- ``broken``: the first invariant broken there (:class:`bonds.playtest.watch.Watch`, one
  watch kept along the run, as a playtest keeps it);

and before every step, in the state the bot chooses in:

- ``actions``: :func:`bonds.engine.legal_actions`, and the action the bot chose;
- ``previews``: :func:`bonds.engine.preview.preview` of every legal action (or the error
  it raised);
- ``fight``: in a fight, each legal action as the rules describe it
  (:func:`bonds.views.fight.describe_fight_action`: label, chance with its parts, cost), as
  the event log reads it back (:func:`bonds.views.fight.fight_label`), and the field
  (:func:`bonds.views.fight.fight_view`).

Each part of a step is hashed; a step's short hash (:data:`STEP_CHARS` hex characters)
covers all of its parts, and a run keeps the list of its step hashes, one digest per part
over the whole run, how it ended (a crash as its exception type and message) and what
:func:`bonds.playtest.runner.play_run` made of the same run (ending, steps, finding and a
digest of its counts). The snapshot file is one JSON line per run.

Runs of a (pack, bot) share one :class:`~bonds.playtest.bots.Memory`, seed after seed, as a
block of a playtest does, so the explorer's choices depend on the runs before, as in play.
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from bonds.content import load_pack
from bonds.engine import State, World, legal_actions, start, state_hash, step
from bonds.engine.preview import preview
from bonds.playtest.bots import BOTS, Memory, make_bot
from bonds.playtest.runner import play_run
from bonds.playtest.watch import Watch
from bonds.views.fight import describe_fight_action, fight_label, fight_view
from bonds.views.names import Names

__all__ = ["MAX_STEPS", "PACKS", "PARTS", "SEEDS", "SNAPSHOT", "STEP_CHARS", "cases",
           "describe_step", "differences", "digest", "load_snapshot", "record_case", "step_of",
           "trace_run", "world_of", "write_snapshot"]

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = Path(__file__).resolve().parent / "snapshot.jsonl.gz"
"""The committed snapshot: gzip-compressed JSON lines, one per run, in :func:`cases` order."""
PACKS: dict[str, Path] = {
    "tiny": ROOT / "tests" / "packs" / "tiny",
    "duel": ROOT / "tests" / "packs" / "duel",
    "faulty": ROOT / "tests" / "packs" / "faulty",
    "continuity": ROOT / "tests" / "packs" / "continuity",
    "unbreakable_bonds": ROOT / "campaigns" / "unbreakable_bonds",
    "honeymoon_suite": ROOT / "campaigns" / "honeymoon_suite",
}
"""Every pack that loads: the test packs the playtest is tried on and both campaigns
(``tests/packs/old_format`` is refused at load, by design, and is not played)."""
SEEDS: dict[str, tuple[int, ...]] = {
    "tiny": tuple(range(8)), "duel": tuple(range(8)), "faulty": tuple(range(8)),
    "continuity": tuple(range(4)), "unbreakable_bonds": tuple(range(8)),
    "honeymoon_suite": tuple(range(8)),
}
"""The seeds played by every bot on each pack (the previews of every legal action at every
step are the costly part: a campaign run takes about a quarter of a second)."""
MAX_STEPS = 300
"""A run stops here (the faulty pack's stairs never end)."""
PARTS = ("events", "state", "broken", "actions", "previews", "fight")
"""What is recorded of each step, in the order its digests are kept."""
STEP_CHARS = 8
"""Hex characters kept of each step's hash."""


def digest(data: Any) -> str:
    """The SHA-256 hex digest of ``data`` as canonical JSON (keys sorted, no spaces)."""
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=_plain)
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, frozenset | set):
        return sorted(value, key=repr)
    raise TypeError(f"cannot record a {type(value).__name__}: {value!r}")


def _error(exc: BaseException) -> dict[str, str]:
    return {"error": f"{type(exc).__name__}: {exc}"}


@cache
def world_of(pack: str) -> World:
    """The pack by its snapshot name, loaded once per process."""
    return load_pack(PACKS[pack])


def cases() -> Iterator[tuple[str, str]]:
    """Every (pack, bot) the snapshot holds: every bot on every pack, ``canon`` only where
    the pack has a canonical run."""
    for pack in PACKS:
        for bot in BOTS:
            if bot != "canon" or world_of(pack).canon:
                yield pack, bot


def _previews(world: World, state: State, actions: list[str]) -> list[Any]:
    out: list[Any] = []
    for action in actions:
        try:
            out.append(preview(world, state, action))
        except Exception as exc:  # a fault is behaviour too
            out.append(_error(exc))
    return out


def _fight(world: World, state: State, actions: list[str], names: Names) -> Any:
    if not state.values.get("fight.id"):
        return None
    described: list[Any] = []
    for action in actions:
        try:
            described.append([describe_fight_action(world, state, action),
                              fight_label(action, names)])
        except Exception as exc:
            described.append(_error(exc))
    try:
        field: Any = fight_view(world, state)
    except Exception as exc:
        field = _error(exc)
    return {"actions": described, "field": field}


class _Trace:
    """The digests of a run, part by part and step by step."""

    def __init__(self) -> None:
        self.steps: list[str] = []
        self.parts: dict[str, Any] = {p: hashlib.sha256() for p in PARTS}

    def add(self, record: dict[str, Any]) -> None:
        digests = [digest(record.get(part)) for part in PARTS]
        for part, d in zip(PARTS, digests, strict=True):
            self.parts[part].update(d.encode())
        self.steps.append(hashlib.sha256("".join(digests).encode()).hexdigest()[:STEP_CHARS])


def trace_run(world: World, bot_name: str, seed: int, memory: Memory,
              keep: bool = False) -> tuple[_Trace, str, list[dict[str, Any]]]:
    """Play one run step by step, recording every part; returns its trace, how it ended and
    (with ``keep``) the step records themselves, for a failure message."""
    bot = make_bot(bot_name, world, seed, Memory(actions=dict(memory.actions)))
    names = Names(world)
    trace = _Trace()
    kept: list[dict[str, Any]] = []
    watch = Watch(world)

    def add(record: dict[str, Any]) -> None:
        trace.add(record)
        if keep:
            kept.append(record)

    try:
        state, events = start(world, seed)
    except Exception as exc:
        add({"events": _error(exc)})
        return trace, f"crash: {type(exc).__name__}: {exc}", kept
    pending: dict[str, Any] = {}
    while True:
        pending.update(events=[e.to_json() for e in events], state=state_hash(state))
        try:
            broken = watch.first_broken(state) if world.invariants else None
            pending["broken"] = None if broken is None else broken.id
        except Exception as exc:
            pending["broken"] = _error(exc)
        if state.ending is not None:
            add(pending)
            return trace, f"ending: {state.ending}", kept
        if len(trace.steps) >= MAX_STEPS:
            add(pending)
            return trace, f"stopped after {MAX_STEPS} steps", kept
        try:
            actions = legal_actions(world, state)
        except Exception as exc:
            pending["actions"] = _error(exc)
            add(pending)
            return trace, f"crash: {type(exc).__name__}: {exc}", kept
        if not actions:
            pending["actions"] = {"legal": [], "chosen": None}
            add(pending)
            return trace, f"dead end in {state.scene}", kept
        pending["previews"] = _previews(world, state, actions)
        pending["fight"] = _fight(world, state, actions, names)
        chosen = bot.choose(state, actions)
        pending["actions"] = {"legal": actions, "chosen": chosen}
        try:
            state, events = step(world, state, chosen)
        except Exception as exc:
            add(pending)
            add({"events": _error(exc)})
            return trace, f"crash: {type(exc).__name__}: {exc}", kept
        add(pending)
        pending = {}


def _playtest(world: World, bot: str, seed: int, memory: Memory) -> dict[str, Any]:
    """What ``play_run`` makes of the same run (updating ``memory`` as a playtest does)."""
    result = play_run(world, bot, seed, MAX_STEPS, memory)
    finding = result.finding
    return {
        "ending": result.ending,
        "steps": result.steps,
        "finding": None if finding is None else {
            "kind": finding.kind, "message": finding.message, "scene": finding.scene,
            "actions": digest(finding.actions)[:16]},
        "counts": digest([result.scenes, result.choices, result.figures,
                          sorted(result.keys)])[:16],
    }


def record_case(pack: str, bot: str, keep_seed: int | None = None
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The snapshot lines of every seed of (pack, bot), in order; with ``keep_seed``, also
    the step records of that seed's run."""
    world = world_of(pack)
    memory = Memory()
    lines: list[dict[str, Any]] = []
    kept: list[dict[str, Any]] = []
    for seed in SEEDS[pack]:
        trace, end, records = trace_run(world, bot, seed, memory, keep=seed == keep_seed)
        if seed == keep_seed:
            kept = records
        lines.append({
            "pack": pack, "bot": bot, "seed": seed, "end": end,
            "steps": "".join(trace.steps),
            "parts": {p: h.hexdigest()[:16] for p, h in trace.parts.items()},
            "playtest": _playtest(world, bot, seed, memory),
        })
    return lines, kept


def load_snapshot(path: Path = SNAPSHOT) -> dict[tuple[str, str, int], dict[str, Any]]:
    """The committed snapshot, by (pack, bot, seed)."""
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()]
    return {(r["pack"], r["bot"], r["seed"]): r for r in rows}


def step_of(line: dict[str, Any], i: int) -> str:
    """The short hash of step ``i`` (0: the start) of a snapshot line."""
    return str(line["steps"][i * STEP_CHARS:(i + 1) * STEP_CHARS])



def differences(expected: dict[str, Any], got: dict[str, Any]) -> str | None:
    """Where a run recorded now first departs from its snapshot line, in words; None when
    it does not."""
    where = f"{got['pack']}/{got['bot']}/seed {got['seed']}"
    old, new = expected["steps"], got["steps"]
    if old != new:
        n = min(len(old), len(new)) // STEP_CHARS
        first = next((i for i in range(n) if step_of(expected, i) != step_of(got, i)), n)
        parts = [p for p in PARTS if expected["parts"].get(p) != got["parts"].get(p)]
        return (f"{where}: first differs at step {first} (0 is the start; the run took "
                f"{len(old) // STEP_CHARS - 1} steps, now {len(new) // STEP_CHARS - 1}); "
                f"parts that differ over the run: {', '.join(parts) or 'none'}; ended "
                f"{expected['end']!r}, now {got['end']!r}")
    for key in ("end", "parts", "playtest"):
        if expected[key] != got[key]:
            return f"{where}: {key} was {expected[key]!r}, now {got[key]!r}"
    return None


def describe_step(record: dict[str, Any]) -> str:
    """A step's record, briefly: the action chosen among the legal ones, the events' kinds,
    the state hash and any broken invariant."""
    actions = record.get("actions") or {}
    events = record.get("events")
    kinds = ([e.get("kind") for e in events] if isinstance(events, list) else events)
    legal = actions.get("legal") if isinstance(actions, dict) else actions
    chosen = actions.get("chosen") if isinstance(actions, dict) else None
    return (f"events {kinds}; state {str(record.get('state'))[:16]}; broken "
            f"{record.get('broken')}; legal {legal}; chosen {chosen!r}")


def write_snapshot(lines: list[dict[str, Any]], path: Path = SNAPSHOT) -> None:
    """Write the snapshot lines (gzip with no timestamp, so equal lines give equal bytes)."""
    text = "".join(json.dumps(line, sort_keys=True, separators=(",", ":")) + "\n"
                   for line in lines)
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0,
                                                filename="") as f:
        f.write(text.encode())
