"""Fixtures for the tests against a real local SolrCloud (tests/solr/cluster.py).

``solr_cluster`` uses the cluster that runs already (.ci/run starts one before pytest; a developer
may have run ``python tests/solr/cluster.py start``) or starts one, under cluster.py's file lock so
that parallel workers start one cluster between them.  A cluster started here is marked, and the
pytest process that ran the session (xdist's controller, or the only process) stops it at the
end (tests/conftest.py pytest_sessionfinish).  When the cluster cannot start (no Java, no
Maven, Maven Central out of reach), the tests skip with the reason (at once when .ci/run failed
to start it and says why in CABLES_SOLR_UNAVAILABLE); with CABLES_SOLR_REQUIRED=1 they fail instead.

Every module of tests that need the cluster marks them ``pytest.mark.xdist_group("solr")`` (and
pytest runs with ``--dist loadgroup``): they run one after another in one worker, so that the
fault test's killed node never surprises another test.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest

from corpus.reader import read_path
from index.ingest import bundled_samples
from index.solr.client import SolrClient, read_credentials_file
from index.solr.documents import solr_document
from tests.solr import cluster as local


@pytest.fixture(scope="session")
def solr_cluster() -> local.Cluster:
    """The running local SolrCloud (started here when none runs)."""
    try:
        if os.environ.get("CABLES_SOLR_UNAVAILABLE"):  # .ci/run tried already
            raise local.ClusterError(os.environ["CABLES_SOLR_UNAVAILABLE"])
        cluster, started = local.start()
    except local.ClusterError as exc:
        if os.environ.get("CABLES_SOLR_REQUIRED") == "1":
            pytest.fail(f"the local SolrCloud could not start: {exc}")
        pytest.skip(f"the local SolrCloud could not start: {exc}")
    if started:
        (Path(cluster.state_dir) / "started-by-pytest").touch()
    return cluster


@pytest.fixture(scope="session")
def solr(solr_cluster: local.Cluster) -> SolrClient:
    """A client of the cluster, with the test credentials, knowing both nodes."""
    client = SolrClient(solr_cluster.urls, credentials=read_credentials_file(Path(solr_cluster.credentials_file)))
    yield client
    client.close()


@pytest.fixture(scope="session")
def seeded(solr: SolrClient) -> str:
    """A collection of 2 shards x 2 replicas holding the five seed documents; its name."""
    name = f"test_{uuid.uuid4().hex[:8]}"
    solr.upload_configset("cables_test")
    solr.create_collection(name, "cables_test", shards=2, replicas=2)
    docs = []
    for path in bundled_samples():
        for result in read_path(path):
            docs.extend(solr_document(record, result.sha256) for record in result.records)
    solr.add(name, docs)
    solr.commit(name)
    yield name
    solr.delete_collection(name)


def wait_until_healthy(client: SolrClient, collection: str, nodes: int, timeout: float = 120) -> None:
    """Waits until ``nodes`` nodes are live and every replica of ``collection`` is active."""
    deadline = time.monotonic() + timeout
    while True:
        status = client.cluster_status(collection)
        replicas = [r for s in status["collections"][collection]["shards"].values() for r in s["replicas"].values()]
        live = status.get("live_nodes", [])
        if len(live) >= nodes and all(r["state"] == "active" and r["node_name"] in live for r in replicas):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the cluster did not heal in {timeout} s: {replicas}")
        time.sleep(1)
