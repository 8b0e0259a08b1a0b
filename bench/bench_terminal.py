"""The terminal UI as a person sees it: the real `cables` in a real terminal (tmux), typed key by key.

    .venv/bin/python bench/bench_terminal.py --index IDX [-n 16] [--gap 0.12]

Starts ``cables --index IDX`` in a detached tmux session (160×48), waits for the first results
on screen (start-up: launch to "N hits" on the screen), then for each query types every
character but the last one key by key (``--gap`` seconds apart, a typist's pace), waits for the
screen to settle, types the last key and polls the screen (``tmux capture-pane``, every 2 ms)
until it shows the query's own hit count, which this script asks the index for beforehand
(``Library.search``).  Where the last key does not change the count (``security dialogu`` finds
what ``security dialogue`` finds: one stem), the timed key is the last one that does (``o`` of
``security dialo``) and the rest is typed after: a count that did not change cannot be seen to
arrive.  The time from the key to the count on screen is what a person waits for: the key's
journey through the terminal, the debounce, the search in a worker thread, the redraw, the
terminal's paint.

Prints one JSON line: {"index", "documents", "queries", "start_ms", "p50_ms", "p95_ms",
"max_ms", "per_query": {query: ms}, "load_avg"}.
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
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_search import target  # noqa: E402
from bench_tui import QUERIES  # noqa: E402

CABLES = Path(sys.executable).with_name("cables")
SESSION = f"cables-bench-{os.getpid()}"
_COUNT = re.compile(r"(\d+) hits?\b")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def screen() -> str:
    return tmux("capture-pane", "-p", "-t", SESSION)


def wait_for(predicate, timeout: float = 30.0, every: float = 0.002) -> float | None:  # noqa: ANN001
    """Seconds until ``predicate(screen text)`` holds (polling), None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if predicate(screen()):
            return time.perf_counter() - start
        time.sleep(every)
    return None


def shows(total: int):  # noqa: ANN201 - a predicate over the screen's text
    want = re.compile(rf"(?<![\d,]){total} hits?\b")
    return lambda text: want.search(text) is not None


def timed_keys(index: Path, queries: list[str]) -> dict[str, tuple[int, int, int]]:
    """query -> (k, hits of q[:k-1], hits of q[:k]): the last key k whose press changes the count."""
    from search.library import Library, QueryError

    def total(lib, text: str) -> int | None:  # noqa: ANN001
        try:
            return lib.search(text).total if text.strip() else None
        except QueryError:
            return None

    out = {}
    with Library.open(index) as lib:
        for q in queries:
            after = total(lib, q)
            for k in range(len(q), 1, -1):
                before = total(lib, q[: k - 1])
                if after is not None and before is not None and before != after:
                    out[q] = (k, before, after)
                    break
                after = before
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=target, required=True, help="index folder, or solr://…/solr/COLLECTION")
    ap.add_argument("-n", type=int, default=len(QUERIES), help="how many of bench_tui's queries")
    ap.add_argument("--gap", type=float, default=0.12, help="seconds between keys while typing (default 0.12)")
    args = ap.parse_args(argv)
    if not shutil.which("tmux"):
        print("bench_terminal: tmux is not installed", file=sys.stderr)
        return 2
    keys = timed_keys(args.index, QUERIES[: args.n])
    queries = list(keys)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["TERM"] = "xterm-256color"
    launched = time.perf_counter()
    subprocess.run(["tmux", "new-session", "-d", "-s", SESSION, "-x", "160", "-y", "48",
                    f"{CABLES} --index {args.index}"], check=True, env=env)
    try:
        start = wait_for(lambda text: _COUNT.search(text) is not None, timeout=60)
        start_ms = None if start is None else (time.perf_counter() - launched) * 1000
        per_query: dict[str, float] = {}
        missed: dict[str, list[str]] = {}  # query -> the screen's count line when its count never came
        for q in queries:
            k, before, after = keys[q]
            tmux("send-keys", "-t", SESSION, "C-u")  # clear the search box
            time.sleep(0.5)  # (a key sent at once after it was lost, now and then)
            for ch in q[: k - 1]:
                tmux("send-keys", "-t", SESSION, "-l", ch)
                time.sleep(args.gap)
            wait_for(shows(before), timeout=30)
            time.sleep(0.3)  # settled: nothing left of the prefix's search
            tmux("send-keys", "-t", SESSION, "-l", q[k - 1])
            waited = wait_for(shows(after), timeout=30)
            if waited is not None:
                per_query[q[:k]] = round(waited * 1000, 1)
            else:
                missed[q[:k]] = [line.strip() for line in screen().splitlines() if _COUNT.search(line)][-1:]
            for ch in q[k:]:
                tmux("send-keys", "-t", SESSION, "-l", ch)
                time.sleep(args.gap)
        times = sorted(per_query.values())
        figures = {
            "index": str(args.index), "queries": len(times), "start_ms": start_ms and round(start_ms),
            "p50_ms": round(statistics.median(times), 1) if times else None,
            "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))], 1) if times else None,
            "max_ms": times[-1] if times else None, "per_query": per_query, "missed": missed,
            "left_out": [q for q in QUERIES[: args.n] if q not in keys], "load_avg": round(os.getloadavg()[0], 2),
        }
        print(json.dumps(figures))
    finally:
        subprocess.run(["tmux", "kill-session", "-t", SESSION], capture_output=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
