"""mytag: and marked: over the real seed index: the same documents whether a few ids are marked
(looked up term by term) or many (read from the id column)."""

from __future__ import annotations

import pytest

from index.engines import open_engine
from search.library import Library
from search.userdata import UserData


@pytest.fixture
def marked(seed_index, tmp_path):
    store = UserData(tmp_path / "idx.userdata.sqlite")
    lib = Library(open_engine(seed_index), store)
    yield lib, store
    lib.close()


@pytest.mark.parametrize("gone", [0, 200])
def test_marked_yes_and_no_split_the_seeds_however_many_marks_left_the_index(marked, gone):
    lib, store = marked
    store.mark("07LIMA2313", "7", tags=["peru-mil"])
    store.mark("09LIMA1661", None, tags=["peru-mil", "vrae"])
    for n in range(gone):  # marks of cables a rebuilt index no longer holds
        store.mark(f"08LIMA{1000 + n}", None, tags=["vrae"])
    assert sorted(h.id for h in lib.search("marked:yes").hits) == ["07LIMA2313", "09LIMA1661"]
    assert [h.id for h in lib.search("mytag:vrae").hits] == ["09LIMA1661"]
    assert lib.search("marked:no").total == 3  # the three OAS documents
    assert {h.id for h in lib.search("security -mytag:vrae").hits} & {"09LIMA1661"} == set()
    result = lib.search("peru")
    assert result.facets["mytag"] == {"peru-mil": 2, "vrae": 1}, "only documents among the hits count"


def test_choosing_a_tag_keeps_the_other_tags_in_the_my_tags_facet(marked):
    lib, store = marked
    store.mark("07LIMA2313", "7", tags=["peru-mil"])
    store.mark("09LIMA1661", None, tags=["vrae"])
    result = lib.search("", filters={"mytag": ["vrae"]})
    assert [h.id for h in result.hits] == ["09LIMA1661"]
    assert result.facets["mytag"] == {"peru-mil": 1, "vrae": 1}
    assert [t.facet for t in lib.search("mytag:vrae").typed] == ["mytag"]
