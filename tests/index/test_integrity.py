"""A damaged index is found, said in one line, and repaired from its sources; an index folder runs no code.

The index: 300 generated Lima cables (tests/index/generated.py; "security dialogue" in each, so the
common words have flat arrays) and the five bundled seeds, ingested from files in a temporary folder
(their sources, for `cables check --repair`).  Needs no ../shared.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

from index import citetable
from index.engines import IndexDamaged
from index.ingest import bundled_samples, ingest
from index.whoosh import integrity
from index.whoosh.engine import Index
from tests.index.generated import cable_id, write_cables
from tui.cli import main

GENERATED = 300


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """(index folder, sources folder) built once; tests damage copies."""
    root = tmp_path_factory.mktemp("integrity")
    sources = root / "sources"
    write_cables(sources, GENERATED)
    for seed in bundled_samples():
        shutil.copy(seed, sources / seed.name)
    report = ingest([sources], root / "index", workers=1)
    assert report.rejected == 0, report.rejections
    return root / "index", sources


@pytest.fixture
def index(built, tmp_path) -> Path:
    folder = tmp_path / "index"
    shutil.copytree(built[0], folder)
    return folder


def flip(path: Path, count: int = 1, at: float = 0.5) -> None:
    """Invert ``count`` bytes of the file from ``at`` (a fraction of its length before the footer)."""
    data = bytearray(path.read_bytes())
    start = int((len(data) - integrity.SIZE) * at)
    for i in range(start, start + count):
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def one_file(folder: Path, suffix: str) -> Path:
    (found,) = [p for p in folder.iterdir() if p.suffix == suffix] or [None]
    assert found is not None, f"no {suffix} file in {sorted(p.name for p in folder.iterdir())}"
    return found


def test_a_sound_index_checks_clean_with_every_file_and_record(index, capsys):
    status, out, err = run(capsys, "check", "--index", str(index))
    assert status == 0, err
    assert f"{GENERATED + 5:,} records" in out
    assert "no damage found" in out


@pytest.mark.parametrize("suffix, kind", [(".seg", "segment"), (".dfq", "flat arrays"), (".pos", "flat positions"),
                                          (".cols", "facet columns"), (".src", "source list"),
                                          (".ids", "citation table")])
def test_check_finds_one_flipped_byte_in_each_kind_of_file(index, capsys, suffix, kind):
    damaged = one_file(index, suffix)
    flip(damaged)
    status, out, err = run(capsys, "check", "--index", str(index), "--json")
    assert status == 4
    found = json.loads(out)
    assert found["clean"] is False
    assert [(d["file"], d["kind"]) for d in found["damaged"]] == [(str(damaged), kind)]
    assert "checksum mismatch" in found["damaged"][0]["problem"]


def test_a_truncated_segment_is_refused_as_it_is_opened(index, capsys):
    segment = one_file(index, ".seg")
    with open(segment, "r+b") as f:
        f.truncate(segment.stat().st_size - 1000)
    status, out, err = run(capsys, "search", "--index", str(index), "security dialogue")
    assert status == 4 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert str(segment) in err and "cables check --repair" in err


@pytest.mark.parametrize("command", [["search", "security dialogue"], ["search", '"generated report number 17"'],
                                     ["show", "09LIMA1661"], ["cite", "09 LIMA 1661 para 2"]])
def test_a_command_on_a_damaged_segment_says_one_line_naming_the_file_and_the_fix(index, capsys, command):
    segment = one_file(index, ".seg")
    flip(segment, count=200, at=0.3)  # the postings and stored records, not the footer
    status, out, err = run(capsys, command[0], "--index", str(index), *command[1:])
    assert status == 4, (out, err)
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"cables: {segment}: damaged index file")
    assert "run `cables check --repair`" in err


def test_repair_rebuilds_a_damaged_segment_from_the_sources(index, capsys):
    flip(one_file(index, ".seg"), count=200, at=0.3)
    status, out, err = run(capsys, "check", "--index", str(index), "--repair")
    assert status == 0, (out, err)
    assert f"restored {GENERATED + 5:,} documents from their sources" in out
    # What the generated cable 17 says: "This is generated report number 17 about the security dialogue."
    status, out, err = run(capsys, "search", "--index", str(index), '"generated report number 17 about"', "--json")
    assert status == 0, err
    assert [hit["id"] for hit in json.loads(out)["hits"]] == [cable_id(17)]
    status, out, _ = run(capsys, "check", "--index", str(index))
    assert status == 0 and "no damage found" in out


def test_repair_says_which_documents_it_could_not_restore_because_their_source_is_gone(built, tmp_path, capsys):
    # Sources of its own: one of them is deleted before the repair.
    sources = tmp_path / "sources"
    shutil.copytree(built[1], sources)
    folder = tmp_path / "index"
    ingest([sources], folder, workers=1)
    gone = sources / "cable-00005.txt"
    gone.unlink()
    flip(one_file(folder, ".seg"), count=200, at=0.3)
    status, out, err = run(capsys, "check", "--index", str(folder), "--repair")
    assert status == 4
    assert f"not restored: {cable_id(5)}: its source is gone: {gone}" in out
    assert f"restored {GENERATED + 4:,} documents" in out
    status, out, err = run(capsys, "show", "--index", str(folder), cable_id(6))
    assert status == 0 and "GENERATED REPORT NUMBER 6" in out


def test_repair_writes_damaged_flat_arrays_and_columns_again_from_their_segment(index, capsys):
    before = run(capsys, "search", "--index", str(index), "security", "--json")[1]
    arrays, columns = one_file(index, ".dfq"), one_file(index, ".cols")
    flip(arrays)
    flip(columns)
    status, out, err = run(capsys, "check", "--index", str(index), "--repair")
    assert status == 0, (out, err)
    assert f"rebuilt {arrays}" in out and f"rebuilt {columns}" in out
    assert integrity.full_check(arrays) is None and integrity.full_check(columns) is None
    assert run(capsys, "search", "--index", str(index), "security", "--json")[1] == before


def test_damaged_flat_positions_are_named_in_one_line_bypassed_by_phrases_and_written_again_by_repair(index, capsys):
    from index.whoosh import docarrays, posarrays

    # What the generated cable 17 says: "This is generated report number 17 about the security dialogue."
    phrase = ["search", "--index", str(index), '"security dialogue"', "--json"]
    before = run(capsys, *phrase)[1]
    assert json.loads(before)["total"] >= GENERATED
    positions = one_file(index, ".pos")
    flip(positions)
    status, out, err = run(capsys, "check", "--index", str(index))
    assert status == 4
    assert f"damaged: {positions} (flat positions): checksum mismatch (its bytes changed since they were written)" in out.splitlines()
    docarrays.clear_cache()
    assert run(capsys, *phrase)[1] == before  # read from the segment's own blocks meanwhile
    status, out, err = run(capsys, "check", "--index", str(index), "--repair")
    assert status == 0, (out, err)
    assert f"rebuilt {positions}" in out
    assert integrity.full_check(positions) is None
    with Index.open(index) as ix, ix.searcher() as searcher:
        (reader, _), *_ = [leaf for leaf in searcher.reader().leaf_readers() if leaf[0].doc_count_all() >= GENERATED]
        assert posarrays.term_positions(reader, "body", b"dialogu") is not None  # the file is read again
    assert run(capsys, *phrase)[1] == before


def test_repair_writes_a_damaged_citation_table_again_and_cite_finds_the_seed_cable(index, capsys):
    table = one_file(index, ".ids")
    flip(table)
    status, out, err = run(capsys, "check", "--index", str(index), "--repair")
    assert status == 0, (out, err)
    assert f"rebuilt {table}" in out
    assert citetable.check(table) is None
    status, out, err = run(capsys, "cite", "--index", str(index), "07 LIMA 2313 ¶7")
    assert status == 0, err
    assert out.startswith("07LIMA2313 ¶7 (C), Embassy Lima")


class _RunsACommand:
    """What a crafted table of contents would hold in place of its schema: unpickling it runs a command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def craft_toc(folder: Path, marker: Path) -> Path:
    """Rewrite the index's table of contents with a schema pickle that would run ``touch marker``.

    Whoosh's TOC: three varints (int, long, float sizes), two ints (-12345, the format version),
    three varints (Whoosh's release), the schema pickle as a string (a varint length, the bytes),
    then the generation and the segments."""
    import io

    from whoosh.filedb.structfile import StructFile
    from whoosh.util.varints import varint

    (toc,) = folder.glob("_MAIN_*.toc")
    data = toc.read_bytes()
    f = StructFile(io.BytesIO(data))
    for read in ("read_varint",) * 3 + ("read_int",) * 2 + ("read_varint",) * 3:
        getattr(f, read)()
    at = f.tell()
    length = f.read_varint()
    schema_start = f.tell()
    evil = pickle.dumps(_RunsACommand(marker), 2)
    toc.write_bytes(data[:at] + varint(len(evil)) + evil + data[schema_start + length :])
    return toc


def test_a_crafted_table_of_contents_that_would_run_a_command_is_refused_and_nothing_runs(index, tmp_path, capsys):
    marker = tmp_path / "ran"
    toc = craft_toc(index, marker)
    status, out, err = run(capsys, "search", "--index", str(index), "security")
    assert not marker.exists()
    assert status == 4 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"cables: {toc}: refused to load posix.system from the index")


def test_the_crafted_pickle_would_have_run_without_the_restricted_unpickler(tmp_path):
    # The test's own check: the same bytes through plain pickle.loads do run the command.
    marker = tmp_path / "ran"
    pickle.loads(pickle.dumps(_RunsACommand(marker), 2))
    assert marker.exists()


def test_a_stored_field_pickle_naming_a_function_is_refused(tmp_path):
    from index.whoosh.compat import UnsafeIndexData, restricted_loads

    marker = tmp_path / "ran"
    with pytest.raises(UnsafeIndexData):
        restricted_loads(pickle.dumps(_RunsACommand(marker), 2))
    assert not marker.exists()
    assert restricted_loads(pickle.dumps({"id": "09LIMA1661", "kinds": {"cable"}}, 2)) == {
        "id": "09LIMA1661", "kinds": {"cable"}}


def test_what_a_parser_process_sends_the_writer_is_read_by_the_same_rule(tmp_path):
    from corpus.reader import iter_sources
    from index.ingest import prepare_many
    from index.unpickle import UnsafeIndexData, parser_results_loads, restricted_loads

    sources = list(iter_sources(bundled_samples()))
    parsed = parser_results_loads(prepare_many(sources))
    assert "09LIMA1661" in [id for p in parsed for id, _ in p.items]
    marker = tmp_path / "ran"
    with pytest.raises(UnsafeIndexData):
        parser_results_loads(pickle.dumps([_RunsACommand(marker)], pickle.HIGHEST_PROTOCOL))
    assert not marker.exists()
    # and an index file may not hold the ingest's own classes
    with pytest.raises(UnsafeIndexData, match="index.ingest.Parsed"):
        restricted_loads(prepare_many(sources[:1]))


def test_a_commit_puts_the_segment_and_folder_on_disk_before_the_table_of_contents_names_them(built, tmp_path, monkeypatch):
    from whoosh.filedb import filestore

    folder = tmp_path / "index"
    shutil.copytree(built[0], folder)
    events: list[str] = []
    real_fsync, real_rename = os.fsync, os.rename

    def fsync(fd: int) -> None:
        events.append("fsync " + Path(os.readlink(f"/proc/self/fd/{fd}")).name)
        real_fsync(fd)

    def rename(src, dst) -> None:
        events.append(f"rename {Path(src).name[:9]} -> {Path(dst).name}")
        real_rename(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(filestore.os, "rename", rename)
    sources = tmp_path / "more"
    write_cables(sources, 3, start=GENERATED)
    ingest([sources], folder, workers=1)
    toc = next(i for i, e in enumerate(events) if e.startswith("rename _MAIN_"))
    new_toc = events[toc].rsplit(" ", 1)[1]
    before, after = events[:toc], events[toc + 1 :]
    assert any(e.startswith("fsync MAIN_") and e.endswith(".seg") for e in before), events
    assert f"fsync {folder.name}" in before and any(e.startswith("fsync _MAIN_") for e in before)
    assert after[0] == f"fsync {folder.name}", (new_toc, events)


def test_a_damaged_index_is_said_in_the_status_line_of_the_terminal_ui(index):
    import asyncio

    from textual.widgets import Input, Static

    from tests.tui.pilot import until
    from tui.app import CablesApp
    from tui.screens.search import SearchScreen

    flip(one_file(index, ".seg"), count=200, at=0.3)

    async def scenario() -> str:
        app = CablesApp(index)
        async with app.run_test(size=(100, 32)) as pilot:
            screen = app.screen
            assert isinstance(screen, SearchScreen)
            screen.query_one("#query", Input).insert_text_at_cursor("security dialogue")
            await until(pilot, lambda: "damaged" in str(screen.query_one("#status", Static).render()))
            return str(screen.query_one("#status", Static).render())

    status = asyncio.run(scenario())
    assert "damaged index file" in status and "cables check --repair" in status


def test_index_damaged_is_one_line_with_exit_status_4():
    error = IndexDamaged("/data/idx/MAIN_x.seg", "checksum mismatch")
    assert error.exit_status == 4
    assert str(error) == ("/data/idx/MAIN_x.seg: damaged index file (checksum mismatch); "
                          "run `cables check --repair` to rebuild it from your files")


def test_a_damaged_table_of_contents_is_said_in_one_line_and_check_reports_it(index, capsys):
    (toc,) = index.glob("_MAIN_*.toc")
    data = toc.read_bytes()
    toc.write_bytes(data[: len(data) // 2])  # cut in half: its list of segments is gone
    status, out, err = run(capsys, "show", "--index", str(index), "09LIMA1661")
    assert status == 4 and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"cables: {toc}: damaged index file (the table of contents cannot be read")
    status, out, err = run(capsys, "check", "--index", str(index), "--json")
    assert status == 4
    assert [(d["file"], d["kind"]) for d in json.loads(out)["damaged"]] == [(str(toc), "table of contents")]
