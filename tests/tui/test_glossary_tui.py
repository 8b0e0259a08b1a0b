"""The real app explains codes in place: the reader's glossary pane and the facet panel's TAGS.

07LIMA2313 (a bundled seed) ¶7 opens "(C) While GOP reps expressed an overall optimistic view of
their country's security position"; it is an Embassy Lima cable, so GOP is the Government of Peru.
Its TAGS line is "TAGS: PGOV PINR PHUM VE PE"; PlusD labels PGOV "Political Affairs--Government;
Internal Governmental Affairs", and 5 FAH-3 H-111 lists "PHUM Human Rights".
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from index.ingest import bundled_samples, ingest
from tests.tui.pilot import until
from tests.tui.test_app import SIZE, sync, type_query
from tui.app import CablesApp
from tui.screens.reader import ReaderScreen
from tui.widgets.document import ParagraphView
from tui.widgets.facets import FacetPanel, option_id


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("glossary") / "idx"
    assert ingest(bundled_samples(), folder, workers=1).rejected == 0
    return folder


@sync
async def test_the_reader_explains_gop_under_the_cursor_in_07lima2313_paragraph_7(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "g")
        await until(pilot, lambda: len(app.screen.query("#prompt")) == 1)
        app.screen.query_one("#prompt", Input).value = "07 LIMA 2313 ¶7"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                    and isinstance(app.focused, ParagraphView) and app.focused.number == "7")
        pane = app.screen.query_one("#reader-glossary", Static)
        await until(pilot, lambda: "GOP" in str(pane.render()))
        shown = str(pane.render())
        assert "¶7" in shown
        assert "GOP  Government of Peru" in shown


@sync
async def test_the_facet_panel_gives_each_tags_code_its_meaning(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "coulter")
        panel = screen.query_one(FacetPanel)
        await until(pilot, lambda: panel.option_count > 0)
        prompts = {}
        for i in range(panel.option_count):
            option = panel.get_option_at_index(i)
            if option.id:
                prompts[option.id] = str(option.prompt)
        pgov = prompts[option_id("tag", "PGOV")]
        assert pgov.startswith("□ PGOV 1") and "Government; Internal" in pgov
        assert "Human Rights" in prompts[option_id("tag", "PHUM")]
        assert "Peru" in prompts[option_id("tag", "PE")]
