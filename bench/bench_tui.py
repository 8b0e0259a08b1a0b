"""Keystroke-to-results latency of the terminal UI.

A headless Pilot session on the index given by --index: for each query, the query minus its
last character is entered and left to settle, then the last key is pressed; the time runs
from that key press to the results being rendered on screen (the first refresh after the
result list and facets were updated).  A key pressed after a pause searches at once; keys
typed in a burst are searched once the burst ends (tui/screens/search.py, DEBOUNCE_SECONDS).

    .venv/bin/python bench/bench_tui.py --index /tmp/bench-cables-idx -n 40

Prints a JSON line: {"index", "documents", "queries", "p50_ms", "p95_ms", "max_ms", ...}.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from pathlib import Path

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


async def measure(index_dir: Path, n: int) -> dict:
    from textual.widgets import Input

    from tui.app import CablesApp
    from tui.screens import search as search_screen
    from tui.screens.search import SearchScreen

    rendered: list[tuple[str, float]] = []
    original = search_screen.SearchScreen.on_search_screen_searched

    async def stamped(self, message):  # the time the results reach the screen
        await original(self, message)
        if message.generation == self.generation:  # results, or a malformed-query message
            query = message.state.query
            self.call_after_refresh(lambda: rendered.append((query, time.perf_counter())))

    search_screen.SearchScreen.on_search_screen_searched = stamped
    app = CablesApp(index_dir)
    latencies: list[float] = []
    totals: list[int] = []
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(500):
            await pilot.pause(0.01)
            if isinstance(app.screen, SearchScreen) and app.screen.result is not None:
                break
        screen = app.screen
        if not isinstance(screen, SearchScreen):
            raise SystemExit(f"no search screen (is there an index in {index_dir}?)")
        box = screen.query_one("#query", Input)

        async def settle(query: str) -> float:
            for _ in range(3000):
                for seen, when in rendered:
                    if seen == query:
                        return when
                await asyncio.sleep(0.001)
            raise SystemExit(f"no results rendered for {query!r}")

        for i in range(n):
            query = QUERIES[i % len(QUERIES)]
            rendered.clear()
            box.value = query[:-1]
            box.cursor_position = len(box.value)
            if query[:-1].strip():
                await settle(query[:-1])
            rendered.clear()
            pressed = time.perf_counter()
            await pilot.press(query[-1] if query[-1] != '"' else "quotation_mark")
            done = await settle(query)
            latencies.append((done - pressed) * 1000)
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
        "median_hits": statistics.median(totals),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=Path, required=True, help="index folder to search")
    parser.add_argument("-n", type=int, default=30, help="number of queries (cycled from a fixed list)")
    args = parser.parse_args(argv)
    print(json.dumps(asyncio.run(measure(args.index, args.n))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
