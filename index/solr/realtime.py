"""The citation path on Solr: real-time get through the standard library's http.client, no httpx.

``cables cite ID --engine solr://…`` asks Solr for one or two documents by id.  The full engine
(index/solr/engine.py, through httpx) costs its imports, about 100 ms, every time the command
runs; this path asks the same ``/get`` handler over ``http.client`` with the same URL, the same
credentials (index/solr/access.py) and certificate checks (``ssl.create_default_context``)::

    with open_lookups("solr://127.0.0.1:8983/solr/cables") as table:
        table.get("09LIMA1661").subject    # "PERU INFORMAL SECURITY DIALOGUE …"
        table.existing(["09LIMA1661", "09LIMA9999"])   # {"09LIMA1661"}
        table.field_values("year")         # raises Unanswerable: ask the engine

It answers what a citation asks by id (``has``, ``existing``, ``get``); anything else
(``field_values``, ``id_with``) raises :class:`Unanswerable` and the caller asks the engine.
A node that cannot be reached raises ``OSError`` and so does an answer that is not JSON: the
caller then asks the engine, whose client says what is wrong in its one line
(index/solr/client.py), so the errors keep one wording.
"""

from __future__ import annotations

import base64
import http.client
import json
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from corpus.records import Record
from index.solr.access import load_credentials, parse_engine_url
from index.store import load_record_shared

TIMEOUT = 10.0  # seconds, per node


class Unanswerable(LookupError):
    """A question this path does not answer (not by id): the engine answers it."""


class RealtimeLookups:
    """Documents by id from a Solr collection (see the module docstring)."""

    def __init__(self, urls: list[str], collection: str) -> None:
        self.urls, self.collection = urls, collection
        creds = load_credentials()
        token = base64.b64encode(f"{creds.user}:{creds.password}".encode()).decode() if creds else None
        self._headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        if token:
            self._headers["Authorization"] = f"Basic {token}"

    def has(self, id: str) -> bool:
        return bool(self.existing([id]))

    def existing(self, ids: Iterable[str]) -> set[str]:
        return set(self._get(list(dict.fromkeys(ids)), "id"))

    def get(self, id: str) -> Record | None:
        doc = self._get([id], "id,record").get(id)
        return load_record_shared(doc["record"]) if doc else None

    def field_values(self, field: str) -> list[str]:
        raise Unanswerable(field)

    def id_with(self, field: str, value: str) -> str | None:
        raise Unanswerable(field)

    def _get(self, ids: list[str], fields: str) -> dict[str, dict]:
        if not ids:
            return {}
        body = urlencode([*(("id", i) for i in ids), ("fl", fields), ("wt", "json")])
        failure: OSError | None = None
        for url in self.urls:  # the first node that answers, as the engine's client does
            try:
                data = self._post(url, body)
            except OSError as exc:
                failure = exc
                continue
            docs = data["response"]["docs"] if "response" in data else ([data["doc"]] if data.get("doc") else [])
            return {d["id"]: d for d in docs}
        raise failure or OSError("no Solr node")

    def _post(self, url: str, body: str) -> dict:
        parts = urlsplit(url)
        if parts.scheme == "https":
            import ssl

            conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                parts.netloc, timeout=TIMEOUT, context=ssl.create_default_context())
        else:
            conn = http.client.HTTPConnection(parts.netloc, timeout=TIMEOUT)
        try:
            conn.request("POST", f"{parts.path}/{self.collection}/get", body=body, headers=self._headers)
            response = conn.getresponse()
            payload = response.read()
        finally:
            conn.close()
        if response.status != 200:
            raise OSError(f"HTTP {response.status}")  # the engine's client says it properly
        try:
            data = json.loads(payload)
        except ValueError as exc:
            raise OSError(f"not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise OSError("not a JSON object")
        return data

    def close(self) -> None:
        pass  # one connection per request, closed with it

    def __enter__(self) -> RealtimeLookups:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_lookups(url: str) -> RealtimeLookups:
    """The real-time get path for the engine URL ``url`` (``solr://HOST:PORT[,…]/solr/COLLECTION``)."""
    return RealtimeLookups(*parse_engine_url(url))
