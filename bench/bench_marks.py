"""What the user's marks cost a search: warm p50/p95 with no marks, then with N marks.

    .venv/bin/python bench/bench_marks.py --index /tmp/idx [--marks 50,500] [--repeat 5]

With marks, every search also counts the "my tags" facet (documents per tag among the hits:
one more engine search restricted to the marked ids) and `mytag:` queries filter by id.  The
marks go in a store of their own in a temporary folder (the index's own store is not touched):
N cables of the index, picked evenly, one of five tags each, every third one at its first
paragraph.  Prints a table, then one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_search import FACETED, FIELDED, PHRASE, PLAIN, percentile  # noqa: E402

TAGS = ("briefing", "peru", "oil", "follow-up", "sofa")
MARK_QUERIES = ["mytag:peru", "marked:yes", "security mytag:briefing", "oil marked:no"]


def _mark(lib, store, count: int) -> None:  # noqa: ANN001
    ids = [h.id for h in lib.search("", sort="newest", page_size=min(10_000, lib.engine.doc_count())).hits]
    step = max(1, len(ids) // count)
    for n, id in enumerate(ids[::step][:count]):
        record = lib.get(id)
        para = next((p.number for p in record.paragraphs if p.number), None) if n % 3 == 0 else None
        store.mark(id, para, tags=[TAGS[n % len(TAGS)]], note=f"bench {n}")


def _timed(lib, queries, repeat: int) -> list[float]:  # noqa: ANN001
    times = []
    for query, filters in queries:
        lib.search(query, filters=filters)  # warm up
        runs = []
        for _ in range(repeat):
            start = time.perf_counter()
            lib.search(query, filters=filters)
            runs.append((time.perf_counter() - start) * 1000)
        times.append(statistics.median(runs))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True)
    parser.add_argument("--marks", default="50,500", help="mark counts to measure, comma-separated")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from index.engines import open_engine
    from search.library import Library
    from search.userdata import UserData

    queries = [(q, None) for q in PLAIN + PHRASE + FIELDED] + list(FACETED)
    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for count in [0, *map(int, args.marks.split(","))]:
            store = UserData(Path(tmp) / f"{count}.userdata.sqlite")
            lib = Library(open_engine(args.index), store)
            _mark(lib, store, count) if count else None
            times = _timed(lib, queries, args.repeat)
            row = {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}
            if count:
                mine = _timed(lib, [(q, None) for q in MARK_QUERIES], args.repeat)
                row |= {"mytag_p50_ms": percentile(mine, 0.5), "mytag_p95_ms": percentile(mine, 0.95)}
            figures[str(count)] = row
            lib.close()
    print(f"{'marks':>6} {'p50 ms':>8} {'p95 ms':>8} {'mytag p50':>10} {'mytag p95':>10}")
    for count, row in figures.items():
        print(f"{count:>6} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} {row.get('mytag_p50_ms', float('nan')):10.1f} "
              f"{row.get('mytag_p95_ms', float('nan')):10.1f}")
    print(json.dumps({"index": args.index, "queries": len(queries), "figures": figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
