"""Export of search results or one document: Markdown, a plain citation list, JSON.

Pure functions from the search layer's dataclasses to text, plus one function that
writes a file.  No Textual here: the export dialog only picks a format and a path.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from corpus.records import Cable, Record
from search.models import Hit, SearchResult

FORMATS: dict[str, str] = {"markdown": ".md", "citations": ".txt", "json": ".json"}

_MARK = re.compile(r"[«»]")
_UNSAFE = re.compile(r"[^A-Za-z0-9]+")


def plain(snippet: str) -> str:
    """A snippet without the «» term marks."""
    return _MARK.sub("", snippet)


def short_date(value: str | datetime | date | None) -> str:
    if value is None:
        return "undated"
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return value[:10]


def citation_line(
    id: str,
    *,
    origin: str | None,
    title: str,
    when: str | datetime | date | None,
    paragraph: str | None = None,
    marking: str | None = None,
) -> str:
    """``07LIMA2313 ¶7 (C), Embassy Lima, "Title", 2007-07-06`` — the form the search layer cites in."""
    head = id
    if paragraph:
        head += f" ¶{paragraph}"
        if marking:
            head += f" ({marking})"
    parts = [head]
    if origin:
        parts.append(origin)
    if title:
        parts.append(f'"{title}"')
    parts.append(short_date(when))
    return ", ".join(parts)


def hit_citation(hit: Hit) -> str:
    best = hit.paragraphs[0] if hit.paragraphs else None
    return citation_line(
        hit.id,
        origin=hit.origin,
        title=hit.title,
        when=hit.date,
        paragraph=best.number if best else None,
        marking=best.marking if best else None,
    )


def record_title(record: Record) -> str:
    if isinstance(record, Cable) and record.subject:
        return record.subject
    return record.title


# --- search results ---------------------------------------------------------------------------


def _describe(result: SearchResult, filters: dict[str, list[str]] | None) -> str:
    text = f"query: {result.query or '(everything)'}"
    for key, values in sorted((filters or {}).items()):
        if values:
            text += f"; {key}: {' or '.join(values)}"
    return text


def results_markdown(result: SearchResult, filters: dict[str, list[str]] | None = None) -> str:
    lines = [f"# Search results", "", f"{_describe(result, filters)} — {result.total} hits", ""]
    for hit in result.hits:
        lines.append(f"## {hit.id} — {hit.title or '(untitled)'}")
        lines.append("")
        facts = [short_date(hit.date), hit.classification or "unmarked", hit.origin or "unknown origin"]
        lines.append("- " + " · ".join(facts))
        if hit.countries:
            lines.append("- countries: " + ", ".join(hit.countries))
        lines.append(f"- cite: {hit_citation(hit)}")
        lines.append("")
        for para in hit.paragraphs or []:
            label = f"¶{para.number}" if para.number else "¶"
            badge = f" ({para.marking})" if para.marking else ""
            lines.append(f"> {label}{badge} {plain(para.snippet)}")
            lines.append("")
        if not hit.paragraphs and hit.snippet:
            lines.append(f"> {plain(hit.snippet)}")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def results_citations(result: SearchResult) -> str:
    return "".join(hit_citation(hit) + "\n" for hit in result.hits)


def results_json(result: SearchResult, filters: dict[str, list[str]] | None = None) -> str:
    data = asdict(result)
    data["filters"] = filters or {}
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


# --- one document ----------------------------------------------------------------------------


def record_markdown(record: Record) -> str:
    lines = [f"# {record.id} — {record_title(record) or '(untitled)'}", ""]
    facts: list[tuple[str, str]] = [("date", short_date(record.date)), ("kind", record.kind)]
    if record.origin:
        facts.append(("origin", record.origin))
    if isinstance(record, Cable):
        if record.to:
            facts.append(("to", "; ".join(a.name for a in record.to)))
        if record.info:
            facts.append(("info", "; ".join(a.name for a in record.info)))
        if record.classification:
            facts.append(("classification", str(record.classification)))
        if record.handling:
            facts.append(("handling", ", ".join(record.handling)))
        if record.tags:
            facts.append(("tags", ", ".join(f"{t.code} ({t.name})" if t.name else t.code for t in record.tags)))
        refs = [i for ref in record.references for i in (ref.ids or [ref.text])]
        if refs:
            facts.append(("references", ", ".join(refs)))
        if record.classified_by:
            facts.append(("classified by", record.classified_by))
        if record.signer:
            facts.append(("signer", record.signer))
    lines += [f"- **{key}**: {value}" for key, value in facts]
    lines.append("")
    heading = None
    for para in record.paragraphs:
        if para.heading and para.heading != heading:
            heading = para.heading
            lines += [f"## {heading}", ""]
        label = f"¶{para.number} " if para.number else ""
        badge = f"({para.marking}) " if para.marking else ""
        lines += [f"{label}{badge}{para.text}", ""]
    return "\n".join(lines).rstrip() + "\n"


def record_citations(record: Record) -> str:
    """One citation line per numbered paragraph (the document itself when none is numbered)."""
    title = record_title(record)
    numbered = [p for p in record.paragraphs if p.number]
    if not numbered:
        return citation_line(record.id, origin=record.origin, title=title, when=record.date) + "\n"
    return "".join(
        citation_line(record.id, origin=record.origin, title=title, when=record.date,
                      paragraph=p.number, marking=p.marking) + "\n"
        for p in numbered
    )


def record_json(record: Record) -> str:
    data = asdict(record)
    data = {"kind": record.kind, **data}
    return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"


# --- dispatch and files -------------------------------------------------------------------------


def render(subject: SearchResult | Record, fmt: str, filters: dict[str, list[str]] | None = None) -> str:
    """The export text of results or a record in one of FORMATS."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if isinstance(subject, SearchResult):
        if fmt == "markdown":
            return results_markdown(subject, filters)
        if fmt == "citations":
            return results_citations(subject)
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
    """Write the text; a relative path lands in ``base`` (the current folder by default)."""
    target = Path(path).expanduser()
    if not target.is_absolute():
        target = (base or Path.cwd()) / target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def _json_default(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot export {type(value).__name__}")
