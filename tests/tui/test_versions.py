"""The reader on a cable with two releases: it says "2 versions", shows the diff, lists documents like it.

08LONDON1452 as WikiLeaks published it on 2010-12-13 ("Visit London's Classified Website:
http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom") and again on 2011-02-02, the URL
replaced by ``XXXXXXXXXXXX``; with it, the five bundled seeds and the 37 sample pages, so that
there is something to be like.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from index.ingest import bundled_samples, ingest
from tests.conftest import extract_pages
from tests.tui.pilot import until
from tests.tui.test_app import SIZE, open_reader, sync
from tui.app import CablesApp
from tui.screens.history import DiffScreen, SimilarScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.document import DocLink


@pytest.fixture(scope="module")
def index_dir(corpus_dir: Path, tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("versions")
    old = extract_pages(corpus_dir / "cables" / "wikileaks-html-2010-12-22-1869.tar.xz", ["08LONDON1452"], base / "old")
    new = extract_pages(corpus_dir / "cables" / "wikileaks-html-6712.tar.xz", ["08LONDON1452"], base / "new")
    folder = base / "index"
    ingest([*bundled_samples(), corpus_dir / "cables" / "sample-html", old], folder, workers=1)
    assert ingest([new], folder, workers=1).updated == 1
    return folder


@sync
async def test_the_reader_says_two_versions_and_v_shows_the_redacted_url(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, "08LONDON1452")
        assert "2 versions" in str(reader.query_one("#reader-status", Static).render())
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, DiffScreen))
        shown = [str(w.render()) for w in app.screen.query(Static)]
        assert any("released 2010-12-13 23:11" in line for line in shown)
        assert any("released 2011-02-02 21:09" in line and "(searched)" in line for line in shown)
        (change,) = [line for line in shown if "XXXXXXXXXXXX" in line]
        assert "http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom" in change and "REDACTED" in change
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen))


@sync
async def test_s_lists_documents_like_08LONDON1452_and_enter_opens_one(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_reader(pilot, "08LONDON1452")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SimilarScreen) and app.screen.found is not None)
        links = list(app.screen.query(DocLink))
        assert links and "08LONDON1452" not in [link.target for link in links]
        first = links[0].target
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                    and app.screen.record.id == first)
