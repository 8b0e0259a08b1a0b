"""The Solr config set declares what the Whoosh schema declares (no cluster needed)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from index.schema import ENGLISH, FACETS, SPANISH, build_schema
from index.solr.client import CONFIGSET_DIR

SCHEMA = ET.parse(CONFIGSET_DIR / "managed-schema.xml").getroot()
FIELDS = {f.get("name"): f for f in SCHEMA.iter("field")}
TYPES = {t.get("name"): t for t in SCHEMA.iter("fieldType")}


def _attr(field: ET.Element, name: str) -> str | None:
    """A field's attribute, else its type's (Solr's rule)."""
    return field.get(name) or TYPES[field.get("type")].get(name)


def test_solr_declares_every_whoosh_field_and_no_other():
    assert set(FIELDS) - {"_version_"} == set(build_schema().names())


def test_every_facet_field_has_doc_values_on_solr():
    for name in FACETS:
        assert _attr(FIELDS[name], "docValues") == "true", name


def test_the_stored_record_is_stored_and_never_searched():
    record = FIELDS["record"]
    assert _attr(record, "stored") == "true"
    assert _attr(record, "indexed") == "false" and _attr(record, "docValues") == "false"


def test_fields_stored_on_whoosh_are_stored_on_solr():
    schema = build_schema()
    for name in schema.names():
        if schema[name].stored:
            assert _attr(FIELDS[name], "stored") == "true", name


@pytest.mark.parametrize(("language", "analyzer"), [("en", ENGLISH), ("es", SPANISH)])
def test_solr_drops_the_same_stop_words_as_whoosh(language, analyzer):
    (stop,) = [item for item in analyzer.items if hasattr(item, "stops")]
    lines = (CONFIGSET_DIR / "lang" / f"stopwords_{language}.txt").read_text(encoding="utf-8").splitlines()
    assert {w for w in lines if w and not w.startswith("#")} == set(stop.stops)


def test_text_fields_use_snowball_english_and_spanish():
    def stemmer(field: str) -> str:
        filters = TYPES[FIELDS[field].get("type")].iter("filter")
        return next(f.get("language") for f in filters if f.get("class") == "solr.SnowballPorterFilterFactory")

    assert (stemmer("title"), stemmer("body"), stemmer("body_es")) == ("English", "English", "Spanish")
