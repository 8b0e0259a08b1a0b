"""`cables batch FILE`: a file of queries run at once, each summarised (search/batch.py, tui/cli)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from search.batch import read_queries
from tui.cli import main

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("batch") / "index"
    assert main(["ingest", "--sample", "--index", str(path), "--workers", "1"]) == 0
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_a_plain_file_skips_blank_lines_and_comments_and_keeps_line_numbers(tmp_path):
    path = tmp_path / "q.txt"
    path.write_text("# Peru\n\nsecurity dialogue\n   # indented comment\ncoulter\n", encoding="utf-8")
    assert [(q.line, q.query) for q in read_queries(path)] == [(3, "security dialogue"), (5, "coulter")]


def test_a_csv_file_is_read_by_its_query_and_name_columns(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('# from the briefing\nname,query\nsofa,"""article 98"" OR sofa"\n\ncoulter,coulter\n',
                    encoding="utf-8")
    assert [(q.line, q.name, q.query) for q in read_queries(path)] == [
        (3, "sofa", '"article 98" OR sofa'), (5, "coulter", "coulter")]


def test_an_unreadable_file_is_one_line_naming_it(capsys, seeds, tmp_path):
    status, out, err = run(capsys, "batch", str(tmp_path / "missing.txt"), "--index", seeds)
    assert status == 2 and out == ""
    assert err.startswith(f"cables: {tmp_path / 'missing.txt'}: cannot read the query file") and err.count("\n") == 1


def test_07LIMA2313_summarised_as_the_cable_reads_and_a_bad_line_reported_on_its_own(capsys, seeds, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text('coulter\n"article 98\nkind:cable\n', encoding="utf-8")
    status, out, err = run(capsys, "batch", str(path), "--index", seeds, "--hits", "1")
    assert status == 3  # some failed; the others ran
    assert "1 of 3 queries failed" in err and "line 2" in err
    lines = out.splitlines()
    # Seed 003: "R 061745Z JUL 07", TAGS PGOV PINR PHUM VE PE, "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
    assert lines[0] == "line 1: 'coulter'  1 hit, 2007-07-06 to 2007-07-06"
    assert lines[1] == "  countries: Peru 1, Venezuela 1"
    assert lines[2] == "  tags: PE 1, PGOV 1, PHUM 1"
    assert lines[3].startswith("  best: 07LIMA2313 ¶9 (C), Embassy Lima, \"DAS Coulter's visit to Peru")
    # ¶9: "MOD Wagner hosted DAS Coulter, Ambassador Struble, and DCM for a private meeting"
    assert "MOD Wagner hosted DAS «Coulter», Ambassador Struble" in lines[5]
    assert lines[6].startswith("line 2: '\"article 98'  error: unbalanced quote")
    # The two cables: 07LIMA2313 (061745Z JUL 07) and 09LIMA1661 (201658Z NOV 09).
    assert lines[7] == "line 3: 'kind:cable'  2 hits, 2007-07-06 to 2009-11-20"


def test_csv_output_has_a_row_per_query_with_its_name(capsys, seeds, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text("name,query\nwagner,wagner\nnothing,xylophone\n", encoding="utf-8")
    status, out, _ = run(capsys, "batch", str(path), "--index", seeds, "--csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["line"], r["name"], r["query"]) for r in rows] == [("2", "wagner", "wagner"), ("3", "nothing", "xylophone")]
    # Of the seeds only 07LIMA2313 names him: "MOD Wagner Meeting", "MOD Wagner hosted DAS Coulter".
    assert rows[0]["total"] == "1" and rows[0]["best"].startswith("07LIMA2313 ¶")
    assert rows[1]["total"] == "0" and rows[1]["best"] == "" and rows[1]["first"] == ""


def test_batch_totals_equal_cables_search_on_the_6712_cables(capsys, wikileaks_6712):
    index = str(wikileaks_6712)
    file = DATA / "batch-queries.txt"
    status, out, err = run(capsys, "batch", str(file), "--index", index, "--json", "--country", "Peru")
    peru = json.loads(out)
    status_all, out, _ = run(capsys, "batch", str(file), "--index", index, "--json")
    everywhere = json.loads(out)
    assert status == status_all == 3 and everywhere["failed"] == 1
    bad = [q for q in everywhere["queries"] if "error" in q]
    assert [q["line"] for q in bad] == [11] and "unbalanced quote" in bad[0]["error"]
    queries = [q for q in everywhere["queries"] if "error" not in q]
    assert len(queries) == 8 and sum(q["total"] for q in queries) > 100
    for filtered, plain in zip([q for q in peru["queries"] if "error" not in q], queries):
        for row, extra in ((plain, []), (filtered, ["--country", "Peru"])):
            _, out, _ = run(capsys, "search", row["query"], "--index", index, "--json", *extra)
            assert json.loads(out)["total"] == row["total"], (row["query"], extra)
    humala = next(q for q in queries if q["query"] == "humala")
    assert humala["total"] > 0 and list(humala["countries"])[0] == "Peru"
    assert humala["best"].split()[0] in {h["id"] for h in json.loads(
        run(capsys, "search", "humala", "--index", index, "--json", "--limit", "1")[1])["hits"]}
