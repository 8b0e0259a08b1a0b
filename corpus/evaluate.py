"""Accuracy of the cable parser against the WikiLeaks pages' own metadata.

    python -m corpus.evaluate /path/to/wikileaks-html-6712.tar.xz [--bare] [--show FIELD] [--limit N]

Each page's cable text is read from its ``<pre>`` blocks ALONE (nothing filled from the
metadata table) and its id, creation time, classification and origin are compared with
the table.  With ``--bare`` each page's ``<pre>`` text is instead written as a user's
bare text file (a random-ish name, LF, CRLF or cp1252 in turn) and read through
corpus.reader exactly as ingest reads it: "cables read" then says how many would be in
the index.  Comparison rules, chosen to compare like with like:

- id: the metadata id is repaired with canonical_id first ("7575LIBREVILLE1895" -> "75LIBREVILLE1895").
- created: same day and hour.  The minutes of the page's Created column are not the
  cable's: in nearly all pages they are the hour on a 12-hour clock (a rendering artefact,
  %I for %M: 16:58 shows as 16:04, 00:28 as 00:12), so minutes are compared only where the page's minute is not that
  artefact, and reported apart.
- level: UNCLASSIFIED / LIMITED OFFICIAL USE / CONFIDENTIAL / SECRET / TOP SECRET, text vs table.
- caveat: compared only where the levels agree.  The table's caveat follows the cable's
  HEADER (classification line and handling lines such as "NOFORN"), not its paragraph
  markings: over the 6,712 pages, header NOFORN -> table NOFORN in 811 of 826, while
  "(S//NF)" paragraphs without a header NOFORN -> table NOFORN in 5 of 116.  So "caveat"
  compares the header's NOFORN; "caveat+markings" (reported apart) also counts the NOFORN the
  parser reads from NF paragraph markings.  For unclassified cables the site writes
  //FOR OFFICIAL USE ONLY for a SENSITIVE (SBU), FOUO or NOFORN header (15 of 15 UNCLAS
  cables with a NOFORN line), so any of these counts as FOUO.
- origin: the display name ("Embassy Lima") from corpus.stations.origin_name.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
import tarfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing import Pool

from corpus.cable import parse_cable_text
from corpus.classification import parse_classification
from corpus.ids import canonical_id, split_id
from corpus.reader import Source, read_source
from corpus.records import Cable, ParseError
from corpus.wikileaks import page_metadata, page_text

INFERRED_MONTH = "inferred date: month agrees"
FIELDS = ("id", "created", "level", "caveat", "caveat+markings", "origin")


@dataclass
class Outcome:
    """What one page yields: per field (text value, metadata value, kind of disagreement or None)."""

    member: str
    page_id: str
    checks: dict[str, tuple[str, str, str | None]] = field(default_factory=dict)
    error: str | None = None
    has_tags: bool = False
    has_subject: bool = False
    has_references: bool = False
    has_numbered: bool = False
    minute_checked: bool = False
    minute_agrees: bool = False
    inferred: str = ""  # how the id or date was inferred where the text does not state them
    has_dtg: bool = False  # the text itself dates the cable (DTG, DE line, wrapper date)


def _caveat_key(level: str, caveats: set[str]) -> str:
    """The caveat as the site writes it: NOFORN on classified cables, FOUO on unclassified ones."""
    if level == "UNCLASSIFIED":
        # the site has no UNCLASSIFIED//NOFORN value: it writes //FOR OFFICIAL USE ONLY for
        # an unclassified cable with SENSITIVE (SBU), FOUO or NOFORN in its header
        return "FOUO" if {"SBU", "FOR OFFICIAL USE ONLY", "NOFORN"} & caveats else "-"
    return "NOFORN" if "NOFORN" in caveats else "-"


def _class_keys(cable: Cable | None, *, markings: bool = False) -> tuple[str, str]:
    """(level, caveat) of the text; NOFORN from paragraph markings counts only when ``markings``."""
    klass = cable.classification if cable is not None else None
    if klass is None:
        return "", ""
    caveats = set(klass.caveats)
    if not markings and cable is not None and cable.metadata.get("noforn_from") == "paragraph markings":
        caveats.discard("NOFORN")
    return klass.level, _caveat_key(klass.level, caveats)


def _page_class_keys(value: str) -> tuple[str, str]:
    klass = parse_classification(value)
    if klass is None:
        return "", ""
    return klass.level, _caveat_key(klass.level, set(klass.caveats))


def _id_kind(text: str, meta: str) -> str:
    if not text:
        return "no id in text"
    a, b = split_id(text), split_id(meta)
    if not a or not b:
        return "unparseable id"
    names = ("year", "station", "serial")
    differing = [n for n, x, y in zip(names, a, b) if x != y]
    return f"{'+'.join(differing)} differs"


def _created_kind(text: str, meta: str) -> str:
    if not text:
        return "no date in text"
    if text[:10] != meta[:10]:
        if text[:7] != meta[:7]:
            return "month or year differs"
        return "day differs"
    return "hour differs"


def check_page(member: str, data: bytes) -> Outcome:
    """Parse one page's <pre> text and compare it with the page's metadata table."""
    meta = page_metadata(data)
    text: str | None
    error: str | None
    try:
        text = page_text(data, source=member)
    except ParseError as exc:
        text, error = None, exc.reason
    else:
        error = None
    return compare(member, meta, text, error)


def compare(member: str, meta: dict[str, str], text: str | None, error: str | None = None) -> Outcome:
    """Parse one page's text (None when the page has none) and compare it with its metadata table."""
    try:
        if text is None:
            raise ParseError(member, error or "no cable text")
        cable = parse_cable_text(text, source=member)
    except ParseError as exc:
        return failed(member, meta, exc.reason)
    return compare_cable(member, meta, cable)


def failed(member: str, meta: dict[str, str], reason: str) -> Outcome:
    """The outcome of a page whose text gave no cable: every field a "parse error"."""
    meta_id = canonical_id(meta.get("wikileaks_id", "")) or meta.get("wikileaks_id", "")
    out = Outcome(member=member, page_id=meta_id, error=reason)
    for name in FIELDS:
        out.checks[name] = ("", "", "parse error")
    return out


def compare_cable(member: str, meta: dict[str, str], cable: Cable) -> Outcome:
    """Compare one parsed cable with its page's metadata table."""
    meta_id = canonical_id(meta.get("wikileaks_id", "")) or meta.get("wikileaks_id", "")
    out = Outcome(member=member, page_id=meta_id)
    out.inferred = cable.metadata.get("inferred", "")
    out.has_dtg = not cable.metadata.get("date_precision") and cable.date is not None

    out.checks["id"] = (cable.id, meta_id, None if cable.id == meta_id else _id_kind(cable.id, meta_id))

    created = meta.get("wikileaks_created", "")
    text_created = cable.date.strftime("%Y-%m-%d %H:%M") if cable.date else ""
    same_hour = bool(text_created) and text_created[:13] == created[:13]
    kind = None if same_hour else _created_kind(text_created, created)
    if kind and cable.metadata.get("date_precision"):  # inferred, not stated: only the month can agree
        kind = INFERRED_MONTH if kind != "month or year differs" else "inferred date: month or year differs"
    out.checks["created"] = (text_created, created, kind)
    if same_hour and len(created) >= 16:
        hour, minute = int(created[11:13]), int(created[14:16])
        if minute != (hour % 12 or 12):
            out.minute_checked = True
            out.minute_agrees = text_created[14:16] == created[14:16]

    page_level, page_caveat = _page_class_keys(meta.get("wikileaks_classification", ""))
    level, caveat = _class_keys(cable)
    _, marked_caveat = _class_keys(cable, markings=True)
    out.checks["level"] = (
        level,
        page_level,
        None if level == page_level else f"text {level or 'none'} / page {page_level or 'none'}",
    )
    for name, value in (("caveat", caveat), ("caveat+markings", marked_caveat)):
        if level != page_level:
            kind = "level differs" if level else "no classification in text"
        else:
            kind = None if value == page_caveat else f"text {value} / page {page_caveat} ({level})"
        out.checks[name] = (value, page_caveat, kind)

    origin = cable.origin or ""
    meta_origin = meta.get("wikileaks_origin", "")
    out.checks["origin"] = (
        origin,
        meta_origin,
        None if origin == meta_origin else f"text {origin or 'none'!s} / page {meta_origin}",
    )
    out.has_tags = bool(cable.tags)
    out.has_subject = bool(cable.subject)
    out.has_references = bool(cable.references)
    out.has_numbered = any(p.number is not None for p in cable.paragraphs)
    return out


def iter_pages(path: str, limit: int | None = None) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) of each .html page of a tar archive, streamed without unpacking."""
    count = 0
    with tarfile.open(path, mode="r|*") as archive:
        for member in archive:
            if not (member.isfile() and member.name.endswith(".html")):
                continue
            handle = archive.extractfile(member)
            if handle is None:
                continue
            yield member.name, handle.read()
            count += 1
            if limit is not None and count >= limit:
                return


def _check(item: tuple[str, bytes]) -> Outcome:
    return check_page(*item)


def bare_bytes(member: str, text: str) -> tuple[str, bytes]:
    """A page's <pre> text as a user's bare file: a random-ish name, LF / CRLF / cp1252 in turn."""
    digest = hashlib.sha1(member.encode("utf-8")).hexdigest()
    turn = int(digest[:2], 16) % 3
    if turn == 1:
        text = text.replace("\n", "\r\n")
    data = text.encode("cp1252", errors="replace") if turn == 2 else text.encode("utf-8")
    return f"bare/{digest[:12]}.txt", data


def check_bare(member: str, data: bytes) -> Outcome:
    """Read one page's <pre> text as a bare text file, the way ingest reads it, and compare."""
    meta = page_metadata(data)
    try:
        text = page_text(data, source=member)
    except ParseError as exc:
        return failed(member, meta, exc.reason)
    name, raw = bare_bytes(member, text)
    result = read_source(Source(name=name, data=raw))
    cables = [r for r in result.records if isinstance(r, Cable)]
    if not cables:
        reason = "; ".join(result.errors) or f"read as a {result.records[0].kind}, not a cable"
        return failed(member, meta, reason)
    return compare_cable(member, meta, cables[0])


def _check_bare(item: tuple[str, bytes]) -> Outcome:
    return check_bare(*item)


def _not_stated(kind: str | None) -> bool:
    return kind is not None and (kind.startswith(("no ", "inferred date")) or kind == "level differs")


def _pct(n: int, total: int) -> str:
    return f"{n:>5} / {total} ({100.0 * n / total:.2f}%)" if total else "0 / 0"


def report(outcomes: list[Outcome], *, show: str | None = None, examples: int = 3) -> str:
    total = len(outcomes)
    lines = [f"pages: {total}"]
    errors = [o for o in outcomes if o.error]
    lines.append(f"cables read: {_pct(total - len(errors), total)}")
    lines.append(f"parse errors: {len(errors)}" + "".join(f"\n  {o.page_id}: {o.error}" for o in errors[:examples]))
    lines.append("")
    lines.append("agreement with the page's metadata table:")
    for name in FIELDS:
        agree = sum(1 for o in outcomes if o.checks[name][2] is None)
        # pages whose text does not state the value at all (partial extracts: no DTG, no year)
        # caveats are compared only where the levels agree
        silent = sum(1 for o in outcomes if _not_stated(o.checks[name][2]))
        lines.append(
            f"  {name:<15} {_pct(agree, total)}   where the text states it: {_pct(agree, total - silent)}"
        )
    month = sum(1 for o in outcomes if o.checks["created"][2] in (None, "hour differs", "day differs", INFERRED_MONTH))
    dated = [o for o in outcomes if o.has_dtg]
    day = sum(1 for o in dated if o.checks["created"][2] in (None, "hour differs"))
    lines.append(f"  created month   {_pct(month, total)}")
    lines.append(f"  created day     {_pct(day, len(dated))} (cables whose text dates them)")
    # by kind of evidence: "year: Cablegate id list", "year: DECL date", "none: year unknown"
    inferred = Counter(re.split(r"\d", o.inferred)[0].rstrip(" :,") for o in outcomes if o.inferred)
    for how, n in sorted(inferred.items(), key=lambda kv: -kv[1]):
        lines.append(f"  inferred: {how:<40} {n}")
    checked = [o for o in outcomes if o.minute_checked]
    lines.append(
        f"  created minute  {_pct(sum(o.minute_agrees for o in checked), len(checked))}"
        " (only pages whose minute is not the 12-hour-clock artefact)"
    )
    lines.append("")
    lines.append("text coverage:")
    for label, attr in (
        ("TAGS", "has_tags"),
        ("subject", "has_subject"),
        ("references", "has_references"),
        (">=1 numbered paragraph", "has_numbered"),
    ):
        lines.append(f"  {label:<24}{_pct(sum(getattr(o, attr) for o in outcomes), total)}")
    for name in FIELDS:
        kinds: dict[str, list[Outcome]] = defaultdict(list)
        for o in outcomes:
            kind = o.checks[name][2]
            if kind is not None:
                kinds[kind].append(o)
        if not kinds:
            continue
        lines.append("")
        lines.append(f"disagreements on {name}:")
        for kind, items in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            sample = ", ".join(o.page_id for o in items[:examples])
            lines.append(f"  {len(items):>5}  {kind}   e.g. {sample}")
    if show:
        lines.append("")
        lines.append(f"all disagreements on {show} (page id: text | page):")
        for o in outcomes:
            text, meta, kind = o.checks[show]
            if kind is not None:
                lines.append(f"  {o.page_id}: {text!r} | {meta!r}   [{kind}]")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m corpus.evaluate",
        description="Compare the cable parser's reading of WikiLeaks pages (<pre> text only) "
        "with the pages' metadata tables.",
    )
    parser.add_argument("path", help="a .tar.xz (or .tar) of WikiLeaks cable pages")
    parser.add_argument("--show", choices=FIELDS, help="list every disagreement on this field")
    parser.add_argument("--limit", type=int, default=None, help="read only the first N pages")
    parser.add_argument(
        "--bare",
        action="store_true",
        help="read each page's <pre> text as a bare text file (no page metadata, a random name), as ingest does",
    )
    parser.add_argument("--processes", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args(argv)

    outcomes: list[Outcome] = []
    pages = iter_pages(args.path, args.limit)
    try:
        with Pool(args.processes) as pool:
            for i, outcome in enumerate(pool.imap(_check_bare if args.bare else _check, pages, chunksize=16), 1):
                outcomes.append(outcome)
                if i % 250 == 0:
                    print(f"\r{i} pages…", end="", file=sys.stderr, flush=True)
    except (OSError, tarfile.TarError) as exc:
        print(f"{args.path}: cannot read the archive ({exc})", file=sys.stderr)
        return 2
    print(f"\r{len(outcomes)} pages read.", file=sys.stderr)
    print(report(outcomes, show=args.show))
    return 0


if __name__ == "__main__":
    sys.exit(main())
