"""Latency of the terminal UI: keystroke to results, and start-up to the first results.

Keystrokes (the default): a headless Pilot session on the index given by --index: for each
query, the query minus its last character is entered and left to settle, then the last key is
pressed; the time runs from that key press to the end of the first screen update that paints
the result list after the results (and facets) arrived.  A key pressed after a pause searches
at once; keys typed in a burst are searched once the burst ends (tui/screens/search.py,
DEBOUNCE_SECONDS).

    .venv/bin/python bench/bench_tui.py --index /tmp/bench-cables-idx -n 40

Start-up (--start N): N fresh processes, each launching the real app headless (imports
included, as `cables` does); the time runs from launching the process to the end of the first
screen update that paints a page of results, and on to the one that paints the facets too.

    .venv/bin/python bench/bench_tui.py --index /tmp/bench-cables-idx --start 7

Each mode prints a JSON line: {"index", "documents", "queries", "p50_ms", "p95_ms", "max_ms",
"ui_cpu_p50_ms", "ui_cpu_p95_ms", ...} (ui_cpu: the main thread's CPU time from key to paint, what
the UI itself costs, steadier than wall time on a busy machine; the search runs in a worker thread)
or {"index", "starts", "results_p50_ms", "results_p95_ms", "facets_p50_ms", ...}.  Headless, the
screen updates are computed in full but not written to a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

from bench_search import target

QUERIES = [
    "security dialogue", "peru", "narcotics", "human rights", "elections", "oil", "china", "nuclear",
    "terrorism", "embassy lima", "president", "military cooperation", "free trade", "country:PE",
    "tag:PREL", "class:secret", "\"free trade agreement\"", "minister", "bolivia", "venezuela chavez",
    "refugees", "sanctions", "mining", "visit", "corruption", "police", "drug trafficking", "climate",
    "energy", "cuba",
]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def watch_paints(on_paint) -> None:
    """Call ``on_paint(painted, when)`` at the end of each screen update that painted the result
    list or the facet panel; ``painted`` names which ("results", "facets")."""
    from textual.screen import Screen
    from textual.widgets import OptionList

    from tui.widgets.facets import FacetPanel
    from tui.widgets.results import ResultList

    painted: set[str] = set()
    for cls, name in ((ResultList, "results"), (FacetPanel, "facets")):
        def render_lines(self, crop, _name=name):
            painted.add(_name)
            return OptionList.render_lines(self, crop)
        cls.render_lines = render_lines
    refresh = Screen._compositor_refresh

    def compositor_refresh(self) -> None:
        refresh(self)
        if painted:
            on_paint(set(painted), time.perf_counter())
            painted.clear()

    Screen._compositor_refresh = compositor_refresh


async def measure(index_dir: Path, n: int) -> dict:
    from textual.widgets import Input

    from tui.app import CablesApp
    from tui.screens import search as search_screen
    from tui.screens.search import SearchScreen

    rendered: list[tuple[str, float, float]] = []  # query, when painted, main-thread CPU time by then
    arrived: list[str] = []  # the query whose results reached the screen, until they are painted
    original = search_screen.SearchScreen.on_search_screen_searched

    async def stamped(self, message):
        await original(self, message)
        if message.generation == self.generation:  # results, or a malformed-query message
            arrived[:] = [message.state.query]
            if message.result is None:  # nothing to paint in the list: the status line says it
                rendered.append((message.state.query, time.perf_counter(), time.thread_time()))

    def painted(what: set[str], when: float) -> None:
        if arrived and "results" in what:
            rendered.append((arrived.pop(), when, time.thread_time()))

    search_screen.SearchScreen.on_search_screen_searched = stamped
    watch_paints(painted)
    app = CablesApp(index_dir)
    latencies: list[float] = []
    ui_cpu: list[float] = []  # the main thread's CPU time from the key to the paint: what the UI costs
    totals: list[int] = []
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(50000):
            await pilot.pause(0.01)
            if isinstance(app.screen, SearchScreen) and app.screen.result is not None:
                break
        screen = app.screen
        if not isinstance(screen, SearchScreen):
            raise SystemExit(f"no search screen (is there an index in {index_dir}?)")
        box = screen.query_one("#query", Input)

        async def settle(query: str) -> tuple[float, float]:
            for _ in range(30000):
                for seen, when, cpu in rendered:
                    if seen == query:
                        return when, cpu
                await asyncio.sleep(0.001)
            raise SystemExit(f"no results rendered for {query!r}")

        for i in range(n):
            query = QUERIES[i % len(QUERIES)]
            rendered.clear()
            box.value = query[:-1]
            box.cursor_position = len(box.value)
            if query[:-1].strip():
                await settle(query[:-1])
            await pilot.pause(0.05)  # a pause, as between words: the next key searches at once
            rendered.clear()
            pressed, cpu = time.perf_counter(), time.thread_time()
            await pilot.press(query[-1] if query[-1] != '"' else "quotation_mark")
            done, cpu_done = await settle(query)
            latencies.append((done - pressed) * 1000)
            ui_cpu.append((cpu_done - cpu) * 1000)
            totals.append(screen.result.total if screen.result else 0)
        documents = screen.result.total if screen.result else None
        stats = app.library.stats() if app.library is not None else {}
    return {
        "index": str(index_dir),
        "documents": stats.get("documents", documents),
        "queries": n,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95), 1),
        "max_ms": round(max(latencies), 1),
        "ui_cpu_p50_ms": round(statistics.median(ui_cpu), 1),
        "ui_cpu_p95_ms": round(percentile(ui_cpu, 0.95), 1),
        "median_hits": statistics.median(totals),
    }


async def start_child(index_dir: Path) -> dict:
    """In a fresh process: the wall-clock moments the first results and the facets were painted."""
    import tui.cli  # noqa: F401 — what `cables` imports before it opens the app
    from tui.app import CablesApp
    from tui.screens.search import SearchScreen
    from tui.widgets.facets import FacetPanel
    from tui.widgets.results import ResultList

    seen: dict[str, float] = {}
    app = CablesApp(index_dir)

    def painted(what: set[str], when: float) -> None:
        screen = app.screen
        if not isinstance(screen, SearchScreen) or screen.result is None:
            return
        wall = time.time() - (time.perf_counter() - when)
        if "results" not in seen and screen.query_one(ResultList).option_count:
            seen["results"] = wall
        if "facets" not in seen and screen.query_one(FacetPanel).option_count:
            seen["facets"] = wall

    watch_paints(painted)
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(12000):
            if len(seen) == 2:
                break
            await pilot.pause(0.01)
    return seen


def measure_start(index_dir: Path, runs: int) -> dict:
    import os
    import subprocess
    import sys

    # As an installed copy starts: with Python's bytecode cache (written by a first, uncounted run)
    # and the index in the disk cache.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    results: list[float] = []
    facets: list[float] = []
    for run in range(runs + 1):
        launched = time.time()
        out = subprocess.run([sys.executable, __file__, "--index", str(index_dir), "--start-child"],
                             capture_output=True, text=True, check=True, env=env).stdout
        if not run:
            continue
        seen = json.loads(out.strip().splitlines()[-1])
        if "results" not in seen:
            raise SystemExit(f"no results painted within 120 s (is there an index in {index_dir}?)")
        results.append((seen["results"] - launched) * 1000)
        facets.append((seen.get("facets", float("inf")) - launched) * 1000)
    return {
        "index": str(index_dir),
        "starts": runs,
        "results_p50_ms": round(statistics.median(results)),
        "results_p95_ms": round(percentile(results, 0.95)),
        "facets_p50_ms": round(statistics.median(facets)),
        "facets_p95_ms": round(percentile(facets, 0.95)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=target, required=True, help="index folder to search, or solr://…/solr/COLLECTION")
    parser.add_argument("-n", type=int, default=30, help="number of queries (cycled from a fixed list)")
    parser.add_argument("--start", type=int, metavar="RUNS", help="measure start-up instead, in RUNS fresh processes")
    parser.add_argument("--start-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.start_child:
        figures = asyncio.run(start_child(args.index))
    elif args.start:
        figures = measure_start(args.index, args.start)
    else:
        figures = asyncio.run(measure(args.index, args.n))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
