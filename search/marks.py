"""Marks as the user sees them: a citation in, the store's mark, the citation line out.

The store (search/userdata.py) keeps ids and paragraph numbers; this module ties them to the
index through a search.library.Library:

    item = mark(lib, "07 LIMA 2313 ¶7", tags=["peru-mil"], note="Coulter on the SOFA")
    item.citation      '07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter\'s visit to Peru for pol-mil talks", 2007-07-06'
    [i.citation for i in listed(lib, tag="peru-mil")]     newest first
    unmark(lib, "07LIMA2313 para 7", tag="peru-mil")      drops the tag (no tag: the whole mark)

A citation that names nothing (or several documents, or a range of paragraphs) raises
:class:`MarkError` before anything is written.  A mark whose document is no longer in the
index (or whose paragraph a newer release no longer has) is listed with ``missing`` saying so,
never dropped.

The query language reads the store too: ``mytag:T`` (the documents holding a mark tagged T) and
``marked:yes`` / ``marked:no`` become an id filter (:func:`mark_query`), on either engine: marks
stay local, the engine only sees ids.  The Library parses a query inside :func:`resolving`, which
says which store those fields read; the "my tags" facet (:data:`MY_TAGS`) counts, for each tag,
the documents among the hits that hold a mark with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from corpus.errors import EXIT_ERROR, EXIT_USAGE, CablesError
from corpus.records import Record
from index import query_tree as qt
from search import presentation
from search.models import Citation, MarkedItem
from search.userdata import Mark, UserData, clean_tag

if TYPE_CHECKING:
    from search.library import Library

MY_TAGS = "mytag"  # the facet and filter key of the user's own tags
MARK_FIELDS = ("mytag", "marked")
_store: ContextVar[UserData | None] = ContextVar("cables_marks_store", default=None)


class MarkError(CablesError):
    """The citation does not name one document or one paragraph: nothing is marked."""


# --- the query fields -----------------------------------------------------------------------------


@contextmanager
def resolving(store: UserData | None) -> Iterator[None]:
    """Within the block, ``mytag:`` and ``marked:`` read ``store``."""
    token = _store.set(store)
    try:
        yield
    finally:
        _store.reset(token)


def id_filter(ids: Iterable[str]) -> qt.Node:
    """The documents with those ids (none: nothing): one InSet node, however many ids."""
    return qt.in_set("id", ids) if ids else qt.Nothing()


def mark_query(name: str, value: str) -> qt.Node:
    """``mytag:T`` / ``marked:yes|no`` as an id filter over the marks of the store being resolved."""
    from search.query import QueryError

    store = _store.get()
    if name == "marked":
        answer = value.strip().lower()
        if answer not in ("yes", "no"):
            raise QueryError(f"marked: takes yes or no, not {value!r}")
        marked = id_filter(store.marked_ids() if store else set())
        return marked if answer == "yes" else qt.AndNot(qt.Every(), marked)
    return id_filter(store.marked_ids(value) if store else set())


def tag_facet(lib: Library, query: qt.Node, filters: dict[str, qt.Node]) -> dict[str, int]:
    """The "my tags" facet: documents per tag among the hits of ``query`` under ``filters``
    (without the mytag filter itself: choosing one tag must not hide the others)."""
    marked = lib.userdata.marked_ids()
    if not marked:
        return {}
    others = {k: v for k, v in filters.items() if k != MY_TAGS}
    page = lib.engine.search(query, {**others, MY_TAGS: id_filter(marked)}, sort="newest", start=0,
                             size=len(marked), scored=False, ids_only=True)
    return lib.userdata.tag_counts(ids=[row.id for row in page.rows])


# --- marking --------------------------------------------------------------------------------------


def _target(lib: Library, citation: str) -> Citation:
    lookup = lib.cite(citation)
    if lookup.found is None:
        if lookup.candidates:
            raise MarkError(f"{lookup.message}: {', '.join(lookup.candidates)}; nothing marked")
        raise MarkError(f"{lookup.message}; nothing marked", EXIT_ERROR)
    if lookup.found.several:
        raise MarkError(f"{citation!r} names several paragraphs: mark them one at a time", EXIT_USAGE)
    return lookup.found


def mark(lib: Library, citation: str, *, tags: Iterable[str] = (), note: str | None = None) -> MarkedItem:
    """Marks what ``citation`` names (any form ``cables cite`` reads); MarkError when it names nothing."""
    found = _target(lib, citation)
    saved = lib.userdata.mark(found.id, found.paragraph, tags=tags, note=note)
    return _item(saved, {found.id: found.record})


def unmark(lib: Library, citation: str, *, tag: str | None = None) -> Mark | None:
    """Removes ``tag`` from the mark of ``citation`` (no tag: the whole mark); None when there was none.

    A citation the index no longer has is read as written (``07LIMA2313 ¶7``), so a missing
    document's mark can still be removed.
    """
    key: tuple[str, str | None] | None
    try:
        found = _target(lib, citation)
        key = (found.id, found.paragraph)
    except MarkError:
        key = _as_written(citation)
        if key is None or lib.userdata.get(*key) is None:
            raise
    return lib.userdata.unmark(*key, tag=tag)


def _as_written(citation: str) -> tuple[str, str | None] | None:
    from corpus.ids import canonical_id

    head, _, para = citation.replace("§", "¶").partition("¶")
    doc = head.strip()
    return (canonical_id(doc.replace(" ", "")) or doc, para.strip() or None) if doc else None


def listed(lib: Library, tag: str | None = None) -> list[MarkedItem]:
    """Every mark (with ``tag``), newest first, resolved against the index."""
    found = lib.userdata.marks(tag)
    records = lib.engine.get_many(m.doc_id for m in found)
    return [_item(m, records) for m in found]


def _item(mark: Mark, records: dict[str, Record]) -> MarkedItem:
    record = records.get(mark.doc_id)
    if record is None:
        return MarkedItem(mark=mark, record=None, paragraph=None, citation=mark.citation_key,
                          missing="not in the index")
    if mark.paragraph is None:
        return MarkedItem(mark=mark, record=record, paragraph=None, citation=presentation.citation_line(record))
    para = record.paragraph(mark.paragraph)
    if para is None:
        sign = presentation.paragraph_sign(record.kind)
        return MarkedItem(mark=mark, record=record, paragraph=None, missing=f"no {sign}{mark.paragraph} in this release",
                          citation=f"{record.id} {sign}{mark.paragraph}" + presentation.citation_line(record)[len(record.id):])
    return MarkedItem(mark=mark, record=record, paragraph=para, citation=presentation.citation_line(record, para))


def of_documents(lib: Library, ids: Iterable[str]) -> dict[str, list[Mark]]:
    """The marks of each of ``ids`` that has any (badges in the result list and the reader)."""
    wanted = set(ids)
    found: dict[str, list[Mark]] = {}
    for m in lib.userdata.marks():
        if m.doc_id in wanted:
            found.setdefault(m.doc_id, []).append(m)
    return found


def by_tag(items: list[MarkedItem]) -> dict[str, list[MarkedItem]]:
    """Items grouped by tag (tags in alphabetical order, untagged last); an item with two tags is in both."""
    groups: dict[str, list[MarkedItem]] = {}
    for item in items:
        for tag in item.mark.tags or [""]:
            groups.setdefault(tag, []).append(item)
    return dict(sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].lower())))


def tags_of(text: str) -> list[str]:
    """Tags as typed in one line: separated by commas or blanks (``"peru-mil, sofa"``)."""
    return [t for t in (clean_tag(x) for x in text.replace(",", " ").split()) if t]
