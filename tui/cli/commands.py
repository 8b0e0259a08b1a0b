"""The commands of `cables`: each takes the parsed arguments and returns the exit status.

They fetch through search.library.Library (index.ingest for `ingest`), print through
tui.cli.render, and raise corpus.errors.CablesError for anything said on stderr; the
Library and the ingest are imported inside the commands, so `cables --help` needs neither.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from corpus.errors import EXIT_DAMAGED, EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, CablesError
from search import presentation
from tui.cli import render
from tui.cli.progress import Progress

BATCH_PROGRESS = 20  # queries from which `cables batch` shows a progress bar (and prints at the end)
# The filter keys of Library.search (search.library.FILTER_KEYS) whose `cables search` option
# is named otherwise (--class, --from, --to); a key with no option (year, month …) is never given.
OPTION_NAMES = {"classification": "klass", "from": "date_from", "to": "date_to"}


def _target(args: argparse.Namespace) -> Path | str:
    """What the command works on: a solr:// URL (--engine, $CABLES_ENGINE) or the index folder."""
    from index.engines import engine_spec, is_solr
    from index.location import resolve_index_dir

    spec = engine_spec(getattr(args, "index", None), getattr(args, "engine", None))
    return spec if is_solr(spec) else resolve_index_dir(spec)


def _library(args: argparse.Namespace):  # noqa: ANN202 - search.library.Library
    return _open_library(_target(args))


def _say(lines: list[str]) -> None:
    print("\n".join(lines))


def ingest(args: argparse.Namespace) -> int:
    from index.ingest import bundled_samples
    from index.ingest import ingest as run_ingest

    paths: list[Path] = [Path(p) for p in args.paths]
    if args.sample:
        paths.extend(bundled_samples())
    if not paths:
        raise CablesError("nothing to ingest: give PATH… or --sample", EXIT_USAGE)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise CablesError(f"no such file or folder: {', '.join(missing)}", EXIT_USAGE)
    target = _target(args)
    progress = Progress(sys.stderr)
    try:
        report = run_ingest(paths, target, workers=args.workers, progress=progress)
    finally:
        progress.finish()
    news = _watch_news(target, report.written)
    if args.json:
        render.print_json(presentation.ingest_json(report, target, news))
    else:
        _say(render.ingest_text(report, target, news))
    if report.rejected:
        return EXIT_REJECTED
    return EXIT_INTERRUPTED if report.interrupted else EXIT_OK


def _watch_news(target: Path | str, written: set[str]) -> list:  # list[(search.watches.WatchCount, int)]
    """What the ingest brought to each saved search (none when the user saved none)."""
    from search.userdata import UserData

    store = UserData.beside(target)
    if not written or not store.path.exists():
        return []
    from search.library import Library
    from search.watches import Watches

    try:
        with store, Library.open(target) as lib:
            return Watches(store, lib).after_ingest(written)
    except CablesError as exc:  # the ingest itself went well: say it, do not fail it
        print(f"cables: saved searches not counted: {exc}", file=sys.stderr)
        return []


def watch(args: argparse.Namespace) -> int:
    from search.userdata import UserData
    from search.watches import Watches

    target = _target(args)
    with UserData.beside(target) as store, _open_library(target) as lib:
        watches = Watches(store, lib)
        if args.action == "add":
            count = watches.add(args.name, " ".join(args.query), _filters(args))
            _say([f"saved search {args.name!r}: {count.total} hit{'s' if count.total != 1 else ''}, seen now"])
        elif args.action == "list":
            counts = watches.counts()
            if args.json:
                render.print_json([presentation.watch_json(c) for c in counts])
            else:
                _say(render.watch_list_text(counts))
        elif args.action == "show":
            return _watch_show(args, watches, lib)
        elif args.action == "seen":
            if bool(args.name) == bool(args.all):
                raise CablesError("name one saved search, or --all", EXIT_USAGE)
            names = [s.name for s in watches.all()] if args.all else [args.name]
            _say([f"saved search {n!r}: {watches.mark_seen(n).new} new marked seen" for n in names])
        else:
            search = watches.remove(args.name)
            _say([f"removed saved search {search.name!r} ({render.watch_query(search)})"])
    return EXIT_OK


def _open_library(target: Path | str):  # noqa: ANN202 - search.library.Library
    from search.library import Library

    return Library.open(target)


def _watch_show(args: argparse.Namespace, watches, lib) -> int:  # noqa: ANN001 - Watches, Library
    search = watches.get(args.name)
    count = watches.count(search)
    result = lib.search(search.query, filters=search.filters, sort=args.sort, page=args.page,
                        page_size=args.limit, within=count.new_ids if args.new else None)
    if args.json:
        render.print_json({"saved_search": presentation.watch_json(count), "only_new": args.new,
                           **presentation.search_json(result)})
    else:
        _say(render.watch_show_text(count, args.new) + render.search_text(result, search.query))
    return EXIT_OK


def _filters(args: argparse.Namespace) -> dict[str, list[str]]:
    """The filter options given (--country, --from …) as Library.search's filters."""
    from search.library import FILTER_KEYS

    filters: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        value = getattr(args, OPTION_NAMES.get(key, key), None)
        if value:
            filters[key] = value if isinstance(value, list) else [value]
    return filters


def search(args: argparse.Namespace) -> int:
    query = " ".join(args.query)
    filters = _filters(args)
    with _library(args) as lib:
        result = lib.search(query, filters=filters, sort=args.sort, page=args.page, page_size=args.limit)
    if args.json:
        render.print_json(presentation.search_json(result))
    else:
        _say(render.search_text(result, query))
    return EXIT_OK


def batch(args: argparse.Namespace) -> int:
    from search.batch import read_queries, run_batch

    queries = read_queries(Path(args.file))
    if args.hits < 0:
        raise CablesError("--hits must be 0 or more", EXIT_USAGE)
    progress = Progress(sys.stderr) if len(queries) >= BATCH_PROGRESS else None
    rows = []
    with _library(args) as lib:
        try:
            draw = (lambda done, total: progress.draw(done, total, "queries", what="batch")) if progress else None
            for row in run_batch(lib, queries, filters=_filters(args), hits=args.hits, progress=draw):
                rows.append(row)
                if not (args.json or progress):  # a short file: each summary as soon as it is known
                    _say(render.batch_text(row, args.csv, header=len(rows) == 1, hits=args.hits))
        finally:
            if progress:
                progress.finish()
    if args.json:
        render.print_json({"queries": [presentation.batch_json(r) for r in rows],
                           "failed": sum(1 for r in rows if r.error)})
    elif progress:
        for n, row in enumerate(rows):
            _say(render.batch_text(row, args.csv, header=n == 0, hits=args.hits))
    failed = [r for r in rows if r.error]
    if failed:
        print(f"cables: {len(failed)} of {len(rows)} queries failed ({args.file}, line "
              f"{', '.join(str(r.line) for r in failed)})", file=sys.stderr)
    return EXIT_REJECTED if failed else EXIT_OK


def show(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        record = lib.get(args.id)
        if record is None:
            lookup = lib.cite(args.id)
            record = lookup.found.record if lookup.found else None
        if record is None:
            raise CablesError(f"{args.id} is not in the index")
        cited_by = lib.cited_by(record.id)
        missing = lib.missing_references(record.id)
    if args.json:
        from search.glossary import record_glossary

        render.print_json({**presentation.record_json(record, cited_by, missing), "glossary": record_glossary(record)})
    else:
        _say(render.record_text(record, cited_by, missing))
    return EXIT_OK


def explain(args: argparse.Namespace) -> int:
    from search import glossary

    term = " ".join(args.term)
    with _library(args) as lib:
        record = None
        if args.within:
            lookup = lib.cite(args.within)
            if not lookup.found:
                raise CablesError(lookup.message or f"{args.within} is not in the index")
            record = lookup.found.record
        meanings = glossary.explain_term(lib, term, record)
    if args.json:
        render.print_json(glossary.term_json(term, meanings))
    else:
        _say(glossary.term_lines(term, meanings))
    return EXIT_OK if meanings else EXIT_ERROR


def diff(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        found = lib.diff(" ".join(args.citation), args.start, args.end)
    if args.json:
        render.print_json(presentation.diff_json(found))
    else:
        _say(render.diff_text(found))
    return EXIT_OK


def similar(args: argparse.Namespace) -> int:
    if args.limit < 1:
        raise CablesError("--limit must be 1 or more", EXIT_USAGE)
    with _library(args) as lib:
        record, hits = lib.similar(" ".join(args.citation), args.limit)
    if args.json:
        render.print_json(presentation.similar_json(record, hits))
    else:
        _say(render.similar_text(record, hits))
    return EXIT_OK


def cite(args: argparse.Namespace) -> int:
    from search.citation import quick_lookup

    target, text = _target(args), " ".join(args.citation)
    lookup = None if args.format else quick_lookup(target, text)
    if lookup is None:
        with _library(args) as lib:
            lookup = lib.cite(text)
    if args.format and lookup.found:
        from search import bibliography

        found = lookup.found
        print(bibliography.render(args.format, [(found.record, found.paragraph)]), end="")
        return EXIT_OK
    if args.json:
        render.print_json(presentation.cite_json(lookup))
    elif lookup.found or lookup.candidates:
        _say(render.cite_text(lookup))
    else:
        raise CablesError(lookup.message)
    return EXIT_OK if lookup.found else EXIT_ERROR


def mark(args: argparse.Namespace) -> int:
    from search import marks

    with _library(args) as lib:
        item = marks.mark(lib, " ".join(args.citation), tags=args.tag, note=args.note)
    _say(render.marks_text([item]))
    return EXIT_OK


def unmark(args: argparse.Namespace) -> int:
    from search import marks

    citation = " ".join(args.citation)
    with _library(args) as lib:
        removed = marks.unmark(lib, citation, tag=args.tag)
    if removed is None:
        raise CablesError(f"{citation} is not marked")
    if args.tag and args.tag not in removed.tags:
        raise CablesError(f"{removed.citation_key} has no tag {args.tag!r} (its tags: {', '.join(removed.tags) or 'none'})")
    _say([f"removed the tag {args.tag!r} from {removed.citation_key}" if args.tag else f"unmarked {removed.citation_key}"])
    return EXIT_OK


def marks(args: argparse.Namespace) -> int:
    from search import marks as _marks

    with _library(args) as lib:
        items = _marks.listed(lib, args.tag)
    if args.json:
        render.print_json([presentation.mark_json(i) for i in items])
    elif not items:
        _say([f"no marks tagged {args.tag!r}" if args.tag else "no marks yet: `cables mark CITATION --tag T`"])
    else:
        _say(render.marks_text(items))
    return EXIT_OK


def export(args: argparse.Namespace) -> int:
    from search import bibliography
    from search import marks as _marks

    with _library(args) as lib:
        items = _marks.listed(lib, args.tag)
    if not items:
        raise CablesError(f"nothing to export: no marks tagged {args.tag!r}" if args.tag else
                          "nothing to export: no marks yet (`cables mark CITATION --tag T`)")
    text = bibliography.export(args.format, items, args.tag)
    for item in bibliography.left_out(args.format, items):
        print(f"cables: left out {item.citation}: {item.missing}", file=sys.stderr)
    if args.output:
        from tui.export import write_export

        path = write_export(text, args.output)
        _say([f"{len(items)} mark{'s' if len(items) != 1 else ''} written to {path}"])
    else:
        print(text, end="")
    return EXIT_OK


def stats(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        figures = lib.stats()
    if args.json:
        render.print_json(figures)
    else:
        _say(render.stats_text(figures))
    return EXIT_OK


def check(args: argparse.Namespace) -> int:
    """`cables check [--repair] [--json]`: 0 the index is sound (or repaired with nothing lost),
    4 damage found (or left: a document whose source is gone)."""
    from index.engines import IndexDamaged, is_solr, open_engine

    target = _target(args)
    if is_solr(target):
        raise CablesError("`cables check` verifies an index folder; a SolrCloud collection checks its own "
                          "files (Lucene's CheckIndex)", EXIT_USAGE)
    try:
        engine: Any = open_engine(target)  # the Whoosh index (index.whoosh.engine.Index): check, repair
    except IndexDamaged as exc:  # the table of contents itself: nothing to re-read sources from
        found = {"index": str(target), "clean": False, "files": 1, "documents": 0, "unchecked": [],
                 "damaged": [{"file": exc.file, "kind": "table of contents", "problem": exc.problem, "segment": None}]}
        if args.json:
            render.print_json(found)
        else:
            _say(render.check_text(found, None))
        return EXIT_DAMAGED
    with engine:
        report = engine.check()
        repaired = None
        if args.repair and not report.clean:
            from index.whoosh.repair import repair

            repaired = repair(engine, report).as_json()
            report = engine.check()
    found = report.as_json()
    if args.json:
        render.print_json({**found, "repair": repaired} if repaired is not None else found)
    else:
        _say(render.check_text(found, repaired))
    return EXIT_OK if report.clean and not (repaired or {}).get("lost") else EXIT_DAMAGED


def help(args: argparse.Namespace) -> int:  # noqa: A001 - the command's name
    if args.topic == "query":
        from search import query

        print(query.__doc__.strip())
    else:
        args.parser.print_help()
    return EXIT_OK


def solr(args: argparse.Namespace) -> int:
    from index.engines import engine_spec, is_solr
    from index.solr.engine import init_collection

    url = engine_spec(None, getattr(args, "engine", None))
    if not is_solr(url):
        raise CablesError("name the collection: --engine solr://HOST:PORT/solr/COLLECTION (or $CABLES_ENGINE)",
                          EXIT_USAGE)
    if args.shards < 1 or args.replicas < 1:
        raise CablesError("--shards and --replicas must be 1 or more", EXIT_USAGE)
    _say([init_collection(url, shards=args.shards, replicas=args.replicas)])
    return EXIT_OK


def tui(args: argparse.Namespace) -> int:
    from index.engines import engine_spec, is_solr
    from tui.app import run_app  # Textual is imported only when the UI opens

    spec = engine_spec(getattr(args, "index", None), getattr(args, "engine", None))
    run_app(spec if is_solr(spec) else Path(spec).expanduser() if spec else None)
    return EXIT_OK
