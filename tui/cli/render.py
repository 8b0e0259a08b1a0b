"""What `cables` prints as text: search.presentation's rows, labels and lines, laid out for a
terminal (bold matched words on a terminal, the «» marks in a file or a pipe).  JSON is
search.presentation's too (print_json)."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

from search import presentation

FACET_VALUES = 6  # facet values listed per facet under the hits


def print_json(data: Any) -> None:
    print(json.dumps(presentation.jsonable(data), ensure_ascii=False, indent=2))


def highlighter() -> Callable[[str], str]:
    """Matched words: bold on a terminal; the «» marks where the output goes to a file or a pipe."""
    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return lambda text: text.replace("«", "\x1b[1m").replace("»", "\x1b[22m")
    return lambda text: text


def search_text(result, query: str) -> list[str]:  # noqa: ANN001 - search.models.SearchResult
    pages = max(1, -(-result.total // result.page_size))
    marks = highlighter()
    lines = [f"{result.total} hit{'s' if result.total != 1 else ''} for {query!r} (page {result.page} of {pages})"]
    if result.total and not result.hits:  # --page past the end: say so rather than print nothing
        lines += ["", f"no hits on page {result.page}: the last page is {pages} (--page {pages})"]
    for h in result.hits:
        facts = (h.id, presentation.short_date(h.date), presentation.classification_text(h.classification), h.origin)
        lines += ["", "  ".join(x for x in facts if x),
                  f"  {h.title}"]
        for p in h.paragraphs or []:
            lines.append(f"  {presentation.paragraph_label(h.kind, p.number, p.marking)} {marks(p.snippet)}".rstrip())
        if not h.paragraphs and h.snippet:
            lines.append(f"  {marks(h.snippet)}")
    if result.suggestion:
        lines += ["", f"Did you mean: {result.suggestion}"]
    shown = {k: v for k, v in result.facets.items() if v}
    if shown and result.total:
        lines.append("")
        for name, counts in shown.items():
            lines += facet_lines(name, counts)
    return lines


def facet_lines(name: str, counts: dict[str, int]) -> list[str]:
    """One facet: ``country: Peru 12, Chile 3 (+4)``; the codes of the TAGS facet one a line with
    their meaning (``  PREL  External Political Relations (Political Affairs)  4,760``)."""
    from search.glossary import UNKNOWN, facet_meaning

    top = list(counts.items())[:FACET_VALUES]
    more = f" (+{len(counts) - len(top)})" if len(counts) > len(top) else ""
    if name != "tag":
        return [f"{name}: " + ", ".join(f"{v} {c}" for v, c in top) + more]
    width = max(len(v) for v, _ in top)
    rows = [(v, facet_meaning(name, v) or UNKNOWN, f"{c:,}") for v, c in top]
    wide = max(len(m) for _, m, _ in rows)
    return [f"{name}:{more}"] + [f"  {v:<{width}}  {m:<{wide}}  {c}" for v, m, c in rows]


def record_text(record, cited_by: list[str], missing: list[str]) -> list[str]:  # noqa: ANN001 - Record
    id, title = presentation.heading(record)
    rows = presentation.header_rows(record, set(missing))
    width = max(len(r.label) for r in rows)
    lines = [f"{id}  {title}", ""] + [f"{r.label:<{width}}  {r.value}" for r in rows]
    for heading, p in presentation.with_headings(record):
        if heading:
            lines += ["", heading]
        label = presentation.paragraph_label(record.kind, p.number, p.marking)
        lines += ["", f"{label + ' ' if label else ''}{p.text}"]
    lines += ["", "Cited by: " + (", ".join(cited_by) if cited_by else "nothing in the index")]
    return lines


def cite_text(lookup) -> list[str]:  # noqa: ANN001 - search.models.CitationLookup
    if lookup.found:
        c = lookup.found
        return [c.citation, "", c.text] if c.paragraph else [c.citation]
    return [lookup.message] + [f"  {cid}" for cid in lookup.candidates]


def stats_text(stats: dict) -> list[str]:
    lines = [f"index: {stats.get('path')}", f"documents: {stats.get('documents')}"]
    lines += [f"  {kind}: {n}" for kind, n in (stats.get("by_kind") or {}).items()]
    if stats.get("provisional"):
        lines.append(f"provisional cable ids (year unknown): {', '.join(stats['provisional'])}")
    if stats.get("size_bytes") is not None:
        copy = " (one copy)" if stats.get("shards") else ""
        lines.append(f"size on disk: {stats['size_bytes'] / 1e6:.1f} MB{copy}")
    if stats.get("shards"):
        lines.append(f"SolrCloud: {stats['shards']} shards, {stats['replicas']} replicas, "
                     f"{len(stats.get('live_nodes') or [])} live nodes")
    if stats.get("last_ingest"):
        lines.append(f"last ingest: {stats['last_ingest']}")
    return lines


def ingest_text(report, index_dir) -> list[str]:  # noqa: ANN001 - index.ingest.IngestReport, Path
    lines = [
        f"{'interrupted: ' if report.interrupted else ''}"
        f"{report.files} files in {report.seconds:.1f} s: new {report.new}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}"
        + (f", older releases skipped {report.older}" if report.older else ""),
        f"index: {index_dir}",
    ]
    if report.rejected:
        lines.append(f"rejections logged in {report.log_path}")
    return lines
