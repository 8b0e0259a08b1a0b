"""The whole search path at several index sizes, in one table (issue 7's scale table).

    .venv/bin/python bench/bench_scale.py --index 6712=/work/scale/index-6712 \\
        --index 251287=/work/scale/index-251287 [--ingest 251287=ingest.json] [--runs 7]

For each index (``LABEL=FOLDER``): the 50 queries of bench/bench_search.py (warm p50/p95 of
full-text, faceted and phrase queries, every one with all facets and snippets; citation
look-up p95), the whole commands ``cables cite ID`` and ``cables search Q`` (median wall
time of --runs fresh processes: start-up, imports and index opening included; ``cables search``
also over held-out queries no bench tunes on, HELD_OUT_WORDS and HELD_OUT_PHRASES), and the TUI
keystroke-to-results latency of bench/bench_tui.py.  Ingest figures are read from the JSON
line bench/bench_ingest.py prints (``--ingest LABEL=FILE``) when given.  The machine's load
(``uptime``) is printed with the table: the figures are only as quiet as the machine.
Prints the table, then one JSON line of every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CABLES = Path(sys.executable).with_name("cables")
SEARCH_QUERY = "human rights"
# The whole `cables search` commands are also timed over queries no bench tunes on (held out from
# bench_search.py, bench_tui.py and the relevance bench): the median over the queries of each
# query's median of --runs.
HELD_OUT_WORDS = ["visa fraud", "opium", "coup", "gas pipeline", "piracy", "election observers"]
HELD_OUT_PHRASES = ['"death penalty"', '"trade union"', '"armed forces"', '"climate change"']


def _last_json(text: str) -> dict:
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            return json.loads(line)
    raise ValueError(f"no JSON line in:\n{text[-2000:]}")


def _run(args: list[str]) -> str:
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def search_figures(index: Path, repeat: int) -> dict:
    figures = _last_json(_run([str(BENCH / "bench_search.py"), "--index", str(index), "--repeat", str(repeat)]))
    cite = next((q["query"] for q in figures["queries"] if q["kind"] == "citation" and q["hits"]), None)
    return {
        "documents": figures["documents"],
        "full-text p50": figures["full-text"]["warm_p50"],
        "full-text p95": figures["full-text"]["warm_p95"],
        "full-text cpu p50": figures["full-text"]["warm_cpu_p50"],
        "full-text cpu p95": figures["full-text"]["warm_cpu_p95"],
        "faceted p95": figures["faceted"]["warm_p95"],
        "faceted cpu p95": figures["faceted"]["warm_cpu_p95"],
        "phrase p95": figures["phrase"]["warm_p95"],
        "phrase cpu p95": figures["phrase"]["warm_cpu_p95"],
        "citation p95": figures["citation"]["warm_p95"],
        "full-text first p50": figures["full-text"]["cold_p50"],
        "full-text first p95": figures["full-text"]["cold_p95"],
        "phrase first p95": figures["phrase"]["cold_p95"],
        "open ms": figures["open_ms"],
        "_cite_id": cite,
    }


def command_ms(args: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``cables ARGS`` in a fresh process
    (one warm-up run first: disk cache).  On a loaded machine the CPU time is the steadier figure:
    the wall time then includes waiting for a core.

    Run as an installed copy runs: with Python's bytecode cache (a sandbox that sets
    PYTHONDONTWRITEBYTECODE makes every start compile the project's modules again, ~95 ms)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    times, cpu = [], []
    for i in range(runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([str(CABLES), *args], capture_output=True, text=True, env=env)
        elapsed = (time.perf_counter() - start) * 1000
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise SystemExit(f"cables {' '.join(args)} failed:\n{done.stderr[-2000:]}")
        if i:
            times.append(elapsed)
            cpu.append((after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000)
    return statistics.median(times), statistics.median(cpu)


def tui_figures(index: Path, n: int) -> dict:
    figures = _last_json(_run([str(BENCH / "bench_tui.py"), "--index", str(index), "-n", str(n)]))
    start = _last_json(_run([str(BENCH / "bench_tui.py"), "--index", str(index), "--start", "7"]))
    out = {"TUI keystroke p50": figures["p50_ms"], "TUI keystroke p95": figures["p95_ms"],
           "TUI start p50": start["results_p50_ms"], "TUI start p95": start["results_p95_ms"],
           "TUI start facets p50": start["facets_p50_ms"]}
    if shutil.which("tmux"):  # the real `cables` in a real terminal, typed key by key
        seen = _last_json(_run([str(BENCH / "bench_terminal.py"), "--index", str(index), "-n", "16"]))
        out.update({"terminal keystroke p50": seen["p50_ms"], "terminal keystroke max": seen["max_ms"],
                    "terminal start": seen["start_ms"]})
    return out


def ingest_figures(path: Path) -> dict:
    figures = _last_json(path.read_text(encoding="utf-8"))
    out = {"ingest s": figures.get("seconds"), "ingest cables/s": figures.get("records_per_s")}
    if figures.get("peak_rss_mb_all_processes") is not None:  # the writer and its parsers at once
        out["ingest peak MB"] = figures["peak_rss_mb_all_processes"]
    return {k: v for k, v in out.items() if v is not None}


ROWS = [
    ("ingest s", "ingest from the .tar (s)"),
    ("ingest cables/s", "ingest rate (cables/s)"),
    ("ingest peak MB", "ingest peak memory (MB)"),
    ("full-text p50", "full-text + facets + snippets, warm p50 (ms)"),
    ("full-text p95", "full-text + facets + snippets, warm p95 (ms)"),
    ("full-text cpu p50", "  the same, CPU time p50 (ms)"),
    ("full-text cpu p95", "  the same, CPU time p95 (ms)"),
    ("faceted p95", "faceted (query + filters), warm p95 (ms)"),
    ("faceted cpu p95", "  the same, CPU time p95 (ms)"),
    ("phrase p95", "phrase, warm p95 (ms)"),
    ("phrase cpu p95", "  the same, CPU time p95 (ms)"),
    ("citation p95", "citation look-up p95 (ms)"),
    ("open ms", "opening the index in a fresh process (ms)"),
    ("full-text first p50", "full-text, first run in a fresh process, p50 (ms)"),
    ("full-text first p95", "full-text, first run in a fresh process, p95 (ms)"),
    ("phrase first p95", "phrase, first run in a fresh process, p95 (ms)"),
    ("cite command", "`cables cite ID`, median wall (ms)"),
    ("cite command cpu", "`cables cite ID`, median CPU (ms)"),
    ("search command", f"`cables search '{SEARCH_QUERY}'`, median wall (ms)"),
    ("search command cpu", f"`cables search '{SEARCH_QUERY}'`, median CPU (ms)"),
    ("held-out words", f"`cables search` over {len(HELD_OUT_WORDS)} held-out word queries, median wall (ms)"),
    ("held-out words cpu", "  the same, median CPU (ms)"),
    ("held-out phrases", f"`cables search` over {len(HELD_OUT_PHRASES)} held-out phrases, median wall (ms)"),
    ("held-out phrases cpu", "  the same, median CPU (ms)"),
    ("TUI keystroke p50", "TUI keystroke to results p50 (ms)"),
    ("TUI keystroke p95", "TUI keystroke to results p95 (ms)"),
    ("TUI start p50", "`cables` to the first results on screen, p50 (ms)"),
    ("TUI start p95", "`cables` to the first results on screen, p95 (ms)"),
    ("TUI start facets p50", "`cables` to the facets on screen, p50 (ms)"),
    ("terminal keystroke p50", "in tmux: last key to the new hit count on screen, p50 (ms)"),
    ("terminal keystroke max", "in tmux: the same, worst of 16 queries (ms)"),
    ("terminal start", "in tmux: `cables` to the first hit count on screen (ms)"),
]


def measure(label: str, index: Path, args: argparse.Namespace, ingest: dict[str, Path]) -> dict:
    figures: dict = {"index": str(index), "load before": os.getloadavg()[0]}
    if label in ingest:
        figures.update(ingest_figures(ingest[label]))
    figures.update(search_figures(index, args.repeat))
    cite_id = figures.pop("_cite_id")
    if cite_id:
        figures["cite command"], figures["cite command cpu"] = command_ms(
            ["cite", "--index", str(index), cite_id], args.runs)
    figures["search command"], figures["search command cpu"] = command_ms(
        ["search", "--index", str(index), SEARCH_QUERY], args.runs)
    for key, queries in (("held-out words", HELD_OUT_WORDS), ("held-out phrases", HELD_OUT_PHRASES)):
        runs = [command_ms(["search", "--index", str(index), q], args.runs) for q in queries]
        figures[key] = statistics.median(r[0] for r in runs)
        figures[key + " cpu"] = statistics.median(r[1] for r in runs)
    if not args.no_tui:
        figures.update(tui_figures(index, args.tui_n))
    figures["load after"] = os.getloadavg()[0]
    return figures


def table(results: dict[str, dict]) -> str:
    labels = list(results)
    lines = ["| | " + " | ".join(f"{results[lab].get('documents', lab)} documents" for lab in labels) + " |",
             "|---|" + "---|" * len(labels)]
    for key, title in ROWS:
        if not any(key in results[lab] for lab in labels):
            continue
        cells = []
        for lab in labels:
            value = results[lab].get(key)
            cells.append("—" if value is None else f"{value:,.1f}" if isinstance(value, float) else f"{value:,}")
        lines.append(f"| {title} | " + " | ".join(cells) + " |")
    loads = ", ".join(f"{lab}: {results[lab]['load before']:.1f}–{results[lab]['load after']:.1f}" for lab in labels)
    lines.append(f"\nload average (1 min) while measuring: {loads}; {os.cpu_count()} cores")
    return "\n".join(lines)


def _pairs(values: list[str], what: str, kind=Path) -> dict:  # noqa: ANN001 - Path or bench_search.target
    out = {}
    for value in values:
        label, sep, path = value.partition("=")
        if not sep:
            raise SystemExit(f"{what} must be LABEL=PATH, got {value!r}")
        out[label] = kind(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", action="append", required=True,
                        help="LABEL=FOLDER or LABEL=solr://…/solr/COLLECTION (repeat for each size)")
    parser.add_argument("--ingest", action="append", default=[], help="LABEL=FILE with bench_ingest.py's JSON line")
    parser.add_argument("--repeat", type=int, default=3, help="warm runs per query in bench_search.py")
    parser.add_argument("--runs", type=int, default=5, help="runs of each whole command (median)")
    parser.add_argument("--tui-n", type=int, default=30, help="keystrokes timed in the TUI")
    parser.add_argument("--no-tui", action="store_true", help="skip the TUI keystroke bench")
    args = parser.parse_args(argv)
    from bench_search import target

    indexes = _pairs(args.index, "--index", target)
    ingest = _pairs(args.ingest, "--ingest")
    results = {label: measure(label, path, args, ingest) for label, path in indexes.items()}
    print(table(results))
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
