"""A small client for SolrCloud's HTTP APIs: config sets, collections, documents, queries.

Why httpx: one well-kept HTTP client that does https with certificate checks, basic
authentication, connection pooling and separate connect/read timeouts, where the standard
library's urllib would need each of those written by hand (and SolrJ is Java).

    client = SolrClient(["http://127.0.0.1:8983/solr", "http://127.0.0.1:8984/solr"])
    client.upload_configset("cables")                       # index/solr/configset, zipped
    client.create_collection("cables", "cables", shards=2, replicas=2)
    client.add("cables", [solr_document(record, content_hash)])
    client.commit("cables")
    client.get("cables", ["09LIMA1661"])["09LIMA1661"]["record"]   # the stored record (JSON)
    result = client.select("cables", "body:negoti", filters=["country:Peru"],
                           facets={"year": {"type": "terms", "field": "year"}})
    result.total, result.ids, result.buckets("year")       # 3, ["09LIMA1661", ...], [("2009", 2), ...]

Nodes: the client is given one or more node URLs and sends each request to the first that
answers; when a node is unreachable (refused, reset, timed out) it moves on to the next, so a
cluster with replicas keeps answering while one node is down.  SolrCloud routes every request
to the shards and replicas that hold the data, whichever node receives it.

Credentials, engine URLs and the error family are index/solr/access.py's (no HTTP client
there, so the citation path of index/solr/realtime.py shares them without importing httpx).

Errors are :class:`SolrError` (a :class:`~corpus.errors.CablesError`, exit status 1) with a
one-line message naming the node URL and never the credentials; :class:`SolrUnreachable` when no
node answers: ``Solr is unreachable at http://127.0.0.1:8983/solr (connection refused)``.
"""

from __future__ import annotations

import io
import json
import logging
import time
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from index.solr.access import (  # noqa: F401 - the client's own names too
    ENV_FILE,
    ENV_PASSWORD,
    ENV_USER,
    Credentials,
    SolrAuthError,
    SolrError,
    SolrUnreachable,
    check_url,
    load_credentials,
    parse_engine_url,
    read_credentials_file,
    safe,
)

CONFIGSET_DIR = Path(__file__).resolve().parent / "configset"

log = logging.getLogger(__name__)

# Solr answers these while a node or a replica is going away: another node may answer.
_RETRY_STATUS = frozenset({502, 503, 504})


@dataclass
class SelectResult:
    """What a query found: the total, this page's documents (stored fields), JSON facets."""

    total: int
    docs: list[dict[str, Any]]
    facets: dict[str, Any]
    max_score: float | None = None

    @property
    def ids(self) -> list[str]:
        return [d["id"] for d in self.docs]

    def buckets(self, name: str) -> list[tuple[Any, int]]:
        """The (value, count) pairs of the terms facet ``name``, as Solr ordered them."""
        return [(b["val"], b["count"]) for b in self.facets.get(name, {}).get("buckets", [])]


@dataclass
class CollectionStats:
    docs: int
    shards: int
    replicas: int
    size_bytes: int  # the index on disk, one copy (shard leaders), as Solr reports it
    live_nodes: list[str]


class SolrClient:
    """Talks to a SolrCloud cluster through one or more of its nodes (see the module docstring)."""

    def __init__(
        self,
        urls: str | Sequence[str],
        *,
        credentials: Credentials | None | bool = True,
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
        verify: bool | str = True,
        write_patience: float = 120.0,
    ) -> None:
        """``credentials=True`` (default) loads them (:func:`load_credentials`); None or False sends none.

        ``write_patience``: how long adds, deletes and commits keep trying while the cluster cannot
        take them (a node lost: its shards elect new leaders once ZooKeeper notices, 15-30 s).
        """
        self.urls = [check_url(u) for u in ([urls] if isinstance(urls, str) else urls)]
        if not self.urls:
            raise SolrError("no Solr URL given")
        creds = load_credentials() if credentials is True else (credentials or None)
        self._secret = creds.password if creds else None
        self._http = httpx.Client(
            auth=httpx.BasicAuth(creds.user, creds.password) if creds else None,
            timeout=httpx.Timeout(timeout, connect=connect_timeout),
            verify=verify,
            follow_redirects=False,
        )
        self._current = 0
        self._reached = False
        self.write_patience = write_patience

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SolrClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SolrClient({self.urls!r})"

    # --- config sets and collections ------------------------------------------------------------

    def upload_configset(self, name: str, directory: Path = CONFIGSET_DIR) -> None:
        """Uploads ``directory`` (default: the project's config set) as config set ``name``, replacing it."""
        self._request("POST", "admin/configs", params={"action": "UPLOAD", "name": name, "overwrite": "true",
                      "cleanup": "true"}, content=_zip(directory),
                      headers={"Content-Type": "application/octet-stream"})  # fmt: skip

    def configsets(self) -> list[str]:
        return self._request("GET", "admin/configs", params={"action": "LIST"}).get("configSets", [])

    def create_collection(self, name: str, configset: str, *, shards: int = 1, replicas: int = 1) -> None:
        """Creates collection ``name`` from ``configset``: ``shards`` shards of ``replicas`` copies each.

        Returns once every replica is active (Solr waits before it answers).
        """
        params = {"action": "CREATE", "name": name, "collection.configName": configset,
                  "numShards": shards, "replicationFactor": replicas, "waitForFinalState": "true"}  # fmt: skip
        self._request("POST", "admin/collections", params=params, retry=False)

    def delete_collection(self, name: str) -> None:
        self._request("POST", "admin/collections", params={"action": "DELETE", "name": name}, retry=False)

    def reload_collection(self, name: str) -> None:
        """Makes a collection read its config set again (after :meth:`upload_configset`)."""
        self._request("POST", "admin/collections", params={"action": "RELOAD", "name": name})

    def collections(self) -> list[str]:
        return self._request("GET", "admin/collections", params={"action": "LIST"}).get("collections", [])

    def set_collection_property(self, collection: str, name: str, value: str) -> None:
        """Sets a collection property (kept in ZooKeeper with the collection)."""
        params = {"action": "COLLECTIONPROP", "name": collection, "propertyName": name, "propertyValue": value}
        self._request("POST", "admin/collections", params=params)

    def field_names(self, collection: str) -> set[str]:
        """The names of the fields the collection's schema defines."""
        return {f["name"] for f in self._request("GET", f"{collection}/schema/fields").get("fields", [])}

    def collection_properties(self, collection: str) -> dict[str, str]:
        """The collection's properties (:meth:`set_collection_property`)."""
        params = {"detail": "true", "path": f"/collections/{collection}/collectionprops.json"}
        data = self._request("GET", "admin/zookeeper", params=params).get("znode", {}).get("data")
        try:
            return json.loads(data) if data else {}
        except ValueError:
            return {}

    def cluster_status(self, collection: str | None = None) -> dict[str, Any]:
        """Solr's CLUSTERSTATUS: live nodes and, per collection, its shards and replicas."""
        params = {"action": "CLUSTERSTATUS", **({"collection": collection} if collection else {})}
        return self._request("GET", "admin/collections", params=params)["cluster"]

    # --- documents -------------------------------------------------------------------------------

    def add(self, collection: str, docs: Iterable[dict[str, Any]], *, commit_within_ms: int | None = None) -> int:
        """Adds (or replaces, by id) a batch of documents; the number sent.  Visible after :meth:`commit`."""
        batch = list(docs)
        if batch:
            params = {"commitWithin": commit_within_ms} if commit_within_ms is not None else {}
            self._request("POST", f"{collection}/update", params=params, json=batch, patience=self.write_patience)
        return len(batch)

    def delete(self, collection: str, ids: Iterable[str] = (), *, query: str | None = None) -> None:
        """Deletes documents by id, and those matching ``query`` when given.  Visible after :meth:`commit`."""
        ids = list(ids)
        if ids:
            self._request("POST", f"{collection}/update", json={"delete": ids}, patience=self.write_patience)
        if query is not None:
            command = {"delete": {"query": query}}
            self._request("POST", f"{collection}/update", json=command, patience=self.write_patience)

    def commit(self, collection: str) -> None:
        """Makes everything added or deleted durable and visible to searches (waits for the new searcher)."""
        params = {"commit": "true", "waitSearcher": "true"}
        self._request("POST", f"{collection}/update", params=params, json={}, patience=self.write_patience)

    def get(self, collection: str, ids: Iterable[str], fields: str = "*") -> dict[str, dict[str, Any]]:
        """Documents by id, committed or not (real-time get): {id: stored fields}; missing ids are left out."""
        ids = list(ids)
        if not ids:
            return {}
        data = self._request("POST", f"{collection}/get", data={"id": ids, "fl": fields})  # a form: ids may be many
        docs = data["response"]["docs"] if "response" in data else ([data["doc"]] if data.get("doc") else [])
        return {d["id"]: d for d in docs}

    # --- queries ---------------------------------------------------------------------------------

    def select(
        self,
        collection: str,
        query: str = "*:*",
        *,
        filters: Sequence[str] = (),
        fields: str = "id,score",
        rows: int = 10,
        start: int = 0,
        sort: str | None = None,
        facets: dict[str, Any] | None = None,
        params: dict[str, Any] | None = None,
    ) -> SelectResult:
        """Runs a query (Solr's standard query syntax) through the JSON Request API.

        ``filters`` narrow without scoring (``country:Peru``); ``facets`` is a JSON Facet API
        request ({"year": {"type": "terms", "field": "year", "limit": 10}}); ``params`` adds any
        other Solr parameter (``{"defType": "edismax", "qf": "title^2 body"}``).
        """
        body: dict[str, Any] = {"query": query, "filter": list(filters), "fields": fields,
                                "limit": rows, "offset": start}  # fmt: skip
        if sort:
            body["sort"] = sort
        if facets:
            body["facet"] = facets
        if params:
            body["params"] = params
        data = self._request("POST", f"{collection}/select", json=body)
        response = data["response"]
        return SelectResult(total=response["numFound"], docs=response["docs"], facets=data.get("facets", {}),
                            max_score=response.get("maxScore"))  # fmt: skip

    def request_json(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        """A JSON Request API call (``{collection}/select`` with a JSON Query DSL body), Solr's answer."""
        return self._request("POST", path, json=body)

    def terms(self, collection: str, fields: Sequence[str], terms: Iterable[str]) -> dict[str, dict[str, int]]:
        """Document frequencies of the given indexed terms (stems) per field, across all shards.

        {"body": {"secur": 12}, "title": {"secur": 3}}; a term no document holds is left out.
        """
        wanted = sorted(set(terms))
        if not wanted:
            return {f: {} for f in fields}
        form = {"terms.fl": list(fields), "terms.list": ",".join(wanted), "terms.limit": "-1", "json.nl": "map"}
        data = self._request("POST", f"{collection}/terms", data=form)
        found = data.get("terms", {})
        return {f: {t: n for t, n in found.get(f, {}).items() if n} for f in fields}

    def lexicon(self, collection: str, field: str, *, prefix: str | None = None, regex: str | None = None,
                limit: int = 10_000) -> dict[str, int]:  # fmt: skip
        """The indexed terms of ``field`` starting with ``prefix`` and/or matching ``regex`` (Java
        syntax, the whole term), with their document frequencies across all shards: {"negoti": 14};
        ``limit=-1``: all of them."""
        form = {"terms.fl": field, "terms.limit": str(limit), "terms.sort": "index", "json.nl": "map"}
        if prefix:
            form["terms.prefix"] = prefix
        if regex:
            form["terms.regex"] = regex
        data = self._request("POST", f"{collection}/terms", data=form)
        return {t: n for t, n in data.get("terms", {}).get(field, {}).items() if n}

    def analyse(self, collection: str, field: str, text: str) -> list[str]:
        """The terms the collection's schema indexes for ``text`` in ``field``, in order (Solr's analysis API)."""
        params = {"analysis.fieldname": field, "analysis.fieldvalue": text, "json.nl": "arrarr"}
        data = self._request("POST", f"{collection}/analysis/field", data=params)
        stages = data["analysis"]["field_names"][field]["index"]
        return [token["text"] for token in stages[-1][1]] if stages else []

    def stats(self, collection: str) -> CollectionStats:
        """How many documents, shards and replicas, the index size on disk, the live nodes."""
        status = self.cluster_status(collection)
        shards = status["collections"][collection]["shards"]
        replicas = sum(len(s["replicas"]) for s in shards.values())
        docs = self.select(collection, rows=0, fields="id").total
        colstatus = self._request("GET", "admin/collections", params={"action": "COLSTATUS", "collection": collection,
                                  "coreInfo": "true", "sizeInfo": "false"})  # fmt: skip
        size = 0
        for shard in colstatus.get(collection, {}).get("shards", {}).values():
            core = shard.get("leader", {}).get("segInfos", {}).get("info", {}).get("core", {})
            size += round(float(core.get("sizeInGB") or 0) * 2**30)  # Solr reports GiB
        return CollectionStats(docs=docs, shards=len(shards), replicas=replicas, size_bytes=size,
                               live_nodes=sorted(status.get("live_nodes", [])))  # fmt: skip

    def ping(self) -> dict[str, Any]:
        """The first node that answers: Solr's version and mode (raises SolrUnreachable when none)."""
        info = self._request("GET", "admin/info/system")
        return {"solr": info.get("lucene", {}).get("solr-spec-version"), "mode": info.get("mode")}

    # --- transport -------------------------------------------------------------------------------

    def _request(self, method: str, path: str, *, retry: bool = True, patience: float = 0.0,
                 **kwargs: Any) -> dict[str, Any]:  # fmt: skip
        """Sends to the current node, moving on to the next when one is unreachable; the JSON answer.

        ``retry=False`` (for requests that must not run twice, such as CREATE) moves on only when
        the node could not be connected to, i.e. the request never reached it.  ``patience``
        (seconds, for writes) tries again, pausing, while no node could take the request (all
        unreachable, or a server error: a shard leader lost and not yet replaced), once this
        client has had an answer from the cluster.
        """
        params = kwargs.pop("params", None) or {}
        params = [*(params.items() if isinstance(params, dict) else params), ("wt", "json")]
        deadline, pause = time.monotonic() + patience, 0.25
        while True:
            outcome = self._round(method, path, retry, params, kwargs)
            if isinstance(outcome, dict):
                self._reached = True
                return outcome
            if not self._reached or time.monotonic() + pause > deadline:
                raise outcome  # never answered: down or mistyped, no point waiting
            log.warning("Solr could not take %s %s (%s); trying again in %.1f s", method, path, outcome, pause)
            time.sleep(pause)
            pause = min(pause * 2, 4.0)

    def _round(self, method: str, path: str, retry: bool, params: list, kwargs: dict) -> dict[str, Any] | SolrError:
        """One pass over the nodes: the answer, or the error to raise (SolrUnreachable, a server error)."""
        failures: list[str] = []
        for step in range(len(self.urls)):
            index = (self._current + step) % len(self.urls)
            url = f"{self.urls[index]}/{path}"
            began = time.perf_counter()
            try:
                response = self._http.request(method, url, params=params, **kwargs)
            except httpx.TransportError as exc:
                failures.append(f"{self.urls[index]} ({_reason(exc)})")
                log.info("Solr node %s unreachable: %s", self.urls[index], _reason(exc))
                if retry or isinstance(exc, (httpx.ConnectError, httpx.ConnectTimeout)):
                    continue
                break
            log.debug("%s %s -> %s in %.0f ms", method, url, response.status_code, 1000 * (time.perf_counter() - began))
            if response.status_code in _RETRY_STATUS and retry and step + 1 < len(self.urls):
                failures.append(f"{self.urls[index]} (HTTP {response.status_code})")
                continue
            self._current = index
            try:
                return self._answer(response, self.urls[index], path)
            except SolrError as exc:
                if response.status_code >= 500 and retry:
                    return exc
                raise
        return SolrUnreachable(self._scrub(f"Solr is unreachable at {', '.join(failures)}"))

    def _answer(self, response: httpx.Response, base: str, path: str) -> dict[str, Any]:
        what = path.split("?")[0]
        if response.status_code == 401:
            hint = "refused the credentials" if self._secret else "requires credentials"
            raise SolrAuthError(f"Solr at {base} {hint} (HTTP 401): set {ENV_USER} and {ENV_PASSWORD}, or {ENV_FILE}")
        if response.status_code == 403:
            raise SolrAuthError(f"Solr at {base} does not let this user use {what} (HTTP 403)")
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.status_code >= 400 or not isinstance(data, dict):
            message = _error_message(data, response)
            raise SolrError(self._scrub(f"Solr at {base} failed on {what} (HTTP {response.status_code}): {message}"))
        failure = data.get("failure") or data.get("exception")
        if failure:  # a Collections API call can answer 200 and report failures
            raise SolrError(self._scrub(f"Solr at {base} failed on {what}: {_one_line(json.dumps(failure))}"))
        return data

    def _scrub(self, message: str) -> str:
        """The message with the password blanked, in case Solr ever echoes it."""
        return message.replace(self._secret, "***") if self._secret else message


def _reason(exc: httpx.TransportError) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    if "name or service not known" in text or "nodename nor servname" in text or "name resolution" in text:
        return "unknown host"
    return _one_line(str(exc)) or type(exc).__name__


def _error_message(data: Any, response: httpx.Response) -> str:
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        return _one_line(str(data["error"].get("msg") or data["error"]))
    return _one_line(response.text[:300]) or response.reason_phrase


def _one_line(text: str) -> str:
    return " ".join(text.split())[:500]


def _zip(directory: Path) -> bytes:
    if not (directory / "solrconfig.xml").is_file():
        raise SolrError(f"not a Solr config set (no solrconfig.xml): {directory}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # Folders too: with cleanup=true Solr drops the files of a folder the zip does not list.
        for path in sorted(directory.rglob("*")):
            archive.write(path, path.relative_to(directory).as_posix())
    return buffer.getvalue()
