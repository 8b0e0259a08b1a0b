"""PDF renderings of cables (PlusD): text extraction and the repairs it needs."""

from __future__ import annotations

import sys

import pytest

from corpus.errors import MissingDependency
from corpus.pdf import mend_pdf_text
from corpus.reader import Source, read_source


def test_tags_written_one_per_line_go_back_on_the_tags_line():
    text = "E.O. 12958: N/A \nTAGS: \nEAID\n \nPREF\n \nET\nSUBJECT: GREEK RESPONSE\n"
    assert mend_pdf_text(text) == "E.O. 12958: N/A \nTAGS: EAID PREF ET\nSUBJECT: GREEK RESPONSE\n"


def test_a_paragraph_sign_alone_on_its_line_joins_its_number():
    assert mend_pdf_text("REF: STATE 1\n \n¶\n1. (SBU) Text\n") == "REF: STATE 1\n \n¶1. (SBU) Text\n"


def test_without_pypdf_reading_a_pdf_names_the_missing_package_instead_of_blaming_the_file(monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import fails as if not installed
    with pytest.raises(MissingDependency, match="'pypdf' is not installed") as caught:
        read_source(Source("x/00ATHENS1501.pdf", b"%PDF-1.4\n"))
    assert caught.value.exit_status == 1 and "internal error" not in str(caught.value)


def test_a_damaged_pdf_is_an_error_naming_the_file():
    result = read_source(Source("x/broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ntrailer\n%%EOF"))
    assert result.records == []
    (error,) = result.errors
    assert error.startswith("x/broken.pdf: ") and "internal error" not in error


@pytest.mark.corpus
def test_real_plusd_pdf(corpus_dir):
    pytest.importorskip("pypdf")
    path = corpus_dir / "cables" / "plusd-text" / "pdf" / "00ATHENS1501.pdf"
    result = read_source(Source(str(path), path.read_bytes()))
    assert result.errors == []
    (cable,) = result.records
    # Read off the PDF: "DE RUEHTH #1501 2661510", "R 231510Z SEP 00", "UNCLAS ATHENS 001501".
    assert cable.id == "00ATHENS1501"
    assert cable.date is not None and (cable.date.year, cable.date.month, cable.date.day) == (2000, 9, 23)
    assert cable.subject.startswith("GREEK RESPONSE ON URGENT SUPPORT NEEDED FOR HUMANITARIAN")
    assert cable.metadata["format"] == "pdf"
