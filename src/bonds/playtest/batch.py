"""Running many seeded runs in blocks, locally in processes or on a Ray cluster.

Runs are numbered 0..N-1 and run ``i`` uses seed ``seed + i``, so any run can be replayed
alone. Runs are grouped into blocks of ``BLOCK`` and blocks into waves of ``WAVE``; the
explorer bot's memory of what the run set has seen is updated inside a block run by run
and between waves from every block of the wave. Neither the block nor the wave depends on
how many workers there are, so one seed gives the same results with 1 worker, 2 or a
cluster. A bot that reads no memory has its blocks in one wave: nothing waits for a wave's
last block, and no worker stands idle while another finishes it. A job with an
:class:`~bonds.engine.Opening` (``--from``) starts every run there.
"""

from __future__ import annotations

import functools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bonds.content import load_pack
from bonds.engine import Opening, World

from .bots import BOTS, Memory
from .runner import Finding, play_run
from .watch import Memo

__all__ = ["BLOCK", "WAVE", "Block", "Job", "run_job"]

BLOCK = 100
WAVE = 8


@dataclass
class Job:
    """A playtest: which pack, bot, seed and how many runs."""

    pack: str
    bot: str
    seed: int
    runs: int
    max_steps: int = 2000
    opening: Opening | None = None
    """Where every run begins, when not at the pack's start (``--from``/``--set``)."""


@dataclass
class Block:
    """What a block of runs found, added up."""

    runs: int = 0
    steps: int = 0
    endings: dict[str, int] = field(default_factory=dict)
    scenes: dict[str, int] = field(default_factory=dict)
    choices: dict[str, int] = field(default_factory=dict)
    figures: dict[str, list[int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    memory: dict[str, int] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    """Every value key some run's final state held."""

    def add(self, other: Block) -> None:
        """Fold another block's results into this one."""
        self.runs += other.runs
        self.steps += other.steps
        for mine, theirs in ((self.endings, other.endings), (self.scenes, other.scenes),
                             (self.choices, other.choices), (self.memory, other.memory)):
            for key, n in theirs.items():
                mine[key] = mine.get(key, 0) + n
        for key, series in other.figures.items():
            self.figures.setdefault(key, []).extend(series)
        self.findings.extend(other.findings)
        self.keys |= other.keys


_WORLDS: dict[str, World] = {}
_MEMOS: dict[str, Memo] = {}
"""Per pack, the invariant watch's memo for the world loaded in this process: kept across
blocks, so later runs check their invariants more cheaply (the findings are the same)."""


def _world(pack: str) -> World:
    world = _WORLDS.get(pack)
    if world is None:
        world = _WORLDS[pack] = load_pack(pack)
    return world


def run_block(pack: str, bot: str, seeds: list[int], max_steps: int,
              memory: dict[str, int], opening: Opening | None = None) -> Block:
    """Play the runs of one block (in whatever process this is)."""
    world = _world(pack)
    memo = _MEMOS.get(pack)
    if memo is None or memo.world is not world:
        memo = _MEMOS[pack] = Memo(world)
    seen = Memory(actions=dict(memory))
    block = Block()
    for seed in seeds:
        result = play_run(world, bot, seed, max_steps, seen, opening, memo)
        block.runs += 1
        block.steps += result.steps
        ending = result.ending or "(none)"
        block.endings[ending] = block.endings.get(ending, 0) + 1
        for key, n in result.scenes.items():
            block.scenes[key] = block.scenes.get(key, 0) + n
        for key, n in result.choices.items():
            block.choices[key] = block.choices.get(key, 0) + n
        for key, value in result.figures.items():
            block.figures.setdefault(key, []).append(value)
        if result.finding is not None:
            block.findings.append(result.finding)
        block.keys |= result.keys
    block.memory = {k: v - memory.get(k, 0) for k, v in seen.actions.items()
                    if v != memory.get(k, 0)}
    return block


def _waves(job: Job) -> Iterator[list[list[int]]]:
    seeds = [job.seed + i for i in range(job.runs)]
    blocks = [seeds[i:i + BLOCK] for i in range(0, len(seeds), BLOCK)]
    if not BOTS[job.bot].remembers:  # the memory handed on is never read: one wave
        yield blocks
        return
    for i in range(0, len(blocks), WAVE):
        yield blocks[i:i + WAVE]


Task = tuple[str, str, list[int], int, dict[str, int], Opening | None]
MapFn = Callable[[list[Task]], Iterable[Block]]
"""Runs a wave's blocks; gives their results in the wave's order, each as soon as it and
those before it are done (so progress is told block by block)."""


def run_job(job: Job, workers: int = 1, ray_address: str | None = None,
            progress: Callable[[int], None] | None = None, world: World | None = None
            ) -> Block:
    """Run every run of ``job``; ``progress(n)`` is called as blocks finish.

    ``world``, when the caller has already loaded the job's pack, spares loading it again
    in this process (and in forked workers); Ray workers load it from the path.
    """
    if world is not None:
        _WORLDS[str(Path(job.pack).resolve())] = world
    total = Block()
    with _mapper(job, workers, ray_address) as map_blocks:
        for wave in _waves(job):
            tasks: list[Task] = [(job.pack, job.bot, seeds, job.max_steps,
                                  dict(total.memory), job.opening) for seeds in wave]
            for block in map_blocks(tasks):
                total.add(block)
                if progress is not None:
                    progress(block.runs)
    return total


class _mapper:
    """A context manager giving a function that runs a wave of blocks and keeps their order."""

    def __init__(self, job: Job, workers: int, ray_address: str | None) -> None:
        self.job, self.workers, self.ray_address = job, workers, ray_address
        self.pool: ProcessPoolExecutor | None = None
        self.ray: Any = None

    def __enter__(self) -> MapFn:
        pack = str(Path(self.job.pack).resolve())
        self.job.pack = pack
        if self.ray_address is not None:
            from . import ray_backend

            self.ray = ray_backend.connect(self.ray_address, run_block)
            return lambda tasks: ray_backend.map_blocks(self.ray, tasks)
        if self.workers <= 1:
            return lambda tasks: (run_block(*t) for t in tasks)
        _world(pack)  # loaded once here; forked workers inherit it
        context = multiprocessing.get_context("fork")
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        return functools.partial(self.pool.map, _run_task)

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown()
        if self.ray is not None:
            from . import ray_backend

            ray_backend.disconnect(self.ray)


def _run_task(task: Task) -> Block:
    return run_block(*task)
