"""TAGS: the cable's subject, country and program codes ("PREL PGOV MARR PE MOPS").

Three kinds of TAGS exist (5 FAH-3 H-612): subject (PREL, ECON), geo-political
(two letters, FIPS 10-4 based, plus regional X*/Z* codes) and program (K + 3
letters).  Real TAGS lines also hold typos, glued codes, people's names and
free text; the tables below are this project's, built from the cases in the
research notes (§1.3) and the WikiLeaks pages.
"""

from __future__ import annotations

import re
from functools import cache

from corpus.countries import fips_country
from corpus.records import Tag

# The label at line start, in every spelling seen in real cables.  Without a
# colon only the capitalised label counts, so prose ("tags were …") is not a label.
TAGS_LABEL = re.compile(
    r"^[ \t>*_]*(?:(?i:tags|tag|tages|tas|tabs|tgs|ags)[ \t]*[:;,]|(?:TAGS|TAG)(?=[ \t]+[A-Z]{2}))",
    re.M,
)

# Standard subject codes (the common ones of the TAGS handbook), for splitting
# glued codes; kind "subject" is also given to any P/E/M/S/O/A/C/T + 3 letters.
SUBJECT_CODES = frozenset("""
    ABLD ABUD ACOA ADCO ADPM AEMR AFIN AFSI AFSN AGAO AGMT AINF AINR AINT ALOW AMED AMGT AODE AORC APCS
    APER AROC ASCH ASEC ASIG ASUP ATFN ATRN BBSR BEXP BMGT BTIO CACM CACS CASC CFED CJAN CJUS CKGR CMGT
    CPAS CVIS EAGR EAID EAIR ECIN ECIP ECON ECPS ECUN EFIN EFIS EIND EINT EINV ELAB ELTN EMIN ENRG EPET
    ETRD ETTC EWWT MARR MASS MCAP MNUC MOPS MPOS ODIP OEXC OEXP OFDP OIIP OPDC OPRC OREP OSCI OTRA OVIP
    PARM PBIO PBTS PGOV PHSA PHUM PINL PINR PINS PINT PREF PREL PROP PTER SCUL SENV SMIG SNAR SOCI SPCE
    TBIO TINT TNGD TPHY TRGY TSPA TSPL
""".split())

# Organisation TAGS (a selection: the ones seen in the WikiLeaks pages and the usual UN bodies).
ORGANIZATION_CODES = frozenset("""
    EU EUN UN NATO OAS OSCE IAEA UNSC UNGA UNHRC UNHCR UNESCO UNICEF UNDP UNEP UNODC UNFICYP UNMIK UNIFIL
    ASEAN APEC AU OPEC IMF IBRD WTO WHO ICAO IMO ILO FAO ICRC ICJ ICC ICTY ICTR OECD OPCW MTCR NSG NPT
    CWC BWC CTBT GCC OIC SCO CSTO SADC ECOWAS MERCOSUR CARICOM COE IWC INTERPOL FATF G8 G20 NAM IOM
    EFTA FTAA ECA ESA NEPAD UNAMA UNAMI UNMIS UNMIL MONUC MINUSTAH UNDOF UNTSO IEA OSCE WFP IFAD UNCTAD
""".split())

# Misspellings and ISO-style country codes, mended to the code a cable should carry.
TYPOS: dict[str, str] = {
    "MOPPS": "MOPS", "POGOV": "PGOV", "PGGV": "PGOV", "RU": "RS", "SYR": "SY", "UNDESCO": "UNESCO",
    "KWWMN": "KWMN", "UNFCYP": "UNFICYP", "ESENV": "SENV", "EEPET": "EPET", "MTCRE": "MTCR",
    "KFTFN": "KTFN", "ENERG": "ENRG", "IQ": "IZ", "YE": "YM", "VN": "VM", "VZ": "VE", "PRELL": "PREL",
    "JP": "JA", "IL": "IS", "TR": "TU", "NK": "KN",
}

_NOISE = frozenset({"SIPDIS", "TAGS", "TAG", "UNCLASSIFIED", "UNCLAS", "CONFIDENTIAL", "SECRET",
                    "NOFORN", "SENSITIVE", "LIMITED", "OFFICIAL", "USE", "ONLY"})

# First names that turn "CLINTON HILLARY" into the person tag "CLINTON, HILLARY".
_FIRST_NAMES = frozenset("""
    HILLARY CONDOLEEZZA GEORGE JAMES JOSEPH JOHN JOHNNIE ROBERT WILLIAM MICHAEL DAVID RICHARD THOMAS NANCY
    BARACK JOE DICK COLIN DONALD MADELEINE MARK PAUL PETER SUSAN CHRISTOPHER WILLIAMJ HUGO NICOLAS EVO ALAN
""".split())

_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_HTML = re.compile(r"<[^>]+>")
# Page furniture that breaks into a TAGS list in multi-page cables.
_PAGE_HEADER = re.compile(r"\bPAGE\s+\d+\s+[A-Z ]+?\s+\d+\s+(?:\d+\s+OF\s+\d+\s+)?\d{6}Z", re.I)
_END = re.compile(r"\b(?:SUBJECT|SUBJ|E\.\s?O\.|REF)\b.*", re.S | re.I)
_PERSON_PARENS = re.compile(r"\(([^()]*,[^()]*)\)")
_CHUNK_SPLIT = re.compile(r"[,;]")
_WORD = re.compile(r"[^\s]+")


def parse_tags(value: str) -> list[Tag]:
    """The text after a TAGS label -> typed, mended, deduplicated tags in their order."""
    text = _HTML.sub(" ", _LINK.sub(r"\1", value))
    text = _PAGE_HEADER.sub(" ", text)
    text = _END.sub("", text)
    text = TAGS_LABEL.sub(" ", text)
    tags: dict[str, Tag] = {}

    def add(tag: Tag | None) -> None:
        if tag is not None and tag.code not in tags:
            tags[tag.code] = tag

    # "OVIP (STEINBERG, JAMES B.)": a person in parentheses; keep its place in the order.
    pieces: list[str | Tag] = []
    pos = 0
    for m in _PERSON_PARENS.finditer(text):
        pieces.append(text[pos:m.start()])
        pieces.append(_person(m.group(1)))
        pos = m.end()
    pieces.append(text[pos:])
    for piece in pieces:
        if isinstance(piece, Tag):
            add(piece)
            continue
        for chunk in _CHUNK_SPLIT.split(piece.replace("(", " ").replace(")", " ")):
            for tag in _chunk_tags(chunk):
                add(tag)
    return list(tags.values())


def _person(text: str) -> Tag:
    surname, _, first = text.partition(",")
    name = f"{' '.join(surname.split())}, {' '.join(first.split())}".upper()
    return Tag(code=name, kind="person")


def _chunk_tags(chunk: str) -> list[Tag]:
    words = [w.strip(".:'\"*").upper() for w in _WORD.findall(chunk)]
    words = [w for w in words if w and w not in _NOISE and any(c.isalnum() for c in w)]
    coded = [_codes(w) for w in words]
    # A two-letter word between two plain words is part of a phrase ("TIP IN TURKEY").
    for i in range(1, len(words) - 1):
        if coded[i] and len(words[i]) == 2 and coded[i - 1] is None and coded[i + 1] is None:
            coded[i] = None
    out: list[Tag] = []
    run: list[str] = []

    def flush() -> None:
        if run in (["AND"], ["&"]):  # a joining word between codes
            run.clear()
        if not run:
            return
        if len(run) in (2, 3) and run[1] in _FIRST_NAMES:
            out.append(Tag(code=f"{run[0]}, {' '.join(run[1:])}", kind="person"))
        else:
            out.append(Tag(code=" ".join(run), kind="other"))
        run.clear()

    for word, codes in zip(words, coded):
        if codes is None:
            run.append(word)
            continue
        flush()
        out.extend(_typed(c) for c in codes)
    flush()
    return out


def _codes(word: str) -> list[str] | None:
    """The TAGS codes a word stands for, or None when it is not a code (plain word)."""
    word = TYPOS.get(word, word)
    if not word.isalpha():
        return [word] if re.fullmatch(r"[A-Z0-9/-]+", word) and "/" in word else None
    if _is_code(word):
        return [word]
    return _split_glued(word)


def _is_code(word: str) -> bool:
    if len(word) == 2:
        return fips_country(word) is not None or word[0] in "XZ" or word in ORGANIZATION_CODES
    return (
        word in ORGANIZATION_CODES or word in SUBJECT_CODES or _is_program(word)
        or re.fullmatch(r"[PEMSOACT][A-Z]{3}", word) is not None
    )


def _is_program(word: str) -> bool:
    return len(word) == 4 and word[0] == "K" and word.isalpha()


@cache
def _split_glued(word: str) -> list[str] | None:
    """"PHUMBA" -> ["PHUM", "BA"], "ECONEFIN" -> ["ECON", "EFIN"]; None when it does not split."""
    if len(word) < 5:
        return None
    best: list[list[str] | None] = [None] * (len(word) + 1)
    best[0] = []
    for i in range(len(word)):
        done = best[i]
        if done is None:
            continue
        for size in (4, 2, 3, 5, 6):
            part = word[i:i + size]
            if len(part) != size:
                continue
            part = TYPOS.get(part, part)
            ok = (
                part in SUBJECT_CODES or _is_program(part) or part in ORGANIZATION_CODES
                or (size == 2 and fips_country(part) is not None)
            )
            if ok and best[i + size] is None:
                best[i + size] = done + [part]
    parts = best[len(word)]
    # "RIGHTS" is not RI GH TS: a real glued list is mostly full codes.
    if parts is None or sum(len(p) == 2 for p in parts) > sum(len(p) > 2 for p in parts):
        return None
    return parts


def _typed(code: str) -> Tag:
    code = TYPOS.get(code, code)
    if len(code) == 2:
        name = fips_country(code)
        if name:
            return Tag(code=code, kind="country", name=name)
        if code in ORGANIZATION_CODES:
            return Tag(code=code, kind="organization")
        if code[0] in "XZ":
            return Tag(code=code, kind="region")
        return Tag(code=code, kind="other")
    if code in ORGANIZATION_CODES:
        return Tag(code=code, kind="organization")
    if _is_program(code):
        return Tag(code=code, kind="program")
    if code in SUBJECT_CODES or re.fullmatch(r"[PEMSOACT][A-Z]{3}", code):
        return Tag(code=code, kind="subject")
    return Tag(code=code, kind="other")
