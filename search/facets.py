"""Facet counts over the whole result set (not just the page shown).

Whoosh's own grouping rebuilds a docnum -> values table from the postings on
every search for multi-valued fields without columns (country, tag); we build
that table once per index segment (segments never change, only get deleted
from, and deleted documents never match) and count with it.
"""

from __future__ import annotations

from collections import Counter
from threading import Lock

from index.schema import FACETS

_CACHE_LIMIT = 64  # segments kept; an index has a handful
_cache: dict[str, dict[str, list[tuple[str, ...]]]] = {}
_global: dict[tuple, dict[str, list[tuple[str, ...]]]] = {}
_lock = Lock()


def _segment_key(reader) -> str | None:
    try:
        seg = reader.segment()
    except (AttributeError, NotImplementedError):
        return None
    if seg is None:
        return None
    return f"{reader.storage!r}:{seg.segment_id()}"


def _build_tables(reader) -> dict[str, list[tuple[str, ...]]]:
    size = reader.doc_count_all()
    tables: dict[str, list[tuple[str, ...]]] = {}
    for name in FACETS:
        values: list[list[str]] = [[] for _ in range(size)]
        if name in reader.schema.names():
            for btext in reader.lexicon(name):
                text = btext.decode("utf-8")
                for docnum in reader.postings(name, btext).all_ids():
                    values[docnum].append(text)
        tables[name] = [tuple(v) for v in values]
    return tables


def _tables(reader) -> dict[str, list[tuple[str, ...]]]:
    key = _segment_key(reader)
    if key is None:
        return _build_tables(reader)
    with _lock:
        found = _cache.get(key)
    if found is None:
        found = _build_tables(reader)
        with _lock:
            if len(_cache) >= _CACHE_LIMIT:
                _cache.clear()
            _cache[key] = found
    return found


def _subsearchers(searcher):
    if searcher.subsearchers:
        return searcher.subsearchers
    return [(searcher, 0)]


def global_tables(searcher) -> dict[str, list[tuple[str, ...]]]:
    """name -> values of each document, indexed by the searcher's (global) docnums."""
    subs = _subsearchers(searcher)
    parts = [_tables(sub.reader()) for sub, _offset in subs]
    if len(parts) == 1:
        return parts[0]
    keys = tuple(_segment_key(sub.reader()) for sub, _offset in subs)
    if None not in keys:
        with _lock:
            found = _global.get(keys)
        if found is not None:
            return found
    joined = {name: [v for part in parts for v in part[name]] for name in FACETS}
    if None not in keys:
        with _lock:
            _global.clear()  # only the latest generation of the index is worth keeping
            _global[keys] = joined
    return joined


def count_facets(searcher, docnums, names: tuple[str, ...] = FACETS) -> dict[str, dict[str, int]]:
    """name -> value -> count over the matched documents (global docnums), most frequent first.

    "month" is only counted when every hit falls in one year: months make sense
    within a chosen year, not across forty of them.
    """
    tables = global_tables(searcher)
    counters = {name: Counter() for name in names}
    for name in names:
        table = tables[name]
        counter = counters[name]
        for d in docnums:
            counter.update(table[d])
    if "month" in counters and "year" in counters and len(counters["year"]) != 1:
        counters["month"] = Counter()
    out: dict[str, dict[str, int]] = {}
    for name, counter in counters.items():
        if name == "month":
            out[name] = dict(sorted(counter.items()))
        else:
            out[name] = dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def clear_cache() -> None:
    with _lock:
        _cache.clear()
        _global.clear()
