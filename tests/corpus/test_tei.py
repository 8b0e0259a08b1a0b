"""TEI P5 files from the Office of the Historian (FRUS history, RDCR country guides)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from corpus.records import ParseError
from corpus.tei import parse_tei

TEI = b"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="sample-letter">
  <teiHeader><fileDesc>
    <titleStmt><title type="complete">Letter From Ann Smith to Bob Jones, May 1960</title></titleStmt>
    <publicationStmt><date type="created" when="1960-05-02">May 2, 1960</date></publicationStmt>
    <sourceDesc><p>Scan.</p></sourceDesc>
  </fileDesc></teiHeader>
  <text><body>
    <div type="document">
      <head>Ann Smith (Historian) to Bob Jones (Director)</head>
      <dateline><placeName>Washington</placeName>, <date when="1960-05-02">May 2, 1960</date></dateline>
      <p>First paragraph about <hi rend="italic">Foreign Relations</hi> in Peru.<note n="1">A footnote.</note></p>
      <div type="section"><head>Budget</head>
        <p>Second   paragraph,
           over two lines.</p>
        <list><item>An item.</item></list>
      </div>
    </div>
  </body></text>
</TEI>
"""


def test_structure_of_a_small_tei_letter():
    [doc] = parse_tei(TEI, source="tei/sample.xml")
    assert doc.id == "tei-sample-letter"
    assert doc.kind == "letter"
    assert doc.title == "Letter From Ann Smith to Bob Jones, May 1960"
    assert doc.date.date() == date(1960, 5, 2)
    assert (doc.author, doc.addressee) == ("Ann Smith", "Bob Jones")
    assert doc.place == "Washington"
    numbered = [(p.number, p.heading, p.text) for p in doc.paragraphs if p.number]
    assert numbered == [
        ("1", "Ann Smith (Historian) to Bob Jones (Director)", "First paragraph about Foreign Relations in Peru."),
        ("2", "Budget", "Second paragraph, over two lines."),
        ("3", "Budget", "An item."),
        ("n1", "Notes", "A footnote."),
    ]
    assert "Peru" in doc.countries


def test_without_xml_id_the_file_stem_is_the_id():
    data = TEI.replace(b' xml:id="sample-letter"', b"")
    assert parse_tei(data, source="/x/documents/1957-03-21-kennan-to-leopold.xml")[0].id == "tei-1957-03-21-kennan-to-leopold"
    assert parse_tei(data, source="/x/events/7.xml")[0].id == "tei-events-7"


@pytest.mark.parametrize("bad", [b"", b"<TEI><text>", b"not xml at all", b"<TEI xmlns='http://www.tei-c.org/ns/1.0'/>"])
def test_broken_or_empty_files_raise_a_parse_error(bad):
    with pytest.raises(ParseError) as err:
        parse_tei(bad, source="tei/broken.xml")
    assert err.value.source == "tei/broken.xml"


def test_a_real_frus_letter_pair(corpus_dir):
    path = corpus_dir / "other" / "frus-history-tei" / "documents" / "1957-03-21-kennan-to-leopold.xml"
    [doc] = parse_tei(path.read_bytes(), source=str(path))
    assert doc.id == "tei-1957-03-21-kennan-to-leopold"
    assert doc.kind == "letter"
    assert doc.title == "Correspondence Between Richard Leopold and George Kennan, February-March 1957"
    assert doc.date.date() == date(1957, 3, 21)
    assert (doc.author, doc.addressee) == ("Richard W. Leopold", "George F. Kennan")
    first = next(p for p in doc.paragraphs if p.heading == "Richard W. Leopold to George F. Kennan" and p.number)
    assert first.text.startswith("I would be grateful if you could steal some time")
    assert doc.paragraphs[0].text.startswith("Source: Department of State, Bureau of Public Affairs")


def test_a_footnote_is_kept_apart_from_its_paragraph(corpus_dir):
    path = corpus_dir / "other" / "frus-history-tei" / "documents" / "1963-11-01-hac-meeting-minutes.xml"
    [doc] = parse_tei(path.read_bytes(), source=str(path))
    assert doc.kind == "document"
    assert "William W. Bishop, Jr." in [p.text for p in doc.paragraphs]
    notes = [p for p in doc.paragraphs if p.heading == "Notes"]
    assert len(notes) == 1 and notes[0].number == "n1"
    assert notes[0].text.startswith("These new members of the Committee were sworn in")
    assert not any("sworn in by William J. Tonesk" in p.text for p in doc.paragraphs if p.heading != "Notes")


def test_an_rdcr_country_article(corpus_dir):
    path = corpus_dir / "other" / "rdcr-tei" / "articles" / "peru.xml"
    [doc] = parse_tei(path.read_bytes(), source=str(path))
    assert doc.kind == "article"
    assert doc.id == "tei-peru"
    assert doc.countries[0] == "Peru"
    assert doc.author == "Tiffany Hamelin"
    assert doc.paragraphs[0].heading == "Summary"
    assert doc.paragraphs[0].text.startswith("Peru and the United States first established diplomatic relations in 1826")


@pytest.mark.slow
def test_every_file_of_both_tei_folders_parses(corpus_dir):
    files = sorted((corpus_dir / "other" / "frus-history-tei").rglob("*.xml")) + sorted(
        (corpus_dir / "other" / "rdcr-tei").rglob("*.xml")
    )
    assert len(files) == 109 + 229
    kinds: Counter[str] = Counter()
    errors: list[str] = []
    ids: Counter[str] = Counter()
    for path in files:
        try:
            for doc in parse_tei(path.read_bytes(), source=str(path)):
                kinds[doc.kind] += 1
                ids[doc.id] += 1
                numbers = [p.number for p in doc.paragraphs if p.number]
                assert len(numbers) == len(set(numbers)), path
        except ParseError as exc:
            errors.append(exc.source)
    # Only the RDCR resource map (a list of country keys, no prose) is not a document.
    assert [e.rsplit("/", 2)[-2:] for e in errors] == [["related-resources", "resources.xml"]]
    assert max(ids.values()) == 1
    documents = sorted((corpus_dir / "other" / "frus-history-tei" / "documents").glob("*.xml"))
    assert len(documents) == 63
    for path in documents:
        assert parse_tei(path.read_bytes(), source=str(path))[0].kind in ("letter", "document"), path
    # Two articles transcribe a document themselves; every other file is an article.
    assert kinds["letter"] + kinds["document"] == 63 + 2
    assert kinds["article"] == len(files) - 63 - 2 - 1
