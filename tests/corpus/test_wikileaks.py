"""WikiLeaks cable pages: text from the <pre> blocks only, the metadata table kept apart."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from corpus.records import ParseError
from corpus.wikileaks import page_metadata, page_text, parse_wikileaks_html


@pytest.fixture(scope="module")
def samples(corpus_dir: Path) -> Path:
    return corpus_dir / "cables" / "sample-html"


def test_metadata_table_uses_the_link_text_not_its_title(samples: Path) -> None:
    # the Classification link reads SECRET but its title attribute says 'confidential'
    meta = page_metadata((samples / "06LIMA622.html").read_bytes())
    assert meta == {
        "wikileaks_id": "06LIMA622",
        "wikileaks_created": "2006-02-14 18:06",
        "wikileaks_released": "2010-12-12 21:09",
        "wikileaks_classification": "SECRET",
        "wikileaks_origin": "Embassy Lima",
    }


def test_pre_text_has_pilcrows_newlines_and_plain_tags(samples: Path) -> None:
    text = page_text((samples / "06LIMA622.html").read_bytes())
    assert text.startswith("P 141809Z FEB 06\nFM AMEMBASSY LIMA\n")
    assert "TAGS: PTER PGOV PE\n" in text
    assert "\n¶1. (S) SUMMARY. National Intelligence Directorate Chief\n" in text
    assert "<a" not in text and "&#x" not in text
    assert "Reference ID" not in text  # nothing from the page chrome


def test_cable_page_text_wins_over_metadata(samples: Path) -> None:
    cable = parse_wikileaks_html((samples / "06LIMA622.html").read_bytes(), source="06LIMA622.html")
    assert cable.id == "06LIMA622"
    assert cable.date == datetime(2006, 2, 14, 18, 9)  # the DTG 141809Z, not the table's 18:06
    assert str(cable.classification) == "SECRET"
    assert cable.subject == "NATIONAL INTELLIGENCE DIRECTOR'S BRIEFING ON SENDERO LUMINOSO"
    assert [i for r in cable.references for i in r.ids] == ["05LIMA5397", "05LIMA5203"]
    assert cable.paragraph("7").marking == "S"
    assert cable.signer == "POWERS"
    assert cable.metadata["wikileaks_classification"] == "SECRET"
    assert cable.metadata["wikileaks_origin"] == "Embassy Lima"


def test_partial_extract_page_is_filled_from_metadata(samples: Path) -> None:
    cable = parse_wikileaks_html((samples / "05RIODEJANEIRO1118.html").read_bytes())
    assert cable.partial is True
    assert cable.id == "05RIODEJANEIRO1118"  # the text has station and serial but no year
    assert cable.date == datetime(2005, 10, 6, 17, 5)  # no date in the text: the table's
    assert cable.origin == "Consulate Rio De Janeiro"
    assert cable.subject == "Garotinho: President-in-Waiting or Political Exile?"
    assert cable.paragraph("1").text.startswith("Summary. Despite a series of polls")


def test_later_1970s_template_and_malformed_id(corpus_dir: Path) -> None:
    page = corpus_dir / "cables" / "extra-1970s-html" / "1975" / "11" / "7575LIBREVILLE1895.html"
    cable = parse_wikileaks_html(page.read_bytes(), source=page.name)
    assert cable.id == "75LIBREVILLE1895"
    assert cable.metadata["wikileaks_id"] == "7575LIBREVILLE1895"
    assert cable.date == datetime(1975, 11, 18, 12, 5)
    assert str(cable.classification) == "CONFIDENTIAL"  # link text; its title says 'unclassified'
    assert cable.subject == "KOREA AT 30TH UNGA: GABON"
    assert [t.code for t in cable.tags] == ["PFOR", "UNGA", "GB", "KS", "KN"]


def test_every_sample_page_parses(samples: Path) -> None:
    # Every page is named after the id the site published it under, and that id names the record
    for page in sorted(samples.glob("*.html")):
        cable = parse_wikileaks_html(page.read_bytes(), source=page.name)
        assert cable.id == page.stem, page.name
        assert cable.date is not None and cable.classification is not None, page.name


def test_a_page_carrying_another_cables_body_keeps_the_published_id(samples: Path) -> None:
    # 09BANGKOK706's page pairs a Bangkok routing header with the body of Taipei 320
    # ("TAIPEI 000320" on its classification line): users cite the published id,
    # and the text's own id is kept beside it.
    cable = parse_wikileaks_html((samples / "09BANGKOK706.html").read_bytes(), source="09BANGKOK706.html")
    assert cable.id == "09BANGKOK706"
    assert cable.metadata["text_id"] == "09TAIPEI320"


@pytest.mark.parametrize(
    "data",
    [b"<html><body><p>not a cable</p></body></html>", b"\x00\x01garbage", "<table class='cable'><tr><td>x"],
)
def test_pages_without_cable_text_are_parse_errors(data: bytes | str) -> None:
    with pytest.raises(ParseError) as raised:
        parse_wikileaks_html(data, source="cable/2009/11/broken.html")
    assert raised.value.source == "cable/2009/11/broken.html"


def test_partial_extract_references_take_the_year_of_the_page(samples: Path) -> None:
    # 06SANJOSE270 is a partial extract: no DTG, so only the page's Created date (2006) gives
    # "REF: A. SAN JOSE 227 / ¶B. SAN JOSE 193" a year
    cable = parse_wikileaks_html((samples / "06SANJOSE270.html").read_bytes())
    assert cable.partial
    assert [(r.bullet, r.ids) for r in cable.references] == [("A", ["06SANJOSE227"]), ("B", ["06SANJOSE193"])]
