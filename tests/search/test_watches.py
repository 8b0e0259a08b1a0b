"""Saved searches (`cables watch`, search/watches.py): what each ingest brought to them.

The oracle for "new" is the archives' own file names: the 1,869-page WikiLeaks release of
December 2010 (../shared/corpus/MANIFEST.md) holds each cable as ``cable/YYYY/MM/<ID>.html``, so
its Embassy Lima cables are the names with LIMA in them; ``origin:lima`` must find exactly those
as new after that release is ingested into an index of the five seeds (whose two Lima cables,
09LIMA1661 and 07LIMA2313, were seen when the search was saved).
"""

from __future__ import annotations

import contextlib
import io
import json
import shutil
import sqlite3
import tarfile
from pathlib import Path

import pytest

from search import userdata
from search.library import Library
from search.watches import Watches
from tui.cli import main

pytestmark = pytest.mark.xdist_group("watches")  # one worker builds the release index once
RELEASE = "wikileaks-html-2010-12-22-1869.tar.xz"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def names_with(archive: Path, station: str) -> set[str]:
    """The cable ids whose page names in ``archive`` hold ``station`` (cable/2009/11/09LIMA1659.html)."""
    with tarfile.open(archive) as tar:
        return {Path(n).stem for n in tar.getnames() if n.endswith(".html") and station in Path(n).stem}


@pytest.fixture(scope="module")
def release(corpus_dir: Path, tmp_path_factory) -> dict:
    """Seeds indexed, three searches saved, then the 1,869-page release ingested with --json."""
    index = str(tmp_path_factory.mktemp("watches") / "idx")
    assert main(["ingest", "--sample", "--index", index, "--workers", "1"]) == 0
    assert main(["watch", "add", "lima", "origin:lima", "--index", index]) == 0
    assert main(["watch", "add", "peru", "--country", "Peru", "--index", index]) == 0
    assert main(["watch", "add", "sofa", '"article 98"', "--index", index]) == 0
    archive = corpus_dir / "cables" / RELEASE
    return {"index": index, "archive": archive}


@pytest.fixture(scope="module")
def ingested(release: dict) -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = main(["ingest", str(release["archive"]), "--index", release["index"], "--json", "--workers", "2"])
    assert status == 0
    return {**release, "summary": json.loads(out.getvalue())}


def watch_list(capsys, index: str) -> dict[str, dict]:
    status, out, _ = run(capsys, "watch", "list", "--json", "--index", index)
    assert status == 0
    return {w["name"]: w for w in json.loads(out)}


def test_saving_a_search_counts_what_it_finds_as_seen(capsys, release):
    listed = watch_list(capsys, release["index"])
    # Among the seeds, two cables come from Embassy Lima (09LIMA1661, 07LIMA2313).
    assert listed["lima"]["total"] == 2 and listed["lima"]["new"] == 0
    assert listed["peru"]["filters"] == {"country": ["Peru"]} and listed["peru"]["new"] == 0


def test_the_ingest_summary_says_how_many_embassy_lima_cables_the_1869_release_brought(ingested):
    lima = names_with(ingested["archive"], "LIMA")
    assert len(lima) == 14 and "09LIMA1659" in lima  # "Sendero Luminoso: Incremental Gains in Mixed Picture"
    summary = ingested["summary"]
    assert summary["new"] == 1869 and summary["rejected"] == 0
    news = {s["name"]: s for s in summary["saved_searches"]}
    assert news["lima"] == {"name": "lima", "new": len(lima), "unseen": len(lima)}
    assert news["peru"]["new"] >= len(lima)  # every Lima cable is TAGged PE, or about Peru
    assert news["peru"]["new"] == news["peru"]["unseen"]


def test_new_is_by_ingest_not_by_date_a_2005_cable_is_new(capsys, ingested):
    index = ingested["index"]
    listed = watch_list(capsys, index)
    lima = names_with(ingested["archive"], "LIMA")
    assert listed["lima"]["total"] == 2 + len(lima) and listed["lima"]["new"] == len(lima)
    status, out, _ = run(capsys, "watch", "show", "lima", "--new", "--json", "--limit", "50", "--index", index)
    shown = json.loads(out)
    assert status == 0 and shown["only_new"] and shown["total"] == len(lima)
    assert shown["saved_search"]["total"] == 2 + len(lima) and shown["saved_search"]["new"] == len(lima)
    assert {h["id"] for h in shown["hits"]} == lima
    # 05LIMA2158 (May 2005) is older than both seen cables (2007, 2009) and still new.
    assert "05LIMA2158" in {h["id"] for h in shown["hits"]}
    status, out, _ = run(capsys, "watch", "show", "lima", "--index", index, "--limit", "1")
    assert out.splitlines()[1].startswith(f"{2 + len(lima)} hits for 'origin:lima'")


def test_seen_clears_one_saved_search_and_rm_deletes_it(capsys, ingested, tmp_path):
    index = copy_index(ingested["index"], tmp_path)
    before = watch_list(capsys, index)
    status, out, _ = run(capsys, "watch", "seen", "lima", "--index", index)
    assert status == 0 and out == "saved search 'lima': 14 new marked seen\n"
    after = watch_list(capsys, index)
    assert after["lima"]["new"] == 0 and after["lima"]["total"] == before["lima"]["total"]
    assert after["peru"]["new"] == before["peru"]["new"] > 0  # the others are still to be seen
    status, out, _ = run(capsys, "watch", "rm", "peru", "--index", index)
    assert status == 0 and out == "removed saved search 'peru' (--country Peru)\n"
    assert set(watch_list(capsys, index)) == {"lima", "sofa"}
    status, _, err = run(capsys, "watch", "show", "peru", "--index", index)
    assert status == 2 and err == "cables: no saved search named 'peru' (saved: lima, sofa)\n"
    status, out, _ = run(capsys, "watch", "seen", "--all", "--index", index)
    assert status == 0 and [w["new"] for w in watch_list(capsys, index).values()] == [0, 0]


def copy_index(index: str, tmp_path: Path) -> str:
    """The index and its store beside it, copied: a test that changes them leaves the others alone."""
    target = tmp_path / "idx"
    shutil.copytree(index, target)
    for store in Path(index).parent.glob("idx.userdata.sqlite*"):
        shutil.copy(store, tmp_path / store.name)
    return str(target)


def test_a_rebuilt_index_brings_nothing_new(capsys, corpus_dir, tmp_path):
    """Delete the index and ingest the same files again: same ids, same bytes, nothing new."""
    index = str(tmp_path / "idx")
    pages = corpus_dir / "cables" / "sample-html"
    tripoli = {p.stem for p in pages.glob("*TRIPOLI*.html")}  # 06TRIPOLI498, 08TRIPOLI126, …
    assert main(["ingest", "--sample", "--index", index, "--workers", "1"]) == 0
    assert main(["watch", "add", "tripoli", "origin:tripoli", "--index", index]) == 0
    capsys.readouterr()
    status, out, _ = run(capsys, "ingest", str(pages), "--index", index, "--workers", "1")
    assert status == 0 and f"saved search 'tripoli': {len(tripoli)} new" in out.splitlines()
    assert run(capsys, "watch", "seen", "tripoli", "--index", index)[0] == 0
    shutil.rmtree(index)
    status, out, _ = run(capsys, "ingest", "--sample", str(pages), "--index", index, "--workers", "1")
    assert status == 0 and "saved search" not in out
    listed = watch_list(capsys, index)["tripoli"]
    assert listed["new"] == 0 and listed["total"] == len(tripoli)


def test_saving_errors_are_one_line(capsys, release):
    index = release["index"]
    status, _, err = run(capsys, "watch", "add", "lima", "lima", "--index", index)
    assert status == 2 and err == "cables: a search named 'lima' is already saved (cables watch rm lima first)\n"
    status, _, err = run(capsys, "watch", "add", "broken", '"article 98', "--index", index)
    assert status == 2 and err.startswith("cables: unbalanced quote") and err.count("\n") == 1
    assert "broken" not in watch_list(capsys, index)
    status, _, err = run(capsys, "watch", "seen", "--index", index)
    assert status == 2 and "name one saved search, or --all" in err


def test_a_store_of_marks_made_before_saved_searches_is_upgraded_and_keeps_its_marks(tmp_path, monkeypatch,
                                                                                     seed_index):
    path = tmp_path / "idx.userdata.sqlite"
    with monkeypatch.context() as m:
        m.setattr(userdata, "MIGRATIONS", userdata.MIGRATIONS[:1])  # the store as the marks made it
        with userdata.UserData(path) as store:
            store.mark("07LIMA2313", "7", tags=["peru-mil"], note="Coulter on the SOFA")
    with userdata.UserData(path) as store, Library.open(seed_index) as lib:
        count = Watches(store, lib).add("coulter", "coulter")
        assert count.total == 1 and count.search.name == "coulter"
        assert [(m.citation_key, m.note) for m in store.marks("peru-mil")] == [("07LIMA2313 ¶7", "Coulter on the SOFA")]
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == len(userdata.MIGRATIONS) == 2
