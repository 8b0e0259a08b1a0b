"""More like this, measured: does a cable's "similar" list hold the cable it cites?

    .venv/bin/python bench/bench_similar.py --index IDX [--engine solr://…/solr/COLLECTION] [--top 10] [--stock]

For every cable of the index that cites (REF) another cable of the index, one pair per cited
cable: is the cited cable among the citing cable's ``--top`` most similar documents
(search/similar.py, as ``cables similar`` gives them)?  Prints the pairs found out of all pairs,
and, with ``--stock`` (Whoosh only), the same for Whoosh's own ``more_like`` (25 terms of the
text, its Bo1 model) for comparison.  ``--engine`` runs the same pairs on a Solr collection
holding the same cables (the pairs are read from ``--index``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def citing_pairs(engine) -> list[tuple[str, str]]:  # noqa: ANN001 - index.whoosh.engine.Index
    """(citing id, cited id) for every reference from a cable of the index to another one in it."""
    ids = set(engine.reader_ids())
    pairs = []
    for id in sorted(ids):
        record = engine.get(id)
        cited = dict.fromkeys(i for ref in getattr(record, "references", []) for i in ref.ids)
        pairs += [(id, c) for c in cited if c in ids and c != id]
    return pairs


def stock_more_like(engine, id: str, top: int) -> list[str]:  # noqa: ANN001
    """Whoosh's own more_like over the record's text (the body is not stored, so the text is given)."""
    from corpus.versions import version_text

    record = engine.get(id)
    with engine.searcher() as searcher:
        docnum = searcher.document_number(id=id)
        hits = searcher.more_like(docnum, "body", text=version_text(record), top=top, numterms=25)
        return [hit["id"] for hit in hits]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, help="the Whoosh index (the pairs are read from it)")
    parser.add_argument("--engine", help="a Solr collection with the same cables, to measure instead")
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--stock", action="store_true", help="also Whoosh's stock more_like")
    args = parser.parse_args(argv)

    from index.engines import open_engine
    from search.similar import similar

    whoosh = open_engine(Path(args.index))
    pairs = citing_pairs(whoosh)
    target = open_engine(args.engine) if args.engine else whoosh
    started = time.monotonic()
    lists: dict[str, list[str]] = {}
    for citing, _ in pairs:
        if citing not in lists:
            lists[citing] = [row.id for row in similar(target.get(citing), target, args.top)]
    seconds = time.monotonic() - started
    found = sum(1 for citing, cited in pairs if cited in lists[citing])
    out = {"engine": "solr" if args.engine else "whoosh", "documents": target.doc_count(), "pairs": len(pairs),
           "found": found, "share": round(found / len(pairs), 3) if pairs else None,
           "ms_per_document": round(1000 * seconds / max(1, len(lists)), 1)}
    if args.stock:
        stock = {c: stock_more_like(whoosh, c, args.top) for c in {c for c, _ in pairs}}
        out["stock_more_like_found"] = sum(1 for citing, cited in pairs if cited in stock[citing])
    print(f"{out['engine']}: the cited cable is in the top {args.top} for {found} of {len(pairs)} pairs "
          f"({100 * (out['share'] or 0):.0f}%), {out['ms_per_document']} ms a document"
          + (f"; Whoosh's stock more_like: {out['stock_more_like_found']} of {len(pairs)}" if args.stock else ""))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
