"""The engine-neutral query tree (index/query_tree.py): what the Whoosh engine does with it, on the
five bundled seeds; the Solr side runs the same queries in tests/solr/test_contract.py."""

from __future__ import annotations

from index import query_tree as qt
from index.whoosh.query import to_whoosh
from search.library import Library
from search.query import parse_query


def _ids(library: Library, tree: qt.Node, filters: dict[str, qt.Node] | None = None) -> set[str]:
    page = library.engine.search(tree, filters or {}, sort="newest", start=0, size=100, scored=False)
    return {row.id for row in page.rows}


def test_a_set_of_ids_finds_exactly_those_cables_and_nothing_for_an_unknown_one(library: Library):
    marked = qt.in_set("id", ["09LIMA1661", "07LIMA2313", "09LIMA9999"])
    assert _ids(library, marked) == {"09LIMA1661", "07LIMA2313"}
    assert _ids(library, qt.in_set("id", [])) == set()


def test_a_set_of_ids_narrows_a_search_as_a_filter(library: Library):
    # "PERU: INFORMATION ON SECURITY DIALOGUE" and "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS":
    # both are about Peru; only the first is in the set.
    query = parse_query("peru").query
    assert {"09LIMA1661", "07LIMA2313"} <= _ids(library, query)
    assert _ids(library, query, {"marked": qt.in_set("id", ["09LIMA1661"])}) == {"09LIMA1661"}


def test_a_set_of_ids_compares_equal_whatever_the_order_given():
    assert qt.in_set("id", ["b", "a", "a"]) == qt.in_set("id", ("a", "b")) == qt.InSet("id", ("a", "b"))


def test_whoosh_own_matchers_find_what_the_array_path_finds(library: Library):
    tree = qt.AndNot(parse_query("peru").query, qt.in_set("id", ["09LIMA1661"]))
    with library.engine.searcher() as searcher:
        whoosh = {searcher.stored_fields(d)["id"] for d in searcher.docs_for_query(to_whoosh(tree))}
    assert whoosh == _ids(library, tree) and "07LIMA2313" in whoosh and "09LIMA1661" not in whoosh


def test_leaves_and_replaced_leaves_walk_the_whole_tree():
    tree = parse_query("negoti* -chile").query
    assert {type(leaf).__name__ for leaf in qt.leaves(tree)} == {"Prefix", "Term"}
    upper = qt.replace_leaves(tree, lambda leaf: qt.Nothing() if isinstance(leaf, qt.Prefix) else leaf)
    assert not any(isinstance(leaf, qt.Prefix) for leaf in qt.leaves(upper))
    assert qt.terms(upper) == qt.terms(tree) == {("title", "chile"), ("body", "chile"), ("body_es", "chil")}
