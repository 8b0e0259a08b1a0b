"""Former ids still resolve: a document's old hash id finds its readable id."""

from __future__ import annotations

from search.library import Library


def test_the_old_hash_id_of_the_peru_note_verbale_still_resolves(library: Library) -> None:
    # seed 000 was cited as doc-6fa2fbb2ecef before documents had readable ids
    lookup = library.cite("doc-6fa2fbb2ecef")
    assert lookup.found is not None
    assert lookup.found.id == "2003-04-14-peru-note-verbale"


def test_the_readable_id_is_citable_with_a_section(library: Library) -> None:
    lookup = library.cite("2003-04-14-peru-note-verbale § I")
    assert lookup.found is not None and lookup.found.id == "2003-04-14-peru-note-verbale"
    assert lookup.found.paragraph == "I"
