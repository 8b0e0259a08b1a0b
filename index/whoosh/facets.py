"""Facet counts over the whole result set (not just the page shown), disjunctive.

Counted from the columnar arrays of index/whoosh/columns.py: one ``np.bincount`` per facet over the
matched documents (a boolean mask over the index), multi-valued facets (country, tag) included.

A facet with a value chosen is counted as if that choice were not made, so the panel still
offers the other values to add (values OR within a facet): choosing 2009 must not hide 2008.

    counts = facet_counts(cols, query_mask, {"year": year_mask, "tag": tag_mask})
    counts["year"]      # {"2009": 1366, "2008": 1204, ...}, most frequent first
"""

from __future__ import annotations

import numpy as np

from index.field_names import FACETS
from index.whoosh.columns import Columns


def facet_counts(cols: Columns, query: np.ndarray, filters: dict[str, np.ndarray]) -> dict[str, dict[str, int]]:
    """name -> value -> count over the documents matching ``query`` and every filter mask.

    ``filters`` maps a filter key (country, year, …, from, to) to its mask.  "month" is only
    counted when every hit falls in one year: months make sense within a chosen year, not
    across forty of them.
    """
    full = query.copy()
    for mask in filters.values():
        full &= mask
    plain = tuple(name for name in FACETS if name not in filters and name != "month")
    counts = cols.count_many(plain, full)
    for name in FACETS:
        if name not in plain and name != "month":
            others = query.copy()
            for key, mask in filters.items():
                if key != name:
                    others &= mask
            counts[name] = cols.count(name, others)
    years = cols.count("year", full) if "year" in filters else counts["year"]
    counts["month"] = dict(sorted(cols.count("month", full).items())) if len(years) == 1 else {}
    return {name: counts[name] if name == "month" else _by_count(counts[name]) for name in FACETS}


def _by_count(counter: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
