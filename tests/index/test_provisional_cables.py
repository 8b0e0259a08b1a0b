"""A cable whose year nothing decides is kept under a provisional id, listed by stats, and replaced
when a fuller release of the same cable is ingested."""

from __future__ import annotations

from index.ingest import ingest
from index.whoosh.engine import Index
from tests.corpus.test_no_cable_lost import HAGUE_2948


def test_a_provisional_cable_is_indexed_listed_and_replaced_by_the_full_release(tmp_path) -> None:
    partial = tmp_path / "in" / "a1b2c3.txt"
    partial.parent.mkdir()
    partial.write_text(HAGUE_2948, encoding="utf-8")
    report = ingest([partial.parent], tmp_path / "idx", workers=1)
    assert report.new == 1 and report.rejected == 0
    with Index.open(tmp_path / "idx") as index:
        assert index.stats()["provisional"] == ["THEHAGUE2948-PROVISIONAL"]
        assert index.get("THEHAGUE2948-PROVISIONAL").subject.startswith("NETHERLANDS/EXTREMISM")

    # The full release carries the routing header the partial extract lacks (a stand-in: the
    # original's DTG is not public; Cablegate dates THE HAGUE 2948 to October 2005).
    full = tmp_path / "later" / "full.txt"
    full.parent.mkdir()
    full.write_text(
        "R 280000Z OCT 05\nFM AMEMBASSY THE HAGUE\nTO SECSTATE WASHDC\n\n" + HAGUE_2948.split("\n\n", 1)[1],
        encoding="utf-8",
    )
    ingest([full.parent], tmp_path / "idx", workers=1)
    with Index.open(tmp_path / "idx") as index:
        assert index.has("05THEHAGUE2948")
        assert not index.has("THEHAGUE2948-PROVISIONAL")
        assert index.stats()["provisional"] == []
