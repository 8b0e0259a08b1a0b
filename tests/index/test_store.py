"""The stored form of a record: compact, versioned JSON that gives back exactly the record."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from corpus.reader import read_path
from corpus.records import Addressee, Cable, Classification, Document, Paragraph, Reference, Tag
from index.ingest import bundled_samples
from index.store import StoreError, dump_record, load_record


def full_cable() -> Cable:
    return Cable(
        id="09LIMA1661",
        title="PERU: INFORMATION ON SECURITY DIALOGUE",
        subject="PERU: INFORMATION ON SECURITY DIALOGUE",
        date=datetime(2009, 11, 20, 16, 58, tzinfo=UTC),
        dates=[date(2009, 11, 20), date(2009, 6, 17)],
        countries=["Peru"],
        origin="Embassy Lima",
        origin_country="Peru",
        station="LIMA",
        routing="RUEHPE",
        precedence="IMMEDIATE",
        info_precedence="ROUTINE",
        to=[Addressee(name="SECSTATE WASHDC", routing="RUEHC", precedence="IMMEDIATE", station="STATE")],
        info=[Addressee(name="AMEMBASSY BOGOTA", routing="RUEHBO", station="BOGOTA")],
        classification=Classification(level="CONFIDENTIAL", caveats=["NOFORN"]),
        handling=["SIPDIS"],
        eo="12958",
        declassify_on=date(2019, 11, 20),
        tags=[Tag(code="PE", kind="country", name="Peru"), Tag(code="CLINTON, HILLARY", kind="person")],
        references=[Reference(text="09 STATE 112900", bullet="A", ids=["09STATE112900"])],
        classified_by="McKinley P. Michael, Ambassador",
        reasons="1.4(b), (d)",
        signer="MCKINLEY",
        paragraphs=[
            Paragraph(number="1", printed="11.", marking="U", text="Please find below …"),
            Paragraph(number="6", printed="16.", marking="C", heading="Comment", text="Ñandú «quoted»"),
        ],
        metadata={"encoding": "cp1252"},
    )


def test_a_cable_with_every_kind_of_field_comes_back_equal():
    cable = full_cable()
    back = load_record(dump_record(cable))
    assert type(back) is Cable
    assert back == cable
    assert back.date.tzinfo is not None and back.date.utcoffset() == timedelta(0)
    assert back.paragraphs[1].heading == "Comment"


def test_a_document_comes_back_as_a_document():
    doc = Document(
        id="UNGDC-PER-2003",
        kind="speech",
        title="Statement by Peru",
        date=datetime(2003, 9, 24),
        language="es",
        author="Alejandro Toledo",
        place="New York",
        running_headers=["V CONFERENCIA DE MINISTROS DE DEFENSA DE LAS AMERICAS"],
        paragraphs=[Paragraph(number="2.1.3", text="Texto")],
    )
    back = load_record(dump_record(doc))
    assert type(back) is Document
    assert back == doc


def test_empty_fields_are_left_out_to_keep_the_index_small():
    data = json.loads(dump_record(Cable(id="75TEHRAN1")))
    assert data["r"] == {"id": "75TEHRAN1"}
    assert data["v"] == 1 and data["t"] == "Cable"


def test_a_record_from_another_format_version_is_refused_with_a_reason():
    data = json.loads(dump_record(Cable(id="75TEHRAN1")))
    data["v"] = 99
    with pytest.raises(StoreError, match="version 99"):
        load_record(json.dumps(data))
    with pytest.raises(StoreError):
        load_record("not json at all")


def test_a_field_that_no_longer_exists_is_ignored():
    data = json.loads(dump_record(Cable(id="75TEHRAN1")))
    data["r"]["obsolete_field"] = "x"
    assert load_record(json.dumps(data)) == Cable(id="75TEHRAN1")


def test_the_bundled_seeds_round_trip_exactly():
    records = [r for path in bundled_samples() for result in read_path(path) for r in result.records]
    assert len(records) == 5
    for record in records:
        assert load_record(dump_record(record)) == record, record.id
