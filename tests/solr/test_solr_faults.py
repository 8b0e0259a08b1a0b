"""Faults on a real SolrCloud (replicas 2): a node killed while readers search, or during an ingest."""

from __future__ import annotations

import threading
import time
import uuid

import pytest

from corpus.reader import read_path
from index.ingest import bundled_samples
from index.solr.documents import solr_document
from tests.solr import cluster as local
from tests.solr.conftest import wait_until_healthy

pytestmark = pytest.mark.xdist_group("solr")

SEARCHES_BEFORE_KILL = 20
SECONDS_AFTER_KILL = 25  # longer than ZooKeeper's session timeout (15 s): Solr notices the node is gone
MAX_SEARCHES = 5000  # bounded either way


def test_searches_keep_answering_when_a_node_is_killed(solr, solr_cluster, seeded):
    # The client sends to node 1 first; node 1 is the one SIGKILLed, mid-loop, from another thread.
    expected = {"09LIMA1661", "07LIMA2313"}
    killed = threading.Event()
    answers, failures = 0, []
    deadline = None
    try:
        while answers < MAX_SEARCHES and (deadline is None or time.monotonic() < deadline):
            try:
                result = solr.select(seeded, "body:peru", filters=["kind:cable"],
                                     facets={"tag": {"type": "terms", "field": "tag"}})  # fmt: skip
                assert set(result.ids) == expected and dict(result.buckets("tag"))["PE"] == 2
                answers += 1
            except Exception as exc:  # every failure is kept, the loop goes on
                failures.append(f"after {answers} answers: {exc}")
            if answers == SEARCHES_BEFORE_KILL and not killed.is_set():
                threading.Thread(target=lambda: (local.kill_node(solr_cluster, 0), killed.set())).start()
                deadline = time.monotonic() + SECONDS_AFTER_KILL
        assert killed.wait(10), "node 1 was not killed"
        assert not solr_cluster.node(0).alive()
        assert failures == []
        assert answers > SEARCHES_BEFORE_KILL + 20
    finally:
        local.restart_node(solr_cluster, 0)
        wait_until_healthy(solr, seeded, nodes=2)
    assert solr.select(seeded).total == 5


def test_an_ingest_finishes_with_nothing_lost_or_doubled_when_a_node_is_killed(solr, solr_cluster):
    # 600 copies of the five seed documents, in batches of 25; node 1 is SIGKILLed after the 5th batch.
    name = f"ingest_{uuid.uuid4().hex[:8]}"
    solr.upload_configset("cables_test")
    solr.create_collection(name, "cables_test", shards=2, replicas=2)
    seeds = [solr_document(r, res.sha256) for p in bundled_samples() for res in read_path(p) for r in res.records]
    docs = [dict(doc, id=f"{doc['id']}-{n}") for n in range(120) for doc in seeds]
    try:
        for number, start in enumerate(range(0, len(docs), 25)):
            if number == 5:
                local.kill_node(solr_cluster, 0)
            solr.add(name, docs[start : start + 25])
        solr.commit(name)
        assert solr.select(name, rows=0).total == len(docs) == 600
        assert len(solr.get(name, [d["id"] for d in docs], fields="id")) == 600
    finally:
        local.restart_node(solr_cluster, 0)
        wait_until_healthy(solr, name, nodes=2)
    assert solr.select(name, rows=0).total == 600
    solr.delete_collection(name)


def test_cables_ingest_through_solr_finishes_with_nothing_lost_when_a_node_is_killed(
    solr, solr_cluster, tmp_path, monkeypatch
):
    # 600 generated Lima cables through `cables ingest --engine`, sent 50 at a time; node 1 is
    # SIGKILLed just before the 4th send.  Every cable must be there once, and the command end well.
    from index.solr import engine as solr_engine
    from tests.index.generated import cable_id, write_cables
    from tui.cli import main

    name = f"cli_ingest_{uuid.uuid4().hex[:8]}"
    hosts = ",".join(u.split("//")[1].split("/")[0] for u in solr_cluster.urls)
    url = f"solr://{hosts}/solr/{name}"
    monkeypatch.setenv("CABLES_SOLR_CREDENTIALS", solr_cluster.credentials_file)
    monkeypatch.setattr(solr_engine, "SEND_CHUNK", 50)
    write_cables(tmp_path / "cables", 600)
    sends = []
    send = solr_engine.SolrBatch._send

    def killing_send(batch):
        sends.append(len(batch._pending))
        if len(sends) == 4:
            local.kill_node(solr_cluster, 0)
        send(batch)

    monkeypatch.setattr(solr_engine.SolrBatch, "_send", killing_send)
    try:
        assert main(["solr", "init", "--engine", url, "--shards", "2", "--replicas", "2"]) == 0
        assert main(["ingest", "--engine", url, "--workers", "1", str(tmp_path / "cables")]) == 0
        assert not solr_cluster.node(0).alive() and len(sends) > 4
        ids = [cable_id(n) for n in range(600)]
        assert len(solr.get(name, ids, fields="id")) == 600
        assert solr.select(name, rows=0).total == 600
    finally:
        local.restart_node(solr_cluster, 0)
        wait_until_healthy(solr, name, nodes=2)
    assert solr.select(name, rows=0).total == 600
    solr.delete_collection(name)
