"""A real index on disk, built once per test session from the five bundled seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import bundled_samples, ingest
from search.library import Library


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("seeds") / "index"
    report = ingest(bundled_samples(), path, workers=1)
    assert report.new == 5 and report.rejected == 0
    return path


@pytest.fixture(scope="session")
def library(seed_index: Path):
    lib = Library.open(seed_index)
    yield lib
    lib.close()


@pytest.fixture(scope="session")
def wikileaks_6712(corpus_dir: Path, tmp_path_factory, worker_id: str) -> Path:
    """An index of the 6,712 real WikiLeaks pages, built once per test run (shared by the xdist
    workers: the first one builds it under a lock, the others wait for it).  $CABLES_INDEX_6712
    names one already built from the same pages, with the code under test."""
    import fcntl
    import os

    if os.environ.get("CABLES_INDEX_6712"):
        return Path(os.environ["CABLES_INDEX_6712"])
    base = tmp_path_factory.getbasetemp()
    if worker_id != "master":
        base = base.parent  # the run's folder, common to every worker
    path = base / "wikileaks-6712" / "index"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (path.parent / "done").exists():
            report = ingest([corpus_dir / "cables" / "wikileaks-html-6712.tar.xz"], path, workers=2)
            assert report.rejected == 0
            (path.parent / "done").write_text(str(report.new))
    return path


@pytest.fixture(scope="session")
def cables(wikileaks_6712: Path):
    lib = Library.open(wikileaks_6712)
    yield lib
    lib.close()
