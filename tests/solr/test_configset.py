"""The Solr config set declares what the Whoosh schema declares (no cluster needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from index.field_names import FACETS
from index.fields import TEXT_FIELDS
from index.schema import build_schema
from index.solr.client import CONFIGSET_DIR
from index.solr.ranking import PARAGRAPH_FIELD, PARAGRAPH_GAP, PARAGRAPH_SLOP

SCHEMA = ET.parse(CONFIGSET_DIR / "managed-schema.xml").getroot()
FIELDS = {f.get("name"): f for f in SCHEMA.iter("field")}
TYPES = {t.get("name"): t for t in SCHEMA.iter("fieldType")}


def _attr(field: ET.Element, name: str) -> str | None:
    """A field's attribute, else its type's (Solr's rule)."""
    return field.get(name) or TYPES[field.get("type")].get(name)


def test_solr_declares_every_whoosh_field_and_no_other():
    # Solr's own version field, and the body paragraph by paragraph for its re-ranking.
    assert set(FIELDS) - {"_version_", PARAGRAPH_FIELD} == set(build_schema().names())


def test_the_paragraph_ranking_phrase_cannot_reach_from_one_paragraph_into_the_next():
    field = FIELDS[PARAGRAPH_FIELD]
    assert field.get("multiValued") == "true" and _attr(field, "indexed") == "true"
    assert int(_attr(field, "positionIncrementGap")) == PARAGRAPH_GAP > PARAGRAPH_SLOP


def test_every_facet_field_has_doc_values_on_solr():
    for name in FACETS:
        assert _attr(FIELDS[name], "docValues") == "true", name


def test_the_stored_record_is_stored_and_never_searched():
    record = FIELDS["record"]
    assert _attr(record, "stored") == "true"
    assert _attr(record, "indexed") == "false" and _attr(record, "docValues") == "false"


def test_fields_stored_on_whoosh_are_stored_on_solr():
    # The text fields excepted: Solr receives their terms (the record holds the text).
    schema = build_schema()
    for name in schema.names():
        if schema[name].stored and name not in TEXT_FIELDS:
            assert _attr(FIELDS[name], "stored") == "true", name


def test_solr_analyses_no_text_itself_it_splits_the_project_terms_on_spaces():
    # One analysis chain (index/fields.py analyse) for both engines: Solr only splits on whitespace.
    for name in TEXT_FIELDS:
        (analyzer,) = TYPES[FIELDS[name].get("type")].iter("analyzer")
        assert [c.get("class") for c in analyzer] == ["solr.WhitespaceTokenizerFactory"], name
