"""A cable's plain text -> Cable: routing header, header fields, then the body.

The text may start with a VZCZC routing header, a DTG line (1970s cables), a State
``INFO LOG-00`` distribution block, an e-mail wrapper, a WikiLeaks "partial extract"
notice, or directly with the classification line.  The header is read line by line;
everything after the last header field (SUBJECT / REF / Classified By) is the body,
handed to :func:`corpus.cable.body.parse_body`.

The parts, each a table of named rules with its regexes beside them:

- :mod:`corpus.cable.runon`: lines the exports ran together, split again;
- :mod:`corpus.cable.routing`: VZCZC, DE, ZNY, DTG, FM, TO, INFO, XMT ... up to BT;
- :mod:`corpus.cable.fields`: classification line, E.O., TAGS, SUBJECT, REF, Classified By;
- :mod:`corpus.cable.assemble`: the Cable those parts state (station, date, id, classification).

For example ``parse_cable_text(text)`` of 09LIMA1661's text gives id ``09LIMA1661``, date
2009-11-20 16:58, classification CONFIDENTIAL, station LIMA, its TAGS, subject and paragraphs.
"""

from __future__ import annotations

from datetime import datetime

from corpus.cable.assemble import parse
from corpus.cable.common import MONTHS, PRECEDENCES
from corpus.records import Cable, ParseError

__all__ = ["MONTHS", "PRECEDENCES", "parse_cable_text"]

HTML_SNIFF = 500  # characters at the start of the text in which "<html" means a web page, not a cable


def parse_cable_text(text: str, *, source: str = "", default_date: datetime | None = None) -> Cable:
    """Parse a cable's plain text (with or without its routing header) into a Cable.

    Raises ParseError(source, reason) when the text is not a cable at all.  The id is ""
    when the text does not allow one (no station or serial anywhere); callers that know
    the id from elsewhere (a WikiLeaks page's metadata) fill it in.  ``default_date`` (a
    page's "Created" date) stands in when the text states no date: partial extracts have
    none, and without a year "REF: STATE 02743" names no cable.
    """
    reason = _not_a_cable(text)
    if reason:
        raise ParseError(source or "<text>", reason)
    try:
        return parse(text, source, default_date)
    except ParseError:
        raise
    except Exception as exc:  # a bug or an oddity must not escape a batch as anything else
        raise ParseError(source or "<text>", f"cannot parse cable text ({type(exc).__name__}: {exc})") from exc


def _not_a_cable(text: str) -> str | None:
    stripped = text.strip()
    if not stripped or stripped.lower() == "null":
        return "empty text (no cable)"
    if "<html" in stripped[:HTML_SNIFF].lower():
        return "HTML, not cable text"
    return None
