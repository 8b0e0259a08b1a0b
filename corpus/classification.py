"""Classification lines, paragraph markings and handling words of cables.

A cable states its classification on a line of its own, spaced out or not,
sometimes garbled by the conversion that published it ("SS E C R E T",
"C o n f i d e n t i a l"); each paragraph may carry a short marking
("(S//NF)", "(SBU)", "C - ENTIRE TEXT").
"""

from __future__ import annotations

import re

from corpus.records import Classification

# The one table of the classification levels, most severe first, and their abbreviations: the
# paragraph markings ("(C)"), the query language's ``class:c`` and the UI's narrow columns use it.
ABBREVIATIONS = {
    "TOP SECRET": "TS",
    "SECRET": "S",
    "CONFIDENTIAL": "C",
    "LIMITED OFFICIAL USE": "LOU",
    "UNCLASSIFIED": "U",
}
LEVELS = tuple(ABBREVIATIONS)
# The levels a paragraph marking may start with: the abbreviations, and SBU (sensitive but unclassified).
MARK_LEVELS = (*ABBREVIATIONS.values(), "SBU")

HANDLING_WORDS: frozenset[str] = frozenset(
    {
        "SIPDIS", "EXDIS", "NODIS", "LIMDIS", "NOFORN", "STADIS", "ROGER", "CHEROKEE",
        "PROPIN", "ORCON", "NOCONTRACT", "WNINTEL",
    }
)

# Garbled spellings seen in the published pages, keyed by their letters with spaces removed.
_LEVEL_SPELLINGS: tuple[tuple[str, str], ...] = (
    ("TOPSECRET", "TOP SECRET"),
    ("SSECRET", "SECRET"),
    ("SECRET", "SECRET"),
    ("ECRET", "SECRET"),
    ("CCONFIDENTIAL", "CONFIDENTIAL"),
    ("CONFIDENTIAL", "CONFIDENTIAL"),
    ("ONFIDENTIAL", "CONFIDENTIAL"),
    ("CONFIDENTAL", "CONFIDENTIAL"),
    ("LIMITEDOFFICIALUSE", "LIMITED OFFICIAL USE"),
    ("UNCLASSIFIED", "UNCLASSIFIED"),
    ("UNCLASS", "UNCLASSIFIED"),
    ("UNCLAS", "UNCLASSIFIED"),
    ("UNCLASSFIED", "UNCLASSIFIED"),
)

# A run of one- or two-letter tokens at the start: the spaced-out form "C O N F I D E N T I A L".
_SPACED_RUN = re.compile(r"^\s*((?:[A-Za-z]{1,2}\s){3,}[A-Za-z]{1,2})(?=\s|/|$)")
_LEADING = re.compile(r"^[\s\"'>,:;*-]+")
_NOFORN = re.compile(r"\bNO\s?FORN\b|//NF\b|\bNOT\s+RELEASABLE\s+TO\s+FOREIGN\s+NATIONALS\b", re.I)
_FOUO = re.compile(r"\bFOR\s+OFFICIAL\s+USE\s+ONLY\b|//FOUO\b", re.I)
_SBU = re.compile(r"\bSENSITIVE\s+BUT\s+UNCLASSIFIED\b|\bSBU\b|\bUNCLASSIFIED\s+SENSITIVE\b|\bUNCLAS\s+SENSITIVE\b", re.I)


def _squeeze_level(text: str) -> tuple[str | None, int]:
    """The level a line starts with, and how many characters of the line it used."""
    line = _LEADING.sub("", text)
    skipped = len(text) - len(line)
    spaced = _SPACED_RUN.match(line)
    if spaced:
        letters = re.sub(r"\s+", "", spaced.group(1)).upper()
        used = spaced.end()
    else:
        word = re.match(r"[A-Za-z]+(?:\s+OFFICIAL\s+USE|\s+SECRET)?", line, re.I)
        if not word:
            return None, 0
        letters = re.sub(r"\s+", "", word.group(0)).upper()
        used = word.end()
    for spelling, level in _LEVEL_SPELLINGS:
        if letters == spelling or (spaced and letters.startswith(spelling) and len(letters) - len(spelling) <= 2):
            return level, skipped + used
    return None, 0


def parse_classification(text: str) -> Classification | None:
    """Read a classification line: level plus caveats (NOFORN, SBU, FOR OFFICIAL USE ONLY).

    Only the start of ``text`` decides the level; caveats are looked for on the same line.
    Returns None when the line does not start with a classification.
    """
    return split_classification(text)[0]


def split_classification(text: str) -> tuple[Classification | None, str]:
    """The classification a line starts with, and the rest of the line after the level word(s).

    "C O N F I D E N T I A L LIMA 001661" -> (CONFIDENTIAL, " LIMA 001661"); (None, line) when none.
    """
    first = text.strip().split("\n", 1)[0] if text.strip() else ""
    level, used = _squeeze_level(first)
    if level is None:
        return None, first
    rest = first[used:]
    caveats: list[str] = []
    if _NOFORN.search(rest):
        caveats.append("NOFORN")
    if _FOUO.search(rest):
        caveats.append("FOR OFFICIAL USE ONLY")
    if level == "UNCLASSIFIED" and _SBU.search(first):
        caveats.append("SBU")
    return Classification(level=level, caveats=caveats), rest


_MARK_PARENS = re.compile(r"^\(\s*([^()]{1,30}?)\s*\)?\.?$")
_ENTIRE = re.compile(r"^(?:\(\s*)?([A-Z]{1,3}|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS)\s*-+\s*ENTIRE\s+TEXT\s*\)?\.?$", re.I)
_WORD_LEVEL = {**ABBREVIATIONS, "UNCLAS": "U"}
_MARK_CAVEATS = {"NF": "NF", "NOFORN": "NF", "FOUO": "FOUO", "FGI": "FGI", "REL": "REL", "ORCON": "OC", "OC": "OC"}


def normalise_marking(label: str) -> str | None:
    """A paragraph marking in normal form: "(S/NF)" -> "S//NF", "(C/NOFORN)" -> "C//NF", "(U)" -> "U".

    Accepts the parentheses or not ("C - ENTIRE TEXT" -> "C"); returns None when the label is
    not a marking (so "(A)" or "(Note" are not mistaken for one).
    """
    label = label.strip()
    entire = _ENTIRE.match(label)
    if entire:
        word = entire.group(1).upper()
        word = _WORD_LEVEL.get(word, word)
        return word if word in MARK_LEVELS else None
    inner = _MARK_PARENS.match(label)
    body = inner.group(1) if inner else label
    parts = [p for p in re.split(r"\s*/+\s*", body.upper().strip()) if p]
    if not parts:
        return None
    level = _WORD_LEVEL.get(parts[0], parts[0])
    if level == "SNF":  # glued form seen in real pages
        level, parts = "S", ["S", "NF"]
    if level not in MARK_LEVELS:
        return None
    caveats = []
    for part in parts[1:]:
        caveat = _MARK_CAVEATS.get(part)
        if caveat is None:
            return None
        caveats.append(caveat)
    return "//".join([level, *caveats])


_HANDLING = re.compile(r"\b(" + "|".join(sorted(HANDLING_WORDS)) + r")\b")


def find_handling(text: str) -> list[str]:
    """Handling words (SIPDIS, NOFORN, EXDIS …) written in upper case in ``text``, in order, once each."""
    seen: list[str] = []
    for match in _HANDLING.finditer(text):
        if match.group(1) not in seen:
            seen.append(match.group(1))
    return seen
