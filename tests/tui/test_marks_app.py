"""Marks in the terminal UI, driven headless on a real index of the five seeds: mark a paragraph
in the reader, see its badge, filter with mytag:, open it from the Marked view, export a briefing.

From the seeds: 07LIMA2313 ¶7 is marked (C) and opens "While GOP reps expressed an overall
optimistic view …"; 09LIMA1661 is "PERU: INFORMATION ON SECURITY DIALOGUE".
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from index.ingest import bundled_samples, ingest
from search.userdata import UserData, store_path
from tests.tui.pilot import until
from tests.tui.test_app import SIZE, listed, sync, text_of, type_query
from tui.app import CablesApp
from tui.screens.dialogs import MarkScreen
from tui.screens.marked import MarkedScreen
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.document import ParagraphView
from tui.widgets.facets import FacetPanel, option_id
from tui.widgets.results import ResultList


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("marks-tui") / "idx"
    assert ingest(bundled_samples(), folder, workers=1).rejected == 0
    return folder


@pytest.fixture
def index_dir(seeds, tmp_path) -> Path:
    """A copy of the seed index per test: each test starts with no marks."""
    shutil.copytree(seeds, tmp_path / "idx")
    return tmp_path / "idx"


async def answer_mark_dialog(pilot, tags: str, note: str) -> None:
    await until(pilot, lambda: isinstance(pilot.app.screen, MarkScreen))
    pilot.app.screen.query_one("#mark-tags", Input).value = tags
    pilot.app.screen.query_one("#mark-note", Input).value = note
    await pilot.click("#mark-save")


async def open_paragraph(pilot, citation: str) -> ReaderScreen:
    app = pilot.app
    await pilot.press("escape", "g")
    await until(pilot, lambda: len(app.screen.query("#prompt")) == 1)
    app.screen.query_one("#prompt", Input).value = citation
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                and isinstance(app.focused, ParagraphView))
    return app.screen


@sync
async def test_marking_a_paragraph_in_the_reader_badges_it_and_mytag_finds_its_cable(index_dir, tmp_path):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_paragraph(pilot, "07 LIMA 2313 ¶7")
        assert app.focused.number == "7" and app.focused.tags is None
        await pilot.press("m")
        await answer_mark_dialog(pilot, "peru-mil, chile", "Chile's buildup worries Lima")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen)
                    and reader.query_one(ParagraphView).screen is reader
                    and next(v for v in reader.query(ParagraphView) if v.number == "7").tags is not None)
        seven = next(v for v in reader.query(ParagraphView) if v.number == "7")
        shown = text_of(seven)
        assert "★ chile, peru-mil" in shown and "While GOP reps expressed" in shown
        assert all(v.tags is None for v in reader.query(ParagraphView) if v.number != "7")
        assert app.focused is seven, "the cursor stays on the paragraph just marked"

        # kept in the store beside the index, keyed by id and paragraph as cited
        (mark,) = UserData(store_path(index_dir)).marks()
        assert (mark.doc_id, mark.paragraph, mark.tags, mark.note) == (
            "07LIMA2313", "7", ["chile", "peru-mil"], "Chile's buildup worries Lima")

        await pilot.press("escape")
        screen = await type_query(pilot, "mytag:chile")
        assert listed(app) == ["07LIMA2313"]
        results = screen.query_one(ResultList)
        assert "★ chile, peru-mil" in str(results.get_option_at_index(0).prompt)
        facets = screen.query_one(FacetPanel)
        assert facets.get_option(option_id("mytag", "peru-mil")) is not None


@sync
async def test_m_on_a_result_marks_the_cable_and_the_my_tags_facet_filters(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "peru")
        await pilot.press("escape")  # to the results
        position = listed(app).index("09LIMA1661")
        screen.query_one(ResultList).highlighted = position
        await pilot.press("m")
        await answer_mark_dialog(pilot, "vrae", "")
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and screen.result is not None
                    and "mytag" in screen.result.facets)
        assert screen.result.facets["mytag"] == {"vrae": 1}
        assert screen.query_one(ResultList).highlighted == position, "the cursor stays on the marked hit"
        prompt = str(screen.query_one(ResultList).get_option_at_index(position).prompt)
        assert prompt.startswith("09LIMA1661") and "★ vrae" in prompt
        screen.toggle_filter("mytag", "vrae")
        await until(pilot, lambda: listed(app) == ["09LIMA1661"])


@sync
async def test_the_marked_view_lists_marks_by_tag_opens_one_and_exports_a_briefing(index_dir, tmp_path):
    store = UserData(store_path(index_dir))
    store.mark("07LIMA2313", "7", tags=["peru-mil"], note="Chile's buildup")
    store.mark("09LIMA1661", None, tags=["peru-mil", "vrae"])
    store.mark("09LIMA1661", "99", tags=["vrae"])  # a paragraph this release does not have
    store.close()
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.press("escape", "M")
        await until(pilot, lambda: isinstance(app.screen, MarkedScreen) and app.screen.items)
        marked = app.screen
        rows = [str(o.prompt) for o in marked.query_one("#marked-list", OptionList)._options]
        headings = [r for r in rows if r.startswith("★ ") and "\n" not in r]
        assert [h.split()[1] for h in headings] == ["peru-mil", "vrae"]
        assert any("09LIMA1661 ¶99" in r and "missing: no ¶99 in this release" in r for r in rows)
        assert "3 marks · 1 missing from the index" in text_of(marked.query_one("#marked-status", Static))

        await pilot.press("t")  # one tag: peru-mil
        await until(pilot, lambda: marked.tag == "peru-mil")
        assert {i.mark.doc_id for i in marked.shown} == {"07LIMA2313", "09LIMA1661"}
        await pilot.press("e")
        await until(pilot, lambda: len(app.screen.query("#path")) == 1)
        assert app.screen.query_one("#path", Input).value == "marks-peru-mil.md"
        target = tmp_path / "briefing.md"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Marks tagged peru-mil")
        assert "> (C) While GOP reps expressed an overall optimistic view" in text
        assert "Note: Chile's buildup" in text and "¶99" not in text

        await until(pilot, lambda: isinstance(app.screen, MarkedScreen))
        listing = marked.query_one("#marked-list", OptionList)
        listing.highlighted = next(i for i, o in enumerate(listing._options)
                                   if o.id and marked._rows[o.id].mark.paragraph == "7")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                    and isinstance(app.focused, ParagraphView))
        assert app.screen.record.id == "07LIMA2313" and app.focused.number == "7"
        assert "★ peru-mil" in text_of(app.focused)


@sync
async def test_removing_a_mark_in_the_dialog_takes_its_badge_away(index_dir):
    UserData(store_path(index_dir)).mark("07LIMA2313", "7", tags=["peru-mil"])
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_paragraph(pilot, "07LIMA2313 para 7")
        assert "★ peru-mil" in text_of(app.focused)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MarkScreen))
        assert app.screen.query_one("#mark-tags", Input).value == "peru-mil"
        await pilot.click("#mark-remove")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen)
                    and all(v.tags is None for v in reader.query(ParagraphView)))
        assert UserData(store_path(index_dir)).marks() == []
