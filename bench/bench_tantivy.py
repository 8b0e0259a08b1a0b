"""The yardstick: the same cables and queries in tantivy (Rust, through PyPI ``tantivy``).

    .venv/bin/python bench/bench_tantivy.py --index IDX [--keep /tmp/tv-idx] [--repeat 5]

Reads the records of the cablesearch index in ``--index`` (through its citation table,
index/citetable.py, in id order: reading is not counted), indexes their title and body text
(tantivy's ``en_stem``) and four facet fields (country, year, classification, kind) with ONE
indexing thread, then runs bench/bench_search.py's plain-word, phrase and faceted queries: each
query is its count, its top 20, and three facet aggregations (country, year, classification)
over all its hits, the work a cablesearch search does besides snippets; then the same queries
on the cablesearch index in the same process, as the same work ("ours": count, top 20 records and
every facet, no snippets; timed first).  Warm: the median of
``--repeat`` runs after one warm-up; "first" is each query's first run in the process.

Prints a table and one JSON line: {"documents", "index_s", "index_docs_per_s", "index_mb",
"first": {...}, "warm": {"plain": {"p50", "p95"}, "phrase": …, "faceted": …, "full-text": …}}.
``pip install -e '.[bench]'`` brings tantivy.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_search import FACETED, PHRASE, PLAIN, percentile  # noqa: E402

FACET_FIELDS = ("country", "year", "classification", "kind")
AGGREGATED = ("country", "year", "classification")


def records(index: Path):
    """Every record of the index, in id order, with no Whoosh opened."""
    from index.citetable import open_table

    table = open_table(index)
    if table is None:
        raise SystemExit(f"bench_tantivy: {index} has no current citation table (run `cables ingest` on it)")
    with table:
        for id in table.ids():
            yield table.get(id)


def build(index: Path, out: Path) -> tuple[object, dict]:
    import tantivy

    from index.fields import record_fields

    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", stored=True, tokenizer_name="raw")
    builder.add_text_field("title", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=False, tokenizer_name="en_stem")
    for name in FACET_FIELDS:
        builder.add_text_field(name, stored=False, fast=True, tokenizer_name="raw")
    schema = builder.build()
    tv = tantivy.Index(schema, path=str(out))
    docs = []
    for record in records(index):
        f = record_fields(record, "")
        docs.append({"id": record.id, "title": f.get("title") or "", "body": f.get("body") or "",
                     **{k: _values(f.get(k)) for k in FACET_FIELDS}})
    writer = tv.writer(heap_size=256_000_000, num_threads=1)
    start = time.perf_counter()
    for d in docs:
        writer.add_document(tantivy.Document(**{k: v for k, v in d.items() if v}))
    writer.commit()
    writer.wait_merging_threads()
    seconds = time.perf_counter() - start
    tv.reload()
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return tv, {"documents": len(docs), "index_s": round(seconds, 1),
                "index_docs_per_s": round(len(docs) / seconds), "index_mb": round(size / 2**20, 1)}


def _values(value) -> list[str]:  # noqa: ANN001 - a field value: None, one string or comma-joined
    if not value:
        return []
    return [v for v in (value if isinstance(value, list) else str(value).split(",")) if v]


def run(tv, text: str, filters: dict) -> int:  # noqa: ANN001 - tantivy.Index
    import tantivy

    query = tv.parse_query(text, ["title", "body"]) if text else tantivy.Query.all_query()
    clauses = [(tantivy.Occur.Must, query)]
    for key, values in filters.items():
        if key in FACET_FIELDS:
            clauses.append((tantivy.Occur.Must, tantivy.Query.boolean_query(
                [(tantivy.Occur.Should, tantivy.Query.term_query(tv.schema, key, v)) for v in values])))
    if len(clauses) > 1:
        query = tantivy.Query.boolean_query(clauses)
    searcher = tv.searcher()
    found = searcher.search(query, 20, count=True)
    searcher.aggregate(query, {name: {"terms": {"field": name, "size": 100}} for name in AGGREGATED})
    return found.count


def ours(index: Path):
    """The same work on the cablesearch index, in this process (before tantivy's index is built, so
    that its documents do not weigh on this one): the query's count, its top 20 (re-ranked by
    where the words stand, as every search is, with their stored records) and its facets (all
    seven, where tantivy aggregates three), without the snippets."""
    from search.library import Library, filter_trees
    from search.query import parse_query

    lib = Library.open(index)

    def once(text: str, filters: dict) -> int:
        parsed = parse_query(text)
        page = lib.engine.search(parsed.query, filter_trees(filters or None), sort="relevance", start=0, size=20,
                                 scored=parsed.has_text, words=[w.word for w in parsed.words])
        return page.total

    return once


def timed(once, items: list, repeat: int) -> tuple[list[float], list[float]]:  # noqa: ANN001 - (query, filters) -> count
    """Each query's first run (ms), then the median of ``repeat`` runs after it."""
    first, warm = [], []
    for _, q, f in items:
        t = time.perf_counter()
        once(q, f)
        first.append((time.perf_counter() - t) * 1000)
    for _, q, f in items:
        runs = []
        for _ in range(repeat):
            t = time.perf_counter()
            once(q, f)
            runs.append((time.perf_counter() - t) * 1000)
        warm.append(statistics.median(runs))
    return first, warm


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, required=True, help="a cablesearch index (its records are read)")
    ap.add_argument("--keep", type=Path, help="build the tantivy index here and keep it (default: a temporary folder)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    out = args.keep or Path(tempfile.mkdtemp(prefix="tantivy-"))
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    try:
        items = ([("plain", q, {}) for q in PLAIN] + [("phrase", q, {}) for q in PHRASE]
                 + [("faceted", q, f) for q, f in FACETED])
        ours_first, ours_warm = timed(ours(args.index), items, args.repeat)
        tv, figures = build(args.index, out)
        first, warm = timed(lambda q, f: run(tv, q, f), items, args.repeat)
        groups = {"plain": ["plain"], "phrase": ["phrase"], "faceted": ["faceted"],
                  "full-text": ["plain", "phrase", "faceted"]}
        figures["load_avg"] = round(os.getloadavg()[0], 2)
        for label, times in (("first", first), ("warm", warm), ("ours first", ours_first), ("ours warm", ours_warm)):
            figures[label] = {}
            for name, kinds in groups.items():
                sel = [times[i] for i, it in enumerate(items) if it[0] in kinds]
                figures[label][name] = {"p50": round(percentile(sel, 0.5), 2), "p95": round(percentile(sel, 0.95), 2)}
        print(f"tantivy {tantivy_version()}: {figures['documents']} documents indexed in {figures['index_s']} s "
              f"({figures['index_docs_per_s']}/s, one thread), {figures['index_mb']} MB; load {figures['load_avg']}")
        for who, prefix in (("tantivy", ""), ("ours", "ours ")):
            for name in groups:
                first_, warm_ = figures[prefix + "first"][name], figures[prefix + "warm"][name]
                print(f"{who:<8}{name:<10} first p50/p95 {first_['p50']:7.2f} / {first_['p95']:7.2f} ms"
                      f"   warm p50/p95 {warm_['p50']:7.2f} / {warm_['p95']:7.2f} ms")
        print(json.dumps(figures))
    finally:
        if not args.keep:
            shutil.rmtree(out, ignore_errors=True)
    return 0


def tantivy_version() -> str:
    from importlib.metadata import version

    return version("tantivy")


if __name__ == "__main__":
    raise SystemExit(main())
