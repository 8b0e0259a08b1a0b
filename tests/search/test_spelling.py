""""Did you mean": corrections come from the index's own vocabulary, as written words."""

from __future__ import annotations

from search import spelling
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
