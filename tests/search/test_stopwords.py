"""Every stopword of each analyser, walked through a query over the UN Charter in English and
Spanish: a word the index never stores is never required, one it stores is."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.fields import analyse
from index.ingest import ingest
from index.schema import ENGLISH, SPANISH
from search.library import Library

pytestmark = [pytest.mark.slow, pytest.mark.corpus]


@pytest.fixture(scope="module")
def charters(corpus_dir: Path, tmp_path_factory):
    folder = corpus_dir / "other" / "un-charter"
    path = tmp_path_factory.mktemp("charters") / "index"
    report = ingest([folder / "raw_un_charter_en.txt", folder / "raw_un_charter_es.txt"], path, workers=1)
    assert report.new == 2
    with Library.open(path) as lib:
        yield lib, {lang: (folder / f"raw_un_charter_{lang}.txt").read_text(encoding="utf-8") for lang in ("en", "es")}


def _ids(library: Library, query: str) -> set[str]:
    return {h.id for h in library.search(query, page_size=10).hits}


def _stopwords(analyzer) -> list[str]:
    return sorted(analyzer.items[3 if analyzer is ENGLISH else 2].stops)


def test_the_stop_lists_are_the_analysers_own():
    assert {"into", "who", "should", "don"} <= set(_stopwords(ENGLISH))
    assert {"para", "contra", "entre", "más"} <= set(_stopwords(SPANISH))


def test_every_english_stopword_leaves_the_query_finding_the_documents_with_the_other_words(charters):
    library, _ = charters
    english = _ids(library, "peace security")
    assert len(english) == 1  # the English charter: "to maintain international peace and security"
    wrong = [w for w in _stopwords(ENGLISH) if _ids(library, f"peace {w} security") != english]
    assert wrong == []
    # in a phrase too: "peace and security" is the phrase peace·security
    assert _ids(library, '"peace and security"') == english


def test_every_spanish_stopword_is_left_out_or_found_where_it_is_written(charters):
    library, texts = charters
    spanish = _ids(library, "paz seguridad")
    assert len(spanish) == 1  # "mantener la paz y la seguridad internacionales"
    stored = set(analyse("body", texts["es"]))  # the English terms of the Spanish text
    wrong = []
    for word in _stopwords(SPANISH):
        found = _ids(library, f"paz {word} seguridad")
        if not analyse("body", word):  # English drops it too ("a", "and", "y"): never required
            expected = spanish
        else:  # English keeps it ("para", "contra"): the body holds it where written ("algunas" ~ "alguna")
            expected = spanish if set(analyse("body", word)) <= stored else set()
        if found != expected:
            wrong.append(word)
    assert wrong == []


def test_accents_do_not_matter(charters):
    library, _ = charters
    # the Spanish charter writes "Organización" and "Consejo de Seguridad"
    assert _ids(library, "organizacion consejo") == _ids(library, "organización consejo") == _ids(library, "paz seguridad")
