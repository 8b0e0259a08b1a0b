""""Did you mean": corrections come from the index's own vocabulary, as written words."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import spelling
from search.library import Library
from search.query import parse_query


class Vocabulary:
    """A reader stand-in: document frequencies of body stems, as in the 6,709 WikiLeaks cables
    (the typo "secruity" is written in one cable, the spelling "dialog" in 31)."""

    def __init__(self, body: dict[str, int]) -> None:
        self.body = body

    def doc_frequency(self, fieldname: str, stem: str) -> int:
        return self.body.get(stem, 0) if fieldname == "body" else 0

    def reader(self):  # a searcher stand-in too
        return self


CABLES = Vocabulary({"secur": 3611, "secruiti": 1, "dialogu": 1085, "dialog": 31, "dialogo": 3})


def test_a_correction_is_a_written_word_not_a_stem():
    # "dialogu" and "dialogue" are both one edit from "dialoge" and share the stem "dialogu"
    assert spelling.corrections(CABLES, "dialoge")[0] == "dialogue"
    assert spelling.corrections(CABLES, "secruity")[0] == "security"


def test_a_typo_that_some_cable_also_made_is_still_corrected():
    assert spelling.suggestion(CABLES, parse_query("secruity dialoge"), total=0) == "security dialogue"


def test_a_word_about_as_common_as_its_neighbours_is_left_alone():
    # "Sendero" (Luminoso) is no English word, but no slip for "sender" either: it is in use
    vocabulary = Vocabulary({"secur": 3611, "sendero": 300, "sender": 2000})
    assert spelling.suggestion(vocabulary, parse_query("security sendero"), total=0) is None


def test_a_name_rare_in_one_index_is_corrected_to_the_common_one():
    vocabulary = Vocabulary({"chavez": 402, "chave": 1})
    assert spelling.suggestion(vocabulary, parse_query("chaves"), total=0) == "chavez"


DATA = Path(__file__).parent / "data"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


@pytest.mark.slow
@pytest.mark.corpus
def test_real_misspellings_are_corrected_from_the_cables_vocabulary(cables: Library):
    wrong = []
    with cables.engine.searcher() as searcher:
        reader = searcher.reader()
        for line in _lines("misspellings.tsv"):
            typo, expected = line.split("\t")
            result = cables.search(typo, page_size=1)
            offered = result.suggestion if result.total < spelling.FEW_HITS else spelling.correction(reader, typo)
            if offered != expected:
                wrong.append((typo, offered, expected))
    assert wrong == []
    assert cables.search("secruity negotations").suggestion == "security negotiations"


@pytest.mark.slow
@pytest.mark.corpus
def test_correct_queries_get_no_suggestion(cables: Library):
    # "who is" once got "wha is", "should have been" "shouldn have seen", "calender" "calendar"
    offered = {q: s for q in _lines("correct-queries.txt") if (s := cables.search(q, page_size=1).suggestion)}
    assert offered == {}


def test_english_words_are_never_corrected_even_when_the_index_lacks_them():
    assert spelling.correction(CABLES, "calender") is None  # a word; "calendar" is not in CABLES anyway
    assert spelling.correction(Vocabulary({"calendar": 500}), "calender") is None
