"""Ingest: files in, records in the index; re-ingest, duplicates, bad files, locking, interruption."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.engines import IndexLocked
from index.ingest import IngestProgress, bundled_samples, ingest
from index.whoosh.engine import Index
from tests.index.generated import cable_id, write_cables

ROOT = Path(__file__).resolve().parents[2]
LIMA_1661 = "002_69213b056e47e10f.txt"  # the seed holding cable 09LIMA1661


@pytest.fixture
def seeds(tmp_path) -> Path:
    """The five bundled seeds, copied where a test may change them."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in bundled_samples():
        shutil.copy(path, folder / path.name)
    return folder


def test_the_five_seeds_are_bundled_with_the_program():
    names = [p.name for p in bundled_samples()]
    assert len(names) == 5 and LIMA_1661 in names
    assert all(p.is_file() for p in bundled_samples())


def test_ingesting_the_seeds_makes_them_readable_by_id(tmp_path):
    report = ingest(bundled_samples(), tmp_path / "idx", workers=1)
    assert (report.new, report.updated, report.unchanged, report.rejected) == (5, 0, 0, 0)
    assert report.files == 5 and not report.interrupted and report.log_path is None
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == 5
        cable = index.get("09LIMA1661")
        assert cable.subject == "PERU: INFORMATION ON SECURITY DIALOGUE"
        assert len(cable.paragraphs) == 6
        assert index.get("07LIMA2313").subject == "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
        stats = index.stats()
        assert stats["by_kind"]["cable"] == 2 and stats["documents"] == 5
        assert stats["last_ingest"]  # the time this ingest finished


def test_re_ingesting_unchanged_files_skips_them(tmp_path):
    ingest(bundled_samples(), tmp_path / "idx", workers=1)
    again = ingest(bundled_samples(), tmp_path / "idx", workers=1)
    assert (again.new, again.updated, again.unchanged) == (0, 0, 5)
    assert again.committed == 0  # nothing rewritten
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == 5


def test_a_changed_file_updates_its_record_in_place(tmp_path, seeds):
    ingest([seeds], tmp_path / "idx", workers=1)
    path = seeds / LIMA_1661
    text = path.read_text(encoding="utf-8")
    assert "The initiative has been approved and is moving forward." in text
    path.write_text(text.replace("is moving forward.", "is moving forward quickly."), encoding="utf-8")

    again = ingest([seeds], tmp_path / "idx", workers=1)
    assert (again.new, again.updated, again.unchanged) == (0, 1, 4)
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == 5
        assert "is moving forward quickly." in index.get("09LIMA1661").text


def test_the_same_cable_twice_in_one_run_is_counted_once_and_the_last_wins(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    text = next(p for p in bundled_samples() if p.name == LIMA_1661).read_text(encoding="utf-8")
    (folder / "a-first.txt").write_text(text, encoding="utf-8")
    (folder / "b-second.txt").write_text(text.replace("is moving forward.", "has stalled."), encoding="utf-8")

    report = ingest([folder], tmp_path / "idx", workers=1, batch_size=500)
    assert (report.new, report.updated, report.unchanged) == (1, 0, 0)
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == 1
        assert "The initiative has been approved and has stalled." in index.get("09LIMA1661").text


def test_bad_files_are_rejected_logged_and_the_rest_still_ingested(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(next(p for p in bundled_samples() if p.name == LIMA_1661), folder / "good.txt")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.dat").write_bytes(b"\x00\x01\x02garbage\x00" * 100)

    report = ingest([folder], tmp_path / "idx", workers=1)
    assert report.new == 1 and report.rejected == 2
    assert sorted(Path(source).name for source, _ in report.rejections) == ["binary.dat", "empty.txt"]
    assert all(reason for _, reason in report.rejections)
    assert report.log_path == tmp_path / "idx" / "ingest.log"
    lines = report.log_path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        stamp, what, source, reason = line.split("\t")
        assert stamp[:2] == "20" and "T" in stamp and what == "rejected"
        assert Path(source).name in {"binary.dat", "empty.txt"} and reason
    with Index.open(tmp_path / "idx") as index:
        assert index.has("09LIMA1661")


def test_progress_is_reported_up_to_the_last_file(tmp_path):
    seen: list[IngestProgress] = []
    ingest(bundled_samples(), tmp_path / "idx", workers=1, batch_size=2, progress=seen.append)
    last = seen[-1]
    assert (last.done, last.total, last.new, last.committed) == (5, 5, 5, 5)
    assert [p.committed for p in seen] == sorted(p.committed for p in seen)  # never goes back


def test_parallel_parsing_indexes_the_same_as_parsing_in_process(tmp_path):
    ingest(bundled_samples(), tmp_path / "one", workers=1)
    ingest(bundled_samples(), tmp_path / "two", workers=2)
    with Index.open(tmp_path / "one") as one, Index.open(tmp_path / "two") as two:
        assert one.content_hashes() == two.content_hashes()
        assert one.get("07LIMA2313") == two.get("07LIMA2313")


def test_an_ingest_while_another_is_running_is_refused(tmp_path):
    index = Index.open(tmp_path / "idx", create=True)
    with index.ingest_lock():
        with pytest.raises(IndexLocked, match="wait for it to finish"):
            ingest(bundled_samples(), tmp_path / "idx", workers=1)
    index.close()
    assert ingest(bundled_samples(), tmp_path / "idx", workers=1).new == 5


# --- interrupted runs, for real: another process ingesting, stopped mid-way ------------------

INGEST_SCRIPT = """
import sys
import time
from pathlib import Path
from index.ingest import ingest

def progress(p):
    print("committed", p.committed, flush=True)
    time.sleep(0.05)  # a slow terminal: the test's signal lands mid-ingest even on a busy machine

report = ingest([sys.argv[1]], Path(sys.argv[2]), workers=1, batch_size=5, progress=progress)
print("report", report.interrupted, report.committed, flush=True)
"""


def _start_ingest(folder: Path, index_dir: Path) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(folder), str(index_dir)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=env,
    )


def _wait_for_commits(proc: subprocess.Popen, at_least: int) -> int:
    for line in proc.stdout:
        words = line.split()
        if words[0] == "committed" and int(words[1]) >= at_least:
            return int(words[1])
    raise AssertionError("the ingest ended before committing enough batches")


def test_a_killed_ingest_leaves_every_committed_batch(tmp_path):
    total = 400
    write_cables(tmp_path / "in", total)
    proc = _start_ingest(tmp_path / "in", tmp_path / "idx")
    try:
        committed = _wait_for_commits(proc, at_least=20)
        # A second process cannot write while this one runs.
        with pytest.raises(IndexLocked):
            ingest([tmp_path / "in"], tmp_path / "idx", workers=1)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait()
        proc.stdout.close()

    with Index.open(tmp_path / "idx") as index:
        count = index.doc_count()
        assert committed <= count < total
        ids = set(index.reader_ids())
        assert len(ids) == count
        for n in range(committed):  # files are read in name order: the first batches are these
            assert cable_id(n) in ids
        assert index.get(cable_id(0)).subject == "PERU: GENERATED REPORT NUMBER 0"

    # The lock died with the process: the next ingest completes the index.
    report = ingest([tmp_path / "in"], tmp_path / "idx", workers=2)
    assert report.unchanged == count and report.new == total - count
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == total


def test_sigterm_stops_the_ingest_after_committing_what_was_read(tmp_path):
    total = 400
    write_cables(tmp_path / "in", total)
    proc = _start_ingest(tmp_path / "in", tmp_path / "idx")
    try:
        _wait_for_commits(proc, at_least=10)
        proc.send_signal(signal.SIGTERM)
        out = proc.stdout.read()
    finally:
        proc.wait()
        proc.stdout.close()
    assert proc.returncode == 0
    report_line = [line for line in out.splitlines() if line.startswith("report")][-1]
    _, interrupted, committed = report_line.split()
    assert interrupted == "True"
    with Index.open(tmp_path / "idx") as index:
        assert index.doc_count() == int(committed) < total


# --- the real WikiLeaks pages ----------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.corpus
def test_the_sample_wikileaks_pages_ingest_and_read_back(tmp_path, corpus_dir):
    from index.store import dump_record, load_record

    folder = corpus_dir / "cables" / "sample-html"
    pages = sorted(folder.glob("*.html"))
    report = ingest([folder], tmp_path / "idx", workers=2)
    assert report.rejected == 0, report.rejections
    assert report.new == len(pages)
    with Index.open(tmp_path / "idx") as index:
        # Every page's file name is its cable id (cable/YYYY/MM/<ID>.html in the archive).
        assert set(index.reader_ids()) == {p.stem for p in pages}
        cable = index.get("06LIMA622")  # read off the page: Created 2006-02-14 18:06, SECRET, Embassy Lima
        assert cable.subject.startswith("NATIONAL INTELLIGENCE DIRECTOR'S BRIEFING ON")
        assert cable.classification.level == "SECRET"
        assert cable.origin == "Embassy Lima"
        assert cable.date.strftime("%Y-%m-%d") == "2006-02-14"
        assert cable.paragraph("1").marking == "S"
        for record in index.get_many(index.reader_ids()).values():
            assert load_record(dump_record(record)) == record


def _release(page: bytes, released: str, word: str) -> bytes:
    """The same WikiLeaks page as released on another day, with one word of its text changed."""
    import re

    page = re.sub(rb"(<a href='/reldate/[^']*'>)[^<]*(</a>)", rb"\g<1>" + released.encode() + rb"\g<2>", page)
    return page.replace(b"SENDERO LUMINOSO", word.encode(), 1)


def test_an_older_release_never_replaces_a_newer_one(tmp_path, corpus_dir):
    # WikiLeaks released cables more than once (the Dec 2010 pages, then the 2011 ones), with
    # changed redactions: whichever order they are ingested in, the index keeps the later text.
    page = (corpus_dir / "cables" / "sample-html" / "06LIMA622.html").read_bytes()
    newer, older = tmp_path / "newer", tmp_path / "older"
    newer.mkdir(), older.mkdir()
    (newer / "06LIMA622.html").write_bytes(_release(page, "2011-08-30 01:44", "NEWER WORDING"))
    (older / "06LIMA622.html").write_bytes(_release(page, "2010-12-12 21:09", "OLDER WORDING"))

    first = tmp_path / "newer-first"
    ingest([newer], first, workers=1)
    report = ingest([older], first, workers=1)
    assert (report.updated, report.older) == (0, 1)
    with Index.open(first) as ix:
        assert "NEWER WORDING" in ix.get("06LIMA622").subject

    second = tmp_path / "older-first"
    ingest([older], second, workers=1)
    report = ingest([newer], second, workers=1)
    assert (report.updated, report.older) == (1, 0)
    with Index.open(second) as ix:
        assert "NEWER WORDING" in ix.get("06LIMA622").subject

    both = tmp_path / "one-run"
    report = ingest([newer, older], both, workers=1)
    assert (report.new, report.older) == (1, 0)
    with Index.open(both) as ix:
        assert "NEWER WORDING" in ix.get("06LIMA622").subject


def test_an_index_left_empty_by_an_ingest_killed_before_its_first_commit_searches(tmp_path):
    from search.library import Library

    # What `cables ingest` leaves when killed in its first seconds: the index, no documents yet.
    with Index.open(tmp_path / "idx", create=True) as index:
        result = Library(index).search("security dialogue")
        assert result.total == 0 and result.hits == []
