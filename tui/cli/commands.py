"""The commands of `cables`: each takes the parsed arguments and returns the exit status.

They fetch through search.library.Library (index.ingest for `ingest`), print through
tui.cli.render, and raise corpus.errors.CablesError for anything said on stderr; the
Library and the ingest are imported inside the commands, so `cables --help` needs neither.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, CablesError
from search import presentation
from tui.cli import render
from tui.cli.progress import Progress

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
    from search.library import Library

    return Library.open(_target(args))


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
    _say(render.ingest_text(report, target))
    if report.rejected:
        return EXIT_REJECTED
    return EXIT_INTERRUPTED if report.interrupted else EXIT_OK


def search(args: argparse.Namespace) -> int:
    from search.library import FILTER_KEYS

    query = " ".join(args.query)
    filters: dict[str, list[str]] = {}
    for key in FILTER_KEYS:
        value = getattr(args, OPTION_NAMES.get(key, key), None)
        if value:
            filters[key] = value if isinstance(value, list) else [value]
    with _library(args) as lib:
        result = lib.search(query, filters=filters, sort=args.sort, page=args.page, page_size=args.limit)
    if args.json:
        render.print_json(presentation.search_json(result))
    else:
        _say(render.search_text(result, query))
    return EXIT_OK


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


def cite(args: argparse.Namespace) -> int:
    from search.citation import lookup_in_folder

    target, text = _target(args), " ".join(args.citation)
    lookup = None if isinstance(target, str) else lookup_in_folder(target, text)
    if lookup is None:
        with _library(args) as lib:
            lookup = lib.cite(text)
    if args.json:
        render.print_json(presentation.cite_json(lookup))
    elif lookup.found or lookup.candidates:
        _say(render.cite_text(lookup))
    else:
        raise CablesError(lookup.message)
    return EXIT_OK if lookup.found else EXIT_ERROR


def stats(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        figures = lib.stats()
    if args.json:
        render.print_json(figures)
    else:
        _say(render.stats_text(figures))
    return EXIT_OK


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
