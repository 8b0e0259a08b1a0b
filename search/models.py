"""What the search layer returns: plain dataclasses shared by the CLI and the TUI."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from corpus.records import Record

if TYPE_CHECKING:  # snippets imports this module
    from corpus.records import Paragraph
    from search.snippets import Terms
    from search.typed import TypedFilter
    from search.userdata import Mark


@dataclass(kw_only=True)
class ParagraphHit:
    number: str | None
    marking: str | None
    snippet: str  # with matched terms wrapped in «» (the CLI and TUI style them)


@dataclass(kw_only=True)
class Hit:
    id: str
    kind: str
    title: str
    date: str | None  # ISO date "2009-11-20" (or date-time for cables: "2009-11-20T16:58")
    classification: str | None
    origin: str | None
    countries: list[str]
    score: float
    snippet: str
    paragraphs: list[ParagraphHit] = field(default_factory=list)


@dataclass(kw_only=True)
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    facets: dict[str, dict[str, int]]  # facet name -> value -> count, over the whole result set
    suggestion: str | None = None  # "did you mean" query, when a word is misspelt
    ignored: list[str] = field(default_factory=list)  # query words left out: stopwords the index never stores
    page: int = 1
    page_size: int = 20
    # What the query matched, as the search layer analysed it (stems, phrases; never a -word):
    # the reader highlights exactly these (search.snippets.spans).  None for a hand-made result.
    terms: Terms | None = None
    # Filters typed in the query ("country:PE") and the facet values they stand for (search.typed).
    typed: list[TypedFilter] = field(default_factory=list)
    first: str | None = None  # ISO date of the earliest dated hit (of all hits, not the page)
    last: str | None = None  # ISO date of the latest


@dataclass(kw_only=True)
class Citation:
    id: str
    paragraph: str | None
    marking: str | None
    text: str  # the paragraph's text (or the document's title when no paragraph was asked)
    citation: str  # ready-to-paste: 07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter's visit …", 2007-07-06
    record: Record
    several: bool = False  # a range or list of paragraphs (¶¶3-5): ``paragraph`` is the first one


@dataclass(kw_only=True)
class CitationLookup:
    """The answer to a citation: exactly one of found / candidates / unknown."""

    query: str
    found: Citation | None = None
    candidates: list[str] = field(default_factory=list)  # ambiguous: ids to choose from
    message: str = ""  # what went wrong, in words, when nothing was found


@dataclass(kw_only=True)
class MarkedItem:
    """A mark as the user sees it, resolved against the index (search.marks.listed)."""

    mark: Mark
    record: Record | None  # None: the document is no longer in the index (the mark is kept)
    paragraph: Paragraph | None  # the paragraph marked, when it is still in the record
    citation: str  # the citation line (search.presentation), or the mark's own key when missing
    missing: str = ""  # why the item cannot be shown: "not in the index", "no ¶7 in this release"
