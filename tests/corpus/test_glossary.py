"""The glossary says what its sources say, names them, and says unknown for what none says.

The expected meanings are the sources' own words, quoted in tests/corpus/data/glossary-meanings.tsv
(5 FAH-3 H-011.1 and H-111, PlusD's TAGS labels and Handling Restrictions page, E.O. 13526 sec. 1.4,
5 FAH-2 H-420, the ACP 117 routing table); the acronyms are the real cables' own definitions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus import glossary
from corpus.reader import read_path
from corpus.records import Cable

CASES = [line.rstrip("\n").split("\t") for line in
         (Path(__file__).parent / "data" / "glossary-meanings.tsv").read_text(encoding="utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


@pytest.mark.parametrize(("term", "wording", "source"), CASES, ids=[c[0] for c in CASES])
def test_each_term_means_what_its_source_says_and_names_the_source(term, wording, source):
    meanings = glossary.explain(term)
    if not wording:
        assert meanings == [], f"{term} must be unknown ({source})"
        return
    assert meanings, f"{term} has no meaning, but {source}"
    first = meanings[0]
    assert wording.lower() in first.meaning.lower(), (first.meaning, source)
    assert first.source  # every meaning names where it comes from


def test_every_bundled_tag_names_one_of_the_sources_declared_in_the_file():
    declared = set(glossary._rows("tags.tsv")[0].values())
    assert glossary.tags_table(), "the TAGS list is empty"
    assert {m.source for m in glossary.tags_table().values()} <= declared
    handbook = glossary.tag_meaning("AADP").source
    assert "5 FAH-3 H-011.1" in handbook and "fam.state.gov" in handbook


def test_a_tag_the_handbook_retired_says_retired():
    # PlusD shows 1975DACCA00292 tagged "AFSP - Administration--Post Administration"; the
    # handbook's current list (5 FAH-3 H-011.1) goes from AFSN to AGAO without it.
    assert "retired" in glossary.tag_meaning("AFSP").meaning
    assert "retired" not in glossary.tag_meaning("AFSN").meaning


def test_a_country_tag_is_its_fips_name_not_its_iso_one():
    assert glossary.tag_meaning("CI").meaning == "Chile"
    assert glossary.tag_meaning("SZ").meaning == "Switzerland"  # ISO SZ is Eswatini
    assert "FIPS 10-4" in glossary.tag_meaning("CI").source


def test_acronyms_a_cable_spells_out_are_read_from_its_own_words():
    # 08LIMA1107 ¶1: "Ambassador McKinley met with opposition Peruvian Nationalist Party (PNP) leader"
    # 09STATE103113: "mercenary remnants of the Shining Path (SP) Movement"
    text = ("Ambassador McKinley met with opposition Peruvian Nationalist Party (PNP) leader Ollanta "
            "Humala. 4. (C) Highlighting concerns of collaboration between narcotraffickers and "
            "mercenary remnants of the Shining Path (SP) Movement, the Government of Peru (GOP) said")
    assert glossary.defined_acronyms(text) == {
        "PNP": "Peruvian Nationalist Party", "SP": "Shining Path", "GOP": "Government of Peru"}


def test_markings_references_and_asides_in_parentheses_define_nothing():
    text = "2. (C) As noted (Ref A), the meeting (comment: brief) was held (U) in Lima (SBU)."
    assert glossary.defined_acronyms(text) == {}


@pytest.fixture(scope="module")
def lima_1107(corpus_dir) -> Cable:
    import tarfile

    with tarfile.open(corpus_dir / "cables" / "wikileaks-html-6712.tar.xz") as tar:
        data = tar.extractfile("cable/2008/06/08LIMA1107.html").read()
    from corpus.wikileaks import parse_wikileaks_html

    return parse_wikileaks_html(data, source="08LIMA1107.html")


def test_gop_in_a_lima_cable_is_the_government_of_peru(lima_1107):
    # ¶4: "it was unclear with whom the GOP could successfully negotiate"
    assert "the GOP could successfully negotiate" in lima_1107.text
    [meaning] = glossary.explain("GOP", lima_1107)
    assert meaning.meaning == "Government of Peru"
    assert "08LIMA1107" in meaning.source


def test_a_cable_lists_its_terms_with_unknown_tags_kept_as_unknown(lima_1107):
    terms = {t.term: t for t in glossary.record_terms(lima_1107)}
    # TAGS:PGOV, PREL, PINR, PE ; "SIPDIS" ; "E.O. 12958" ; reasons 1.b and d ; "(PNP)"
    for term in ("PGOV", "PREL", "PINR", "PE", "SIPDIS", "E.O. 12958", "1.4(b)", "1.4(d)", "PNP", "GOP"):
        assert term in terms and terms[term].meaning is not None, term
    assert terms["PNP"].meaning.meaning == "Peruvian Nationalist Party"
    assert terms["PE"].meaning.meaning == "Peru"


def test_the_page_header_rows_are_not_a_paragraph_of_08lima1107(lima_1107):
    # The page repeats the header after "----- header ends -----"; the body starts at ¶1
    # "(C) Summary: Ambassador McKinley met with opposition Peruvian Nationalist Party (PNP) leader".
    first = lima_1107.paragraphs[0]
    assert first.number == "1" and first.text.startswith("Summary: Ambassador McKinley met with opposition")
    assert not any("RUEH" in p.text or "header ends" in p.text for p in lima_1107.paragraphs)
    # the whole "Classified By: Amb. P Michael McKinley for reasons 1.b and d." line, not the preview's
    assert lima_1107.classified_by == "Amb. P Michael McKinley" and lima_1107.reasons.startswith("1.b and d")


def test_a_cable_without_a_subject_is_titled_by_its_first_section_heading(corpus_dir):
    import tarfile

    from corpus.wikileaks import parse_wikileaks_html

    with tarfile.open(corpus_dir / "cables" / "wikileaks-html-6712.tar.xz") as tar:
        data = tar.extractfile("cable/2009/10/09STATE103113.html").read()
    cable = parse_wikileaks_html(data, source="09STATE103113.html")
    # no SUBJECT line; its first heading: "SHINING PATH AND NARCOTRAFFICKERS POSE SERIOUS THREAT"
    assert cable.subject == ""
    assert cable.title == "SHINING PATH AND NARCOTRAFFICKERS POSE SERIOUS THREAT"
    assert cable.metadata["title_derived"] == "first section heading"


def test_read_path_is_importable_for_the_samples():
    # the bundled seeds keep their subjects: nothing is derived where the cable states one
    from index.ingest import bundled_samples

    for path in bundled_samples():
        for result in read_path(path):
            for record in result.records:
                if isinstance(record, Cable) and record.subject:
                    assert "title_derived" not in record.metadata
