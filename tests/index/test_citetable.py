"""The citation table beside a Whoosh index (index/citetable.py): `cables cite` answers from it
without opening the index, and never from a table that no longer matches the index."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from index import citetable
from search.citation import quick_lookup
from tui.cli import main

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
LIMA_1661 = SAMPLES / "002_69213b056e47e10f.txt"  # "DE RUEHPE #1661/01 3241658 … 201658Z NOV 09 FM AMEMBASSY LIMA"


@pytest.fixture()
def index(tmp_path) -> Path:
    """The bundled samples but 09LIMA1661's file, ingested: 07LIMA2313 is in it."""
    first = tmp_path / "first"
    first.mkdir()
    for f in sorted(SAMPLES.glob("*.txt")):
        if f != LIMA_1661:
            shutil.copy(f, first / f.name)
    path = tmp_path / "index"
    assert main(["ingest", "--index", str(path), "--workers", "1", str(first)]) == 0
    return path


def test_the_ingest_leaves_a_sound_table_that_cites_07LIMA2313_paragraph_7(index):
    assert citetable.check(index / citetable.FILE_NAME) is None
    found = quick_lookup(index, "07 LIMA 2313 ¶7").found
    assert found.marking == "C" and found.text.startswith("While GOP reps expressed")
    assert found.citation.startswith('07LIMA2313 ¶7 (C), Embassy Lima, "')


def test_a_citation_without_year_is_found_through_the_years_of_the_table(index):
    assert quick_lookup(index, "LIMA 2313").found.id == "07LIMA2313"


def test_the_table_and_the_index_answer_alike(index, capsys):
    from index.whoosh.engine import Index
    from search.citation import lookup

    with Index.open(index) as ix, citetable.open_table(index) as table:
        ids = list(ix.reader_ids())
        assert sorted(ids) == list(table.ids())
        for id in ids:
            assert table.get(id) == ix.get(id)
            assert lookup(table, f"{id} ¶1").found == lookup(ix, f"{id} ¶1").found


def test_a_table_of_an_older_generation_is_not_read(index, tmp_path):
    older = tmp_path / "older.ids"
    shutil.copy(index / citetable.FILE_NAME, older)
    assert main(["ingest", "--index", str(index), "--workers", "1", str(LIMA_1661)]) == 0
    shutil.copy(older, index / citetable.FILE_NAME)  # as if the last ingest had been killed before writing it
    assert citetable.open_table(index) is None and quick_lookup(index, "09LIMA1661") is None
    # the command goes through the index instead: the new cable is found
    assert main(["cite", "--index", str(index), "09 LIMA 1661 ¶6", "--json"]) == 0


@pytest.mark.parametrize("where", ["entries", "names"])
def test_a_damaged_table_is_caught_by_its_footer_and_never_loses_07LIMA2313(index, capsys, where):
    path = index / citetable.FILE_NAME
    data = bytearray(path.read_bytes())
    with citetable.open_table(index) as table:
        names = table._names  # where the ids start; the entries lie before them
    for i in range(names - 5 * citetable.ENTRY.size, names) if where == "entries" else range(names, len(data) - 24):
        data[i] ^= 0x55
    path.write_bytes(bytes(data))
    assert "checksum" in citetable.check(path)
    # the cheap check on open hashes nothing, but no damaged entry gives a wrong or missing cable
    assert main(["cite", "--index", str(index), "07 LIMA 2313 ¶7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("While GOP reps expressed")
    path.write_bytes(bytes(data[:-10]))  # cut short: not read at all
    assert citetable.open_table(index) is None
    assert main(["cite", "--index", str(index), "07 LIMA 2313 ¶7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["text"].startswith("While GOP reps expressed")
