"""The engine boundary: what search/ and the ingest ask of an index, whichever engine holds it.

Two engines answer it:

- the Whoosh index in a folder (:class:`index.whoosh.engine.Index`, the default: embedded, one machine);
- a SolrCloud collection (:class:`index.solr.engine.SolrEngine`): sharded and replicated.

    engine = open_engine("solr://127.0.0.1:8983/solr/cables")   # or a folder: the Whoosh index
    page = engine.search(parse_query("security dialogue").query, {"year": qt.Term("year", "2009")},
                         sort="relevance", start=0, size=10, scored=True)
    page.total, page.rows[0].id, page.facets["year"]   # 3, "09LIMA1661", {"2009": 2, "2008": 1}
    engine.cited_by("09STATE112900")                   # ["09LIMA1661"], newest first

The query tree is the engine-neutral form: search/query.py parses the query language into the
project's own dataclasses (index/query_tree.py: Term, Phrase, And, Or, AndNot, Not, Prefix,
Wildcard, Fuzzy, DateRange, InSet, Every, Nothing) whose words are already analysed by the index's
own chain (index/fields.py ``analyse``).  It is data: the Whoosh engine executes it over its
posting arrays (index/whoosh/matchset.py), the Solr engine translates it to Solr's JSON Query DSL
(index/solr/translate.py).  Both index the very same terms at the very same positions.

``ids_only=True`` fills the rows with ids alone (no record read): what search/marks.py asks to
count the "my tags" facet over the marked documents among the hits.

Filters come as ``{key: tree}`` (one per facet-panel key: country, year, …, from, to): every one
narrows the hits, and the facet named ``key`` is counted without its own filter (disjunctive
facets: choosing 2009 must not hide 2008).  "month" is counted only when the hits fall in one year.

The interface (both engines; ``Engine`` below lists it for the type checker and the reader):
reading — ``get``, ``get_many``, ``has``, ``existing``, ``id_with`` (a former id), ``search`` (its Page also says
the first and last date of all hits), ``matching_ids`` (every hit's id, for saved searches), ``cited_by``, ``expand``
(the index terms a Prefix/Wildcard/Fuzzy leaf stands for, for highlighting),
``doc_frequencies`` (for "did you mean"), ``field_values``, ``doc_count``, ``stats``,
``refresh``, ``close``, ``location``; writing (the ingest) — ``ingest_lock``, ``open_writer``
(a batch: ``add_fields``, ``drop``, ``delete``, ``commit``, ``cancel``), ``content_hashes``,
``releases``, ``write_meta``, ``ensure_columns`` (what the engine builds once an ingest is done).

Choosing: ``--engine solr://HOST:PORT[,HOST:PORT…]/solr/COLLECTION`` or ``$CABLES_ENGINE`` names
a Solr collection; otherwise the Whoosh index in ``--index DIR`` / ``$CABLES_INDEX`` / the user
data folder.  Nothing changes for a user who never names an engine.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from corpus.errors import EXIT_DAMAGED, CablesError
from corpus.records import Record

if TYPE_CHECKING:  # the tree's 13 dataclasses cost 7 ms to import: `cables cite` never builds one
    from index import query_tree as qt

ENGINE_ENV = "CABLES_ENGINE"
SOLR_SCHEMES = ("solr://", "solrs://")
# The engines, by module: the boundary names them and imports neither (no import circle).
ENGINES = {"whoosh": ("index.whoosh.engine", "Index"), "solr": ("index.solr.engine", "SolrEngine")}
# What answers a citation by id without opening the engine (no Whoosh, numpy or httpx imported):
# the citation table beside a Whoosh index, Solr's real-time get over http.client.
LOOKUPS = {"whoosh": ("index.citetable", "open_table"), "solr": ("index.solr.realtime", "open_lookups")}


class IndexNotFound(CablesError):
    """There is no index in the folder."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"no index in {path}: build one with `cables ingest --sample` (the bundled samples) "
            f"or `cables ingest PATH…` (your files)"
        )
        self.path = path


class IndexLocked(CablesError):
    """Another process (or another ingest) is writing to the index."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"another ingest is writing to {path}; wait for it to finish")
        self.path = path


class IndexDamaged(CablesError):
    """A file of the index is damaged (its checksum, its length, or its content): said in one line
    naming the file and the fix."""

    exit_status = EXIT_DAMAGED

    def __init__(self, file: str | Path, problem: str) -> None:
        super().__init__(f"{file}: damaged index file ({problem}); run `cables check --repair` to rebuild it from your files")
        self.file = str(file)
        self.problem = problem


@dataclass
class Row:
    """One hit of a page: its id, score (0.0 when not ranked by relevance), record and classification."""

    id: str
    score: float
    record: Record | None  # None when the search asked for ids only
    classification: str | None = None


@dataclass
class Page:
    """What :meth:`Engine.search` answers: how many match, the page asked for, facet counts over all hits."""

    total: int
    rows: list[Row] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    scored: bool = True  # False when the engine could not score (the rows are in date order)
    first: str | None = None  # ISO date ("2006-01-03") of the earliest dated hit, of all hits
    last: str | None = None  # ... and of the latest


class Engine(Protocol):
    """The operations search/ and the ingest use (see the module docstring)."""

    location: str

    def search(self, query: qt.Node, filters: dict[str, qt.Node], *, sort: str, start: int, size: int,
               scored: bool, words: Sequence[str] = (), ids_only: bool = False) -> Page: ...  # fmt: skip

    def matching_ids(self, query: qt.Node, filters: dict[str, qt.Node]) -> list[str]: ...

    def get(self, id: str) -> Record | None: ...

    def get_many(self, ids: Iterable[str]) -> dict[str, Record]: ...

    def has(self, id: str) -> bool: ...

    def existing(self, ids: Iterable[str]) -> set[str]: ...

    def id_with(self, field: str, value: str) -> str | None: ...

    def cited_by(self, id: str) -> list[str]: ...

    def expand(self, leaf: qt.Pattern) -> list[str]: ...

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]: ...

    def field_values(self, field: str) -> list[str]: ...

    def doc_count(self) -> int: ...

    def stats(self) -> dict: ...

    def refresh(self) -> None: ...

    def close(self) -> None: ...

    def ingest_lock(self) -> AbstractContextManager[None]: ...

    def open_writer(self) -> Any: ...

    def content_hashes(self) -> dict[str, str]: ...

    def releases(self) -> dict[str, str]: ...

    def write_meta(self, report: dict) -> None: ...

    def ensure_columns(self) -> int: ...


def engine_spec(index: str | Path | None = None, engine: str | None = None) -> str | Path | None:
    """What to open: ``engine`` (--engine), else ``index`` (--index), else $CABLES_ENGINE, else None
    (the caller's default index folder)."""
    return engine or index or os.environ.get(ENGINE_ENV) or None


def is_solr(spec: str | Path | None) -> bool:
    return isinstance(spec, str) and spec.startswith(SOLR_SCHEMES)


def open_engine(spec: str | Path, *, create: bool = False) -> Engine:
    """The engine for ``spec``: a solr:// URL (the collection must exist: ``cables solr init``) or
    an index folder (the Whoosh index; with ``create=True`` made when absent)."""
    if is_solr(spec):
        return _engine_class("solr").open(str(spec))
    return _engine_class("whoosh").open(Path(spec), create=create)


def open_lookups(spec: str | Path) -> Any:
    """The quick citation path for ``spec`` (a context manager with ``has``, ``existing``, ``get``,
    ``field_values``, ``id_with``), or None where there is none (no current citation table beside
    the index).  It may raise ``OSError`` or ``LookupError`` for what it cannot answer: the caller
    then asks the engine itself, which says what is wrong."""
    return _named(LOOKUPS["solr" if is_solr(spec) else "whoosh"])(str(spec) if is_solr(spec) else Path(spec))


def _engine_class(name: str) -> Any:
    return _named(ENGINES[name])


def _named(where: tuple[str, str]) -> Any:
    from importlib import import_module

    module, name = where
    return getattr(import_module(module), name)

