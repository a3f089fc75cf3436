"""The prose report: how a pack's runs read, over many runs (``bonds playtest --prose``).

Each run is played by a bot, told by the storyteller (:func:`bonds.narration.tell`) and
read back sentence by sentence (:mod:`bonds.narration.sentences`). Counted per run:

- **repeats**: sentences of six words or more told again in the same run's paragraphs;
- **sources**: every sentence of the story's paragraphs by where its text came from, as the
  narration model records it (not by guessing from its words): ``authored`` (scene text,
  ``did``, ``again``, outcome text), ``beat`` (a fight's beats) or ``state`` (a template
  telling a change of state); the **state share** is state sentences over all of them
  (margin and end notes apart);
- **dialogue share**: the words inside quotation marks over all the words;
- **words**, per run and per ending;
- **continuity**: scenes entered while their ``expects`` did not hold.

Across runs: the lines told most often (the sentences of six words or more, counted once a
run), by source. Everything is a function of (pack, bot, seed, runs): workers change only
how fast it goes.
"""

from __future__ import annotations

import html
import multiprocessing
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from bonds.content import load_pack
from bonds.engine import World
from bonds.engine.core import ROLL_MARK
from bonds.narration import Run, sentences, tell
from bonds.narration.work import SOURCES, Work

from .bots import Memory
from .transcript import play_with_bot

__all__ = ["BARS", "ProseReport", "RunProse", "add_prose_section", "print_prose",
           "prose_html", "prose_report", "read_run", "read_work", "summary_rows"]

BARS = {"repeats": 0, "state_share": 0.05}
"""The bars a pack's prose should meet in every run: no long sentence repeated within a
run, and state lines at most 5% of the story's sentences."""

TOP = 15
"""How many of the lines told most often the report lists."""
BLOCK = 50
"""Runs played one after another in a worker (the explorer remembers what its block saw)."""


@dataclass
class RunProse:
    """How one run reads."""

    seed: int
    ending: str
    words: int
    sentences: dict[str, int]
    """Sentences of the story's paragraphs by source."""
    repeats: list[str]
    """Each long sentence told again in the run (once per repeat)."""
    dialogue: int
    """Words inside quotation marks."""
    notes: int
    """Sentences told in the margin (chapter notes)."""
    continuity: int
    """Scenes entered while their ``expects`` did not hold."""
    lines: dict[str, str] = field(default_factory=dict)
    """Each distinct long sentence of the run, by its key, with its source."""

    @property
    def total(self) -> int:
        """Sentences in the story's paragraphs."""
        return sum(self.sentences.values())

    @property
    def state_share(self) -> float:
        """State lines over all the story's sentences."""
        return self.sentences.get("state", 0) / self.total if self.total else 0.0

    @property
    def dialogue_share(self) -> float:
        """Spoken words over all words."""
        return self.dialogue / self.words if self.words else 0.0


def read_work(work: Work, seed: int = 0, continuity: int = 0) -> RunProse:
    """Read a told run back, sentence by sentence."""
    counts = dict.fromkeys(SOURCES, 0)
    seen: dict[str, str] = {}
    repeats: list[str] = []
    words = dialogue = 0
    for told in work.told():
        words += sentences.word_count(told.text)
        dialogue += sentences.dialogue_words(told.text)
        for sentence in sentences.split(told.text):
            counts[told.source] = counts.get(told.source, 0) + 1
            if not sentences.is_long(sentence):
                continue
            key = sentences.key(sentence)
            if key in seen:
                repeats.append(sentence)
            else:
                seen[key] = told.source
    notes = sum(len(sentences.split(n.text)) for n in work.notes())
    lines = {key: source for key, source in seen.items()}
    return RunProse(seed, work.header.ending, words, counts, repeats, dialogue, notes,
                    continuity, lines)


def play(world: World, bot: str, seed: int, max_steps: int = 2000,
         memory: Memory | None = None) -> Run:
    """Play one run with ``bot`` (sharing ``memory`` with the runs before it, as the
    explorer does in a playtest)."""
    state, actions, events = play_with_bot(world, bot, seed, max_steps, memory)
    if memory is not None:  # what the run took, for the next runs (as the playtest keeps it)
        for action in actions:
            taken = action.partition(ROLL_MARK)[0]
            memory.actions[taken] = memory.actions.get(taken, 0) + 1
    return Run(world, seed, tuple(actions), state, tuple(events), f"bot {bot}")


def read_run(world: World, bot: str, seed: int, max_steps: int = 2000) -> RunProse:
    """Play one run with ``bot``, tell it, and read it back."""
    run = play(world, bot, seed, max_steps)
    broken = sum(1 for e in run.events if e.kind == "expectation_broken")
    return read_work(tell(run), seed, broken)


@dataclass
class ProseReport:
    """How a pack's runs read, added up."""

    runs: list[RunProse] = field(default_factory=list)
    told: Counter[str] = field(default_factory=Counter)
    """How many runs told each long sentence (by key)."""
    texts: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Each key's sentence as first told, and its source."""

    def add(self, run: RunProse, sentence_of: dict[str, str]) -> None:
        """Count one run in."""
        self.runs.append(run)
        self.told.update(run.lines.keys())
        for key, source in run.lines.items():
            if key not in self.texts:
                self.texts[key] = (sentence_of.get(key, key), source)
        run.lines = {}  # counted; a thousand runs' sentences need not be kept

    def document(self) -> dict[str, Any]:
        """The report as JSON-ready data (the ``prose`` key of ``--json``)."""
        runs = sorted(self.runs, key=lambda r: r.seed)
        total = Counter[str]()
        for r in runs:
            total.update(r.sentences)
        all_sentences = sum(total.values())
        by_ending: dict[str, list[int]] = {}
        for r in runs:
            by_ending.setdefault(r.ending, []).append(r.words)
        worst_repeats = max(runs, key=lambda r: (len(r.repeats), -r.seed), default=None)
        worst_share = max(runs, key=lambda r: (r.state_share, -r.seed), default=None)
        return {
            "runs": len(runs),
            "bars": BARS,
            "repeats": _spread([len(r.repeats) for r in runs]),
            "runs_with_repeats": sum(1 for r in runs if r.repeats),
            "worst_repeats": None if worst_repeats is None else {
                "seed": worst_repeats.seed, "count": len(worst_repeats.repeats),
                "sentences": worst_repeats.repeats[:10]},
            "state_share": _spread([round(r.state_share, 4) for r in runs]),
            "worst_state_share": None if worst_share is None else {
                "seed": worst_share.seed, "share": round(worst_share.state_share, 4)},
            "runs_over_state_bar": sum(1 for r in runs if r.state_share > BARS["state_share"]),
            "dialogue_share": _spread([round(r.dialogue_share, 4) for r in runs]),
            "words": _spread([r.words for r in runs]),
            "words_by_ending": {e: _spread(ws) for e, ws in sorted(by_ending.items())},
            "sources": {s: total.get(s, 0) for s in SOURCES},
            "source_shares": {s: round(total.get(s, 0) / all_sentences, 4)
                              if all_sentences else 0.0 for s in SOURCES},
            "notes_per_run": _spread([r.notes for r in runs]),
            "continuity": sum(r.continuity for r in runs),
            "runs_with_continuity_breaks": sum(1 for r in runs if r.continuity),
            "most_told": [self._line(k, n) for k, n in self.told.most_common(TOP)],
            "most_told_by_source": {
                s: [self._line(k, n) for k, n in self.told.most_common()
                    if self.texts[k][1] == s][:TOP] for s in ("beat", "state")},
            "meets_bars": bool(runs) and all(
                not r.repeats and r.state_share <= BARS["state_share"] for r in runs),
        }

    def _line(self, key: str, runs: int) -> dict[str, Any]:
        text, source = self.texts.get(key, (key, ""))
        return {"text": text, "source": source, "runs": runs}


def _spread(values: list[int] | list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0, "min": 0, "median": 0, "mean": 0, "max": 0}
    ordered = sorted(values)
    return {"n": len(ordered), "min": ordered[0], "median": statistics.median(ordered),
            "mean": round(statistics.fmean(ordered), 4), "max": ordered[-1]}


_WORLDS: dict[str, World] = {}


def _block(pack: str, bot: str, seeds: list[int], max_steps: int
           ) -> list[tuple[RunProse, dict[str, str]]]:
    world = _WORLDS.get(pack)
    if world is None:
        world = _WORLDS[pack] = load_pack(pack)
    out = []
    memory = Memory()
    for seed in seeds:
        run = play(world, bot, seed, max_steps, memory)
        broken = sum(1 for e in run.events if e.kind == "expectation_broken")
        work = tell(run)
        read = read_work(work, seed, broken)
        first: dict[str, str] = {}
        for told in work.told():
            for sentence in sentences.split(told.text):
                first.setdefault(sentences.key(sentence), sentence)
        out.append((read, {k: first.get(k, k) for k in read.lines}))
    return out


def _run_block(task: tuple[str, str, list[int], int]) -> list[tuple[RunProse, dict[str, str]]]:
    return _block(*task)


def prose_report(pack: str, bot: str, seed: int, runs: int, workers: int = 1,
                 max_steps: int = 2000, world: World | None = None,
                 progress: Callable[[int], None] | None = None) -> ProseReport:
    """Read ``runs`` runs of the pack at ``pack`` (run ``i`` from seed ``seed + i``)."""
    if world is not None:
        _WORLDS[pack] = world
    seeds = [seed + i for i in range(runs)]
    blocks = [seeds[i:i + BLOCK] for i in range(0, len(seeds), BLOCK)]
    report = ProseReport()
    tasks = [(pack, bot, block, max_steps) for block in blocks]
    results: Iterable[list[tuple[RunProse, dict[str, str]]]]
    if workers <= 1:
        results = (_run_block(t) for t in tasks)
        for done in results:
            for read, texts in done:
                report.add(read, texts)
            if progress is not None:
                progress(len(done))
        return report
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        for done in pool.map(_run_block, tasks):
            for read, texts in done:
                report.add(read, texts)
            if progress is not None:
                progress(len(done))
    return report


def summary_rows(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """The report's headline figures as (label, value) rows, for a table."""
    def spread(s: dict[str, float], pct: bool = False, worst: bool = True) -> str:
        high, low = ("worst", "best") if worst else ("most", "least")
        if pct:
            return (f"median {100 * s['median']:.1f}%, {high} {100 * s['max']:.1f}%, "
                    f"{low} {100 * s['min']:.1f}%")
        return f"median {s['median']:g}, {high} {s['max']:g}, {low} {s['min']:g}"

    shares = doc["source_shares"]
    return [
        ("runs read", str(doc["runs"])),
        ("repeated sentences (6+ words) a run", spread(doc["repeats"])),
        ("runs with a repeated sentence", str(doc["runs_with_repeats"])),
        ("state lines, share of the story's sentences", spread(doc["state_share"], True)),
        ("runs over the 5% bar", str(doc["runs_over_state_bar"])),
        ("dialogue, share of the words", spread(doc["dialogue_share"], True, False)),
        ("words a run", spread(doc["words"], worst=False)),
        ("sentences by source", ", ".join(f"{s} {doc['sources'][s]:,} "
                                          f"({100 * shares[s]:.1f}%)" for s in SOURCES)),
        ("margin notes a run", spread(doc["notes_per_run"], worst=False)),
        ("continuity breaks", str(doc["continuity"])),
    ]


def prose_html(doc: dict[str, Any]) -> str:
    """The report as a section of the playtest's HTML report."""
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>"
                   for k, v in summary_rows(doc))
    endings = "".join(f"<tr><td>{html.escape(e)}</td><td>{s['n']}</td><td>{s['median']:g}"
                      f"</td><td>{s['min']:g}</td><td>{s['max']:g}</td></tr>"
                      for e, s in doc["words_by_ending"].items())
    top = "".join(f"<li>{html.escape(x['text'])} <small>({x['source']}, {x['runs']} "
                  f"runs)</small></li>" for x in doc["most_told"])
    by_source = "".join(
        f"<h4>{html.escape(s)} lines</h4><ol>"
        + "".join(f"<li>{html.escape(x['text'])} <small>({x['runs']} runs)</small></li>"
                  for x in lines) + "</ol>"
        for s, lines in doc["most_told_by_source"].items() if lines)
    worst = doc.get("worst_repeats") or {}
    repeated = "".join(f"<li>{html.escape(t)}</li>" for t in worst.get("sentences", ()))
    verdict = "meets" if doc["meets_bars"] else "does not meet"
    return f"""<section id="prose"><h2>Prose</h2>
<p>Over {doc['runs']:,} runs the prose {verdict} the bars (no sentence of six words or more
told twice in a run; state lines at most 5% of the story's sentences).</p>
<table>{rows}</table>
<h3>Words by ending</h3><table><tr><th>ending</th><th>runs</th><th>median</th><th>min</th>
<th>max</th></tr>{endings}</table>
<h3>Told most often</h3><ol>{top}</ol>{by_source}
{f"<h3>Repeated in seed {worst.get('seed')}</h3><ul>{repeated}</ul>" if repeated else ""}
</section>"""


def print_prose(doc: dict[str, Any], console: Console) -> None:
    """The report's headline figures as a table in the terminal."""
    table = Table(title="Prose")
    table.add_column("what")
    table.add_column("figure")
    for label, value in summary_rows(doc):
        table.add_row(label, value)
    console.print(table)
    worst = doc.get("worst_repeats") or {}
    for sentence in worst.get("sentences", ())[:5]:
        console.print(f"[yellow]repeated[/yellow] in seed {worst['seed']}: {sentence}",
                      markup=True, highlight=False)


def add_prose_section(page: Path, doc: dict[str, Any]) -> None:
    """Add the prose section to a playtest's HTML report."""
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</main>", prose_html(doc) + "</main>", 1), encoding="utf-8")
