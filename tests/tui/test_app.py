"""The terminal UI driven headless (App.run_test + Pilot) on a real index of the five bundled seeds.

Expected facts come from the seed documents (/work/shared/seeds/README.md and the texts):
09LIMA1661 "PERU: INFORMATION ON SECURITY DIALOGUE" (2009, CONFIDENTIAL, cites 09STATE112900);
07LIMA2313 "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS" (2007, ¶7 marked (C), opens
"While GOP reps expressed…"); the three OAS documents are unclassified.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from corpus.records import Reference
from index.ingest import bundled_samples, ingest
from tests.tui.pilot import until
from tui.app import CablesApp
from tui.screens.firstrun import FirstRunScreen
from tui.screens.help import HelpScreen, help_content, key_sections
from tui.screens.reader import ReaderScreen, reference_label
from tui.screens.search import SearchScreen
from tui.widgets.chips import FilterChip
from tui.widgets.document import DocHeader, DocLink, ParagraphView
from tui.widgets.facets import FacetPanel, option_id
from tui.widgets.results import ResultList

SIZE = (100, 32)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tui") / "idx"
    report = ingest(bundled_samples(), folder, workers=1)
    assert report.rejected == 0, report.rejections
    return folder


def sync(scenario):
    """Run an async Pilot scenario as a plain test (no async pytest plugin is installed)."""

    @functools.wraps(scenario)
    def test(*args, **kwargs):
        return asyncio.run(scenario(*args, **kwargs))

    return test


def search_screen(app: CablesApp) -> SearchScreen:
    screen = app.screen
    assert isinstance(screen, SearchScreen), screen
    return screen


async def type_query(pilot: Pilot, text: str, keys: bool = False) -> SearchScreen:
    """Enter a query: key by key, or (faster: Pilot spends ~60 ms a key) as a paste would."""
    screen = search_screen(pilot.app)
    if keys:
        await pilot.press(*text)
    else:
        screen.query_one("#query", Input).insert_text_at_cursor(text)
    await until(pilot, lambda: screen.result is not None and screen.result.query == text
                and screen.shown_generation == screen.generation)
    return screen


def listed(app: CablesApp) -> list[str]:
    results = app.screen.query_one(ResultList)
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


def text_of(widget: Static) -> str:
    return str(widget.render())


@sync
async def test_typing_a_query_lists_matching_documents_with_the_security_dialogue_cable_first(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "security dialogue", keys=True)
        ids = listed(app)
        assert ids[0] == "09LIMA1661"  # the phrase is its subject
        assert "07LIMA2313" not in ids  # the POL-MIL cable never says "dialogue"
        status = text_of(screen.query_one("#status", Static))
        assert f"{len(ids)} hits" in status
        assert screen.result.total == len(ids)


@sync
async def test_a_facet_value_narrows_the_list_and_shows_as_a_removable_chip(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "peru")
        assert {"09LIMA1661", "07LIMA2313"} <= set(listed(app))
        assert screen.result.facets["year"]["2009"] == 1
        facets = screen.query_one(FacetPanel)
        facets.focus()
        facets.highlighted = facets.get_option_index(option_id("year", "2009"))
        before = screen.generation
        await pilot.press("enter")
        await until(pilot, lambda: screen.shown_generation > before)
        assert listed(app) == ["09LIMA1661"]  # the only 2009 document
        chips = list(screen.query(FilterChip))
        assert [(c.facet, c.value) for c in chips] == [("year", "2009")]
        before = screen.generation
        await pilot.press("x")  # clear all filters
        await until(pilot, lambda: screen.shown_generation > before)
        assert {"09LIMA1661", "07LIMA2313"} <= set(listed(app))
        assert not list(screen.query(FilterChip))


@sync
async def test_a_malformed_query_is_told_in_the_status_line_and_the_app_keeps_going(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = search_screen(app)
        screen.query_one("#query", Input).insert_text_at_cursor('"security dialogue')
        await until(pilot, lambda: screen.shown_generation == screen.generation and screen.generation > 1)
        status = text_of(screen.query_one("#status", Static))
        assert "quote" in status.lower()
        await pilot.press("end", '"')  # close the phrase
        await until(pilot, lambda: screen.result is not None and screen.result.query == '"security dialogue"')
        assert listed(app)[0] == "09LIMA1661"


@sync
async def test_sort_key_cycles_to_newest_first(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "peru")
        await pilot.press("escape")  # leave the query box for the results
        before = screen.generation
        await pilot.press("s")
        await until(pilot, lambda: screen.shown_generation > before)
        assert screen.state.sort == "newest"
        assert "newest" in text_of(screen.query_one("#status", Static))
        ids = listed(app)
        assert ids.index("09LIMA1661") < ids.index("07LIMA2313")  # 2009 before 2007


@sync
async def test_opening_a_cable_shows_its_header_and_marked_paragraphs(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "coulter")
        assert listed(app)[0] == "07LIMA2313"
        await pilot.press("escape", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
        reader = app.screen
        header = reader.query_one(DocHeader).text
        for fact in ("07LIMA2313", "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS", "2007-07-06 17:45",
                     "Embassy Lima", "CONFIDENTIAL", "SIPDIS", "STRUBLE", "SECSTATE WASHDC"):
            assert fact in header, fact
        paragraphs = {p.number: p for p in reader.query(ParagraphView)}
        assert [str(n) for n in range(1, 12)] == [n for n in paragraphs if n]
        seventh = text_of(paragraphs["7"])
        assert seventh.startswith("¶7 (C) While GOP reps expressed an overall optimistic view")
        assert text_of(paragraphs["11"]).startswith("¶11 The cable has been cleared")  # unmarked
        await pilot.press("escape")
        assert app.screen is screen


@sync
async def test_a_reference_outside_the_index_says_so(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_document("09LIMA1661")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
        links = list(app.screen.query(DocLink))
        refs = [link for link in links if link.target == "09STATE112900"]
        assert refs and not refs[0].in_index
        assert "not in index" in text_of(refs[0])


@sync
async def test_ctrl_g_opens_go_to_even_from_the_search_box(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, Input)  # the search box has the cursor at start
        await pilot.press("ctrl+g")
        await until(pilot, lambda: len(app.screen.query("#prompt")) == 1)
        search = next(s for s in app.screen_stack if isinstance(s, SearchScreen))
        assert search.query_one("#query", Input).value == ""  # nothing was typed into the search box


@sync
async def test_go_to_a_citation_lands_on_the_paragraph_and_c_copies_its_citation(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "g")
        await until(pilot, lambda: len(app.screen.query("#prompt")) == 1)
        # typed as a user pastes it: the ¶ sign has no key of its own
        app.screen.query_one("#prompt", Input).value = "07 LIMA 2313 ¶7"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                    and isinstance(app.focused, ParagraphView))
        reader = app.screen
        assert reader.record.id == "07LIMA2313"
        assert app.focused.number == "7" and app.focused.marking == "C"
        await pilot.pause()
        doc = reader.query_one("#doc")
        assert doc.region.overlaps(app.focused.region)  # scrolled into view
        await pilot.press("c")
        await until(pilot, lambda: app.clipboard != "")
        assert app.clipboard.startswith("07LIMA2313 ¶7 (C), Embassy Lima, ")
        assert app.clipboard.endswith(", 2007-07-06")
        assert "pol-mil talks" in app.clipboard.lower()


@sync
async def test_back_and_forward_walk_the_reading_history(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        app.open_document("09LIMA1661")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
        reader = app.screen
        app.open_document("07LIMA2313", "3")
        await until(pilot, lambda: reader.record.id == "07LIMA2313")
        await pilot.press("backspace")
        await until(pilot, lambda: reader.record.id == "09LIMA1661")
        await pilot.press("alt+right")
        await until(pilot, lambda: reader.record.id == "07LIMA2313")
        await pilot.press("alt+left", "backspace")  # back past the first document: the results
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))


@sync
async def test_an_unknown_citation_is_explained_not_opened(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "g")
        await until(pilot, lambda: len(app.screen.query("#prompt")) == 1)
        app.screen.query_one("#prompt", Input).value = "09 STATE 112900"
        await pilot.press("enter")
        await until(pilot, lambda: len(app._notifications) > 0)
        assert isinstance(app.screen, SearchScreen)
        assert any(n.severity == "error" for n in app._notifications)


@sync
async def test_help_lists_every_key_bound_on_the_main_screens(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "question_mark")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        text = help_content(CablesApp).plain
        shown = [str(w.render()) for w in app.screen.query(".help-key")]
        for binding in [*SearchScreen.BINDINGS, *ReaderScreen.BINDINGS, *CablesApp.BINDINGS]:
            key = binding.key_display or binding.key.split(",")[0]
            assert key in text or key.capitalize() in text, binding
            assert any(key in s or key.capitalize() in s for s in shown), binding
        assert "Ctrl+P" in text and "Ctrl+Q" in text  # Textual's own: the palette, quit
        await pilot.press("escape")
        assert isinstance(app.screen, SearchScreen)


@sync
async def test_export_writes_the_citation_list_of_the_results(index_dir, tmp_path):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "security dialogue")
        await pilot.press("escape", "e")
        await until(pilot, lambda: len(app.screen.query("#path")) == 1)
        assert app.screen.query_one("#path", Input).value == "cables-security-dialogue.md"
        app.screen.query_one("#format").query(".-radio-button, RadioButton")[1].value = True  # citations
        await pilot.pause()
        target = tmp_path / "cites.txt"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, target.exists)
        lines = target.read_text(encoding="utf-8").splitlines()
        assert lines[0].startswith("09LIMA1661 ¶")
        assert "Embassy Lima" in lines[0] and lines[0].endswith("2009-11-20")


@sync
async def test_first_run_without_an_index_builds_one_from_the_samples(tmp_path):
    app = CablesApp(tmp_path / "new-index")
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, FirstRunScreen))
        await pilot.press("enter")  # "Build sample index" has the focus
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.result is not None, tries=500)
        assert app.screen.result.total == 5  # two cables, three OAS documents


async def open_reader(pilot: Pilot, id: str, paragraph: str | None = None) -> ReaderScreen:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, SearchScreen))
    app.open_document(id, paragraph)
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None
                and app.focused is not None)
    await pilot.pause()
    return app.screen


@sync
async def test_up_from_the_first_item_shows_the_header_instead_of_jumping_to_the_end(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        reader = await open_reader(pilot, "07LIMA2313")
        doc = reader.query_one("#doc")
        assert app.focused.number == "1"
        await pilot.press("up")  # ¶1 -> the one reference, REF: LIMA 0046
        assert isinstance(app.focused, DocLink) and app.focused.target == "07LIMA46"
        await pilot.press("down", "down", "up", "up", "up")  # and once more past the top
        await pilot.pause()
        assert isinstance(app.focused, DocLink) and app.focused.target == "07LIMA46"  # no wrap to ¶11
        assert doc.scroll_y == 0  # the header (date, from, to…) is in view
        await pilot.press("end")
        await pilot.pause()
        assert app.focused.number == "11"
        await pilot.press("down")  # past the bottom: stays, no wrap to the top
        assert app.focused.number == "11"
        await pilot.press("home")
        await pilot.pause()
        assert doc.scroll_y == 0 and app.focused.target == "07LIMA46"


@sync
async def test_a_paragraph_taller_than_the_screen_is_scrolled_through_before_the_cursor_moves_on(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=(50, 14)) as pilot:  # a narrow window: ¶1 runs over many lines
        reader = await open_reader(pilot, "07LIMA2313", "1")
        doc = reader.query_one("#doc")
        first = app.focused
        assert first.number == "1"
        height = doc.scrollable_content_region.height
        assert first.virtual_region.height > height  # the premise: it does not fit
        seen_to = doc.scroll_y + height
        for _ in range(30):
            await pilot.press("down")
            await pilot.pause()
            if app.focused is not first:
                break
            seen_to = max(seen_to, doc.scroll_y + height)
        assert app.focused.number == "2"
        assert seen_to >= first.virtual_region.bottom  # its last line was on screen before ¶2


@sync
async def test_a_query_without_hits_says_so_in_a_full_height_result_panel(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "xylophone")  # in none of the five documents
        assert screen.result.total == 0
        results = screen.query_one(ResultList)
        assert results.option_count == 1
        message = results.get_option_at_index(0)
        assert message.disabled and str(message.prompt) == "No documents match."
        assert results.current is None
        body = screen.query_one("#body")
        await pilot.pause()
        assert results.outer_size.height == body.size.height  # not a two-line sliver
        assert screen.query_one(FacetPanel).outer_size.height == body.size.height
        assert "try fewer or other words" in text_of(screen.query_one("#status", Static))


@sync
async def test_export_with_no_hits_warns_instead_of_offering_an_empty_file(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        await type_query(pilot, "xylophone")
        await pilot.press("escape", "e")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)  # no export dialog
        assert any("Nothing to export" in str(n.message) for n in app._notifications)


@sync
async def test_help_descriptions_that_wrap_at_80_columns_stay_in_their_column(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape", "f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.pause()
        keys = list(app.screen.query(".help-key"))
        whats = list(app.screen.query(".help-what"))
        assert len(whats) == sum(len(rows) for _, rows in key_sections(CablesApp))
        column = whats[0].region.x
        assert all(w.region.x == column for w in whats)  # one column for every description
        assert all(k.region.right <= column for k in keys)  # keys never run into it
        goto = next(w for w in whats if str(w.render()).startswith("go to a citation"))
        assert goto.region.height >= 2  # it wraps at this width, under its own first line


@sync
async def test_the_reader_status_line_fits_80_columns(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        reader = await open_reader(pilot, "07LIMA2313")
        status = text_of(reader.query_one("#reader-status", Static))
        assert status == "07LIMA2313 · 11 numbered paragraphs · history 1/1"
        assert len(status) <= 78  # 80 less the padding


def test_a_lettered_reference_keeps_its_letter():
    # 10DAMASCUS168: "Responding to Ref A demarche…" with REF: A. STATE 17307 B. TEL AVIV 404
    assert reference_label(Reference(text="STATE 17307", bullet="A", ids=["10STATE17307"])) == "(Ref A: STATE 17307)"
    assert reference_label(Reference(text="LIMA 0046", ids=["07LIMA46"])) == "(LIMA 0046)"


def marked(view: ParagraphView) -> list[str]:
    """The words the reader highlights in a paragraph."""
    from tui.widgets.styling import HIGHLIGHT

    content = view.render()
    return [content.plain[s.start : s.end] for s in content.spans if str(s.style) == HIGHLIGHT]


async def read_after_search(pilot: Pilot, query: str, id: str) -> dict[str | None, ParagraphView]:
    app = pilot.app
    await type_query(pilot, query)
    app.open_document(id, None, query)
    await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
    return {view.number: view for view in app.screen.query(ParagraphView)}


@sync
async def test_the_reader_marks_a_quoted_phrase_only_where_its_words_stand_together(index_dir):
    # 07LIMA2313 ¶7: "an overall optimistic view of their country's security position"; ¶1 and ¶3
    # speak of security without "position" after it.
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        views = await read_after_search(pilot, '"security position"', "07LIMA2313")
        assert marked(views["7"]) == ["security position"]
        assert marked(views["1"]) == [] and marked(views["3"]) == []


@sync
async def test_the_reader_never_marks_an_excluded_word_and_marks_every_form_of_a_searched_one(index_dir):
    # 07LIMA2313 ¶7: "Chile's Military Buildup", "Concern about Bolivia", "They are concerned that …"
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        views = await read_after_search(pilot, "concerns -chile", "07LIMA2313")
        words = marked(views["7"])
        assert words and all(w.lower().startswith("concern") for w in words)
        assert {"Concern", "concerned"} <= set(words)
        assert not any("chile" in w.lower() for w in words)


def ticked(screen: SearchScreen) -> set[tuple[str, str]]:
    from tui.widgets.facets import split_option_id

    panel = screen.query_one(FacetPanel)
    options = [panel.get_option_at_index(i) for i in range(panel.option_count)]
    return {split_option_id(o.id) for o in options if o.id and str(o.prompt).startswith("■")}


@sync
async def test_a_country_typed_in_the_query_ticks_its_facet_value_and_its_chip_takes_it_out(index_dir):
    # Both seed cables are Embassy Lima's, about Peru (TAGS: ... PE); 09LIMA1661 is of 2009.
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "security country:PE from:2009")
        assert listed(app) == ["09LIMA1661"]
        assert ("country", "Peru") in ticked(screen) and ("year", "2009") in ticked(screen)
        assert screen.state.filters == {}  # the query holds them, not the panel
        chips = {chip.typed.text: chip for chip in screen.query(FilterChip)}
        assert set(chips) == {"country:PE", "from:2009"}
        chips["from:2009"].press()
        await until(pilot, lambda: screen.result.query == "security country:PE"
                    and screen.shown_generation == screen.generation)
        assert screen.query_one("#query", Input).value == "security country:PE"
        assert ("year", "2009") not in ticked(screen) and ("country", "Peru") in ticked(screen)
        assert {"09LIMA1661", "07LIMA2313"} <= set(listed(app))


@sync
async def test_unticking_a_value_a_typed_filter_ticked_takes_the_filter_out_of_the_query(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "class:confidential peru")
        assert ("classification", "CONFIDENTIAL") in ticked(screen)
        assert sorted(listed(app)) == ["07LIMA2313", "09LIMA1661"]  # the two cables; the OAS papers are unclassified
        panel = screen.query_one(FacetPanel)
        panel.focus()
        panel.highlighted = panel.get_option_index(option_id("classification", "CONFIDENTIAL"))
        await pilot.press("enter")
        await until(pilot, lambda: screen.result.query == "peru" and screen.shown_generation == screen.generation)
        assert not any(facet == "classification" for facet, _ in ticked(screen))
        assert len(listed(app)) > 2


@sync
async def test_a_negated_or_alternative_field_ticks_nothing(index_dir):
    app = CablesApp(index_dir)
    async with app.run_test(size=SIZE) as pilot:
        screen = await type_query(pilot, "security -country:PE")
        assert ticked(screen) == set() and not list(screen.query(FilterChip))
        screen.query_one("#query", Input).value = ""
        screen = await type_query(pilot, "peru OR country:CI")
        assert ticked(screen) == set()


class HeldLibrary:
    """The real library of the seed index, whose first search waits until the test lets it go."""

    def __init__(self, index_dir: Path) -> None:
        from search.library import Library

        self.library = Library.open(index_dir)
        self.release = threading.Event()

    def search(self, *args, **kwargs):
        self.release.wait(10)
        return self.library.search(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.library, name)


@sync
async def test_until_the_first_answer_the_panels_say_they_are_searching_then_the_seeds_fill_them(index_dir):
    held = HeldLibrary(index_dir)
    app = CablesApp(index_dir, library=held)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        await pilot.pause(0.1)
        screen = search_screen(app)
        results, facets = screen.query_one(ResultList), screen.query_one(FacetPanel)
        assert str(results.get_option_at_index(0).prompt) == "searching…"  # not an empty box
        assert str(facets.get_option_at_index(0).prompt) == "counting…"
        assert "searching…" in text_of(screen.query_one("#status", Static))
        held.release.set()
        await until(pilot, lambda: screen.result is not None)
        assert {"09LIMA1661", "07LIMA2313"} <= set(listed(app))  # the two seed cables
        assert facets.get_option_index(option_id("year", "2009")) is not None
        assert "5 hits" in text_of(screen.query_one("#status", Static))  # the five bundled seeds

