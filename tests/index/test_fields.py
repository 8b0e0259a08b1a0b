"""The Whoosh field values of a record, per index/schema.py."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from whoosh.filedb.filestore import RamStorage
from whoosh.query import Phrase, Term

from corpus.records import Cable, Classification, Document, Paragraph, Reference, Tag
from index.fields import preanalyse, record_fields
from index.schema import build_schema
from index.store import load_record


def lima_cable() -> Cable:
    return Cable(
        id="09LIMA1661",
        subject="PERU: INFORMATION ON SECURITY DIALOGUE",
        date=datetime(2009, 11, 20, 11, 58, tzinfo=timezone(timedelta(hours=-5))),
        countries=["Peru", "Korea, South"],
        origin="Embassy Lima",
        origin_country="Peru",
        station="LIMA",
        classification=Classification(level="CONFIDENTIAL", caveats=["NOFORN"]),
        handling=["SIPDIS"],
        tags=[Tag(code="PREL", kind="subject"), Tag(code="PE", kind="country"), Tag(code="CLINTON, HILLARY", kind="person")],
        references=[Reference(text="09 STATE 112900", ids=["09STATE112900"]), Reference(text="LIMA 46 AND 47", ids=["09LIMA46", "09LIMA47"])],
        paragraphs=[
            Paragraph(number="1", marking="U", text="Please find below Embassy Lima's responses."),
            Paragraph(number="2", marking="SBU", text="The U.S. and Peru are negotiating a security dialogue."),
            Paragraph(number="3", marking="SBU", text="More."),
        ],
    )


def test_a_cable_gives_its_subject_body_and_header_facets():
    f = record_fields(lima_cable(), "abc123")
    assert f["id"] == "09LIMA1661" and f["kind"] == "cable"
    assert f["title"] == "PERU: INFORMATION ON SECURITY DIALOGUE"
    assert "Embassy Lima's responses" in f["body"] and "negotiating a security dialogue" in f["body"]
    assert f["body_es"] is None
    assert f["classification"] == "CONFIDENTIAL" and f["caveats"] == ["NOFORN"] and f["handling"] == ["SIPDIS"]
    assert f["tag"] == ["PREL", "PE", "CLINTON, HILLARY"]
    assert f["references"] == ["09STATE112900", "09LIMA46", "09LIMA47"]
    assert f["marking"] == ["SBU", "U"]
    assert f["origin"] == "Embassy Lima" and f["origin_country"] == ["Peru"]
    assert set(f["origin_terms"]) == {"lima", "embassy"}
    assert f["content_hash"] == "abc123"
    assert load_record(f["record"]) == lima_cable()


def test_a_multi_word_country_with_a_comma_stays_one_value():
    assert record_fields(lima_cable(), "h")["country"] == ["Peru", "Korea, South"]


def test_the_date_is_indexed_in_utc_with_year_and_month_facets():
    f = record_fields(lima_cable(), "h")
    assert f["date"] == datetime(2009, 11, 20, 16, 58)  # 11:58 at UTC-5
    assert f["year"] == "2009" and f["month"] == "2009-11"


def test_an_undated_record_has_no_date_facets():
    f = record_fields(Document(id="doc-x", kind="report", title="Undated"), "h")
    assert f["date"] is None and f["year"] is None and f["month"] is None


def test_a_document_without_a_marking_counts_as_unclassified():
    f = record_fields(Document(id="doc-x", kind="report"), "h")
    assert f["classification"] == "UNCLASSIFIED"
    assert f["tag"] is None and f["references"] is None


def test_spanish_text_also_goes_to_the_spanish_field():
    doc = Document(id="charter-es", kind="treaty", language="es", paragraphs=[Paragraph(text="Nosotros los pueblos de las Naciones Unidas")])
    f = record_fields(doc, "h")
    assert f["body_es"] == f["body"] == "Nosotros los pueblos de las Naciones Unidas"


def _index(fields: dict, bulk: bool = False):
    from index.whoosh.segment import BulkSegmentWriter

    ix = RamStorage().create_index(build_schema())
    w = BulkSegmentWriter(ix) if bulk else ix.writer()
    w.add_document(**fields)
    w.commit()
    return ix


def test_pre_analysed_fields_index_exactly_like_the_plain_text():
    plain = record_fields(lima_cable(), "h")
    a, b = _index(plain), _index(preanalyse(plain), bulk=True)
    with a.searcher() as sa, b.searcher() as sb:
        for name in ("title", "body"):
            assert list(sa.reader().lexicon(name)) == list(sb.reader().lexicon(name))
        # Stemmed ("negotiation" finds "negotiating") and phrase positions preserved.
        for query in (Term("body", "negoti"), Phrase("body", ["secur", "dialogu"]), Phrase("body", ["peru", "negoti"])):
            assert len(sa.search(query)) == len(sb.search(query)) == 1, query
        # The stored title is the text as written, not its terms.
        assert sb.document(id="09LIMA1661")["title"] == "PERU: INFORMATION ON SECURITY DIALOGUE"


def test_the_fast_analysis_gives_the_same_terms_as_the_schema_analysers():
    from index.fields import analyse
    from index.ingest import bundled_samples

    schema = build_schema()
    texts = [p.read_text(encoding="utf-8") for p in bundled_samples()]
    texts += ["Negotiating negotiations, U.S.-Peru talks (¶7): 1.4(b) *wild*cards a I x 2009", "Nosotros los pueblos de las Naciones Unidas, resueltos"]
    for field in ("title", "body", "body_es"):
        for text in texts:
            expected = [t.text for t in schema[field].analyzer(text) if not t.stopped]
            assert analyse(field, text) == expected


def test_headings_and_the_signer_are_searchable_text():
    # 07LIMA2313 has a section "Article 98/SOFA" and is signed STRUBLE: both belong to what search reads
    from corpus.cable import parse_cable_text
    from index.ingest import bundled_samples

    seed = next(p for p in bundled_samples() if p.name.startswith("003_"))
    body = record_fields(parse_cable_text(seed.read_text(encoding="utf-8")), "h")["body"]
    # each heading once, as its own block, however many paragraphs sit under it
    assert body.count("\n\nArticle 98/SOFA\n\n") == 1
    assert body.count("Peruvian Concerns") == 1
    assert body.rstrip().endswith("STRUBLE")


def test_the_positions_read_back_from_the_postings_are_whoosh_own():
    # The Solr wing reads the terms back from the parser's postings without Whoosh
    # (index.postings_format.decode_positions); Whoosh's Positions format is the reference.
    import re

    from whoosh.formats import Positions

    from corpus.reader import read_path
    from index.ingest import bundled_samples
    from index.postings_format import decode_positions

    note = next(r for p in bundled_samples() for res in read_path(p) for r in res.records
                if r.id == "2003-04-14-peru-note-verbale")  # fmt: skip
    fields = record_fields(note, "abc123")
    body = preanalyse(fields)["body"]
    for term, _weight, value in body.items:
        assert decode_positions(value) == Positions().decode_positions(value), term
    peru = decode_positions(dict(zip(body.terms, body.values))[b"peru"])
    # "The Permanent Mission of Peru … from Peru …": every "Peru" of the text, in order.
    assert len(peru) == len(re.findall(r"\bperu\b", fields["body"], re.I)) > 3
    assert peru == sorted(peru) and peru[-1] < body.length
