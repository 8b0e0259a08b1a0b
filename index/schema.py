"""The Whoosh schema: one Whoosh document per record, lean fields, faceted metadata.

This module is the contract between index/ (which writes these fields) and
search/ (which queries and facets them).  Field values:

- ``id``: canonical record id, unique ("09LIMA1661").
- ``kind``: "cable", "speech", "note-verbale" … (facet).
- ``title``: subject of a cable, title of a document (boosted in BM25F).
- ``body``: all paragraph text, English Snowball stemming.  Every document's text is here, so a
  word the English analyser keeps is findable in any document (see search/query.py).
- ``body_es``: the same text for Spanish documents, Spanish stemming (empty otherwise).
- ``country``: canonical country names the record is about (TAGS countries for
  cables, countries mentioned/author for documents), multi-valued, exact case
  ("Peru", "United States").  The query side normalises "PE"/"peru" to "Peru".
- ``origin_country``: canonical country name of the sender ("Peru" for Embassy Lima).
- ``origin``: display name of the sender ("Embassy Lima") (facet).
- ``origin_terms``: lower-case words that find the origin (station token and
  words of the origin name: "lima", "embassy").
- ``to`` and ``info``: lower-case words that find a cable's addressees for action and for
  information: the words of each name, its station and its routing indicator ("secstate",
  "washdc", "state", "ruehc"); a match weighs ``index.field_names.ADDRESSEE_BOOST``, below any word of the text
  (search/query.py gives its ``to:`` and ``info:`` terms that boost).
- ``classification``: level only ("CONFIDENTIAL"; "UNCLASSIFIED" for documents
  without a marking) (facet).
- ``caveats``: "NOFORN", … and ``handling``: "SIPDIS", "EXDIS", …
- ``tag``: TAGS codes as written after mending ("PREL", "PE") (facet).
- ``marking``: the paragraph markings present ("U", "SBU", "C", "S//NF").
- ``references``: canonical ids of the cables this record cites.
- ``language``: ISO 639-1.
- ``date``: the record's datetime (sortable); ``year`` "2009" and ``month``
  "2009-11" (facets).
- ``content_hash``: sha256 of the source bytes the record came from (skip unchanged files).
- ``released``: when the publisher released this version ("2011-08-30 01:44" for a WikiLeaks
  page), so that re-ingesting an older release never replaces a newer one.
- ``paragraphs``: where each paragraph of ``body`` starts, as term positions (array of uint32
  bytes: ``[0, 14, 52]``), so ranking can tell words of one paragraph from words scattered
  across the text (index/whoosh/ranking.py).
- ``source``: where it was read from.
- ``record``: the whole record, serialised (see index/store.py), for get-by-id and reading.
"""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.columns import VarBytesColumn
from whoosh.fields import COLUMN, DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from index.field_names import FIELD_BOOSTS

# The one analysis chain of each text field, used by the index AND the query (search/query.py
# analyses every query word with the analyser of the field it searches, via index.fields.analyse).
# Snowball, not the default Porter stemmer: Porter leaves negotiating/negotiation apart.
# Accents are folded ("Chávez" is found by "chavez"): before the English stop list and stemmer
# (which know no accents), after the Spanish ones (whose stop words and suffixes carry them:
# "más", "-ación").
ENGLISH = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map) | StopFilter(lang="en") | StemFilter(lang="en")
SPANISH = RegexTokenizer() | LowercaseFilter() | StopFilter(lang="es") | StemFilter(lang="es") | CharsetFilter(accent_map)



def build_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True, sortable=True),
        kind=ID(stored=True, sortable=True),
        title=TEXT(stored=True, analyzer=ENGLISH, field_boost=FIELD_BOOSTS["title"]),
        body=TEXT(analyzer=ENGLISH, phrase=True),
        body_es=TEXT(analyzer=SPANISH, phrase=True),
        country=KEYWORD(stored=True, commas=True, scorable=False),
        origin_country=KEYWORD(stored=True, commas=True),
        origin=ID(stored=True, sortable=True),
        origin_terms=KEYWORD(lowercase=True),
        to=KEYWORD(lowercase=True),
        info=KEYWORD(lowercase=True),
        classification=ID(stored=True, sortable=True),
        caveats=KEYWORD(stored=True, commas=True),
        handling=KEYWORD(commas=True),
        tag=KEYWORD(stored=True, commas=True),
        marking=KEYWORD(commas=True),
        references=KEYWORD(commas=True),
        alias=KEYWORD(commas=True),  # former ids that still resolve ("doc-6fa2fbb2ecef")
        language=ID(stored=True),
        date=DATETIME(stored=True, sortable=True),
        year=ID(stored=True, sortable=True),
        month=ID(stored=True, sortable=True),
        content_hash=ID(stored=True),
        released=ID(stored=True),
        paragraphs=COLUMN(VarBytesColumn()),
        source=STORED(),
        record=STORED(),
    )
