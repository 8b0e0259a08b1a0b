"""Query latency of the search layer: p50/p95 over a fixed set of 50 queries, cold and warm.

    .venv/bin/python bench/bench_search.py --index /tmp/idx [--grep-dir /tmp/unpacked] [--repeat 5]

Categories: plain words, phrases, fielded, faceted (query + facet filters) —
every search also counts all facets over the whole result set and builds the
page's snippets — and citations (ids taken from the index itself, in several
written forms).  "cold" is each query's first run in a fresh process (index
opened, caches empty); "warm" the median of --repeat later runs; "cpu" and
"cold cpu" the same in process time (what the query costs on a loaded machine).  With
--grep-dir, ``grep -ril WORD DIR`` is timed for the plain words and the ratio
printed.  Targets on the 6,712 cables: full-text query with facets p95 < 150 ms,
citation p95 < 20 ms.  Prints a table, then one JSON line of figures.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PLAIN = [
    "security", "nuclear", "elections", "corruption", "oil", "terrorism", "human rights", "military cooperation",
    "drug trafficking", "president", "embassy", "negotiations", "refugees", "sanctions", "chavez",
]
PHRASE = [
    '"human rights"', '"security dialogue"', '"free trade agreement"', '"prime minister"', '"end summary"',
    '"foreign minister"', '"law enforcement"', '"civil society"',
]
FIELDED = [
    "country:PE", "tag:PREL", "class:secret", "origin:tripoli oil", "kind:cable from:2009-01",
    "date:2008 elections", "country:Libya -oil", "marking:C president", "negoti* country:Brazil", "corrupton~",
]
FACETED = [
    ("security", {"year": ["2009"]}),
    ("elections", {"classification": ["CONFIDENTIAL"]}),
    ("oil", {"country": ["Libya", "Nigeria"]}),
    ("", {"tag": ["PREL"], "year": ["2008"]}),
    ("human rights", {"kind": ["cable"], "from": ["2006-01"], "to": ["2009-12"]}),
    ("minister", {"origin": ["Embassy Tripoli"]}),
    ("", {}),
]
N_CITATIONS = 10


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def citation_queries(lib) -> list[str]:
    from corpus.ids import split_id

    every = lib.engine.reader_ids() if hasattr(lib.engine, "reader_ids") else lib.engine.content_hashes()  # Solr
    ids = sorted(i for i in every if split_id(i))
    if not ids:
        return []
    step = max(1, len(ids) // N_CITATIONS)
    chosen = ids[::step][:N_CITATIONS]
    forms = []
    for n, cid in enumerate(chosen):
        yy, station, serial = split_id(cid)
        forms.append(
            [
                cid,
                f"{yy} {station} {serial} ¶1",
                cid.lower() + " para 2",
                f"https://wikileaks.org/cable/20{yy}/01/{cid}.html#par1",
                f"{station} {int(serial):06d}",
            ][n % 5]
        )
    return forms


def workload(lib) -> list[tuple[str, str, dict]]:
    items = [("plain", q, {}) for q in PLAIN]
    items += [("phrase", q, {}) for q in PHRASE]
    items += [("fielded", q, {}) for q in FIELDED]
    items += [("faceted", q, f) for q, f in FACETED]
    items += [("citation", q, {}) for q in citation_queries(lib)]
    return items


def run_once(lib, kind: str, q: str, filters: dict) -> tuple[float, int, float]:
    """(wall ms, hits, CPU ms): on a loaded machine the CPU time is what the query itself costs."""
    start, cpu = time.perf_counter(), time.process_time()
    if kind == "citation":
        lookup = lib.cite(q)
        n = 1 if lookup.found else len(lookup.candidates)
    else:
        n = lib.search(q, filters=filters or None, page_size=20).total
    return (time.perf_counter() - start) * 1000, n, (time.process_time() - cpu) * 1000


def target(value: str) -> Path | str:
    """--index: an index folder, or a Solr collection's solr:// URL (the same benches on Solr)."""
    return value if value.startswith(("solr://", "solrs://")) else Path(value)


def cold_pass(index: Path | str) -> dict[str, list[float]]:
    """Each query once, in this (fresh) process: {"wall": [open ms, ms of each query], "cpu": [the same in CPU ms]}."""
    from search.library import Library

    start, cpu = time.perf_counter(), time.process_time()
    lib = Library.open(index)
    opened, opened_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    runs = [run_once(lib, k, q, f) for k, q, f in workload(lib)]
    return {"wall": [opened, *(r[0] for r in runs)], "cpu": [opened_cpu, *(r[2] for r in runs)]}


def grep_times(grep_dir: Path, words: list[str]) -> dict[str, float]:
    times = {}
    for w in words:
        start = time.perf_counter()
        subprocess.run(["grep", "-ril", "--", w, str(grep_dir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[w] = (time.perf_counter() - start) * 1000
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", type=target, required=True, help="index folder to query, or solr://…/solr/COLLECTION")
    parser.add_argument("--grep-dir", type=Path, help="the same documents unpacked, to compare with grep -ril")
    parser.add_argument("--repeat", type=int, default=5, help="warm runs per query (default 5)")
    parser.add_argument("--cold-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.cold_child:
        print(json.dumps(cold_pass(args.index)))
        return 0

    child = subprocess.run(
        [sys.executable, __file__, "--index", str(args.index), "--cold-child"], capture_output=True, text=True
    )
    if child.returncode != 0:
        print(child.stderr, file=sys.stderr)
        return 1
    cold_runs = json.loads(child.stdout.strip().splitlines()[-1])
    open_ms, cold = cold_runs["wall"][0], cold_runs["wall"][1:]
    cold_cpu = cold_runs["cpu"][1:]

    from search.library import Library

    lib = Library.open(args.index)
    items = workload(lib)
    warm: list[float] = []
    warm_cpu: list[float] = []
    hits: list[int] = []
    for kind, q, f in items:
        run_once(lib, kind, q, f)  # warm-up
        runs = [run_once(lib, kind, q, f) for _ in range(args.repeat)]
        warm.append(statistics.median(r[0] for r in runs))
        warm_cpu.append(statistics.median(r[2] for r in runs))
        hits.append(runs[0][1])

    figures: dict = {"index": str(args.index), "documents": lib.engine.doc_count(), "open_ms": round(open_ms, 1)}
    print(f"index {args.index}: {figures['documents']} documents; open {open_ms:.0f} ms (cold process)")
    print(f"index {args.index}: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; CPU = process time")
    print(f"{'category':<10} {'n':>3} {'cold p50':>9} {'cold p95':>9} {'warm p50':>9} {'warm p95':>9} "
          f"{'cpu p50':>9} {'cpu p95':>9} {'cold cpu p50':>13} {'cold cpu p95':>13}")
    groups = {"plain": ["plain"], "phrase": ["phrase"], "fielded": ["fielded"], "faceted": ["faceted"],
              "full-text": ["plain", "phrase", "fielded", "faceted"], "citation": ["citation"]}
    for name, kinds in groups.items():
        idx = [i for i, it in enumerate(items) if it[0] in kinds]
        c = [cold[i] for i in idx]
        w = [warm[i] for i in idx]
        u = [warm_cpu[i] for i in idx]
        cc = [cold_cpu[i] for i in idx]
        row = {
            "n": len(idx), "cold_p50": percentile(c, 0.5), "cold_p95": percentile(c, 0.95),
            "warm_p50": percentile(w, 0.5), "warm_p95": percentile(w, 0.95),
            "warm_cpu_p50": percentile(u, 0.5), "warm_cpu_p95": percentile(u, 0.95),
            "cold_cpu_p50": percentile(cc, 0.5), "cold_cpu_p95": percentile(cc, 0.95),
        }
        figures[name] = {k: round(v, 2) if isinstance(v, float) else v for k, v in row.items()}
        print(f"{name:<10} {row['n']:>3} {row['cold_p50']:>8.1f}ms {row['cold_p95']:>8.1f}ms "
              f"{row['warm_p50']:>8.1f}ms {row['warm_p95']:>8.1f}ms "
              f"{row['warm_cpu_p50']:>8.1f}ms {row['warm_cpu_p95']:>8.1f}ms "
              f"{row['cold_cpu_p50']:>12.1f}ms {row['cold_cpu_p95']:>12.1f}ms")
    slowest = sorted(zip(warm, items), key=lambda x: -x[0])[:5]
    print("slowest warm: " + "; ".join(f"{it[1] or '(all)'} {ms:.0f} ms" for ms, it in slowest))
    figures["queries"] = [
        {"kind": k, "query": q, "filters": f, "hits": h, "cold_ms": round(c, 2), "cold_cpu_ms": round(cc, 2),
         "warm_ms": round(w, 2)}
        for (k, q, f), h, c, cc, w in zip(items, hits, cold, cold_cpu, warm)
    ]
    if args.grep_dir:
        words = [q for q in PLAIN if " " not in q]
        g = grep_times(args.grep_dir, words)
        ours = {q: warm[i] for i, (k, q, _) in enumerate(items) if k == "plain" and q in g}
        ratio = statistics.median(g[w] / max(ours[w], 1e-3) for w in words)
        figures["grep"] = {"median_ms": round(statistics.median(g.values()), 1), "median_ratio": round(ratio, 1)}
        print(f"grep -ril over {args.grep_dir}: median {statistics.median(g.values()):.0f} ms per word; "
              f"the index is {ratio:.0f}x faster (median ratio, warm, with facets and snippets)")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
