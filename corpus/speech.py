"""UN General Debate speeches (UNGDC corpus) -> ``Document``.

Archive members are ``TXT/Session NN - YYYY/<ISO3>_NN_YYYY.txt``: one speech per
file, no header; the speaker's country, the session and the year are in the
file name only.

* id: ``UNGDC-<ISO3>-<YYYY>`` ("UNGDC-PER-2003"); kind ``"speech"``.
* date: the file gives only the year.  ``date`` is January 1 of that year and
  ``metadata["date_precision"]`` is ``"year"``: January 1 is a sort key, not a
  day the speech was given (the debate is held in September–October).
  ``dates`` holds that year's January 1 followed by any date the speech
  itself names.  ``metadata`` also has ``session``, ``year``, ``iso3``.
* paragraphs: numbered 1..N.  Most files hold one paragraph per line; some
  (PDF extractions, e.g. 2003) are hard-wrapped at ~50 characters: those are
  re-flowed first, a paragraph ending at a line that ends a sentence and is
  clearly shorter than the column width.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from statistics import median

from corpus.countries import find_countries, iso3_country
from corpus.dates import find_dates
from corpus.records import Document, Paragraph, ParseError

__all__ = ["parse_speech", "is_speech_member", "speech_member_info"]

_MEMBER = re.compile(r"(?:^|/)(?P<iso3>[A-Z]{2,3})_(?P<session>\d{1,2})_(?P<year>(?:19|20)\d\d)\.txt$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]\s*$")


def is_speech_member(name: str) -> bool:
    """True for a UNGDC file name such as ``TXT/Session 58 - 2003/PER_58_2003.txt``."""
    return bool(_MEMBER.search(name))


def speech_member_info(name: str) -> tuple[str, int, int] | None:
    """(ISO3 code, session, year) from a UNGDC file name, or None."""
    m = _MEMBER.search(name)
    if not m:
        return None
    return m.group("iso3"), int(m.group("session")), int(m.group("year"))


def _with_article(name: str) -> str:
    """"United States" -> "the United States" (names that take an article in English)."""
    with_article = r"(?:United|Republic|Russian Federation|Holy See|Netherlands|Philippines|Gambia|Bahamas)\b"
    if re.match(with_article, name) or name.endswith(("Islands", "Republic", "Emirates", "States")):
        return "the " + name
    return name


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _paragraph_texts(text: str) -> list[str]:
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln]
    if not lines:
        return []
    lengths = sorted(len(ln) for ln in lines)
    wrapped = median(lengths) < 100 and sum(1 for ln in lines if not _SENTENCE_END.search(ln)) > len(lines) / 2
    if not wrapped:
        return lines
    width = lengths[int(len(lengths) * 0.9)]
    paras: list[str] = []
    cur: list[str] = []
    for ln in lines:
        cur.append(ln)
        if _SENTENCE_END.search(ln) and len(ln) < 0.8 * width:
            paras.append(" ".join(cur))
            cur = []
    if cur:
        paras.append(" ".join(cur))
    # Words hyphenated at a line end ("regen- eration") are rejoined.
    return [re.sub(r"(\w)- (?=[a-z])", r"\1", p) for p in paras]


def parse_speech(text: str, *, member_name: str, source: str = "") -> Document:
    """One UNGDC speech; ``member_name`` is the archive member's name (carries country and year)."""
    src = source or member_name
    info = speech_member_info(member_name)
    if info is None:
        raise ParseError(src, "not a UN General Debate file name (<ISO3>_<session>_<year>.txt)")
    iso3, session, year = info
    text = text.replace("\ufeff", "").replace("\r\n", "\n")
    texts = _paragraph_texts(text)
    if not texts:
        raise ParseError(src, "empty speech")
    country = iso3_country(iso3)
    who = country or iso3
    paragraphs = [Paragraph(number=str(i), printed=None, text=t) for i, t in enumerate(texts, 1)]
    body = "\n\n".join(texts)
    dates: list[date] = [date(year, 1, 1)]
    for span in find_dates(body):
        if span.start not in dates:
            dates.append(span.start)
    countries: list[str] = [country] if country else []
    for c in find_countries(body):
        if c not in countries:
            countries.append(c)
    return Document(
        id=f"UNGDC-{iso3}-{year}",
        kind="speech",
        title=f"{who} at the {_ordinal(session)} session of the UN General Debate ({year})",
        date=datetime(year, 1, 1),
        dates=dates,
        language="en",
        countries=countries,
        origin=f"Delegation of {_with_article(who)}",
        origin_country=country,
        paragraphs=paragraphs,
        source=src,
        metadata={
            "session": str(session),
            "year": str(year),
            "iso3": iso3,
            "date_precision": "year",
            "collection": "UN General Debate Corpus",
        },
        author=None,
        place="New York",
        event=f"{_ordinal(session)} session of the UN General Assembly, General Debate",
    )
