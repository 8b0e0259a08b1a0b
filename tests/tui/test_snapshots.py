"""Snapshots of the main screens (pytest-textual-snapshot) on a real index of the bundled seeds.

Update after a deliberate change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from index.ingest import bundled_samples, ingest
from tests.tui.pilot import until
from tui.app import CablesApp
from tui.screens.firstrun import FirstRunScreen
from tui.screens.help import HelpScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("snap") / "idx"
    ingest(bundled_samples(), folder, workers=1)
    return folder


async def searched(pilot: Pilot, text: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    screen.query_one("#query", Input).insert_text_at_cursor(text)
    await until(pilot, lambda: screen.result is not None and screen.result.query == text
                and screen.shown_generation == screen.generation)


def test_search_results_screen(index_dir, snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
        await searched(pilot, "security dialogue")
        await pilot.press("escape")  # cursor on the first hit

    assert snap_compare(CablesApp(index_dir), terminal_size=(100, 32), run_before=run_before)


def test_reader_screen_at_a_cited_paragraph(index_dir, snap_compare):
    async def run_before(pilot: Pilot) -> None:
        app = pilot.app
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await searched(pilot, "peruvian concerns")
        app.open_document("07LIMA2313", "7", "peruvian concerns")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
        await pilot.pause()

    assert snap_compare(CablesApp(index_dir), terminal_size=(100, 32), run_before=run_before)


def test_help_screen_fits_80_by_24(index_dir, snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, SearchScreen))
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: isinstance(pilot.app.screen, HelpScreen))

    assert snap_compare(CablesApp(index_dir), terminal_size=(80, 24), run_before=run_before)


def test_first_run_screen_offers_the_sample_index(snap_compare):
    async def run_before(pilot: Pilot) -> None:
        await until(pilot, lambda: isinstance(pilot.app.screen, FirstRunScreen))

    # a fixed folder that does not exist, so the path on screen is the same on every machine
    app = CablesApp(Path("/nonexistent/cables-index"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
