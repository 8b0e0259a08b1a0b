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
