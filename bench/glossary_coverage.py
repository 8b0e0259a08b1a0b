"""How many of an index's TAGS get a meaning from the bundled glossary (corpus/data/tags.tsv, FIPS 10-4).

    .venv/bin/python bench/glossary_coverage.py --index /tmp/idx

Reads the TAGS facet over every document (distinct values and how often each is written) and
prints the distinct values with a meaning, the TAGS written with a meaning, and the most frequent
codes without one (free text and people's names in TAGS lines count as values without a meaning).
"""

from __future__ import annotations

import argparse
import json

from corpus.glossary import tag_meaning
from search.library import Library


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", required=True, help="index folder (or solr:// URL)")
    parser.add_argument("--missing", type=int, default=20, help="how many codes without a meaning to list")
    args = parser.parse_args()
    with Library.open(args.index) as lib:
        tags = lib.search("", page_size=1).facets.get("tag", {})
    known = {code: n for code, n in tags.items() if tag_meaning(code) is not None}
    written, explained = sum(tags.values()), sum(known.values())
    missing = sorted(((n, code) for code, n in tags.items() if code not in known), reverse=True)
    print(f"distinct TAGS values: {len(tags)}, with a meaning: {len(known)}")
    print(f"TAGS written: {written}, with a meaning: {explained} ({100 * explained / max(1, written):.1f}%)")
    print("most frequent without a meaning: " + ", ".join(f"{code} {n}" for n, code in missing[: args.missing]))
    print(json.dumps({"distinct": len(tags), "distinct_known": len(known), "written": written, "written_known": explained}))


if __name__ == "__main__":
    main()
