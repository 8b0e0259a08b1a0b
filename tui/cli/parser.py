"""The arguments of `cables`: one sub-command each, every one with ``--index DIR``, ``--engine URL`` and ``--help``.

Only argparse here: ``cables --help`` imports nothing else of the project.
"""

from __future__ import annotations

import argparse

HELP_TOPICS = ("query",)


def build_parser() -> argparse.ArgumentParser:
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("ingest", parents=[common], help="add files or folders to the index",
                       description="Read cables and documents (files, folders, .tar.xz archives) into the index. "
                                   "Unchanged files are skipped; newer versions replace older ones.")
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, folders or archives")
    p.add_argument("--workers", type=int, default=None, metavar="N", help="parser processes (default: one per CPU)")
    p.add_argument("--sample", action="store_true", help="also ingest the five bundled sample documents")

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

    p = sub.add_parser("show", parents=[common], help="show one document",
                       description="Show a document: header fields, then its paragraphs, then what cites it.")
    p.add_argument("id", metavar="ID", help="a document id, e.g. 09LIMA1661")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("cite", parents=[common], help="look up a citation",
                       description='Find what a citation points to and print the ready-to-paste line, '
                                   'e.g. cables cite "07 LIMA 2313 ¶7".')
    p.add_argument("citation", nargs="+", metavar="CITATION")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("explain", parents=[common], help="what a code, word or acronym means, and the source",
                       description="Explain a TAGS code (PREL), a handling or precedence word (NOFORN, NIACT "
                                   "IMMEDIATE), routing furniture (ZNY CCCCC, RUEHPE), a classification reason "
                                   "(1.4(b)), a cable word (REFTEL, DCM) or an acronym a cable defines (PNP), "
                                   "with where the meaning comes from. Exit status 1 when it is unknown.")
    p.add_argument("term", nargs="+", metavar="TERM")
    p.add_argument("--in", dest="within", metavar="CITATION",
                   help="read the term as this cable uses it (its own acronyms, GOP = Government of Peru)")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stats", parents=[common], help="index statistics")
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
    return parser
