"""Plain records: what the parsers produce and the index consumes.

Everything here is a plain, picklable dataclass (records cross process
boundaries during parallel ingest).  No parsing logic lives here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from datetime import date as _date  # the field ``date`` below shadows the class in Record's body

from corpus.errors import CablesError


@dataclass(kw_only=True)
class Paragraph:
    """One citable unit of a document's body.

    ``number`` is the number a reader cites (``"7"``, ``"2.1.3"``, ``"III"``,
    ``"a"``); ``printed`` is the label exactly as it stands in the source
    (``"17."`` where the ``¶`` sign was lost, ``"¶7."``, ``"2.1.3."``).
    Unnumbered text (an opening block, a signature) has ``number=None``.
    """

    number: str | None = None
    printed: str | None = None
    marking: str | None = None  # normalised, without parentheses: "U", "SBU", "C", "S//NF"
    heading: str | None = None  # the section heading this paragraph sits under
    text: str = ""


@dataclass(kw_only=True)
class Addressee:
    """A TO or INFO line of a cable's routing header."""

    name: str  # plain-language name as written: "SECSTATE WASHDC", "AMEMBASSY BOGOTA"
    routing: str | None = None  # routing indicator: "RUEHC"
    precedence: str | None = None  # FLASH, NIACT IMMEDIATE, IMMEDIATE, PRIORITY, ROUTINE
    station: str | None = None  # canonical station token when known: "STATE", "BOGOTA"


@dataclass(kw_only=True)
class Reference:
    """One item of a REF block."""

    text: str  # the item as written: "09 STATE 112900"
    bullet: str | None = None  # "A", "B", "1" …
    ids: list[str] = field(default_factory=list)  # canonical cable ids, possibly several
    kind: str = "cable"  # "cable" | "email" | "telcon" | "message" | "report" | "other"


@dataclass(kw_only=True)
class Tag:
    """One TAGS entry, typed."""

    code: str  # "PREL", "PE", "KPAO", "CLINTON, HILLARY"
    kind: str  # "country" | "region" | "organization" | "subject" | "program" | "person" | "other"
    name: str | None = None  # "Peru" for a country tag


@dataclass(kw_only=True)
class Classification:
    level: str  # "UNCLASSIFIED", "LIMITED OFFICIAL USE", "CONFIDENTIAL", "SECRET", "TOP SECRET"
    caveats: list[str] = field(default_factory=list)  # "NOFORN", "FOR OFFICIAL USE ONLY", "SBU" …

    def __str__(self) -> str:
        return "//".join([self.level, *self.caveats])


@dataclass(kw_only=True)
class Record:
    """Any indexed document: a cable or another diplomatic text.

    ``id`` is stable and unique in an index; for cables it is the canonical
    cable id (``09LIMA1661``).  ``date`` is the main date (UTC for cables),
    ``None`` when the text does not state one.
    """

    id: str
    # "cable", "note-verbale", "report", "outcome", "conference-paper", "speech", "letter", "treaty", "article", "document"
    kind: str
    title: str = ""
    date: datetime | None = None
    dates: list[_date] = field(default_factory=list)  # every date read from the text, in order
    language: str = "en"  # ISO 639-1
    countries: list[str] = field(default_factory=list)  # country names the document is about
    origin: str | None = None  # who it comes from: "Embassy Lima", "Permanent Mission of Peru to the OAS"
    origin_country: str | None = None  # "Peru"
    paragraphs: list[Paragraph] = field(default_factory=list)
    source: str = ""  # file path, or "archive.tar.xz:member/path.html"
    metadata: dict[str, str] = field(default_factory=dict)  # anything else worth keeping

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs if p.text)

    def paragraph(self, number: str) -> Paragraph | None:
        for p in self.paragraphs:
            if p.number == number:
                return p
        return None


@dataclass(kw_only=True)
class Cable(Record):
    kind: str = "cable"
    station: str | None = None  # canonical station token: "LIMA"
    routing: str | None = None  # routing indicator of the sending station: "RUEHPE"
    transmission_id: str | None = None  # "VZCZCXYZ0021"
    precedence: str | None = None  # precedence for action
    info_precedence: str | None = None  # precedence for info
    to: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    classification: Classification | None = None
    handling: list[str] = field(default_factory=list)  # "SIPDIS", "EXDIS", "NODIS" …
    eo: str | None = None  # "12958"
    declassify_on: date | None = None
    declassify_text: str | None = None  # as written when not a date: "OADR", "X1, X5"
    tags: list[Tag] = field(default_factory=list)
    subject: str = ""
    references: list[Reference] = field(default_factory=list)
    classified_by: str | None = None
    reasons: str | None = None  # "1.4(b), (d)"
    summary: str | None = None
    signer: str | None = None
    partial: bool = False  # a WikiLeaks "partial extract" record


@dataclass(kw_only=True)
class Document(Record):
    """A non-cable diplomatic text: note verbale, report, speech, TEI document …"""

    author: str | None = None
    addressee: str | None = None
    place: str | None = None
    event: str | None = None
    running_headers: list[str] = field(default_factory=list)  # page furniture removed from the text


class ParseError(CablesError):
    """A file (or one record inside it) could not be read.

    The message always names the file and the reason.
    """

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason
