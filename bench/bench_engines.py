"""The same corpus through both engines, side by side: ingest rate, index size, query and cite latency.

    .venv/bin/python bench/bench_engines.py ../shared/corpus/cables/wikileaks-html-6712.tar.xz \\
        [--engine solr://HOST:PORT[,…]/solr/COLLECTION] [--shards 2] [--replicas 1] [--repeat 5] [--keep]

Whoosh: `cables ingest` into a fresh folder.  Solr: ``--engine`` names the collection (created
with ``cables solr init``; dropped at the end unless --keep); without it, the local SolrCloud
of tests/solr/cluster.py (started when not running; credentials from its file) and a fresh
collection.  Both ingests run through the same `index.ingest.ingest` with the same parser
processes (--workers, default every core), so the difference is the writer side.

Measured per engine: ingest seconds and documents/s; index size (Whoosh: the folder; Solr: one
copy, the shard leaders, as Solr reports it); query latency with facets (the 30 queries of
QUERIES, each --repeat times after one warm-up run: p50 and p95 of every run); cite latency
(10 citations of ids from the corpus, in their written forms).  Prints a Markdown table, the
load average (the machine is shared: note it with the figures), then one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

QUERIES = [
    ("security", {}), ("nuclear", {}), ("elections", {}), ("corruption", {}), ("human rights", {}),
    ("military cooperation", {}), ("drug trafficking", {}), ("negotiations", {}), ("chavez", {}),
    ('"human rights"', {}), ('"security dialogue"', {}), ('"free trade agreement"', {}), ('"prime minister"', {}),
    ("country:PE", {}), ("tag:PREL", {}), ("class:secret", {}), ("origin:tripoli oil", {}),
    ("kind:cable from:2009-01", {}), ("date:2008 elections", {}), ("country:Libya -oil", {}),
    ("negoti* country:Brazil", {}), ("peru OR chile", {}),
    ("security", {"year": ["2009"]}), ("elections", {"classification": ["CONFIDENTIAL"]}),
    ("oil", {"country": ["Libya", "Nigeria"]}), ("", {"tag": ["PREL"], "year": ["2008"]}),
    ("human rights", {"kind": ["cable"], "from": ["2006-01"], "to": ["2009-12"]}), ("", {}),
    ("minister", {"origin": ["Embassy Tripoli"]}), ("energy", {"tag": ["ENRG", "EPET"]}),
]
N_CITATIONS = 10


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def citations(lib) -> list[str]:
    """N_CITATIONS cable ids of the index, in the forms people write them, spread over the years."""
    page = lib.search("kind:cable", sort="oldest", page_size=2000)
    ids = [h.id for h in page.hits]
    step = max(1, len(ids) // N_CITATIONS)
    forms = []
    for n, cid in enumerate(ids[::step][:N_CITATIONS]):
        forms.append([cid, f"{cid} ¶1", cid.lower() + " para 2", f"REF: {cid}"][n % 4])
    return forms


def timed(fn) -> float:
    began = time.perf_counter()
    fn()
    return (time.perf_counter() - began) * 1000


def measure(target, corpus: list[str], workers: int | None, repeat: int) -> dict:
    from index.ingest import ingest
    from search.library import Library

    began = time.perf_counter()
    report = ingest(corpus, target, workers=workers)
    seconds = time.perf_counter() - began
    documents = report.new + report.updated
    with Library.open(target) as lib:
        stats = lib.stats()
        size = stats["size_bytes"] if stats.get("engine") == "solr" else _folder_size(Path(target))
        query_ms = []
        for query, filters in QUERIES:
            lib.search(query, filters=filters)  # warm-up: caches, connections
            query_ms += [timed(lambda q=query, f=filters: lib.search(q, filters=f)) for _ in range(repeat)]
        forms = citations(lib)
        cite_ms = []
        for form in forms:
            lib.cite(form)
            cite_ms += [timed(lambda f=form: lib.cite(f)) for _ in range(repeat)]
    return {
        "documents": stats["documents"], "ingested": documents, "rejected": report.rejected,
        "ingest_s": round(seconds, 1), "docs_per_s": round(documents / seconds, 1),
        "size_mb": round(size / 1e6, 1),
        "query_p50_ms": round(percentile(query_ms, 0.5), 1), "query_p95_ms": round(percentile(query_ms, 0.95), 1),
        "cite_p50_ms": round(percentile(cite_ms, 0.5), 1), "cite_p95_ms": round(percentile(cite_ms, 0.95), 1),
        "layout": f"{stats.get('shards')} shards x {stats.get('replicas', 0) // max(1, stats.get('shards') or 1)}"
        if stats.get("engine") == "solr" else "one folder",
    }


def _folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def local_collection(shards: int, replicas: int) -> str:
    """A fresh collection on the local SolrCloud of tests/solr (started when not running)."""
    from tests.solr import cluster as local

    running, _started = local.start()
    os.environ.setdefault("CABLES_SOLR_CREDENTIALS", running.credentials_file)
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in running.urls)
    return f"solr://{hosts}/solr/bench_{uuid.uuid4().hex[:8]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="+")
    parser.add_argument("--engine", help="an existing SolrCloud: solr://HOST:PORT/solr/COLLECTION")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--replicas", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the Solr collection")
    args = parser.parse_args()
    from index.solr.engine import SolrEngine, init_collection

    url = args.engine or local_collection(args.shards, args.replicas)
    folder = Path(tempfile.mkdtemp(prefix="bench-engines-"))
    load_before = os.getloadavg()
    try:
        rows = {"whoosh": measure(folder / "index", args.corpus, args.workers, args.repeat)}
        init_collection(url, shards=args.shards, replicas=args.replicas)
        rows["solr"] = measure(url, args.corpus, args.workers, args.repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not args.keep:
            with SolrEngine.open(url, check=False) as engine:
                if engine.collection in engine.client.collections():
                    engine.client.delete_collection(engine.collection)
    load_after = os.getloadavg()
    keys = list(rows["whoosh"])
    print("| figure | Whoosh | Solr |\n|---|---|---|")
    for key in keys:
        print(f"| {key} | {rows['whoosh'][key]} | {rows['solr'][key]} |")
    print(f"\nload average before {load_before[0]:.2f}, after {load_after[0]:.2f} (2 cores, shared)")
    print(json.dumps({"corpus": args.corpus, "engines": rows, "load": [load_before[0], load_after[0]],
                      "median_query_ratio": round(rows["solr"]["query_p50_ms"] / max(rows["whoosh"]["query_p50_ms"], 0.01), 2)}))  # noqa: E501


if __name__ == "__main__":
    main()
