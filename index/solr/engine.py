"""The Solr engine: the engine boundary (index/engines.py) over one SolrCloud collection.

    engine = SolrEngine.open("solr://127.0.0.1:8983,127.0.0.1:8984/solr/cables")
    page = engine.search(tree, {"year": Term("year", "2009")}, sort="relevance", start=0, size=10, scored=True)
    engine.get("09LIMA1661").subject            # "PERU: INFORMATION ON SECURITY DIALOGUE"
    engine.cited_by("09STATE112900")            # ["09LIMA1661"]

Searching: the query tree becomes Solr's JSON Query DSL (index/solr/translate.py); each filter
is a ``filter`` entry tagged with its key, and the facet of that key is a JSON terms facet that
excludes its own tag (disjunctive facets, as on Whoosh).  Records come back from the stored
``record`` field; look-ups by id use real-time get, which sees what was added but not yet
committed (the ingest relies on it only through ``content_hashes``, which reads committed data).

Writing: :meth:`open_writer` gives a batch that sends its documents in chunks of
``SEND_CHUNK`` as they come and commits at the end (the client keeps trying through a lost
node, ``write_patience``).  Solr replaces a document by id, so a batch re-sent after a failure
writes nothing twice.  Solr takes several writers at once: there is no ingest lock to hold, and
two ingests of the same files write the same documents.

Relevance: Solr's BM25 per field with the title boosted 2x, close to but not Whoosh's BM25F:
the two engines find the same documents and count the same facets; the order of equally
relevant hits may differ.  ``stats()`` reports shards, replicas and live nodes beside the counts.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from corpus.records import Record
from index import query_tree as qt
from index.engines import Page, Row
from index.field_names import FACETS
from index.fields import preanalyse, record_fields
from index.solr.client import CONFIGSET_DIR, SolrClient, SolrError, parse_engine_url
from index.solr.documents import solr_values
from index.solr.ranking import PARAGRAPH_FIELD
from index.solr.translate import translate
from index.store import load_record_shared

SEND_CHUNK = 500  # documents per update request
GET_CHUNK = 500  # ids per real-time get
EXPORT_ROWS = 5000  # documents per page when reading every id (cursorMark)
META_PROP = "cables.last_ingest"
log = logging.getLogger(__name__)


class CollectionNotFound(SolrError):
    """The cluster answers but has no such collection."""


class SolrBatch:
    """One ingest batch on Solr: what :meth:`SolrEngine.open_writer` gives (the Whoosh BatchWriter's methods)."""

    def __init__(self, client: SolrClient, collection: str, *, paragraphs: bool = True) -> None:
        self._client = client
        self._collection = collection
        self._paragraphs = paragraphs  # False: the collection predates body_paragraphs
        self._pending: dict[str, dict[str, Any]] = {}
        self._deletes: list[str] = []
        self.added = 0
        self.deleted = 0

    def add(self, record: Record, content_hash: str) -> str:
        return self.add_fields(preanalyse(record_fields(record, content_hash)))

    def add_fields(self, fields: dict[str, Any], *, replace: bool = True) -> str:
        """Adds the document (Solr replaces any with the same id); its key for :meth:`drop`."""
        doc = solr_values(fields, paragraphs=self._paragraphs)
        self._pending[doc["id"]] = doc
        self.added += 1
        if len(self._pending) >= SEND_CHUNK:
            self._send()
        return doc["id"]

    def drop(self, key: str) -> None:
        """Takes back a document added to this batch (a later version of it follows)."""
        if self._pending.pop(key, None) is not None:
            self.added -= 1

    def delete(self, id: str) -> None:
        self._pending.pop(id, None)
        self._deletes.append(id)
        self.deleted += 1

    def commit(self) -> None:
        self._send()
        if self._deletes:
            self._client.delete(self._collection, self._deletes)
            self._deletes = []
        self._client.commit(self._collection)

    def cancel(self) -> None:
        """Forgets what was not sent yet (what was sent stays: each document is whole on its own)."""
        self._pending.clear()
        self._deletes = []

    def _send(self) -> None:
        if self._pending:
            self._client.add(self._collection, list(self._pending.values()))
            self._pending = {}


def _rerank(words: Iterable[str], paragraphs: bool) -> dict[str, str]:
    """The rerank parameters for the query's plain words (their body terms, as the index has them)."""
    from index.fields import analyse
    from index.solr.ranking import rerank_params

    return rerank_params([term for word in words for term in analyse("body", word)], paragraphs=paragraphs)


class SolrEngine:
    """One SolrCloud collection behind the engine boundary (see the module docstring)."""

    def __init__(self, client: SolrClient, collection: str, location: str) -> None:
        self.client = client
        self.collection = collection
        self.location = location
        self.paragraphs = True  # the collection has body_paragraphs (False once Solr says it has not)

    @classmethod
    def open(cls, url: str, *, client: SolrClient | None = None, check: bool = True) -> SolrEngine:
        """The collection named by ``url`` (solr://HOST:PORT[,…]/solr/COLLECTION).

        Raises SolrUnreachable (no node answers), SolrAuthError, or CollectionNotFound.
        """
        urls, collection = parse_engine_url(url)
        client = client or SolrClient(urls)
        engine = cls(client, collection, f"{', '.join(urls)} collection {collection}")
        if check and collection not in client.collections():
            client.close()
            raise CollectionNotFound(
                f"Solr at {urls[0]} has no collection {collection!r}: create it with "
                f"`cables solr init --engine {url}`"
            )
        return engine

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> SolrEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def refresh(self) -> None:
        """Nothing to do: every request sees the collection as last committed."""

    # --- searching ------------------------------------------------------------------------------

    def search(self, query: qt.Node, filters: dict[str, qt.Node], *, sort: str, start: int, size: int,
               scored: bool, words: Sequence[str] = (), ids_only: bool = False) -> Page:  # fmt: skip
        """One page of hits for the tree ``query`` under ``filters`` ({key: tree}), facets over all hits.

        Ranked by Solr's BM25, its top hits re-ordered by where the query's plain ``words`` stand
        (index/solr/ranking.py), as the Whoosh engine re-orders its own.
        """
        body: dict[str, Any] = {
            "query": translate(self._fuzzy_as_terms(query)),
            "filter": [{f"#{key}": translate(tree)} for key, tree in filters.items()],
            "fields": "id,score" if ids_only else "id,score,classification,record",
            "limit": size,
            "offset": start,
            "sort": "score desc,id asc" if scored else f"date {'asc' if sort == 'oldest' else 'desc'},id asc",
            "facet": _facet_request(filters),
        }
        data = self._select(body, words if scored else ())
        response = data["response"]
        rows = [
            Row(id=d["id"], score=float(d.get("score", 0.0)) if scored else 0.0,
                record=None if ids_only else load_record_shared(d["record"]),
                classification=d.get("classification"))  # fmt: skip
            for d in response["docs"]
        ]
        found = data.get("facets", {})
        return Page(total=response["numFound"], rows=rows, facets=_facet_counts(found, filters),
                    first=_day(found.get("first")), last=_day(found.get("last")))

    def _select(self, body: dict[str, Any], words: Sequence[str]) -> dict[str, Any]:
        """Solr's answer to ``body``, re-ranked by ``words``; on a collection made before
        ``body_paragraphs`` existed, re-ranked by the words' distance instead (index/solr/ranking.py)."""
        params = _rerank(words, self.paragraphs)
        try:
            return self.client.request_json(f"{self.collection}/select", {**body, "params": params} if params else body)
        except SolrError as exc:
            if not params or not self.paragraphs or PARAGRAPH_FIELD not in str(exc):
                raise
            log.warning("collection %s has no %s (made before it existed): `cables solr init` and a new "
                        "ingest rank by paragraph again", self.collection, PARAGRAPH_FIELD)  # fmt: skip
            self.paragraphs = False
            return self._select(body, words)

    def matching_ids(self, query: qt.Node, filters: dict[str, qt.Node]) -> list[str]:
        """The id of every document matching ``query`` under ``filters`` (id order): what a saved
        search holds now, whatever the page size (search/watches.py)."""
        body = {"query": translate(self._fuzzy_as_terms(query)),
                "filter": [translate(tree) for tree in filters.values()]}
        return [doc["id"] for doc in self._export(body, "id")]

    def _fuzzy_as_terms(self, q: qt.Node) -> qt.Node:
        """The tree with each fuzzy word replaced by the index terms within its distance, found as
        Whoosh finds them (first letter kept, Levenshtein edits): Lucene's own fuzzy query would
        count a swap as one edit and change the first letter, and find other documents."""

        def as_terms(leaf: qt.Leaf) -> qt.Node:
            if not isinstance(leaf, qt.Fuzzy):
                return leaf
            terms = tuple(qt.Term(leaf.field, t, leaf.boost) for t in self.expand(leaf))
            return qt.Or(terms) if terms else qt.Nothing()

        return qt.replace_leaves(q, as_terms)

    def cited_by(self, id: str) -> list[str]:
        """Ids of the documents whose ``references`` hold ``id``, newest first."""
        return self._ids({"term": {"f": "references", "query": id}}, sort="date desc,id asc")

    def expand(self, leaf: qt.Leaf) -> list[str]:
        """The index terms a Prefix, Wildcard or Fuzzy leaf stands for (a Term: its own word)."""
        if isinstance(leaf, qt.Fuzzy):
            size, most = len(leaf.text), int(leaf.maxdist)
            found = self.client.lexicon(self.collection, leaf.field, prefix=leaf.text[: leaf.prefixlength] or None,
                                        regex=f".{{{max(1, size - most)},{size + most}}}", limit=-1)  # fmt: skip
            return [t for t in found if _edits(leaf.text, t) <= most]
        if isinstance(leaf, qt.Prefix):
            return list(self.client.lexicon(self.collection, leaf.field, prefix=leaf.text))
        if isinstance(leaf, qt.Wildcard):
            regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in leaf.text)
            return list(self.client.lexicon(self.collection, leaf.field, regex=regex))
        text = getattr(leaf, "text", None)
        return [text] if text else []

    def doc_frequencies(self, field: str, terms: Iterable[str]) -> dict[str, int]:
        """term -> how many documents hold it in ``field`` (terms in none are left out)."""
        return self.client.terms(self.collection, [field], terms)[field]

    def field_values(self, field: str) -> list[str]:
        """Every value ``field`` holds in the collection (a facet field: year, kind …)."""
        data = self.client.request_json(f"{self.collection}/select", {
            "query": "*:*", "limit": 0, "facet": {"v": {"type": "terms", "field": field, "limit": -1}}})  # fmt: skip
        return [str(b["val"]) for b in data.get("facets", {}).get("v", {}).get("buckets", [])]

    # --- reading --------------------------------------------------------------------------------

    def get(self, id: str) -> Record | None:
        return self.get_many([id]).get(id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Record]:
        """The records of the ids that are in the collection (absent ids are simply not in the answer)."""
        found: dict[str, Record] = {}
        for chunk in _chunks(dict.fromkeys(ids), GET_CHUNK):
            for id, doc in self.client.get(self.collection, chunk, fields="id,record").items():
                found[id] = load_record_shared(doc["record"])
        return found

    def id_with(self, field: str, value: str) -> str | None:
        """The id of a document whose ``field`` holds ``value`` (an ``alias``: a former id), or None."""
        found = self.client.request_json(f"{self.collection}/select", {
            "query": {"term": {"f": field, "query": value}}, "fields": "id", "limit": 1})  # fmt: skip
        docs = found["response"]["docs"]
        return docs[0]["id"] if docs else None

    def has(self, id: str) -> bool:
        return bool(self.existing([id]))

    def existing(self, ids: Iterable[str]) -> set[str]:
        present: set[str] = set()
        for chunk in _chunks(dict.fromkeys(ids), GET_CHUNK):
            present.update(self.client.get(self.collection, chunk, fields="id"))
        return present

    def doc_count(self) -> int:
        return self.client.select(self.collection, rows=0, fields="id").total

    def stats(self) -> dict:
        """documents, by kind, size (one copy), shards, replicas, live nodes, last ingest."""
        figures = self.client.stats(self.collection)
        kinds = self.client.select(self.collection, rows=0, fields="id",
                                   facets={"kind": {"type": "terms", "field": "kind", "limit": -1}})  # fmt: skip
        meta = self._read_meta()
        return {
            "path": self.location,
            "engine": "solr",
            "documents": figures.docs,
            "by_kind": dict(kinds.buckets("kind")),
            "provisional": sorted(d["id"] for d in self._export("id:*-PROVISIONAL", "id")),
            "size_bytes": figures.size_bytes,
            "shards": figures.shards,
            "replicas": figures.replicas,
            "live_nodes": figures.live_nodes,
            "last_ingest": meta.get("finished"),
            "last_ingest_report": meta.get("report"),
        }

    # --- writing (the ingest) -------------------------------------------------------------------

    @contextmanager
    def ingest_lock(self) -> Iterator[None]:
        """Nothing to hold: Solr takes several writers, and a document is replaced whole by id."""
        yield

    def open_writer(self) -> SolrBatch:
        """A batch; on a collection made before ``body_paragraphs`` existed, documents without it."""
        paragraphs = PARAGRAPH_FIELD in self.client.field_names(self.collection)
        if not paragraphs:
            log.warning("collection %s has no %s: run `cables solr init` on it, then ingest again, for "
                        "the paragraph ranking", self.collection, PARAGRAPH_FIELD)  # fmt: skip
        return SolrBatch(self.client, self.collection, paragraphs=paragraphs)

    def ensure_columns(self) -> int:
        """Nothing to build after an ingest: Solr writes the facet docValues with each segment."""
        return 0

    def content_hashes(self) -> dict[str, str]:
        """id -> content_hash of every document, to skip files that have not changed since the last ingest."""
        return self._id_to_value("content_hash")

    def releases(self) -> dict[str, str]:
        """id -> release stamp of the documents that carry one (WikiLeaks pages)."""
        return self._id_to_value("released")

    def write_meta(self, report: dict) -> None:
        """Keeps when the last ingest finished, and its figures, as a collection property."""
        meta = {"finished": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "report": report}
        self.client.set_collection_property(self.collection, META_PROP, json.dumps(meta, default=str))

    def _read_meta(self) -> dict:
        try:
            return json.loads(self.client.collection_properties(self.collection).get(META_PROP) or "{}")
        except (SolrError, ValueError):
            return {}

    def _id_to_value(self, field: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for doc in self._export(f"{field}:*", f"id,{field}"):
            out[doc["id"]] = doc[field]
        return out

    def _ids(self, query: Any, *, sort: str) -> list[str]:
        ids: list[str] = []
        while True:
            data = self.client.request_json(f"{self.collection}/select", {
                "query": query, "fields": "id", "sort": sort, "limit": 1000, "offset": len(ids)})  # fmt: skip
            docs = data["response"]["docs"]
            ids.extend(d["id"] for d in docs)
            if not docs or len(ids) >= data["response"]["numFound"]:
                return ids

    def _export(self, query: str | dict[str, Any], fields: str) -> Iterator[dict[str, Any]]:
        """Every matching document's ``fields``, page by page in id order (cursorMark: stable under writes).
        ``query``: a query string, or the JSON request's query and filters."""
        cursor = "*"
        request = query if isinstance(query, dict) else {"query": query}
        while True:
            data = self.client.request_json(f"{self.collection}/select", {
                **request, "fields": fields, "sort": "id asc", "limit": EXPORT_ROWS,
                "params": {"cursorMark": cursor}})  # fmt: skip
            yield from data["response"]["docs"]
            following = data.get("nextCursorMark", cursor)
            if following == cursor:
                return
            cursor = following


def _facet_request(filters: dict[str, qt.Node]) -> dict[str, Any]:
    """A terms facet per facet field; a filtered facet excludes its own filter ("year_all" keeps it, for months)."""
    facets: dict[str, Any] = {}
    for name in FACETS:
        # Every value from every shard (limit -1): exact counts, nothing to over-request or refine.
        facet: dict[str, Any] = {"type": "terms", "field": name, "limit": -1, "mincount": 1, "overrequest": 0}
        if name in filters and name != "month":
            facet["domain"] = {"excludeTags": name}
        facets[name] = facet
    if "year" in filters:
        facets["year_all"] = {"type": "terms", "field": "year", "limit": 2, "mincount": 1}
    facets["first"], facets["last"] = "min(date)", "max(date)"  # the span of all hits
    return facets


def _day(instant: Any) -> str | None:
    """The ISO day of a Solr date ("2009-11-20T16:58:00Z" -> "2009-11-20"); None when no hit has a date."""
    return str(instant)[:10] if instant else None


def _facet_counts(found: dict[str, Any], filters: dict[str, qt.Node]) -> dict[str, dict[str, int]]:
    """Solr's buckets as the Whoosh engine gives them: most frequent first (then by value); months
    in order, and only when every hit falls in one year."""
    counts = {name: {str(b["val"]): b["count"] for b in found.get(name, {}).get("buckets", [])} for name in FACETS}
    years = found.get("year_all" if "year" in filters else "year", {}).get("buckets", [])
    out = {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for name, c in counts.items()}
    out["month"] = dict(sorted(counts["month"].items())) if len(years) == 1 else {}
    return out


def _chunks(items: Iterable[str], size: int) -> Iterator[list[str]]:
    chunk: list[str] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (insert, delete, substitute), as Whoosh's FuzzyTerm counts it."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def init_collection(url: str, *, shards: int = 1, replicas: int = 1) -> str:
    """``cables solr init``: uploads the config set (named after the collection) and creates the
    collection of ``shards`` x ``replicas``; for a collection that exists, updates its config set
    and reloads it.  What was done, in one line."""
    urls, collection = parse_engine_url(url)
    with SolrClient(urls) as client:
        if collection not in client.collections():
            client.upload_configset(collection)
            client.create_collection(collection, collection, shards=shards, replicas=replicas)
            return f"collection {collection} created at {urls[0]}: {shards} shard(s) x {replicas} replica(s)"
        if PARAGRAPH_FIELD in client.field_names(collection):
            client.upload_configset(collection)
            client.reload_collection(collection)
            return f"collection {collection} exists at {urls[0]}: its config set is updated and reloaded"
        # Its documents have no paragraphs: adding the field would leave them unranked by paragraph.
        with tempfile.TemporaryDirectory() as folder:
            client.upload_configset(collection, configset_without_paragraphs(Path(folder)))
        client.reload_collection(collection)
    return (f"collection {collection} exists at {urls[0]}: its config set is updated and reloaded, without "
            f"{PARAGRAPH_FIELD} (its documents predate it, so it ranks by the words' distance; a new "
            "collection ingested again ranks by paragraph)")  # fmt: skip


def configset_without_paragraphs(folder: Path) -> Path:
    """The project's config set copied into ``folder`` without ``body_paragraphs``: the schema of a
    collection made before the field existed."""
    shutil.copytree(CONFIGSET_DIR, folder, dirs_exist_ok=True)
    schema = folder / "managed-schema.xml"
    text = re.sub(rf'\s*<field name="{PARAGRAPH_FIELD}"[^>]*/>', "", schema.read_text(encoding="utf-8"))
    schema.write_text(text, encoding="utf-8")
    return folder
