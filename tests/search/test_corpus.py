"""Search over the 37 real WikiLeaks pages in ../shared/corpus/cables/sample-html (plus the seeds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.ingest import bundled_samples, ingest
from search.library import Library

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def pages(corpus_dir: Path) -> list[Path]:
    return sorted((corpus_dir / "cables" / "sample-html").glob("*.html"))


@pytest.fixture(scope="module")
def html_library(pages, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "index"
    ingest([*bundled_samples(), *pages], path, workers=2)
    lib = Library.open(path)
    yield lib
    lib.close()


def test_every_page_is_citable_by_its_file_name(html_library: Library, pages):
    # the pages are named after their cable ids: cable/YYYY/MM/<ID>.html
    # (the page's Reference ID is its file name; a parser that reads another id out of the body fails here)
    not_found = [page.stem for page in pages if not html_library.cite(page.stem).found]
    assert not_found == []


def test_a_citation_without_year_lists_every_matching_cable(html_library: Library, pages):
    tripoli_498 = {p.stem for p in pages if p.stem.endswith("TRIPOLI498")}
    assert len(tripoli_498) == 2  # 06TRIPOLI498 and 08TRIPOLI498
    lookup = html_library.cite("TRIPOLI 498")
    assert lookup.found is None
    assert set(lookup.candidates) == tripoli_498


def test_origin_and_country_find_the_tripoli_cables(html_library: Library, pages):
    tripoli = {p.stem for p in pages if "TRIPOLI" in p.stem}
    result = html_library.search("origin:tripoli", page_size=50)
    assert {h.id for h in result.hits} == tripoli
    assert result.facets["origin"] == {"Embassy Tripoli": len(tripoli)}
    assert tripoli <= {h.id for h in html_library.search("country:Libya", page_size=50).hits}


def test_facets_add_up_and_dates_sort(html_library: Library, pages):
    result = html_library.search("kind:cable", sort="newest", page_size=100)
    assert result.total == len(pages) + 2
    assert sum(result.facets["year"].values()) == result.total
    dates = [h.date for h in result.hits]
    assert dates == sorted(dates, reverse=True)
