"""Issue 4's "done when", as one keyboard-only session: find the Peru cables of 2007 about security
cooperation, read one, jump to the cable it references, and copy a citation of that cable's ¶7.

The index holds the five bundled seeds plus a short follow-up cable written here, which cites the
POL-MIL talks cable (07LIMA2313) in its REF line the way Embassy Lima wrote references.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from index.ingest import bundled_samples, ingest
from tests.tui.pilot import until
from tui.app import CablesApp
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.document import DocLink, ParagraphView
from tui.widgets.facets import FacetPanel, option_id
from tui.widgets.results import ResultList

FOLLOW_UP = """\
R 201500Z JUL 07
FM AMEMBASSY LIMA
TO SECSTATE WASHDC 6123

UNCLAS LIMA 002400

SIPDIS

E.O. 12958: N/A
TAGS: PREL MARR PE
SUBJECT: PERU: DATES FOR THE SOFA TEAM VISIT

REF: LIMA 2313

1. (U) Following the pol-mil talks reported reftel, the Ministry of Defense proposed
dates in September for the SOFA team visit and for further security cooperation meetings.

2. (U) Post will report the agreed dates septel.

STRUBLE
"""


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("desk")
    (folder / "follow-up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    report = ingest([*bundled_samples(), folder / "follow-up.txt"], folder / "idx", workers=1)
    assert report.rejected == 0, report.rejections
    return folder / "idx"


def listed(app: CablesApp) -> list[str]:
    results = app.screen.query_one(ResultList)
    return [results.get_option_at_index(i).id for i in range(results.option_count)]


async def toggle_facet(pilot, screen: SearchScreen, facet: str, value: str) -> None:
    panel = screen.query_one(FacetPanel)
    panel.focus()
    panel.highlighted = panel.get_option_index(option_id(facet, value))
    before = screen.generation
    await pilot.press("enter")
    await until(pilot, lambda: screen.shown_generation > before)


def test_find_read_follow_a_reference_and_cite_paragraph_7(index_dir):
    asyncio.run(_session(index_dir))


async def _session(index_dir: Path) -> None:
    app = CablesApp(index_dir)
    async with app.run_test(size=(100, 32)) as pilot:
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        screen.query_one("#query", Input).insert_text_at_cursor("security cooperation")
        await until(pilot, lambda: screen.result is not None and screen.result.query == "security cooperation"
                    and screen.shown_generation == screen.generation)
        await toggle_facet(pilot, screen, "country", "Peru")
        await toggle_facet(pilot, screen, "year", "2007")
        # the two Embassy Lima cables of 2007 that speak of security cooperation, and nothing else
        assert sorted(listed(app)) == ["07LIMA2313", "07LIMA2400"]

        # open the follow-up (newest first), then the cable its REF line cites
        await pilot.press("s")  # sort: newest
        await until(pilot, lambda: screen.state.sort == "newest" and screen.shown_generation == screen.generation)
        assert listed(app)[0] == "07LIMA2400"
        screen.query_one(ResultList).focus()
        await pilot.press("home", "enter")
        await until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen.record is not None)
        reader = app.screen
        assert reader.record.id == "07LIMA2400"
        await pilot.press("home")
        for _ in range(10):  # down to the reference link
            if isinstance(app.focused, DocLink) and app.focused.target == "07LIMA2313":
                break
            await pilot.press("down")
        assert isinstance(app.focused, DocLink) and app.focused.in_index
        await pilot.press("enter")
        await until(pilot, lambda: reader.record is not None and reader.record.id == "07LIMA2313")

        # the cited cable knows who cites it
        assert any(link.target == "07LIMA2400" for link in reader.query(DocLink))

        # down to ¶7, and copy its citation
        for _ in range(40):
            if isinstance(app.focused, ParagraphView) and app.focused.number == "7":
                break
            await pilot.press("down")
        assert isinstance(app.focused, ParagraphView) and app.focused.number == "7"
        await pilot.press("c")
        await until(pilot, lambda: app.clipboard != "")
        assert app.clipboard.startswith("07LIMA2313 ¶7 (C), Embassy Lima, ")
        assert app.clipboard.endswith(", 2007-07-06")
