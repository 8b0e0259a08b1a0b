"""What `cables` prints as text: search.presentation's rows, labels and lines, laid out for a
terminal (bold matched words on a terminal, the «» marks in a file or a pipe).  JSON is
search.presentation's too (print_json)."""

from __future__ import annotations

import csv
import io
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


def marks_text(items) -> list[str]:  # noqa: ANN001 - list of search.models.MarkedItem
    """Each mark: its citation line, then its tags and note, indented; a missing one says why."""
    lines: list[str] = []
    for item in items:
        lines.append(item.citation + (f"  [missing: {item.missing}]" if item.missing else ""))
        if item.mark.tags:
            lines.append("  tags: " + ", ".join(item.mark.tags))
        if item.mark.note:
            lines.append("  note: " + item.mark.note)
    return lines


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


def ingest_text(report, index_dir, news=()) -> list[str]:  # noqa: ANN001 - IngestReport, Path, [(WatchCount, int)]
    lines = [
        f"{'interrupted: ' if report.interrupted else ''}"
        f"{report.files} files in {report.seconds:.1f} s: new {report.new}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}"
        + (f", older releases added to the history {report.older}" if report.older else ""),
        f"index: {index_dir}",
    ]
    if report.rejected:
        lines.append(f"rejections logged in {report.log_path}")
    lines += [presentation.watch_news_line(count, brought) for count, brought in news]
    return lines


def watch_query(search) -> str:  # noqa: ANN001 - search.watches.SavedSearch
    """The saved query as typed at the command line: ``humala --country Peru``."""
    flag = {"classification": "class"}
    options = " ".join(f"--{flag.get(k, k)} {v!r}" if " " in v else f"--{flag.get(k, k)} {v}"
                       for k, vs in search.filters.items() for v in vs)
    return " ".join(x for x in (search.query, options) if x)


def watch_list_text(counts) -> list[str]:  # noqa: ANN001 - [search.watches.WatchCount]
    if not counts:
        return ["no saved searches (cables watch add NAME QUERY)"]
    width = max(len(c.search.name) for c in counts)
    return [f"{c.search.name:<{width}}  {c.total:>6} hit{'s' if c.total != 1 else ' '}  "
            f"{c.new:>5} new since {c.search.seen_label}  {watch_query(c.search)}" for c in counts]


def watch_show_text(count, only_new: bool) -> list[str]:  # noqa: ANN001 - search.watches.WatchCount
    s = count.search
    shown = f"only the {count.new} new" if only_new else f"{count.new} new"
    return [f"saved search {s.name!r}: {watch_query(s)}  ({shown} since {s.seen_label} UTC)"]


BATCH_COLUMNS = ("line", "name", "query", "total", "first", "last", "countries", "tags", "best", "error")


def batch_text(row, as_csv: bool = False, *, header: bool = False, hits: int = 0) -> list[str]:  # noqa: ANN001 - BatchRow
    """One query's summary (search.batch.BatchRow): a few lines, or a CSV row (after the header row)."""
    counts = ("; " if as_csv else ", ").join
    countries = counts(f"{v} {n}" for v, n in row.countries)
    tags = counts(f"{v} {n}" for v, n in row.tags)
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        if header:
            writer.writerow([*BATCH_COLUMNS, *(f"hit{i}{part}" for i in range(1, hits + 1) for part in ("", "_paragraph"))])
        values = [row.line, row.name, row.query, "" if row.error else row.total, row.first or "", row.last or "",
                  countries, tags, row.best or "", row.error or ""]
        writer.writerow(values + [x for h in row.hits for x in (h.citation, h.paragraph)])
        return [out.getvalue().rstrip("\n")]
    label = f"line {row.line}{' ' + row.name if row.name else ''}: {row.query!r}"
    if row.error:
        return [f"{label}  error: {row.error}"]
    span = f", {row.first} to {row.last}" if row.first else ""
    lines = [f"{label}  {row.total} hit{'s' if row.total != 1 else ''}{span}"]
    if row.total:
        lines += [f"  countries: {countries or '-'}", f"  tags: {tags or '-'}", f"  best: {row.best}"]
    marks = highlighter()
    for n, h in enumerate(row.hits, 1):
        lines += [f"  {n}. {h.citation}", f"     {marks(h.paragraph)}"]
    return lines


def check_text(found: dict, repaired: dict | None) -> list[str]:
    """`cables check` in words: what was checked, each damaged file, what a repair did."""
    lines = [f"checked {found['index']}: {found['files']:,} files, {found['documents']:,} records"]
    if repaired is not None:
        lines += [f"rebuilt {path}" for path in repaired["rebuilt"]]
        lines += [f"dropped {path} (damaged)" for path in repaired["dropped"]]
        if repaired["restored"]:
            lines.append(f"restored {len(repaired['restored']):,} documents from their sources")
        lines += [f"not restored: {lost['id']}: {lost['why']}" for lost in repaired["lost"]]
    lines += [f"damaged: {d['file']} ({d['kind']}): {d['problem']}" for d in found["damaged"]]
    if found["unchecked"]:
        lines.append(f"{len(found['unchecked']):,} files written before checksums (not checked); "
                     f"`cables ingest` writes new ones with checksums")
    if found["damaged"]:
        lines.append("run `cables check --repair` to rebuild the damaged files from your files")
    elif repaired is None or not repaired["lost"]:
        lines.append("no damage found")
    return lines



def diff_text(diff) -> list[str]:  # noqa: ANN001 - search.history.VersionDiff
    last = len(diff.versions)
    lines = [f"{diff.id}: {len(diff.versions)} version{'s' if last != 1 else ''}"]
    lines += ["  " + presentation.version_label(i, v, i == last) for i, v in enumerate(diff.versions, 1)]
    if diff.old_number == diff.new_number:
        return lines + ["", "one text: nothing to compare" if last == 1 else "the same version on both sides"]
    n = len(diff.changes)
    redacted = f", {diff.redactions} redaction{'s' if diff.redactions != 1 else ''}" if diff.redactions else ""
    lines += ["", f"version {diff.old_number} -> {diff.new_number}: {n} change{'s' if n != 1 else ''}{redacted}"
                  "  ([-removed-] {+added+})"]
    lines += [f"  {presentation.marked_change(c)}" for c in diff.changes]
    return lines


def similar_text(record, hits: list) -> list[str]:  # noqa: ANN001 - Record, index.engines.Row
    lines = [f"like {record.id}  {presentation.display_title(record)}"]
    if not hits:
        return lines + ["", "nothing alike in the index"]
    for r in hits:
        when = (presentation.iso_date(r.record) or "")[:10]
        lines.append("  ".join(x for x in (f"  {r.id}", when, r.record.origin or "", presentation.display_title(r.record)) if x))
    return lines
