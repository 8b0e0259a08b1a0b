"""Known-item relevance: does a query made from a cable find that cable, and how high?

    python bench/bench_relevance.py INDEX [--per-kind 200] [--seed 9] [--no-reference]
    python bench/bench_relevance.py INDEX --engine solr://HOST:PORT/solr/COLLECTION --no-reference
                                  # both engines, one table each: the collection holds the same cables

INDEX is an index of the 6,712 WikiLeaks pages (``cables ingest --index INDEX
../shared/corpus/cables/wikileaks-html-6712.tar.xz``).  From the index's own records,
queries are drawn at random (fixed seed), each made to find one cable, the way a reader
half-remembers it:

    words3 / words4 / words5   3, 4 or 5 distinct content words of one paragraph (no
                               stopwords, no numbers), in the paragraph's order
    phrase                     a quoted run of 3 to 4 consecutive written words of a paragraph
                               (nothing but spaces between them), two of them no stopword
    subject                    the cable's subject line, as typed (punctuation kept)
    citation                   a paragraph citation in one of the ways people write it
                               (``09LIMA1661 ¶3``, ``09 LIMA 1661 para 3``)

Each query goes through ``Library.search`` (what the CLI and the TUI run; first page of
10), and the figures are success@1, success@10, MRR@10 per kind, and the zero-hit rate.
The reference is BM25 by bm25s (Lucene variant, k1=1.5, b=0.75, English stopwords and
Snowball stemming by PyStemmer) over the same documents (title and body text, what the
index reads) and the same queries (bm25s reads a query as a bag of words: no phrases, no
fields).  ``pip install -e '.[bench]'`` brings both.

Figures (6,709 cables, 200 queries a kind, seed 9) are in the closing note of issue 9.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpus.records import Cable, Record  # noqa: E402
from index.fields import analyse, record_fields  # noqa: E402
from index.schema import ENGLISH  # noqa: E402
from index.store import load_record  # noqa: E402
from index.whoosh.engine import Index  # noqa: E402
from search.library import Library, QueryError  # noqa: E402

KINDS = ("words3", "words4", "words5", "phrase", "subject", "citation")
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = ENGLISH.items[0].expression  # the index tokenizer's own pattern
_PHRASE_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")  # a written word, as one quotes it
_CITATION_FORMS = ("{id} ¶{n}", "{yy} {station} {serial} para {n}", "{id} paragraph {n}", "{yy} {station} {serial} ¶{n}")


def load_records(index_dir: Path) -> list[Record]:
    index = Index.open(index_dir)
    with index.searcher() as searcher:
        reader = searcher.reader()
        records = [load_record(fields["record"]) for _, fields in reader.iter_docs()]
    index.close()
    return sorted(records, key=lambda r: r.id)


def _content_words(text: str) -> list[str]:
    """The paragraph's words a reader would remember: no stopwords, no numbers, 3+ letters
    (words as the index's tokenizer reads them: "www.gov.uk" is no "gov")."""
    words = (m.group(0) for m in _TOKEN.finditer(text))
    return [w.lower() for w in words if _WORD.fullmatch(w) and len(w) >= 3 and analyse("body", w)]


def _words_query(rng: random.Random, record: Record, k: int) -> str | None:
    paragraphs = [p for p in record.paragraphs if len(set(_content_words(p.text))) >= k + 3]
    if not paragraphs:
        return None
    words = list(dict.fromkeys(_content_words(rng.choice(paragraphs).text)))
    picked = sorted(rng.sample(range(len(words)), k))
    return " ".join(words[i] for i in picked)


def _phrase_query(rng: random.Random, record: Record) -> str | None:
    runs = []
    for p in record.paragraphs:
        words = p.text.split()
        for n in (3, 4):
            for i in range(len(words) - n + 1):
                run = words[i : i + n]
                run[-1] = run[-1].rstrip(",.;:")
                if all(_PHRASE_WORD.fullmatch(w) for w in run) and sum(1 for w in run if analyse("body", w)) >= 2:
                    runs.append(run)
    return '"' + " ".join(rng.choice(runs)) + '"' if runs else None


def _citation_query(rng: random.Random, record: Record) -> str | None:
    numbered = [p.number for p in record.paragraphs if p.number]
    m = re.match(r"^(\d\d)([A-Z]+)(\d+)$", record.id)
    if not numbered or not isinstance(record, Cable) or not m:
        return None
    form = rng.choice(_CITATION_FORMS)
    return form.format(id=record.id, yy=m[1], station=m[2], serial=m[3], n=rng.choice(numbered))


def make_queries(records: list[Record], per_kind: int, seed: int) -> list[tuple[str, str, str]]:
    """(kind, query, id of the cable it should find), ``per_kind`` of each kind."""
    rng = random.Random(seed)
    queries = []
    for kind in KINDS:
        made = 0
        while made < per_kind:
            record = rng.choice(records)
            if kind.startswith("words"):
                q = _words_query(rng, record, int(kind[-1]))
            elif kind == "phrase":
                q = _phrase_query(rng, record)
            elif kind == "subject":
                q = getattr(record, "subject", "") or None
            else:
                q = _citation_query(rng, record)
            if q:
                queries.append((kind, q, record.id))
                made += 1
    return queries


def ours(library: Library, queries) -> list[list[str]]:
    ranked = []
    for _, q, _ in queries:
        try:
            ranked.append([h.id for h in library.search(q, page_size=10).hits])
        except QueryError:
            ranked.append([])
    return ranked


def reference(records: list[Record], queries) -> list[list[str]]:
    import bm25s
    import Stemmer

    stemmer = Stemmer.Stemmer("english")
    texts = []
    for r in records:
        f = record_fields(r, "")
        texts.append(f"{f['title'] or ''}\n{f['body'] or ''}")
    model = bm25s.BM25()
    model.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    tokens = bm25s.tokenize([q for _, q, _ in queries], stopwords="en", stemmer=stemmer, show_progress=False)
    docs, scores = model.retrieve(tokens, k=10, show_progress=False)
    ids = [r.id for r in records]
    return [[ids[d] for d, s in zip(row, srow) if s > 0] for row, srow in zip(docs, scores)]


def tune(index_dir: Path, queries) -> None:
    """Try re-ranking weights (index/whoosh/ranking.py) on the BM25F top DEPTH of each query; print the
    figures of each pair, best mean MRR@10 last.  The searcher's ranking itself, not Library.search:
    one pass over the queries, then every pair of weights is only arithmetic."""
    from index.whoosh import ranking
    from index.whoosh.query import to_whoosh
    from search.query import parse_query

    rows = []
    index = Index.open(index_dir)
    with index.searcher() as searcher:
        ids = searcher.reader().column_reader("id")
        for _, q, _ in queries:
            try:
                parsed = parse_query(q)
            except QueryError:
                rows.append(([], {}))
                continue
            top = [(hit.docnum, hit.score) for hit in searcher.search(to_whoosh(parsed.query), limit=ranking.DEPTH)]
            found = ranking.features(searcher, [w.word for w in parsed.words], [d for d, _ in top])
            rows.append(([(ids[d], score) for d, score in top], {ids[d]: f for d, f in found.items()}))
    index.close()
    grid = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0)
    results = []
    for phrase_w in grid:
        for para_w in grid:
            ranked = []
            for top, found in rows:
                scored = [(i, s * (1 + phrase_w * found.get(i, (0, 0))[0] + para_w * found.get(i, (0, 0))[1])) for i, s in top]
                ranked.append([i for i, _ in sorted(scored, key=lambda x: -x[1])[:10]])
            table = figures(queries, ranked)
            mean = sum(f["mrr@10"] for f in table.values()) / len(table)
            results.append((mean, phrase_w, para_w, table))
    results.sort(key=lambda r: r[0])
    for mean, phrase_w, para_w, table in results[-5:]:
        _print(f"phrase {phrase_w}, paragraph {para_w}: mean MRR@10 {mean:.4f}", table)
    base = next(r for r in results if r[1] == 0 and r[2] == 0)
    _print(f"no re-ranking: mean MRR@10 {base[0]:.4f}", base[3])


def figures(queries, ranked) -> dict[str, dict[str, float]]:
    by_kind: dict[str, list] = defaultdict(list)
    for (kind, _, want), got in zip(queries, ranked):
        rank = got.index(want) + 1 if want in got else None
        by_kind[kind].append((rank, not got))
    out = {}
    for kind in KINDS:
        rows = by_kind[kind]
        n = len(rows)
        out[kind] = {
            "s@1": sum(1 for r, _ in rows if r == 1) / n,
            "s@10": sum(1 for r, _ in rows if r) / n,
            "mrr@10": sum(1 / r for r, _ in rows if r) / n,
            "zero": sum(1 for _, z in rows if z) / n,
        }
    return out


def _print(name: str, table: dict[str, dict[str, float]]) -> None:
    print(f"\n{name}\n{'kind':<10} {'s@1':>6} {'s@10':>6} {'mrr@10':>7} {'zero-hit':>9}")
    for kind, f in table.items():
        print(f"{kind:<10} {f['s@1']:>6.3f} {f['s@10']:>6.3f} {f['mrr@10']:>7.3f} {f['zero']:>9.3f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("index", type=Path)
    ap.add_argument("--per-kind", type=int, default=200)
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--no-reference", action="store_true", help="skip the bm25s reference")
    ap.add_argument("--misses", action="store_true", help="list the queries ours misses at 10")
    ap.add_argument("--tune", action="store_true", help="try re-ranking weights instead (use another --seed)")
    ap.add_argument("--engine", action="append", default=[],
                    help="also run the queries on this solr:// collection of the same cables (repeatable)")
    ap.add_argument("--engines-only", action="store_true", help="with --engine: not on INDEX itself")
    args = ap.parse_args(argv)
    records = [r for r in load_records(args.index) if isinstance(r, Cable)]
    queries = make_queries(records, args.per_kind, args.seed)
    print(f"{len(records)} cables, {len(queries)} queries (seed {args.seed})")
    if args.tune:
        tune(args.index, queries)
        return 0
    for target in [*([] if args.engines_only and args.engine else [args.index]), *args.engine]:
        t = time.perf_counter()
        with Library.open(target) as library:
            mine = ours(library, queries)
        print(f"{target}: {time.perf_counter() - t:.1f} s")
        _print(f"cablesearch (Library.search) on {'Solr' if target in args.engine else 'Whoosh'}",
               figures(queries, mine))
    if args.misses:
        for (kind, q, want), got in zip(queries, mine):
            if want not in got:
                print(f"  miss {kind}: {q!r} -> {want} (got {got[:3]})")
    if not args.no_reference:
        _print("reference: bm25s BM25 (Lucene, k1=1.5, b=0.75, Snowball)", figures(queries, reference(records, queries)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
