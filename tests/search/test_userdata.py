"""The store of marks: beside the index, versioned, shared by two processes, never half-written."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from search import userdata
from search.userdata import StoreDamaged, StoreLocked, UserData, store_path

ROOT = Path(__file__).resolve().parents[2]


def test_the_store_sits_beside_the_index_folder_not_inside_it(tmp_path):
    index = tmp_path / "cables" / "idx"
    assert store_path(index) == tmp_path / "cables" / "idx.userdata.sqlite"
    assert not (tmp_path / "cables").exists(), "finding the place must not create it"


def test_a_solr_collection_has_one_store_whatever_the_order_of_its_nodes(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    one = store_path("solr://127.0.0.1:8983,127.0.0.1:8984/solr/cables")
    same = store_path("solr://127.0.0.1:8984,127.0.0.1:8983/solr/cables")
    other = store_path("solr://127.0.0.1:8983/solr/telegrams")
    assert one == same != other
    assert one.parent == tmp_path / "cablesearch" / "solr"
    assert "cables" in one.name and one.name.endswith(".userdata.sqlite")


def test_reading_a_store_never_written_finds_nothing_and_makes_no_file(tmp_path):
    store = UserData(tmp_path / "idx.userdata.sqlite")
    assert store.marks() == [] and store.marked_ids() == set()
    assert not store.path.exists()


def test_a_paragraph_mark_keeps_its_tags_and_note_and_a_note_replaces_the_note(tmp_path):
    with UserData(tmp_path / "s.sqlite") as store:
        store.mark("07LIMA2313", "7", tags=["peru mil"], note="Coulter on the SOFA")
        mark = store.mark("07LIMA2313", "7", tags=["sofa"])
        assert (mark.tags, mark.note) == (["peru-mil", "sofa"], "Coulter on the SOFA")
        mark = store.mark("07LIMA2313", "7", note="Article 98")
        assert mark.note == "Article 98" and mark.citation_key == "07LIMA2313 ¶7"
        assert store.get("07LIMA2313", None) is None, "the paragraph mark is not a mark on the whole cable"


def test_marks_are_listed_newest_first_and_by_tag(tmp_path):
    with UserData(tmp_path / "s.sqlite") as store:
        store.mark("07LIMA2313", "7", tags=["peru-mil"])
        store.mark("09LIMA1661", None, tags=["peru-mil", "drugs"])
        store.mark("06LIMA622", None)
        assert [m.citation_key for m in store.marks()] == ["06LIMA622", "09LIMA1661", "07LIMA2313 ¶7"]
        assert [m.citation_key for m in store.marks(tag="drugs")] == ["09LIMA1661"]
        assert store.marked_ids("peru-mil") == {"07LIMA2313", "09LIMA1661"}
        assert store.tag_counts() == {"peru-mil": 2, "drugs": 1}
        assert store.tag_counts(ids=["07LIMA2313"]) == {"peru-mil": 1}


def test_unmark_with_a_tag_drops_the_tag_and_without_one_the_whole_mark(tmp_path):
    with UserData(tmp_path / "s.sqlite") as store:
        store.mark("09LIMA1661", "6", tags=["drugs", "peru-mil"], note="VRAE")
        store.unmark("09LIMA1661", "6", tag="drugs")
        assert store.get("09LIMA1661", "6").tags == ["peru-mil"]
        assert store.unmark("09LIMA1661", "6").note == "VRAE"
        assert store.get("09LIMA1661", "6") is None
        assert store.unmark("09LIMA1661", "6") is None, "nothing to remove is said as None"
        orphan_tags = sqlite3.connect(store.path).execute("SELECT count(*) FROM mark_tags").fetchone()[0]
        assert orphan_tags == 0, "foreign keys are on: a removed mark takes its tags with it"


def test_the_store_is_in_wal_mode_at_the_latest_schema_version(tmp_path):
    with UserData(tmp_path / "s.sqlite") as store:
        store.mark("09LIMA1661", None)
    db = sqlite3.connect(tmp_path / "s.sqlite")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(userdata.MIGRATIONS)


def test_a_migration_appended_later_upgrades_an_old_store_and_keeps_its_marks(tmp_path, monkeypatch):
    with UserData(tmp_path / "s.sqlite") as store:
        store.mark("07LIMA2313", "7", tags=["peru-mil"])
    migrations = [*userdata.MIGRATIONS, ("CREATE TABLE later_searches(name TEXT PRIMARY KEY, query TEXT)",)]
    monkeypatch.setattr(userdata, "MIGRATIONS", migrations)
    with UserData(tmp_path / "s.sqlite") as store:
        assert [m.citation_key for m in store.marks("peru-mil")] == ["07LIMA2313 ¶7"]
        with store.writing() as db:
            db.execute("INSERT INTO later_searches VALUES ('sofa', 'article 98 country:PE')")
    assert sqlite3.connect(tmp_path / "s.sqlite").execute("PRAGMA user_version").fetchone()[0] == len(migrations)


def test_a_store_from_a_newer_cablesearch_is_refused_in_one_line(tmp_path):
    path = tmp_path / "s.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {len(userdata.MIGRATIONS) + 5}")
    db.close()
    with pytest.raises(StoreDamaged) as error:
        UserData(path).marks()
    assert str(path) in str(error.value) and "newer cablesearch" in str(error.value)
    assert "\n" not in str(error.value)


def test_a_file_that_is_not_a_database_is_named_in_one_line(tmp_path):
    path = tmp_path / "idx.userdata.sqlite"
    path.write_bytes(b"07LIMA2313 7 peru-mil\n" * 200)
    with pytest.raises(StoreDamaged) as error:
        UserData(path).mark("07LIMA2313", "7")
    assert str(path) in str(error.value) and "\n" not in str(error.value)
    assert path.read_bytes() == b"07LIMA2313 7 peru-mil\n" * 200, "a damaged store is never overwritten"


def test_a_store_locked_by_another_program_is_named_in_one_line(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    UserData(path).mark("09LIMA1661", None)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(userdata, "BUSY_TIMEOUT_MS", 300)
    try:
        with pytest.raises(StoreLocked) as error:
            UserData(path).mark("07LIMA2313", "7")
    finally:
        holder.execute("ROLLBACK")
    assert str(path) in str(error.value) and "locked" in str(error.value)
    assert [m.doc_id for m in UserData(path).marks()] == ["09LIMA1661"]


def test_an_interrupt_inside_a_write_leaves_the_store_as_it_was(tmp_path):
    store = UserData(tmp_path / "s.sqlite")
    store.mark("09LIMA1661", None, tags=["drugs"], note="before")
    with pytest.raises(KeyboardInterrupt):
        with store.writing() as db:
            db.execute("UPDATE marks SET note = 'half-written'")
            db.execute("DELETE FROM mark_tags")
            raise KeyboardInterrupt
    mark = store.get("09LIMA1661", None)
    assert (mark.note, mark.tags) == ("before", ["drugs"])


WRITER = textwrap.dedent("""
    import sys, time
    from search.userdata import UserData
    path, who, start = sys.argv[1], sys.argv[2], float(sys.argv[3])
    store = UserData(path)
    while time.time() < start:
        time.sleep(0.001)
    for n in range(1, 151):
        store.mark("09LIMA1661", f"{who}{n}", tags=[who, "shared"], note=f"{who} {n}")
""")


def test_two_processes_marking_at_the_same_moment_lose_nothing(tmp_path):
    path = tmp_path / "idx.userdata.sqlite"
    start = time.time() + 1.5
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), who, str(start)], cwd=ROOT,
                                stderr=subprocess.PIPE, text=True)
               for who in ("tui", "cli")]
    for writer in writers:
        _, err = writer.communicate(timeout=120)
        assert writer.returncode == 0, err
    store = UserData(path)
    assert len(store.marks()) == 300
    assert len(store.marks(tag="tui")) == len(store.marks(tag="cli")) == 150
    assert len(store.marks(tag="shared")) == 300
