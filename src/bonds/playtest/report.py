"""Showing a playtest: the summary table in the terminal and the HTML report with plots."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from .batch import Block
from .findings import FINDING_KINDS, MAX_LISTED

__all__ = ["print_summary", "write_html_report"]

_SINGULAR = {"crashes": "crash", "softlocks": "softlock", "dead_ends": "dead end",
             "invariant_failures": "invariant failure",
             "continuity_breaks": "continuity break"}


def print_summary(doc: dict[str, Any], console: Console) -> None:
    """A few tables: endings, coverage, findings, throughput."""
    title = f"Endings over {doc['runs']:,} runs ({doc['bot']} bot, seed {doc['seed']})"
    if doc.get("from"):  # a playtest of one scene and what follows (--from)
        title += f" from scene {doc['from']['scene']}"
    endings = Table(title=title)
    endings.add_column("ending")
    endings.add_column("runs", justify="right")
    endings.add_column("share", justify="right")
    for ending, n in sorted(doc["endings"].items(), key=lambda e: -e[1]):
        endings.add_row(ending, f"{n:,}", f"{100 * n / max(1, doc['runs']):.1f}%")
    console.print(endings)
    cov = doc["coverage"]
    checks = Table(title="Coverage and findings")
    checks.add_column("what")
    checks.add_column("count", justify="right")
    checks.add_row("scenes reached", f"{cov['scenes']['reached']}/{cov['scenes']['total']}")
    checks.add_row("choices reached", f"{cov['choices']['reached']}/{cov['choices']['total']}")
    checks.add_row("endings never reached", str(len(doc["endings_unreached"])))
    for key in FINDING_KINDS.values():
        checks.add_row(key.replace("_", " "), str(doc[key + "_count"]))
    q = doc["qualities"]
    checks.add_row("values written, never read", str(len(q["written_never_read"])))
    checks.add_row("values read, never written", str(len(q["read_never_written"])))
    console.print(checks)
    for key in FINDING_KINDS.values():
        for f in doc[key][:5]:
            console.print(f"[red]{_SINGULAR[key]}[/red] seed {f['seed']} "
                          f"in {f['scene']}: {f['message']}"
                          + (f" (replay: {f['replay']})" if f.get("replay") else ""))
    if doc["unreached"]["scenes"]:
        console.print("unreached scenes: " + ", ".join(doc["unreached"]["scenes"][:20]))
    if doc["runs_per_second"]:
        console.print(f"{doc['runs_per_second']:,.0f} runs/s, {doc['steps_per_second']:,.0f} "
                      f"steps/s over {doc['elapsed_seconds']:.1f} s")


def _replay_command(doc: dict[str, Any], finding: dict[str, Any]) -> str:
    """The command that replays a finding's saved run (none when no replay was written)."""
    path = finding.get("replay")
    if not path:
        return "(no replay saved)"
    return (f"<code>bonds replay {html.escape(str(path))} --pack "
            f"{html.escape(str(doc['pack']['path']))}</code>")


def write_html_report(doc: dict[str, Any], total: Block, folder: Path) -> Path:
    """Write ``index.html`` with the figures and plots of their distributions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder.mkdir(parents=True, exist_ok=True)
    plots: list[tuple[str, str]] = []

    def figure(title: str, draw: Any) -> None:
        fig, ax = plt.subplots(figsize=(7, 3.2))
        draw(ax)
        ax.set_title(title)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=90)
        plt.close(fig)
        plots.append((title, base64.b64encode(buffer.getvalue()).decode()))

    endings = sorted(doc["endings"].items(), key=lambda e: -e[1])
    figure("Endings", lambda ax: ax.barh([e for e, _ in endings], [n for _, n in endings]))
    wanted = ("bond.", "suspicion.", "infamy.", "attention.", "day", "injuries", "deaths")
    for key in sorted(total.figures):
        if key.startswith(wanted) and len(set(total.figures[key])) > 1:
            series = total.figures[key]
            figure(key, lambda ax, s=series: ax.hist(s, bins=20))
        if len(plots) >= 40:
            break
    rows = "".join(f"<tr><td>{html.escape(k)}</td><td>{v['median']}</td><td>{v['mean']}</td>"
                   f"<td>{v['min']}</td><td>{v['max']}</td></tr>"
                   for k, v in doc["figures"].items())
    images = "".join(f"<figure><img alt='{html.escape(t)}' src='data:image/png;base64,{b}'>"
                     f"<figcaption>{html.escape(t)}</figcaption></figure>" for t, b in plots)
    # The same fault in many runs is one row: how many runs, and the first run's replay.
    alike: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for kind in FINDING_KINDS.values():
        for f in doc[kind]:
            alike.setdefault((kind, f["scene"], f["message"]), []).append(f)
    findings = "".join(
        f"<tr><td>{html.escape(_SINGULAR[kind])}</td><td>{len(fs):,}</td><td>{fs[0]['seed']}</td>"
        f"<td>{html.escape(scene)}</td><td>{html.escape(message)}</td>"
        f"<td>{_replay_command(doc, fs[0])}</td></tr>"
        for (kind, scene, message), fs in alike.items())
    counts = ", ".join(f"{doc[k + '_count']:,} "
                       f"{_SINGULAR[k] if doc[k + '_count'] == 1 else k.replace('_', ' ')}"
                       for k in FINDING_KINDS.values())
    unreached = "".join(
        f"<h3>{what}</h3><p>{', '.join(html.escape(s) for s in items) or 'none'}</p>"
        for what, items in (("Scenes", doc["unreached"]["scenes"]),
                            ("Choices", doc["unreached"]["choices"]),
                            ("Endings", doc["endings_unreached"])))
    keys = "".join(
        f"<h3>{what}</h3><p>{', '.join(html.escape(k) for k in doc['qualities'][key]) or 'none'}"
        f"</p>" for what, key in (("Read, never written", "read_never_written"),
                                  ("Written, never read", "written_never_read")))
    hits = "".join(
        f"<h3>{what}</h3><table><tr><th>{what[:-1].lower()}</th><th>times</th></tr>"
        + "".join(f"<tr><td>{html.escape(k)}</td><td>{n:,}</td></tr>"
                  for k, n in sorted(doc["hits"][key].items(), key=lambda e: (e[1], e[0])))
        + "</table>" for what, key in (("Scenes", "scenes"), ("Choices", "choices")))
    page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Playtest: {html.escape(doc['pack']['id'])}</title>
<style>body{{font-family:sans-serif;max-width:60rem;margin:auto;padding:1rem}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2rem .5rem}}
figure{{display:inline-block;margin:.5rem}}img{{max-width:100%}}</style></head><body>
<main><h1>Playtest of {html.escape(doc['pack']['id'])} {html.escape(doc['pack']['version'])}</h1>
<p>{doc['runs']:,} runs with the {html.escape(doc['bot'])} bot from seed {doc['seed']};
scenes {doc['coverage']['scenes']['reached']}/{doc['coverage']['scenes']['total']},
choices {doc['coverage']['choices']['reached']}/{doc['coverage']['choices']['total']}.</p>
<h2>Findings</h2><p>{counts} (of the first {MAX_LISTED} of a kind, each fault once, with how
many of those runs met it and the command that replays the first).</p>
<table><tr><th>kind</th><th>runs</th><th>first seed</th><th>scene</th><th>what</th>
<th>replay</th></tr>
{findings or '<tr><td colspan="6">none</td></tr>'}</table>
<h2>Never reached</h2>{unreached}
<h2>Keys</h2>{keys}
<h2>Distributions</h2>{images}
<h2>Hit counts</h2><p>How many times the runs entered each scene and took each choice, fewest
first.</p>{hits}
<h2>Final values</h2><table><tr><th>value</th><th>median</th><th>mean</th><th>min</th>
<th>max</th></tr>{rows}</table></main></body></html>"""
    path = folder / "index.html"
    path.write_text(page, encoding="utf-8")
    return path
