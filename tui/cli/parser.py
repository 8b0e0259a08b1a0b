"""The arguments of `cables`: one sub-command each, every one with ``--index DIR``, ``--engine URL`` and ``--help``.

Only argparse here: ``cables --help`` imports nothing else of the project.
"""

from __future__ import annotations

import argparse
from typing import Any

HELP_TOPICS = ("query",)
# As search.bibliography names them (kept here: `cables --help` imports argparse only).
CITE_FORMATS = ("chicago", "bibtex", "ris", "csl-json")
EXPORT_FORMATS = ("md", "citations", "json", "bibtex", "ris", "csl-json")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole parser; given the command line ``argv``, one whose only sub-command is the one it
    names (building them all is 4 ms of every command).  The whole one when ``argv`` names none,
    names one that does not exist (argparse then lists them all) or asks for ``help``."""
    wanted = _command_named(argv)
    parser, names = _build(wanted)
    return parser if wanted is None or wanted in names else _build(None)[0]


def _command_named(argv: list[str] | None) -> str | None:
    """The sub-command ``argv`` names: its first word that is neither an option nor an option's value."""
    words = iter(argv or ())
    for word in words:
        if word in ("--index", "--engine"):
            next(words, None)
        elif not word.startswith("-"):
            return None if word == "help" else word
        elif word in ("-h", "--help"):
            return None
    return None


class _Skipped:
    """A sub-command that was not asked for: whatever its arguments, nothing is built."""

    def __getattr__(self, name: str) -> object:
        return lambda *args, **kwargs: self


class _Only:
    """``add_subparsers()``'s action, adding only the sub-command ``wanted`` (all when None)."""

    def __init__(self, action: Any, wanted: str | None, names: list[str]) -> None:
        self._action, self._wanted, self._names = action, wanted, names

    def add_parser(self, name: str, **kwargs: Any) -> Any:
        self._names.append(name)
        if self._wanted is None or name == self._wanted:
            return self._action.add_parser(name, **kwargs)
        return _Skipped()


def _build(wanted: str | None) -> tuple[argparse.ArgumentParser, list[str]]:
    """The parser with the sub-command ``wanted`` (all when None), and the names of them all."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--index", metavar="DIR", default=argparse.SUPPRESS,
                        help="index folder (default: $CABLES_INDEX, else the user data folder)")
    common.add_argument("--engine", metavar="URL", default=argparse.SUPPRESS,
                        help="a SolrCloud collection instead of the index folder: "
                             "solr://HOST:PORT[,HOST:PORT…]/solr/COLLECTION (default: $CABLES_ENGINE); "
                             "credentials from $CABLES_SOLR_USER/$CABLES_SOLR_PASSWORD or the credentials file")
    parser = argparse.ArgumentParser(
        prog="cables", parents=[common],
        description="Search diplomatic cables and documents. With no command, opens the terminal UI.",
        epilog="`cables help query` explains the query language.",
    )
    # args.command names the function of tui.cli.commands that runs it (none: the UI)
    names: list[str] = []
    sub = _Only(parser.add_subparsers(dest="command", metavar="COMMAND"), wanted, names)

    p = sub.add_parser("ingest", parents=[common], help="add files or folders to the index",
                       description="Read cables and documents (files, folders, .tar.xz archives) into the index. "
                                   "Unchanged files are skipped; a newer release's text is the one searched, and "
                                   "every text is kept (cables diff).")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or archives")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="parser processes (default: one per CPU)")
    p.add_argument("--sample", action="store_true", help="also ingest the five bundled sample documents")
    p.add_argument("--json", action="store_true", help="the summary as JSON (with the saved searches' new hits)")

    p = sub.add_parser("search", parents=[common], help="search the index",
                       description="Search the index. `cables help query` explains the query language.")
    p.add_argument("query", nargs="*", metavar="QUERY", help='words, "phrases", OR, -word, field:value …')
    add_filters(p)
    p.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="hits per page (default 10)")
    p.add_argument("--page", type=int, default=1, metavar="N")
    p.add_argument("--json", action="store_true", help="machine-readable output")

    p = sub.add_parser("batch", parents=[common], help="run a file of queries: a summary per query",
                       description="Run every query of FILE (one a line, or a CSV file with a `query` column "
                                   "and an optional `name` column; blank lines and # comments skipped) and give "
                                   "each one's total, first and last date, top countries and tags, and the "
                                   "citation of its best hit. A query that fails is reported on its line and "
                                   "the others still run (exit status 3).")
    p.add_argument("file", metavar="FILE", help="the queries")
    add_filters(p)
    p.add_argument("--hits", type=int, default=0, metavar="N", help="also the first N hits of each query")
    output = p.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="machine-readable output")
    output.add_argument("--csv", action="store_true", help="one CSV row per query")

    p = sub.add_parser("watch", parents=[common], help="saved searches and what is new in them: watch add/list/show/seen/rm",
                       description="Saved searches. Each remembers which version of each hit you have seen; "
                                   "a hit is new when a later ingest brought it (or a new version of it), "
                                   "whatever its date. After each `cables ingest`, every saved search with "
                                   "new hits says how many.")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    w = actions.add_parser("add", parents=[common], help="save a search (its hits now count as seen)")
    w.add_argument("name", metavar="NAME")
    w.add_argument("query", nargs="*", metavar="QUERY", help="as for `cables search`")
    add_filters(w)
    w = actions.add_parser("list", parents=[common], help="each saved search, its hits and how many are new")
    w.add_argument("--json", action="store_true")
    w = actions.add_parser("show", parents=[common], help="the hits of a saved search")
    w.add_argument("name", metavar="NAME")
    w.add_argument("--new", action="store_true", help="only the hits new since it was last seen")
    w.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance")
    w.add_argument("--limit", type=int, default=10, metavar="N", help="hits per page (default 10)")
    w.add_argument("--page", type=int, default=1, metavar="N")
    w.add_argument("--json", action="store_true")
    w = actions.add_parser("seen", parents=[common], help="mark its hits seen: the new count goes back to 0")
    w.add_argument("name", nargs="?", metavar="NAME")
    w.add_argument("--all", action="store_true", help="every saved search")
    w = actions.add_parser("rm", parents=[common], help="delete a saved search")
    w.add_argument("name", metavar="NAME")

    p = sub.add_parser("show", parents=[common], help="show one document",
                       description="Show a document: header fields, then its paragraphs, then what cites it.")
    p.add_argument("id", metavar="ID", help="a document id, e.g. 09LIMA1661")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("cite", parents=[common], help="look up a citation",
                       description='Find what a citation points to and print the ready-to-paste line, '
                                   'e.g. cables cite "07 LIMA 2313 ¶7".')
    p.add_argument("citation", nargs="+", metavar="CITATION")
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=CITE_FORMATS, default=None,
                   help="a reference instead of the line: a Chicago note, BibTeX, RIS or CSL-JSON (for Zotero)")

    p = sub.add_parser("mark", parents=[common], help="keep a cable, a document or a paragraph, with tags and a note",
                       description='Mark what a citation names (any form `cables cite` reads: "07 LIMA 2313 ¶7", '
                                   "09LIMA1661): --tag adds tags, --note replaces the note.")
    p.add_argument("citation", nargs="+", metavar="CITATION")
    p.add_argument("--tag", action="append", default=[], metavar="T", help="a tag of yours (repeat for more)")
    p.add_argument("--note", metavar="TEXT", help="the note (replaces the one it had)")

    p = sub.add_parser("unmark", parents=[common], help="remove a tag from a mark, or the whole mark",
                       description="Without --tag, the whole mark goes; with it, only that tag.")
    p.add_argument("citation", nargs="+", metavar="CITATION")
    p.add_argument("--tag", metavar="T", help="remove only this tag")

    p = sub.add_parser("marks", parents=[common], help="list your marks, newest first",
                       description="Your marks, newest first: citation line, tags, note. "
                                   "A mark whose document left the index is listed as missing.")
    p.add_argument("--tag", metavar="T", help="only the marks with this tag")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("export", parents=[common], help="export your marks: briefing, citations, BibTeX, RIS …",
                       description="Write your marks (or one tag's) as a Markdown briefing (md), citation lines, "
                                   "JSON, BibTeX, RIS or CSL-JSON (Zotero reads the last three).")
    p.add_argument("--tag", metavar="T", help="only the marks with this tag")
    p.add_argument("--format", choices=EXPORT_FORMATS, default="md", help="default: md")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE (default: standard output)")

    p = sub.add_parser("explain", parents=[common], help="what a code, word or acronym means, and the source",
                       description="Explain a TAGS code (PREL), a handling or precedence word (NOFORN, NIACT "
                                   "IMMEDIATE), routing furniture (ZNY CCCCC, RUEHPE), a classification reason "
                                   "(1.4(b)), a cable word (REFTEL, DCM) or an acronym a cable defines (PNP), "
                                   "with where the meaning comes from. Exit status 1 when it is unknown.")
    p.add_argument("term", nargs="+", metavar="TERM")
    p.add_argument("--in", dest="within", metavar="CITATION",
                   help="read the term as this cable uses it (its own acronyms, GOP = Government of Peru)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("diff", parents=[common], help="what changed between the releases of a cable",
                       description="Show what changed between two versions of a cable, word by word: "
                                   "[-removed-] and {+added+} words, redactions called out. Versions are "
                                   "numbered 1 (oldest) … N (the newest, the one searched).")
    p.add_argument("citation", nargs="+", metavar="CITATION", help="the cable, e.g. 08LONDON1452")
    p.add_argument("--from", dest="start", metavar="R", help="version number or release date (default: the oldest)")
    p.add_argument("--to", dest="end", metavar="R", help="version number or release date (default: the newest)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("similar", parents=[common], help="documents like this one",
                       description="The documents most like the cited one (itself left out), most alike first.")
    p.add_argument("citation", nargs="+", metavar="CITATION", help="the document, e.g. 09LIMA1661")
    p.add_argument("--limit", type=int, default=10, metavar="N", help="how many (default 10)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stats", parents=[common], help="index statistics")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("check", parents=[common], help="verify the index's files (checksums, records)",
                       description="Hash every file of the index and decode every record; exit status 0 "
                                   "when sound, 4 when damage is found. --repair rebuilds damaged files, "
                                   "re-reading the damaged documents' sources.")
    p.add_argument("--repair", action="store_true",
                   help="rebuild what is damaged from the documents' sources; say what could not be restored")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("help", parents=[common], help="help on a topic: query")
    p.add_argument("topic", nargs="?", choices=HELP_TOPICS)

    p = sub.add_parser("solr", parents=[common], help="set up a SolrCloud collection: solr init",
                       description="Upload the project's config set to SolrCloud and create the collection "
                                   "named by --engine (or $CABLES_ENGINE).")
    p.add_argument("action", choices=("init",), help="init: upload the config set, create the collection")
    p.add_argument("--shards", type=int, default=1, metavar="N", help="shards (default 1)")
    p.add_argument("--replicas", type=int, default=1, metavar="M", help="copies of each shard (default 1)")

    p = sub.add_parser("tui", parents=[common], help="open the terminal UI")
    return parser, names


def add_filters(p: argparse.ArgumentParser) -> None:
    """The filters of `cables search` (and of `batch`, `watch add`): tui.cli.commands._filters reads them."""
    p.add_argument("--country", action="append", help="country name or code (repeat for OR)")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="from date: 2007, 2007-01 or 2007-01-31")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="to date (inclusive)")
    p.add_argument("--class", dest="klass", action="append", metavar="LEVEL",
                   help="classification: unclassified, confidential, secret …")
    p.add_argument("--tag", action="append", help="TAGS code, e.g. PREL")
    p.add_argument("--origin", action="append", help="sender, e.g. lima or \"Embassy Lima\"")
    p.add_argument("--kind", action="append", help="cable, speech, note-verbale …")
