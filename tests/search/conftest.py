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
