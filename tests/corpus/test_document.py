"""Plain-text diplomatic documents: structure, citable numbers, kinds, languages, bad input."""

from __future__ import annotations

from datetime import date

import pytest

from corpus.document import detect_language, document_id, parse_document_text
from corpus.records import ParseError

REPORT = """Report

I.
Introduction

The Government presents this report.

1.
Background

The background is short.

A.
First point

The first point is made here.

B. Second point made in one sentence that runs on long enough to be a paragraph.

II.
Conclusions

1.
Summary

a. The first conclusion.

b. The second conclusion.
"""


def _numbers(doc):
    return [p.number for p in doc.paragraphs if p.number]


def test_roman_parts_qualify_the_numbers_inside_them():
    doc = parse_document_text(REPORT)
    assert _numbers(doc) == ["I", "I.1", "I.1.A", "I.1.B", "II", "II.1", "II.1.a", "II.1.b"]
    assert doc.paragraph("I").heading == "Introduction"
    assert doc.paragraph("I").text == "The Government presents this report."
    assert doc.paragraph("I.1.B").printed == "B."
    assert doc.paragraph("II.1.a").text == "The first conclusion."


def test_an_unnumbered_heading_ends_the_scope_of_a_numbered_paragraph():
    text = "1. The first paragraph is a full sentence.\n\nRecommendations\n\na. Do this.\n\nb. Do that.\n"
    assert _numbers(parse_document_text(text)) == ["1", "a", "b"]


def test_a_restarted_letter_list_gets_a_suffix():
    text = "Recommendations\n\na. One.\n\nb. Two.\n\nOn new threats:\n\na. Three.\n\nb. Four.\n"
    doc = parse_document_text(text)
    assert _numbers(doc) == ["a", "b", "a-2", "b-2"]
    assert doc.paragraph("a-2").text == "Three."


def test_repeated_page_headers_are_removed_and_the_cut_sentence_rejoined():
    header = "MEETING OF THE WORKING GROUP ON SECURITY"
    page = f"{header}\n\nLIMA, 10 DE ABRIL DE 2003\n\n"
    text = (
        page
        + "1. The delegations agreed that the\n\n"
        + page
        + "measures should be applied at once.\n\n"
        + page
        + "2. They also agreed on a calendar.\n\n"
        + page
    )
    doc = parse_document_text(text)
    assert doc.running_headers == [header, "LIMA, 10 DE ABRIL DE 2003"]
    assert doc.paragraph("1").text == "The delegations agreed that the measures should be applied at once."
    assert doc.paragraph("2").text == "They also agreed on a calendar."
    assert doc.date.date() == date(2003, 4, 10)
    assert doc.event == "Meeting of the Working Group on Security"


def test_markdown_emphasis_is_removed():
    doc = parse_document_text("2.1. **Market.** The *most* visible actors are enterprises operating worldwide.\n")
    assert doc.paragraph("2.1").text == "Market. The most visible actors are enterprises operating worldwide."


def test_kinds():
    nv = "The Embassy of Chile presents its compliments to the Ministry of Foreign Affairs and has the honour to inform it.\n"
    assert parse_document_text(nv).kind == "note-verbale"
    letter = "Dear Minister,\n\nI write to thank you for your hospitality during our visit last week.\n"
    assert parse_document_text(letter).kind == "letter"
    declaration = "Declaration of Santiago\n\nThe ministers declare their support for peace in the region.\n"
    assert parse_document_text(declaration).kind == "declaration"
    plain = "Some remarks on the weather, which was fine all through the week of the visit.\n"
    assert parse_document_text(plain).kind == "document"


def test_treaty_articles_are_cited_by_their_number():
    articles = "\n".join(f"Article {n}\nThe parties shall do thing number {n}.\n" for n in range(1, 7))
    doc = parse_document_text("Chapter I: Purposes\n" + articles)
    assert doc.kind == "treaty"
    assert doc.paragraph("6").printed == "Article 6"
    assert doc.paragraph("6").text == "The parties shall do thing number 6."
    assert doc.paragraph("1").heading == "Chapter I: Purposes"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The Organization and its Members shall act in accordance with the following Principles.", "en"),
        ("La Organización y sus Miembros procederán de acuerdo con los siguientes Principios de la Carta.", "es"),
        ("L'Organisation et ses Membres agissent conformément aux principes suivants dans la paix.", "fr"),
        ("Организация и ее Члены действуют в соответствии со следующими Принципами.", "ru"),
        ("本组织及其会员国应遵行下列原则", "zh"),
        ("تعمل الهيئة وأعضاؤها وفقاً للمبادئ الآتية", "ar"),
    ],
)
def test_language_detection(text, lang):
    assert detect_language(text) == lang


def test_the_id_depends_on_the_text_only():
    assert document_id("A  text\n") == document_id("A text")
    assert document_id("A text") != document_id("Another text")


@pytest.mark.parametrize("bad", ["", "   \n\n  ", "12 34 56", "\x00\x01binary"])
def test_empty_or_non_documents_raise_a_parse_error_naming_the_file(bad):
    with pytest.raises(ParseError) as err:
        parse_document_text(bad, source="inbox/bad.txt")
    assert err.value.source == "inbox/bad.txt"


def test_un_charter_in_six_languages(corpus_dir):
    folder = corpus_dir / "other" / "un-charter"
    seen = {}
    for path in sorted(folder.glob("raw_un_charter_*.txt")):
        doc = parse_document_text(path.read_text(encoding="utf-8"), source=str(path))
        lang = path.stem.rsplit("_", 1)[-1]
        seen[lang] = doc
        assert doc.kind == "treaty", path.name
        assert doc.language == lang, path.name
        # 111 articles, each citable by its number (Chinese numerals included).
        assert [n for n in (p.number for p in doc.paragraphs) if n] == [str(i) for i in range(1, 112)], path.name
    assert set(seen) == {"ar", "en", "es", "fr", "ru", "zh"}
    assert len({d.id for d in seen.values()}) == 6
    assert seen["en"].title == "Charter of the United Nations"
    assert seen["en"].paragraph("51").text.startswith("Nothing in the present Charter shall impair the inherent right")
    assert seen["fr"].paragraph("51").text.startswith("Aucune disposition de la présente Charte")
    assert seen["en"].paragraph("9").heading == "Chapter IV: The General Assembly"
