"""The `cables` command line.

    cables ingest PATH… [--workers N] [--sample]   build or update the index
    cables search QUERY [--country C] [--from D] [--to D] [--class L] [--tag T] [--origin O]
                        [--kind K] [--sort relevance|newest|oldest] [--limit N] [--page N] [--json]
    cables show ID [--json]                        a document laid out, with what cites it
    cables cite CITATION [--json]                  the ready-to-paste citation line
    cables stats [--json]
    cables help query                              the query language
    cables tui | cables                            the terminal UI

Every command takes ``--index DIR`` (else $CABLES_INDEX, else the user data folder).

Exit status: 0 success; 1 an error (no index, index busy, nothing found); 2 a usage
error (bad option, malformed query); 3 ingest finished but some files were rejected;
130 ingest interrupted (what was committed before stays in the index).

JSON output (``--json``), stable:

- search: ``{"query", "total", "page", "page_size", "hits": [{"id", "kind", "title", "date",
  "classification", "origin", "countries", "score", "snippet", "paragraphs": [{"number",
  "marking", "snippet"}]}], "facets": {name: {value: count}}, "suggestion"}`` — snippets mark
  matched words with «»; ``date`` is ISO ("2009-11-20T16:58" for cables, "2003-04-14" otherwise);
  ``suggestion`` is a corrected query or null.
- show: the record's fields (dates ISO), ``paragraphs`` as ``[{"number", "marking", "heading",
  "text"}]``, plus ``cited_by`` (ids, newest first) and ``missing_references`` (ids cited but not
  in the index).
- cite: ``{"id", "paragraph", "marking", "text", "citation"}``; when ambiguous
  ``{"candidates": [ids], "message"}``; when not found ``{"error": message}``.
- stats: ``{"path", "documents", "by_kind", "size_bytes", "segments", "last_ingest", …}``.

Whoosh and the search layer are imported only when a command needs them, so
``cables --help`` starts fast; Textual only when the TUI opens.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3


class CliError(Exception):
    """A one-line message for stderr, and the exit status."""

    def __init__(self, message: str, status: int = EXIT_ERROR) -> None:
        super().__init__(message)
        self.status = status


# --- helpers ------------------------------------------------------------------------------------


def _index_dir(args: argparse.Namespace) -> Path:
    from index.location import resolve_index_dir

    return resolve_index_dir(getattr(args, "index", None))


def _library(args: argparse.Namespace):
    from search.library import Library

    return Library.open(_index_dir(args))


def _jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value


def _print_json(data: Any) -> None:
    print(json.dumps(_jsonable(data), ensure_ascii=False, indent=2))


# --- ingest -------------------------------------------------------------------------------------


class _Progress:
    """A bar with rate and ETA on a terminal; a plain line every few seconds otherwise."""

    EVERY = 5.0  # seconds between lines when not a terminal

    def __init__(self, stream) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.start = time.monotonic()
        self.last = 0.0
        self.drawn = False

    def __call__(self, p) -> None:
        now = time.monotonic()
        elapsed = max(now - self.start, 1e-6)
        rate = p.done / elapsed
        if p.total:
            frac = min(p.done / p.total, 1.0)
            eta = (p.total - p.done) / rate if rate > 0 else 0
            where = f"{p.done}/{p.total} {frac:4.0%}"
            eta_text = f" ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        else:
            frac, where, eta_text = None, f"{p.done}", ""
        counts = f"new {p.new} upd {p.updated} same {p.unchanged} rej {p.rejected}"
        if self.tty:
            bar = ""
            if frac is not None:
                filled = int(frac * 24)
                bar = "[" + "#" * filled + "." * (24 - filled) + "] "
            self.stream.write(f"\r{bar}{where} files {rate:.0f}/s{eta_text}  {counts}\x1b[K")
            self.stream.flush()
            self.drawn = True
        elif now - self.last >= self.EVERY:
            self.last = now
            self.stream.write(f"ingest: {where} files, {rate:.0f}/s{eta_text}, {counts}\n")
            self.stream.flush()

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def cmd_ingest(args: argparse.Namespace) -> int:
    from index.engine import IndexLocked
    from index.ingest import bundled_samples, ingest

    paths: list[Path] = [Path(p) for p in args.paths]
    if args.sample:
        paths.extend(bundled_samples())
    if not paths:
        raise CliError("nothing to ingest: give PATH… or --sample", EXIT_USAGE)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CliError(f"no such file or folder: {', '.join(missing)}", EXIT_USAGE)
    index_dir = _index_dir(args)
    progress = _Progress(sys.stderr)
    try:
        report = ingest(paths, index_dir, workers=args.workers, progress=progress)
    except IndexLocked as exc:
        raise CliError(str(exc)) from None
    finally:
        progress.finish()
    print(
        f"{'interrupted: ' if report.interrupted else ''}"
        f"{report.files} files in {report.seconds:.1f} s: new {report.new}, updated {report.updated}, "
        f"unchanged {report.unchanged}, rejected {report.rejected}"
        + (f", older releases skipped {report.older}" if report.older else "")
    )
    print(f"index: {index_dir}")
    if report.rejected:
        print(f"rejections logged in {report.log_path}")
        return EXIT_REJECTED
    return 130 if report.interrupted else EXIT_OK  # 130: the shell convention for Ctrl-C


# --- search -------------------------------------------------------------------------------------


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for key, attr in (
        ("country", "country"), ("classification", "klass"), ("tag", "tag"), ("origin", "origin"),
        ("kind", "kind"), ("from", "date_from"), ("to", "date_to"),
    ):
        value = getattr(args, attr, None)
        if value:
            filters[key] = value if isinstance(value, list) else [value]
    return filters


def _search_json(result) -> dict:
    return {
        "query": result.query,
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "hits": [
            {
                "id": h.id, "kind": h.kind, "title": h.title, "date": h.date,
                "classification": h.classification, "origin": h.origin, "countries": h.countries,
                "score": round(h.score, 4), "snippet": h.snippet,
                "paragraphs": [{"number": p.number, "marking": p.marking, "snippet": p.snippet} for p in h.paragraphs],
            }
            for h in result.hits
        ],
        "facets": result.facets,
        "suggestion": result.suggestion,
    }


def _para_label(number: str | None, marking: str | None, kind: str) -> str:
    sign = "¶" if kind == "cable" else "§"
    label = f"{sign}{number}" if number else ""
    if marking:
        label = f"{label} ({marking})".strip()
    return label


def _highlighter():  # noqa: ANN202 - str -> str
    """Matched words: bold on a terminal; the «» marks where the output goes to a file or a pipe."""
    import os

    if sys.stdout.isatty() and not os.environ.get("NO_COLOR"):
        return lambda text: text.replace("«", "\x1b[1m").replace("»", "\x1b[22m")
    return lambda text: text


def cmd_search(args: argparse.Namespace) -> int:
    from search.library import QueryError

    query = " ".join(args.query)
    with _library(args) as lib:
        try:
            result = lib.search(query, filters=_filters(args), sort=args.sort, page=args.page, page_size=args.limit)
        except QueryError as exc:
            raise CliError(f"bad query: {exc}", EXIT_USAGE) from None
    if args.json:
        _print_json(_search_json(result))
        return EXIT_OK
    pages = max(1, -(-result.total // result.page_size))
    marks = _highlighter()
    print(f"{result.total} hit{'s' if result.total != 1 else ''} for {query!r} (page {result.page} of {pages})")
    if result.total and not result.hits:  # --page past the end: say so rather than print nothing
        print(f"\nno hits on page {result.page}: the last page is {pages} (--page {pages})")
    for h in result.hits:
        print()
        print("  ".join(x for x in (h.id, (h.date or "")[:10], h.classification or "", h.origin or "") if x))
        print(f"  {h.title}")
        for p in h.paragraphs or []:
            print(f"  {_para_label(p.number, p.marking, h.kind)} {marks(p.snippet)}".rstrip())
        if not h.paragraphs and h.snippet:
            print(f"  {marks(h.snippet)}")
    if result.suggestion:
        print(f"\nDid you mean: {result.suggestion}")
    shown = {k: v for k, v in result.facets.items() if v}
    if shown and result.total:
        print()
        for name, counts in shown.items():
            top = list(counts.items())[:6]
            more = f" (+{len(counts) - len(top)})" if len(counts) > len(top) else ""
            print(f"{name}: " + ", ".join(f"{v} {c}" for v, c in top) + more)
    return EXIT_OK


# --- show ---------------------------------------------------------------------------------------


def _record_json(record, cited_by: list[str], missing: list[str]) -> dict:
    data = _jsonable(record)
    data["paragraphs"] = [
        {"number": p.number, "marking": p.marking, "heading": p.heading, "text": p.text} for p in record.paragraphs
    ]
    data["cited_by"] = cited_by
    data["missing_references"] = missing
    return data


def _addressee(a) -> str:  # noqa: ANN001 - corpus.records.Addressee
    return f"{a.name} ({a.precedence})" if a.precedence else a.name


def _header_lines(record, missing: set[str]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = [("ID", record.id), ("Kind", record.kind)]
    if record.date:
        rows.append(("Date", record.date.isoformat(sep=" ", timespec="minutes") + " UTC" if record.kind == "cable"
                     else record.date.date().isoformat()))
    if record.metadata.get("inferred"):  # a year or date the text does not state (corpus.inference)
        rows.append(("Inferred", record.metadata["inferred"]))
    if record.origin:
        rows.append(("Origin", record.origin))
    cls = getattr(record, "classification", None)
    if cls:
        rows.append(("Classification", str(cls)))
    if getattr(record, "handling", None):
        rows.append(("Handling", " ".join(record.handling)))
    if getattr(record, "precedence", None):
        info = f", {record.info_precedence} for info" if record.info_precedence else ""
        rows.append(("Precedence", f"{record.precedence} for action{info}"))
    if getattr(record, "to", None):
        rows.append(("To", "; ".join(_addressee(a) for a in record.to)))
    if getattr(record, "info", None):
        rows.append(("Info", "; ".join(_addressee(a) for a in record.info)))
    if getattr(record, "eo", None) or getattr(record, "declassify_on", None) or getattr(record, "declassify_text", None):
        declassify = record.declassify_on.isoformat() if record.declassify_on else record.declassify_text
        rows.append(("E.O.", ", ".join(x for x in (record.eo, declassify and f"declassify on {declassify}") if x)))
    if getattr(record, "tags", None):
        rows.append(("TAGS", " ".join(f"{t.code} ({t.name})" if t.name else t.code for t in record.tags)))
    if record.countries:
        rows.append(("Countries", ", ".join(record.countries)))
    title = record.title or getattr(record, "subject", "")
    if title:
        rows.append(("Subject" if record.kind == "cable" else "Title", title))
    refs = getattr(record, "references", None) or []
    for ref in refs:
        ids = ", ".join(i + (" (not in index)" if i in missing else "") for i in ref.ids)
        label = f"{ref.bullet}. " if ref.bullet else ""
        rows.append(("Reference", f"{label}{ref.text}" + (f" -> {ids}" if ids else "")))
    for label, attr in (("Classified by", "classified_by"), ("Reasons", "reasons"), ("Signer", "signer"),
                        ("Author", "author"), ("Addressee", "addressee"), ("Place", "place"), ("Event", "event")):
        value = getattr(record, attr, None)
        if value:
            rows.append((label, value))
    if record.source:
        rows.append(("Source", record.source))
    return rows


def cmd_show(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        record = lib.get(args.id)
        if record is None:
            lookup = lib.cite(args.id)
            record = lookup.found.record if lookup.found else None
        if record is None:
            raise CliError(f"{args.id} is not in the index")
        cited_by = lib.cited_by(record.id)
        missing = lib.missing_references(record.id)
    if args.json:
        _print_json(_record_json(record, cited_by, missing))
        return EXIT_OK
    rows = _header_lines(record, set(missing))
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    heading = None
    for p in record.paragraphs:
        if p.heading and p.heading != heading:
            heading = p.heading
            print(f"\n{heading}")
        label = _para_label(p.number, p.marking, record.kind)
        print(f"\n{label + ' ' if label else ''}{p.text}")
    print()
    print("Cited by: " + (", ".join(cited_by) if cited_by else "nothing in the index"))
    return EXIT_OK


# --- cite, stats, help --------------------------------------------------------------------------


def cmd_cite(args: argparse.Namespace) -> int:
    text = " ".join(args.citation)
    with _library(args) as lib:
        lookup = lib.cite(text)
    if lookup.found:
        c = lookup.found
        if args.json:
            _print_json({"id": c.id, "paragraph": c.paragraph, "marking": c.marking, "text": c.text,
                         "citation": c.citation})
        else:
            print(c.citation)
            if c.paragraph:
                print()
                print(c.text)
        return EXIT_OK
    if lookup.candidates:
        if args.json:
            _print_json({"candidates": lookup.candidates, "message": lookup.message})
        else:
            print(lookup.message)
            for cid in lookup.candidates:
                print(f"  {cid}")
        return EXIT_ERROR
    if args.json:
        _print_json({"error": lookup.message})
        return EXIT_ERROR
    raise CliError(lookup.message)


def cmd_stats(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        stats = lib.stats()
    if args.json:
        _print_json(stats)
        return EXIT_OK
    print(f"index: {stats.get('path')}")
    print(f"documents: {stats.get('documents')}")
    for kind, n in (stats.get("by_kind") or {}).items():
        print(f"  {kind}: {n}")
    if stats.get("provisional"):
        print(f"provisional cable ids (year unknown): {', '.join(stats['provisional'])}")
    size = stats.get("size_bytes")
    if size is not None:
        print(f"size on disk: {size / 1e6:.1f} MB")
    if stats.get("last_ingest"):
        print(f"last ingest: {stats['last_ingest']}")
    return EXIT_OK


HELP_TOPICS = ("query",)


def cmd_help(args: argparse.Namespace) -> int:
    if args.topic == "query":
        from search import query

        print(query.__doc__.strip())
        return EXIT_OK
    args.parser.print_help()
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    from tui.app import run_app  # Textual is imported only when the UI opens

    index = getattr(args, "index", None)
    run_app(Path(index).expanduser() if index else None)
    return EXIT_OK


# --- parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS,
                        help="index folder (default: $CABLES_INDEX, else the user data folder)")
    parser = argparse.ArgumentParser(
        prog="cables", parents=[common],
        description="Search diplomatic cables and documents. With no command, opens the terminal UI.",
        epilog="`cables help query` explains the query language.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="add files or folders to the index",
                       description="Read cables and documents (files, folders, .tar.xz archives) into the index. "
                                   "Unchanged files are skipped; newer versions replace older ones.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or archives")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="parser processes (default: one per CPU)")
    p.add_argument("--sample", action="store_true", help="also ingest the five bundled sample documents")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", parents=[common], help="search the index",
                       description="Search the index. `cables help query` explains the query language.")
    p.add_argument("query", nargs="*", metavar="QUERY", help='words, "phrases", OR, -word, field:value …')
    p.add_argument("--country", action="append", help="country name or code (repeat for OR)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from date: 2007, 2007-01 or 2007-01-31")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="to date (inclusive)")
    p.add_argument("--class", dest="klass", action="append", metavar="LEVEL",
                   help="classification: unclassified, confidential, secret …")
    p.add_argument("--tag", action="append", help="TAGS code, e.g. PREL")
    p.add_argument("--origin", action="append", help="sender, e.g. lima or \"Embassy Lima\"")
    p.add_argument("--kind", action="append", help="cable, speech, note-verbale …")
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits per page (default 10)")
    p.add_argument("--page", type=int, default=1, metavar="N")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("show", parents=[common], help="show one document",
                       description="Show a document: header fields, then its paragraphs, then what cites it.")
    p.add_argument("id", metavar="ID", help="a document id, e.g. 09LIMA1661")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("cite", parents=[common], help="look up a citation",
                       description='Find what a citation points to and print the ready-to-paste line, '
                                   'e.g. cables cite "07 LIMA 2313 ¶7".')
    p.add_argument("citation", nargs="+", metavar="CITATION")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_cite)

    p = sub.add_parser("stats", parents=[common], help="index statistics")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("help", parents=[common], help="help on a topic: query")
    p.add_argument("topic", nargs="?", choices=HELP_TOPICS)
    p.set_defaults(func=cmd_help)

    p = sub.add_parser("tui", parents=[common], help="open the terminal UI")
    p.set_defaults(func=cmd_tui)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    args.parser = parser
    func = getattr(args, "func", cmd_tui)
    try:
        return func(args)
    except CliError as exc:
        print(f"cables: {exc}", file=sys.stderr)
        return exc.status
    except KeyboardInterrupt:
        print("cables: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `cables show … | head`: the reader left; not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # IndexNotFound, IndexLocked and the like: one clear line, no traceback
        name = type(exc).__name__
        if name in ("IndexNotFound", "IndexLocked", "QueryError"):
            print(f"cables: {exc}", file=sys.stderr)
            return EXIT_USAGE if name == "QueryError" else EXIT_ERROR
        raise


if __name__ == "__main__":
    sys.exit(main())
