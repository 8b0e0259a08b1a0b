"""Shared test fixtures: where the real corpora are, and skipping cleanly where they are not."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CABLES_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared folder beside the project (seeds, corpora, reference tables)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"the real corpora are not here ({SHARED} is absent)")
    return SHARED


@pytest.fixture(scope="session")
def corpus_dir(shared: Path) -> Path:
    return shared / "corpus"


def extract_pages(tar: Path, ids, folder: Path) -> Path:
    """The pages ``<ID>.html`` of the cables ``ids`` out of a WikiLeaks .tar.xz, into ``folder`` (a temporary one)."""
    import tarfile

    names = {f"{id}.html" for id in ids}
    folder.mkdir(parents=True, exist_ok=True)
    with tarfile.open(tar) as archive:
        for member in archive:
            name = member.name.rpartition("/")[2]
            if member.isfile() and name in names:
                (folder / name).write_bytes(archive.extractfile(member).read())
    return folder


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Stops the local SolrCloud when this test session started it (tests/solr/conftest.py).

    Runs in the process that ran the session: the only one, or xdist's controller once every
    worker is done (workers leave the cluster running for one another).
    """
    if hasattr(session.config, "workerinput"):
        return
    from tests.solr import cluster

    if (cluster.STATE_DIR / "started-by-pytest").exists():
        cluster.stop()
