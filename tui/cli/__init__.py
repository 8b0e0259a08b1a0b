"""The `cables` command line.

    cables ingest PATH… [--workers N] [--sample]   build or update the index
    cables search QUERY [--country C] [--from D] [--to D] [--class L] [--tag T] [--origin O]
                        [--kind K] [--sort relevance|newest|oldest] [--limit N] [--page N] [--json]
    cables show ID [--json]                        a document laid out, with what cites it
    cables cite CITATION [--json]                  the ready-to-paste citation line
    cables stats [--json]
    cables batch FILE [--json|--csv] [--hits N] [filters]   a file of queries, a summary each
    cables watch add NAME QUERY [filters] | list | show NAME [--new] | seen NAME|--all | rm NAME
                                                   saved searches and what each ingest brought them
    cables check [--repair] [--json]               verify the index's files; rebuild damage from sources
    cables help query                              the query language
    cables tui | cables                            the terminal UI

Every command takes ``--index DIR`` (else $CABLES_INDEX, else the user data folder).

Exit status (corpus.errors): 0 success; 1 an error (no index, index busy, nothing found, a
library missing); 2 a usage error (bad option, malformed query); 3 ingest finished but some
files were rejected, or some queries of a batch failed (the others ran); 4 a damaged index
(`cables check` found damage, or a command could not read a file: the one line names it and says
`cables check --repair`); 130 interrupted (what
ingest committed before stays in the index).

JSON output (``--json``) is the README's stable contract, shaped by search.presentation
(``search_json``, ``record_json``, ``cite_json``): e.g. ``cables cite '07 LIMA 2313 ¶7' --json``
gives ``{"id": "07LIMA2313", "paragraph": "7", "marking": "C", "text": "While GOP reps …",
"citation": "07LIMA2313 ¶7 (C), Embassy Lima, …"}``.

The package: ``parser`` (arguments), ``commands`` (one function a command), ``render``
(text and JSON output of search.presentation's rows and shapes), ``progress`` (the ingest
bar).  Whoosh and the search layer are imported only when a command needs them, so
``cables --help`` starts fast; Textual only when the TUI opens.  Every error of the
corpus.errors.CablesError family ends here, once: one line on stderr, its exit status.
"""

from __future__ import annotations

import os
import sys

from corpus.errors import EXIT_INTERRUPTED, EXIT_OK, CablesError
from tui.cli.parser import build_parser

__all__ = ["build_parser", "main"]


def main(argv: list[str] | None = None) -> int:
    # numpy's OpenBLAS starts a thread per core at import (20-60 ms of CPU in every command that
    # searches); nothing here multiplies matrices, so one thread, unless the user says otherwise.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    parser = build_parser(sys.argv[1:] if argv is None else argv)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2)
        return int(exc.code or 0)
    args.parser = parser
    try:
        from tui.cli import commands

        return getattr(commands, getattr(args, "command", None) or "tui")(args)
    except CablesError as exc:  # IndexNotFound, IndexLocked, QueryError, MissingDependency …
        print(f"cables: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        print("cables: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `cables show … | head`: the reader left; not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
