"""Saved searches in the terminal UI: the palette lists them with their new counts, opening one
runs it, the "new since …" chip filters to the new hits, marking it seen clears the count.

The index holds the five seeds (two Embassy Lima cables: 09LIMA1661, 07LIMA2313), the search
``origin:lima`` is saved, then one real WikiLeaks page is ingested: 06LIMA622, "NATIONAL
INTELLIGENCE DIRECTOR'S BRIEFING ON SENDERO LUMINOSO" (141809Z FEB 06, Embassy Lima).  It is the
one new hit, though it is older than both cables seen.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandPalette

from index.ingest import bundled_samples, ingest
from search.library import Library
from search.userdata import UserData
from search.watches import Watches
from tests.tui.pilot import until
from tests.tui.test_app import SIZE, listed, sync
from tui.app import CablesApp
from tui.screens.search import SearchScreen
from tui.widgets.chips import NewSinceChip


@pytest.fixture
def index_dir(corpus_dir: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "idx"
    assert ingest(bundled_samples(), folder, workers=1).rejected == 0
    with UserData.beside(folder) as store, Library.open(folder) as lib:
        Watches(store, lib).add("lima", "origin:lima")
    report = ingest([corpus_dir / "cables" / "sample-html" / "06LIMA622.html"], folder, workers=1)
    assert report.new == 1
    return folder


async def palette(pilot, text: str) -> None:
    """Open the command palette, type ``text``, take the first entry."""
    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(pilot.app.screen, CommandPalette))
    await pilot.press(*text)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(pilot.app.screen, CommandPalette))


def chip_labels(screen: SearchScreen) -> list[str]:
    return [str(c.label) for c in screen.query(NewSinceChip)]


@sync
async def test_the_palette_opens_a_saved_search_and_its_chip_shows_only_06LIMA622(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.watch_counts)
        assert [(c.search.name, c.new) for c in app.watch_counts] == [("lima", 1)]
        await palette(pilot, "saved search: lima")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await until(pilot, lambda: screen.result is not None and screen.result.query == "origin:lima"
                    and bool(chip_labels(screen)))
        assert screen.result.total == 3 and set(listed(app)) == {"09LIMA1661", "07LIMA2313", "06LIMA622"}
        (label,) = chip_labels(screen)
        assert label.startswith("lima: 1 new since ")
        screen.query_one(NewSinceChip).press()
        await until(pilot, lambda: screen.result.total == 1 and chip_labels(screen)[0].endswith("✕"))
        assert listed(app) == ["06LIMA622"]
        screen.query_one(NewSinceChip).press()  # again: every hit
        await until(pilot, lambda: screen.result.total == 3)


@sync
async def test_marking_the_saved_search_seen_clears_its_count(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.watch_counts)
        await palette(pilot, "saved search: lima")
        screen = app.screen
        await until(pilot, lambda: bool(chip_labels(screen)))
        screen.query_one(NewSinceChip).press()
        await until(pilot, lambda: screen.result.total == 1)
        await palette(pilot, "mark saved search seen: lima")
        await until(pilot, lambda: app.watch_counts[0].new == 0)
        await until(pilot, lambda: screen.result.total == 3 and chip_labels(screen)
                    and chip_labels(screen)[0].startswith("lima: 0 new since"))
    with UserData.beside(index_dir) as store, Library.open(index_dir) as lib:
        assert [(c.search.name, c.total, c.new) for c in Watches(store, lib).counts()] == [("lima", 3, 0)]


@sync
async def test_saving_the_current_search_from_the_palette(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.watch_counts)
        screen = app.screen
        screen.query_one("#query").insert_text_at_cursor("sendero")
        await until(pilot, lambda: screen.result is not None and screen.result.query == "sendero")
        await palette(pilot, "save this search")
        await pilot.press(*"shining path", "enter")
        await until(pilot, lambda: len(app.watch_counts) == 2)
        saved = {c.search.name: c for c in app.watch_counts}["shining path"]
        assert saved.search.query == "sendero" and saved.total == 1 and saved.new == 0  # 06LIMA622
