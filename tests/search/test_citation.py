"""Citations in every common form, checked against the seed cables (corpus/samples/002 and 003)."""

from __future__ import annotations

import pytest

from search.library import Library

SEVEN_BEGINS = "While GOP reps expressed an overall optimistic view of their country's security position"


def test_cite_a_paragraph_gives_its_marking_text_and_a_ready_to_paste_line(library: Library):
    lookup = library.cite("07 LIMA 2313 ¶7")
    c = lookup.found
    assert c is not None and not lookup.candidates
    assert (c.id, c.paragraph, c.marking) == ("07LIMA2313", "7", "C")
    assert c.text.startswith(SEVEN_BEGINS)
    assert c.citation.startswith('07LIMA2313 ¶7 (C), Embassy Lima, "')
    assert c.citation.endswith('", 2007-07-06')
    title = c.citation.split('"')[1]
    # sentence case of the subject "DAS COULTER'S VISIT TO PERU FOR POL-MIL TALKS"
    assert title.lower() == "das coulter's visit to peru for pol-mil talks"
    assert "Coulter's" in title and "Peru" in title and not title.isupper()


@pytest.mark.parametrize(
    "text",
    [
        "09LIMA1661 ¶6",
        "09 LIMA 1661 ¶ 6",
        "2009 LIMA 1661 para 6",
        "09lima1661 paragraph 6",
        "09LIMA1661_a par. 6",
        "09LIMA01661, ¶6",
        "http://wikileaks.org/cable/2009/11/09LIMA1661.html#par6",
        "https://wikileaks.org/plusd/cables/09LIMA1661_a.html#par6",
        "LIMA 001661 ¶6",  # no year: the only LIMA cable 1661 in the index
    ],
)
def test_every_written_form_of_a_citation_finds_the_paragraph(library: Library, text):
    c = library.cite(text).found
    assert c is not None, library.cite(text).message
    # 09LIMA1661's last paragraph, printed "16. (C) Q: PM would also be interested …"
    assert (c.id, c.paragraph, c.marking) == ("09LIMA1661", "6", "C")
    assert c.text.startswith("Q: PM would also be interested in Post's brief, honest assessment")


def test_a_citation_without_paragraph_names_the_document(library: Library):
    c = library.cite("09LIMA1661").found
    assert c.paragraph is None
    assert c.citation.startswith('09LIMA1661, Embassy Lima, "Peru: ')
    assert c.citation.lower() == '09lima1661, embassy lima, "peru: information on security dialogue", 2009-11-20'


def test_an_unknown_paragraph_says_which_exist(library: Library):
    lookup = library.cite("09LIMA1661 ¶9")
    assert lookup.found is None
    assert "no paragraph ¶9" in lookup.message
    assert "1, 2, 3, 4, 5, 6" in lookup.message


def test_a_reference_to_a_cablegate_cable_not_in_the_index(library: Library):
    # 07LIMA2313 cites "REF: LIMA 0046", i.e. 07LIMA46, which is a Cablegate cable
    lookup = library.cite("REF: 07 LIMA 0046")
    assert lookup.found is None and not lookup.candidates
    assert "07LIMA46" in lookup.message and "Cablegate" in lookup.message and "not in your index" in lookup.message


def test_no_such_cable(library: Library):
    lookup = library.cite("09LIMA99999")
    assert lookup.found is None
    assert "no such cable" in lookup.message


def test_gibberish_gets_a_message_not_an_exception(library: Library):
    for text in ("", "hello world", "¶7", "LIMA 9999"):
        lookup = library.cite(text)
        assert lookup.found is None and lookup.message


def test_documents_are_cited_by_id_and_section(library: Library):
    doc_id = library.search("kind:outcome").hits[0].id
    # seed 001, "General Considerations and Conclusions", item 14:
    # "There have been sub-regional advances and progress made in the area of confidence …"
    for text in (f"{doc_id} 14", f"{doc_id} §14", f"{doc_id} ¶ 14", f"{doc_id.upper()} para 14"):
        c = library.cite(text).found
        assert c is not None, text
        assert c.paragraph == "14"
        assert c.text.startswith("There have been sub-regional advances")
        assert c.citation.startswith(f"{doc_id} §14, ")
        assert c.citation.endswith(", 2003-02-03")


# 07LIMA2313 as printed: "¶6. (SBU) Peru's ongoing cooperative efforts with its neighbors ...",
# "¶7. (C) While GOP reps expressed ...", "¶5. (C) The Peruvians described several areas ...".
SIX_BEGINS = "Peru's ongoing cooperative efforts with its neighbors"
FIVE_BEGINS = "The Peruvians described several areas"


@pytest.mark.parametrize(
    "text",
    [
        # our own ready-to-paste line, pasted back
        '07LIMA2313 ¶7 (C), Embassy Lima, "DAS Coulter\'s visit to Peru for pol-mil talks", 2007-07-06',
        "07LIMA2313 (para 7)",
        "07LIMA2313 ¶7(C)",
        "07LIMA2313 ¶ 7 (C)",
        "para 7 of 07LIMA2313",
        "see para 7 of 07 LIMA 2313",
        "07LIMA2313 para7",
    ],
)
def test_a_paragraph_anywhere_in_the_citation_is_never_dropped(library: Library, text):
    c = library.cite(text).found
    assert c is not None, library.cite(text).message
    assert (c.id, c.paragraph, c.marking) == ("07LIMA2313", "7", "C")
    assert c.text.startswith(SEVEN_BEGINS)
    assert c.citation.startswith("07LIMA2313 ¶7 (C), Embassy Lima, ")


@pytest.mark.parametrize("text", ["07LIMA2313 ¶¶6-7", "07LIMA2313 paras 6-7", "07 LIMA 2313 paragraphs 6 and 7"])
def test_a_paragraph_range_cites_every_paragraph_in_it(library: Library, text):
    c = library.cite(text).found
    assert c is not None, library.cite(text).message
    # ¶6 is (SBU), ¶7 is (C)
    assert c.citation.startswith("07LIMA2313 ¶¶6-7 (SBU, C), Embassy Lima, ")
    assert c.paragraph == "6"  # where a reader opens the cable
    assert c.text.startswith(SIX_BEGINS)
    assert SEVEN_BEGINS in c.text
    assert "On both these issues" not in c.text  # ¶8 is not part of it


def test_a_paragraph_list_cites_just_those(library: Library):
    c = library.cite("07LIMA2313 paras 5, 7").found
    assert c is not None
    assert c.citation.startswith("07LIMA2313 ¶¶5, 7 (C), Embassy Lima, ")
    assert c.text.startswith(FIVE_BEGINS) and SEVEN_BEGINS in c.text and SIX_BEGINS not in c.text


def test_a_range_past_the_last_paragraph_says_which_exist(library: Library):
    lookup = library.cite("07LIMA2313 ¶¶10-12")
    assert lookup.found is None
    assert "no paragraph ¶12" in lookup.message and "11" in lookup.message
