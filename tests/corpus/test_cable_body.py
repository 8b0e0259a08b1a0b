"""Cable bodies: the paragraphs a reader cites, their markings and headings, the summary, the signer.

Facts come from the documents themselves: the two cable seeds (hand-checked in
shared/seeds/README.md), WikiLeaks sample pages and JSON-lines records of the shared corpus.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from corpus.cable.body import Body, parse_body, strip_furniture

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


def _seed_body(name: str, first_line: str) -> str:
    """A seed cable from its first body line on (what the header parser hands over)."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    return text[text.index(first_line):]


@pytest.fixture(scope="module")
def lima_1661() -> Body:
    return parse_body(_seed_body("002_69213b056e47e10f.txt", "11. (U)"))


@pytest.fixture(scope="module")
def lima_2313() -> Body:
    return parse_body(_seed_body("003_5abae48b7d5fc6de.txt", "Summary:"))


def _by_number(body: Body) -> dict[str, str]:
    return {p.number: p.text for p in body.paragraphs if p.number}


# --- seed 002: 09LIMA1661, the ¶ sign lost -----------------------------------------------------


def test_lost_pilcrow_labels_11_to_16_are_cited_as_1_to_6(lima_1661: Body) -> None:
    assert [p.number for p in lima_1661.paragraphs] == ["1", "2", "3", "4", "5", "6"]
    assert [p.printed for p in lima_1661.paragraphs] == ["11.", "12.", "13.", "14.", "15.", "16."]


def test_seed_002_markings(lima_1661: Body) -> None:
    assert [p.marking for p in lima_1661.paragraphs] == ["U", "SBU", "SBU", "SBU", "SBU", "C"]


def test_paragraph_text_starts_after_the_marking(lima_1661: Body) -> None:
    assert lima_1661.paragraphs[0].text == "Please find below Embassy Lima's responses to questions posed in reftel."


def test_page_break_inside_a_sentence_is_joined(lima_1661: Body) -> None:
    paragraphs = _by_number(lima_1661)
    assert "met 17-20 June 2009 in Lima. The next BWG is expected to take place in Washington DC" in paragraphs["4"]
    assert "If necessary, please use classified communication to convey this honest assessment." in paragraphs["6"]


def test_question_and_answer_stay_in_their_paragraph_on_their_own_lines(lima_1661: Body) -> None:
    second = _by_number(lima_1661)["2"]
    assert second.startswith("Q: Does the United States currently have an established security dialogue")
    assert "\nA: The U.S. and Peru have a formal dialogue mechanism" in second
    # The last paragraph keeps all four of its answer blocks.
    assert "\nOur impression of the last BWG hosted in Lima" in _by_number(lima_1661)["6"]


def test_seed_002_signer_is_taken_out_of_the_last_paragraph(lima_1661: Body) -> None:
    assert lima_1661.signer == "MCKINLEY"
    last = lima_1661.paragraphs[-1].text
    assert last.endswith("by having direct engagement at the DASD level.")
    assert "MCKINLEY" not in last


def test_seed_002_has_no_summary(lima_1661: Body) -> None:
    assert lima_1661.summary is None


# --- seed 003: 07LIMA2313, headings and a mid-text SIPDIS ---------------------------------------


def test_seed_003_numbers_and_markings(lima_2313: Body) -> None:
    assert [p.number for p in lima_2313.paragraphs] == [str(n) for n in range(1, 12)]
    assert lima_2313.paragraphs[9].printed == "¶10."
    assert [p.marking for p in lima_2313.paragraphs] == [
        "SBU", "SBU", "C", "SBU", "C", "SBU", "C", "C", "C", "SBU", None,
    ]


def test_each_paragraph_sits_under_the_last_heading_above_it(lima_2313: Body) -> None:
    assert [p.heading for p in lima_2313.paragraphs] == [
        None,
        None,
        "Shared Visions of Security",
        "Shared Visions of Security",
        "Priority Areas of Cooperation for the GOP",
        "Ongoing Regional Cooperation",
        "Peruvian Concerns",
        "Article 98/SOFA",
        "MOD Wagner Meeting",
        "Comment",
        "Comment",
    ]


def test_headings_are_not_part_of_any_paragraph_text(lima_2313: Body) -> None:
    for p in lima_2313.paragraphs:
        assert "Shared Visions of Security" not in p.text
        assert "Peruvian Concerns" not in p.text


def test_seed_003_split_paragraphs_are_whole(lima_2313: Body) -> None:
    paragraphs = _by_number(lima_2313)
    assert "The most notable element of the POL-MIL talks was the striking overlap between" in paragraphs["3"]
    assert "pass through impoverished areas of Peru's southern sierra, presumably stimulating the economy" in paragraphs["5"]
    assert "MOD Wagner hosted DAS Coulter, Ambassador Struble, and DCM for a private meeting." in paragraphs["9"]


def test_text_after_a_stray_sipdis_still_belongs_to_its_paragraph(lima_2313: Body) -> None:
    ninth = _by_number(lima_2313)["9"]
    assert "Wagner also requested reconsideration of USG support to his demining program" in ninth
    assert "SIPDIS" not in ninth
    assert "Wagner also requested" not in _by_number(lima_2313)["10"]


def test_list_items_keep_their_own_lines(lima_2313: Body) -> None:
    fifth = _by_number(lima_2313)["5"]
    assert fifth.startswith("The Peruvians described several areas in which they are eager to cooperate")
    assert "These were:\n--Combating Narcotrafficking." in fifth
    assert "\n--Global Peacekeeping." in fifth


def test_seed_003_summary_is_the_text_between_the_markers(lima_2313: Body) -> None:
    summary = lima_2313.summary
    assert summary is not None
    assert summary.startswith("Peru and the United States held their first-ever bilateral POL-MIL talks on June 26")
    assert summary.endswith('The Peruvians described the talks as a "turning point" in our mil-to-mil relations.')
    assert "End Summary" not in summary


def test_seed_003_signer(lima_2313: Body) -> None:
    assert lima_2313.signer == "STRUBLE"
    assert lima_2313.paragraphs[-1].text == "The cable has been cleared by DAS Michael Coulter."


def test_leftover_header_lines_do_not_disturb_the_paragraphs() -> None:
    body = parse_body(_seed_body("003_5abae48b7d5fc6de.txt", "C O N F I D E N T I A L LIMA 002313"))
    numbered = [p for p in body.paragraphs if p.number]
    assert [p.number for p in numbered] == [str(n) for n in range(1, 12)]
    opening = body.paragraphs[0]
    assert opening.number is None and "SUBJECT: DAS COULTER'S VISIT TO PERU" in opening.text
    assert "C O N F I D E N T I A L" not in opening.text
    assert body.signer == "STRUBLE"


# --- paragraph numbering rules -----------------------------------------------------------------


def test_genuine_paragraphs_11_and_12_follow_10() -> None:
    text = "\n\n".join(f"{n}. (C) Paragraph number {n} says something." for n in range(1, 13))
    body = parse_body(text)
    assert [p.number for p in body.paragraphs] == [str(n) for n in range(1, 13)]
    assert body.paragraphs[10].printed == "11." and body.paragraphs[10].text == "Paragraph number 11 says something."


def test_a_number_wrapped_to_the_start_of_a_line_is_not_a_paragraph() -> None:
    text = "1. (C) The court met on February\n2. The ruling is expected later.\n\n2. (C) Second paragraph."
    body = parse_body(text)
    assert [p.number for p in body.paragraphs] == ["1", "2"]
    assert body.paragraphs[0].text == "The court met on February 2. The ruling is expected later."


def test_a_pilcrow_put_before_a_wrapped_date_is_not_a_paragraph() -> None:
    # WikiLeaks anchored every number that opens a line, dates included.
    text = "¶1. (C) The court met on February\n¶11. The ruling is expected later.\n\n¶2. (C) Second."
    assert [p.number for p in parse_body(text).paragraphs] == ["1", "2"]


def test_unnumbered_opening_text_is_a_paragraph_without_number() -> None:
    body = parse_body("Thank you for your letter.\n\n1. (U) First point.\n\n2. (U) Second point.")
    assert body.paragraphs[0].number is None
    assert body.paragraphs[0].text == "Thank you for your letter."
    assert [p.number for p in body.paragraphs[1:]] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "marking", "first_words"),
    [
        ("1. CONFIDENTIAL - ENTIRE TEXT.\n\n2. THE MINISTER SAID", "C", None),
        ("1. (C - ENTIRE TEXT). THE MINISTER SAID", "C", "THE MINISTER SAID"),
        ("1. C) The minister said", "C", "The minister said"),
        ("2. SBU) The minister said", "SBU", "The minister said"),
        ("¶1. (S//NF) The minister said", "S//NF", "The minister said"),
        ("¶1. (S/NF) The minister said", "S//NF", "The minister said"),
        ("¶1. (C/NOFORN) The minister said", "C//NF", "The minister said"),
        ("1. [S/NF] The minister said", "S//NF", "The minister said"),
        ("1. (Note: not a marking) The minister said", None, "(Note: not a marking) The minister said"),
    ],
)
def test_markings(text: str, marking: str | None, first_words: str | None) -> None:
    first = parse_body(text).paragraphs[0]
    assert first.marking == marking
    if first_words is not None:
        assert first.text == first_words


# --- page furniture ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "LIMA 00001661  002 OF 004",
        "PARIS 00000741 001.2 OF 004",
        "BUENOS AIRES 00000741  002 OF 003",
        "PAGE 02 ROME 01196 01 OF 02 082030Z",
        "C O N F I D E N T I A L SECTION 02 OF 03 LIMA 001661",
        "CONFIDENTIAL",
        "SIPDIS",
    ],
)
def test_page_furniture_neither_splits_nor_pollutes_a_paragraph(furniture: str) -> None:
    text = f"1. (C) The minister said that the talks\n{furniture}\nwould resume in May.\n\n2. (C) Next."
    body = parse_body(text)
    assert [p.text for p in body.paragraphs] == ["The minister said that the talks would resume in May.", "Next."]


def test_page_marker_keeps_the_word_before_a_one_word_station() -> None:
    assert strip_furniture("WE MET IN LIMA 00001661 002 OF 004 THE MINISTER").split() == ["WE", "MET", "IN", "THE", "MINISTER"]


# --- summary and signer ------------------------------------------------------------------------


def test_only_end_summary_means_the_first_paragraph_is_the_summary() -> None:
    body = parse_body("1. (C) The talks failed. End Summary.\n\n2. (C) Details follow.")
    assert body.summary == "The talks failed."


def test_summary_and_comment_variant() -> None:
    body = parse_body("1. (C) Summary and Comment: The talks failed. End Summary and Comment.\n\n2. (C) Details.")
    assert body.summary == "The talks failed."


@pytest.mark.parametrize(
    ("ending", "signer"),
    [
        ("cooperation.\n\nMCKINLEY", "MCKINLEY"),
        ("has greatly diminished. SCOBEY", "SCOBEY"),
        ("End Comment. CROCKER", "CROCKER"),
        ("End Text CROCKER", "CROCKER"),
        ("the deal.\nSTEVENS 0 02/18/2008", "STEVENS"),
        ("released thirteen days later. Satterfield ", "Satterfield"),
        ("the workshop.\n\nKUBISKE KUBISKE\n \n...", "KUBISKE"),
        ("visit to the United States", None),
        ("the deal was signed in\nWASHINGTON", None),
    ],
)
def test_signer(ending: str, signer: str | None) -> None:
    body = parse_body(f"1. (C) The minister explained {ending}")
    assert body.signer == signer
    if signer:
        assert signer not in body.paragraphs[-1].text


def test_empty_and_odd_input_gives_an_empty_body() -> None:
    assert parse_body("") == Body(paragraphs=[], summary=None, signer=None)
    assert parse_body("null").paragraphs[0].text == "null"


# --- real published text -----------------------------------------------------------------------


def _jsonl_body(corpus_dir: Path, name: str, record_id: str) -> str:
    with open(corpus_dir / "cables" / "mongoexport-jsonl" / name, encoding="utf-8") as f:
        for line in f:
            if f'"_id" : "{record_id}"' in line:
                return json.loads(line)["body"]
    raise AssertionError(f"{record_id} not in {name}")


def test_json_lines_paragraphs_glued_by_pilcrows(corpus_dir: Path) -> None:
    body = parse_body(_jsonl_body(corpus_dir, "wikileaks-11-28-10.jsonl", "04ANKARA348"))
    numbered = [p for p in body.paragraphs if p.number]
    assert [p.number for p in numbered] == [str(n) for n in range(1, 13)]
    assert {p.marking for p in numbered} == {"C"}
    assert numbered[1].text == (
        "P.M. Erdogan appears to be riding a political high and uncommon luck as he prepares for his "
        "Jan. 28-29 visit to Washington, where he hopes to demonstrate the Administration recognizes him "
        "as an equal partner."
    )
    assert body.summary is not None and body.summary.startswith("P.M. Erdogan expects Washington to focus on Cyprus")
    assert body.summary.endswith("and U.S.-Turkish cooperation.")
    assert body.signer == "Edelman"


def test_json_lines_all_caps_paragraphs_run_together(corpus_dir: Path) -> None:
    body = parse_body(_jsonl_body(corpus_dir, "delhi.jsonl", "87NEWDELHI17853"))
    numbered = {p.number: p.text for p in body.paragraphs if p.number}
    assert list(numbered) == ["1", "2", "3", "4", "5", "6", "7"]
    assert numbered["2"].startswith("ACCORDING TO PRESS REPORTS ELEVEN PEOPLE--NINE OF WHOM WERE HINDUS")
    assert numbered["3"].startswith('ACCORDING TO NEWSPAPER REPORTS, THE HOME MINISTRY "HAS DEFINITE INFORMATION')
    # "ON AUGUST 6." inside paragraph 2 is a date, not a paragraph label
    assert "KILLED IN TERRORIST RELATED VIOLENCE IN PUNJAB ON AUGUST 6." in numbered["2"]
    assert body.summary is not None
    assert body.summary.startswith("ELEVEN PEOPLE WERE KILLED IN PUNJAB STATE ON AUGUST 6")
    assert body.summary.endswith("WITH NO OBVIOUS MEETING OF MINDS.")


def test_json_lines_old_cable_entire_text_marking(corpus_dir: Path) -> None:
    body = parse_body(_jsonl_body(corpus_dir, "embassy-baghdad-80-90.jsonl", "85STATE323960"))
    numbered = [p for p in body.paragraphs if p.number]
    assert numbered[0].marking == "S"
    assert [p.number for p in numbered] == [str(n) for n in range(1, 12)]
    assert numbered[10].text.startswith("FINALLY, FEARS THAT THE SOVIETS WILL MAKE INROADS INTO IRAN")
    assert body.summary is not None and body.summary.startswith("THE GULF WAR WILL LIKELY BUT NOT NECESSARILY REMAIN STALEMATED.")
    assert body.signer == "NEWTON"


_PRE = re.compile(r"<pre[^>]*>(.*?)</pre>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _page_body(corpus_dir: Path, name: str) -> str:
    """The body <pre> of a WikiLeaks page as text: anchors reduced to their "¶", entities decoded."""
    page = (corpus_dir / "cables" / "sample-html" / name).read_text(encoding="utf-8", errors="replace")
    return html.unescape(_TAG.sub("", _PRE.findall(page)[-1]))


def test_sample_page_underlined_heading_and_signer(corpus_dir: Path) -> None:
    body = parse_body(_page_body(corpus_dir, "09CAIRO874.html"))
    numbered = {p.number: p for p in body.paragraphs if p.number}
    assert numbered["1"].marking == "S//NF"
    assert numbered["1"].text.startswith("Introduction: President Mubarak last visited Washington in April 2004")
    assert numbered["2"].heading == "MUBARAK'S PROFILE"
    assert numbered["2"].text.startswith("Mubarak is 81 years old and in reasonably good health")
    assert body.signer == "SCOBEY"


def test_sample_page_inline_page_marker_and_summary(corpus_dir: Path) -> None:
    body = parse_body(_page_body(corpus_dir, "08TRIPOLI280.html"))
    numbered = {p.number: p for p in body.paragraphs if p.number}
    assert "asked el-Jahmi whether he understood what it meant to request asylum" in numbered["5"].text
    assert numbered["2"].heading == "DETERIORATION IN MEDICAL CONDITION"
    assert body.summary is not None
    assert body.summary.startswith("The medical condition of detained human rights activist Fathi el-Jahmi")
    assert body.signer == "STEVENS"


def test_sample_page_signer_glued_to_the_last_sentence(corpus_dir: Path) -> None:
    body = parse_body(_page_body(corpus_dir, "09CAIRO255.html"))
    assert body.signer == "SCOBEY"
    assert body.paragraphs[-1].text.endswith("its tolerance for criticism on Gaza has greatly diminished.")
    assert body.summary is not None and body.summary.startswith("On February 11, Egyptian State Security (SSIS) released")
    assert body.summary.endswith("its tolerance for criticism on Gaza has greatly diminished.")


def test_every_pilcrow_label_of_the_sample_pages_is_cited(corpus_dir: Path) -> None:
    """The numbers printed after a ¶ in each page appear, in order, among the paragraph numbers."""
    pages = sorted((corpus_dir / "cables" / "sample-html").glob("*.html"))
    assert pages
    for page in pages:
        text = _page_body(corpus_dir, page.name)
        printed = re.findall(r"¶\s*(\d{1,3})(?!\d)", text)
        numbers = [p.number for p in parse_body(text).paragraphs if p.number]
        it = iter(numbers)
        assert all(n in it for n in printed), page.name


# QA round: headings that are underlined or framed are headings, whatever their words.


def test_underlined_heading_after_end_summary_and_question_headings() -> None:
    # 03COLOMBO2183 (partial extract): each heading is underlined, blank lines around it, and two
    # of them end in "?"; they head the next paragraph and are not text of the previous one.
    body = parse_body(
        "¶1.  (C) SUMMARY:  Milinda Moragoda told Ambassador December 26 that he is going to "
        "Washington.  END SUMMARY \n\nIndians at Work \n--------------- \n\n"
        "¶2.  (C) Milinda Moragoda, key advisor to the Prime Minister, came to see the Ambassador. \n\n"
        "Co-Chairs Meeting? \n------------------ \n\n"
        "¶3.  (C) Milinda said that he had three purposes for his Washington trip. \n"
    )
    p1, p2, p3 = body.paragraphs
    assert p1.text.endswith("END SUMMARY")
    assert p2.heading == "Indians at Work" and "Co-Chairs" not in p2.text
    assert p3.heading == "Co-Chairs Meeting?"


def test_heading_with_its_rule_on_the_same_line() -> None:
    # 05BRASILIA718: the squeezed page keeps the underline on the heading's own line
    body = parse_body(
        "¶1. (C) Summary and Introduction: Israeli Deputy Prime Minister Olmert reportedly enjoyed a "
        "successful visit to Brazil last week. End Summary \n\n"
        'DEPUTY PRIME MINISTER OLMERT "BREAKS BARRIERS" WITH LULA --------------------------------------------- ----------- \n\n'
        "¶2. (C) In follow-up discussions with Poloff March 14 (see ref A), Embassy of Israel Minister "
        "Counselor Eitan Surkis said that Olmert had succeeded.\n"
    )
    assert body.paragraphs[0].text.endswith("End Summary")
    assert body.paragraphs[1].heading == 'DEPUTY PRIME MINISTER OLMERT "BREAKS BARRIERS" WITH LULA'


def test_slash_framed_headings_of_embassy_madrid() -> None:
    # 06MADRID324: "//SPAIN LABOR ISSUES//" and "//COMMENT//" head the paragraphs below them
    body = parse_body(
        "¶2. (SBU) However, if there did turn out to be U.S. components on the vessels, the\n"
        "USG would look very carefully at any associated technology\ntransfer request.\n\n"
        "//SPAIN LABOR ISSUES//\n\n"
        "¶3. (U) Mendez outlined his three priorities as leader of the\nUGT.\n\n"
        "//COMMENT//\n\n"
        "¶4. (SBU) Mendez was friendly and gregarious in his meeting\nwith the Ambassador.\nAGUIRRE\n"
    )
    p2, p3, p4 = body.paragraphs
    assert p2.text.endswith("technology transfer request.")
    assert (p3.heading, p4.heading) == ("SPAIN LABOR ISSUES", "COMMENT")
    assert body.signer == "AGUIRRE"


def test_signature_above_the_closing_rule_and_a_gapped_star_rule() -> None:
    # 08BOGOTA3007: the name, then "=====CABLE ENDS=====" and a line of dots
    ends = parse_body(
        "¶5. (C) He claimed \nthat he had been paid to make the false allegations.\nBROWNFIELD \n\n"
        "=======================CABLE ENDS============================\n\n..."
    )
    assert ends.signer == "BROWNFIELD"
    assert ends.paragraphs[-1].text.endswith("false allegations.")
    # 07TELAVIV64: a "**** ****" rule (with a gap) closes the website notice above the name
    stars = parse_body(
        "¶9. (C) We look forward to the coming year.\n"
        "************************ ******************** \nVisit Embassy Tel Aviv's Classified Website: \n"
        "http://www.state.sgov.gov/p/nea/telaviv \n"
        "********************************************* ******************** \nJONES"
    )
    assert stars.signer == "JONES"
