"""Batch search: a file of queries in, one summary per query out (`cables batch FILE`).

The file is either one query a line::

    # Peru's security dialogue
    security dialogue country:PE
    "article 98" from:2003

or a CSV file whose header has a ``query`` column and, optionally, a ``name`` column::

    name,query
    humala,humala country:PE
    sofa,status of forces country:PE

Blank lines and lines starting with ``#`` are skipped in both.  Each query keeps its line number
in the file, so a query that does not parse is reported as ``line 4: …`` while the others run.

    queries = read_queries(Path("briefing.txt"))           # CablesError naming the file if unreadable
    for row in run_batch(lib, queries, filters={"country": ["Peru"]}, hits=3):
        row.total, row.first, row.last, row.countries, row.best   # 12, "2006-01-03", "2009-11-20", …

A row's total is exactly what ``cables search`` says for the same query and filters: both ask
:meth:`search.library.Library.search`.  The first and last dates are those of all hits; the top
countries and tags are the facet counts over all hits (the country facet is counted, as in the
search panel, without a --country filter of its own); ``best`` is the ready-to-paste citation of
the best hit's best paragraph (search.presentation.citation_line, as ``cables cite`` gives it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from corpus.errors import EXIT_USAGE, CablesError

if TYPE_CHECKING:
    from search.library import Library

TOP = 3  # countries and tags listed per query


@dataclass
class BatchQuery:
    line: int  # where it is in the file (1-based)
    query: str
    name: str = ""


@dataclass
class BatchHit:
    id: str
    citation: str  # the ready-to-paste line of the hit's best paragraph
    paragraph: str  # that paragraph's snippet, matched words in «»


@dataclass
class BatchRow:
    """The summary of one query, or its error (``error`` set, the rest empty)."""

    line: int
    query: str
    name: str = ""
    total: int = 0
    first: str | None = None
    last: str | None = None
    countries: list[tuple[str, int]] = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)
    best: str | None = None
    hits: list[BatchHit] = field(default_factory=list)
    error: str | None = None


def read_queries(path: Path) -> list[BatchQuery]:
    """The queries of ``path`` (plain lines or CSV with a ``query`` column); CablesError naming the
    file when it cannot be read."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise CablesError(f"{path}: cannot read the query file ({exc.strerror or exc})", EXIT_USAGE) from None
    except UnicodeDecodeError:
        raise CablesError(f"{path}: the query file is not UTF-8 text", EXIT_USAGE) from None
    lines = text.splitlines()
    header = next((i for i, line in enumerate(lines) if _wanted(line)), None)
    if header is not None:
        columns = [c.strip().lower() for c in next(csv.reader([lines[header]]))]
        if "query" in columns:
            return _csv_queries(path, lines, header, columns)
    return [BatchQuery(n, line.strip()) for n, line in enumerate(lines, 1) if _wanted(line)]


def _wanted(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _csv_queries(path: Path, lines: list[str], header: int, columns: list[str]) -> list[BatchQuery]:
    at_query, at_name = columns.index("query"), columns.index("name") if "name" in columns else None
    queries = []
    numbered = [(n, line) for n, line in enumerate(lines[header + 1 :], header + 2) if _wanted(line)]
    try:
        rows = list(csv.reader(io.StringIO("\n".join(line for _, line in numbered))))
    except csv.Error as exc:
        raise CablesError(f"{path}: not a readable CSV file ({exc})", EXIT_USAGE) from None
    for (n, _), row in zip(numbered, rows):
        query = row[at_query].strip() if at_query < len(row) else ""
        name = row[at_name].strip() if at_name is not None and at_name < len(row) else ""
        queries.append(BatchQuery(n, query, name))
    return queries


def run_batch(
    lib: Library,
    queries: list[BatchQuery],
    *,
    filters: dict[str, list[str]] | None = None,
    hits: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[BatchRow]:
    """One row per query, in order; a query that fails gives a row with its ``error`` and the rest go on.
    ``progress(done, total)`` is called after each query."""
    for done, q in enumerate(queries, 1):
        yield _summary(lib, q, filters, hits)
        if progress is not None:
            progress(done, len(queries))


def _summary(lib: Library, q: BatchQuery, filters: dict[str, list[str]] | None, hits: int) -> BatchRow:
    row = BatchRow(q.line, q.query, q.name)
    if not q.query:
        row.error = "empty query"
        return row
    try:
        result = lib.search(q.query, filters=filters, page_size=max(1, hits))
    except CablesError as exc:  # QueryError: a malformed query, an unknown filter
        row.error = str(exc)
        return row
    row.total, row.first, row.last = result.total, result.first, result.last
    row.countries = list(result.facets.get("country", {}).items())[:TOP]
    row.tags = list(result.facets.get("tag", {}).items())[:TOP]
    citations = lib.hit_citations(result.hits[: max(1, hits)])
    if result.hits:
        row.best = citations.get(result.hits[0].id)
    for h in result.hits[:hits]:
        paragraph = h.paragraphs[0].snippet if h.paragraphs else h.snippet
        row.hits.append(BatchHit(h.id, citations.get(h.id, h.id), paragraph))
    return row
