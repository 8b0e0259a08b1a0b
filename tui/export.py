"""Export of search results or one document: Markdown, a plain citation list, JSON.

Pure functions from the search layer's dataclasses to text, plus one function that
writes a file.  Layout, paragraph labels, citation lines and JSON shapes are
search.presentation's; this module only writes them as Markdown, lines or JSON.
No Textual here: the export dialog only picks a format and a path.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from corpus.records import Record
from search import presentation
from search.models import SearchResult

FORMATS: dict[str, str] = {"markdown": ".md", "citations": ".txt", "json": ".json"}

_MARK = re.compile(r"[«»]")
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def plain(snippet: str) -> str:
    """A snippet without the «» term marks."""
    return _MARK.sub("", snippet)


# --- search results ---------------------------------------------------------------------------


def _describe(result: SearchResult, filters: dict[str, list[str]] | None) -> str:
    text = f"query: {result.query or '(everything)'}"
    for key, values in sorted((filters or {}).items()):
        if values:
            text += f"; {key}: {' or '.join(values)}"
    return text


def results_markdown(result: SearchResult, filters: dict[str, list[str]] | None = None,
                     citations: dict[str, str] | None = None) -> str:
    lines = ["# Search results", "", f"{_describe(result, filters)} — {result.total} hits", ""]
    for hit in result.hits:
        lines.append(f"## {hit.id} — {hit.title or presentation.UNTITLED}")
        lines.append("")
        facts = [presentation.short_date(hit.date), presentation.classification_text(hit.classification),
                 hit.origin or "unknown origin"]
        lines.append("- " + " · ".join(facts))
        if hit.countries:
            lines.append("- countries: " + ", ".join(hit.countries))
        if citations and hit.id in citations:
            lines.append(f"- cite: {citations[hit.id]}")
        lines.append("")
        for para in hit.paragraphs or []:
            label = presentation.paragraph_label(hit.kind, para.number, para.marking)
            lines.append(f"> {label + ' ' if label else ''}{plain(para.snippet)}")
            lines.append("")
        if not hit.paragraphs and hit.snippet:
            lines.append(f"> {plain(hit.snippet)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def results_citations(result: SearchResult, citations: dict[str, str]) -> str:
    """One line per hit, citing its best paragraph (``citations``: Library.hit_citations)."""
    return "".join(citations[hit.id] + "\n" for hit in result.hits if hit.id in citations)


def results_json(result: SearchResult, filters: dict[str, list[str]] | None = None) -> str:
    data = {**presentation.search_json(result), "filters": filters or {}}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# --- one document ----------------------------------------------------------------------------


def record_markdown(record: Record) -> str:
    id, title = presentation.heading(record)
    lines = [f"# {id} — {title}", ""]
    lines += [f"- **{row.label}**: {row.value}" for row in presentation.header_rows(record)]
    lines.append("")
    for heading, para in presentation.with_headings(record):
        if heading:
            lines += [f"## {heading}", ""]
        label = presentation.paragraph_label(record.kind, para.number, para.marking)
        lines += [f"{label + ' ' if label else ''}{para.text}", ""]
    return "\n".join(lines).rstrip() + "\n"


def record_citations(record: Record) -> str:
    """One citation line per numbered paragraph (the document itself when none is numbered)."""
    numbered = [p for p in record.paragraphs if p.number]
    if not numbered:
        return presentation.citation_line(record) + "\n"
    return "".join(presentation.citation_line(record, p) + "\n" for p in numbered)


def record_json(record: Record) -> str:
    return json.dumps(presentation.record_json(record), ensure_ascii=False, indent=2) + "\n"


# --- dispatch and files -------------------------------------------------------------------------


def render(subject: SearchResult | Record, fmt: str, filters: dict[str, list[str]] | None = None,
           citations: dict[str, str] | None = None) -> str:
    """The export text of results or a record in one of FORMATS (results: ``citations`` by hit id)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(subject, SearchResult):
        if fmt == "markdown":
            return results_markdown(subject, filters, citations)
        if fmt == "citations":
            return results_citations(subject, citations or {})
        return results_json(subject, filters)
    if fmt == "markdown":
        return record_markdown(subject)
    if fmt == "citations":
        return record_citations(subject)
    return record_json(subject)


def default_filename(subject: SearchResult | Record, fmt: str) -> str:
    if isinstance(subject, SearchResult):
        stem = "cables-" + (_UNSAFE.sub("-", subject.query).strip("-").lower()[:40] or "all")
    else:
        stem = subject.id
    return stem + FORMATS[fmt]


def write_export(text: str, path: str | Path, base: Path | None = None) -> Path:
    """Write the text; a relative path lands in ``base`` (the current folder by default).

    The file appears whole or not at all (written beside it, then renamed): a reader never
    sees half an export.
    """
    target = Path(path).expanduser()
    if not target.is_absolute():
        target = (base or Path.cwd()) / target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(target)
    return target
