"""One citation line, wherever it is made: `cables cite`, `c` in the terminal UI and the citation-list
export give the very same bytes for the same paragraph of the seeds.

The seeds README: 07LIMA2313 is Embassy Lima's "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS" of
2007-07-06, its ¶7 marked (C); 09LIMA1661 "PERU: INFORMATION ON SECURITY DIALOGUE" of 2009-11-20,
its ¶2 marked (SBU); the OAS outcome document numbers its sections 1, 2, 3 …
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Input

from index.ingest import bundled_samples, ingest
from search.library import Library
from tests.tui.pilot import until
from tui import export
from tui.app import CablesApp
from tui.cli import main
from tui.screens.reader import ReaderScreen
from tui.screens.search import SearchScreen
from tui.widgets.document import ParagraphView
from tui.widgets.results import ResultList


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("cite") / "idx"
    assert ingest(bundled_samples(), folder, workers=1).rejected == 0
    return folder


@pytest.fixture(scope="module")
def paragraphs(index_dir) -> list[tuple[str, str]]:
    """(id, paragraph number): marked and unmarked cable paragraphs, and a section of a document."""
    with Library.open(index_dir) as lib:
        outcome = lib.search("kind:outcome").hits[0].id
    return [("07LIMA2313", "7"), ("07LIMA2313", "11"), ("09LIMA1661", "2"), (outcome, "1")]


def cli_line(capsys, index_dir: Path, citation: str) -> str:
    assert main(["cite", "--index", str(index_dir), citation]) == 0
    return capsys.readouterr().out.splitlines()[0]


def export_line(index_dir: Path, id: str, number: str) -> str:
    with Library.open(index_dir) as lib:
        record = lib.get(id)
    numbered = [p.number for p in record.paragraphs if p.number]
    return export.render(record, "citations").splitlines()[numbered.index(number)]


async def tui_lines(index_dir: Path, wanted: list[tuple[str, str]]) -> list[str]:
    """`c` on each paragraph in the reader, as a user presses it."""
    app = CablesApp(index_dir)
    lines = []
    async with app.run_test(size=(100, 32)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, SearchScreen))
        for id, number in wanted:
            app.open_document(id, number)
            await until(pilot, lambda id=id, number=number: isinstance(app.screen, ReaderScreen)
                        and app.screen.record is not None and app.screen.record.id == id
                        and isinstance(app.focused, ParagraphView) and app.focused.number == number)
            before = app.clipboard
            await pilot.press("c")
            await until(pilot, lambda before=before: app.clipboard != before)
            lines.append(app.clipboard)
    return lines


def test_cables_cite_the_c_key_and_the_citation_export_give_byte_identical_lines(capsys, index_dir, paragraphs):
    from_tui = asyncio.run(tui_lines(index_dir, paragraphs))
    for (id, number), tui_line in zip(paragraphs, from_tui):
        sign = "¶" if id[:2].isdigit() else "§"
        from_cli = cli_line(capsys, index_dir, f"{id} {sign}{number}")
        assert from_cli == tui_line == export_line(index_dir, id, number), (id, number)
    # as the README shows it: the subject in the case the cable writes its words, the day of the DTG
    assert from_tui[0] == ('07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter\'s visit to Peru for pol-mil talks", '
                           "2007-07-06")
    assert from_tui[1].startswith("07LIMA2313 ¶11, Embassy Lima, ")  # ¶11 carries no marking
    assert from_tui[2].startswith("09LIMA1661 ¶2 (SBU), Embassy Lima, ") and from_tui[2].endswith(", 2009-11-20")
    assert from_tui[3].startswith(f"{paragraphs[3][0]} §1, ")  # a document's section: §, not ¶


def test_the_results_export_cites_each_hit_as_c_does_in_the_result_list(index_dir, tmp_path):
    async def scenario() -> tuple[str, list[str]]:
        app = CablesApp(index_dir)
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            screen.query_one("#query", Input).insert_text_at_cursor("security dialogue")
            await until(pilot, lambda: screen.result is not None and screen.result.query == "security dialogue"
                        and screen.shown_generation == screen.generation)
            screen.query_one(ResultList).focus()
            await pilot.press("c")
            await until(pilot, lambda: app.clipboard != "")
            target = tmp_path / "cites.txt"
            app.export(screen.result, "citations", str(target))
            await until(pilot, target.exists)
            return app.clipboard, target.read_text(encoding="utf-8").splitlines()

    copied, exported = asyncio.run(scenario())
    assert copied == exported[0]
    assert copied.startswith("09LIMA1661 ¶") and copied.endswith(", 2009-11-20")
