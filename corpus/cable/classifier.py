"""The person who classified a cable, read from its "Classified By" field.

The field names the classifier with a title before or after the name, in any case and with
the typing slips of the day; :func:`classifier` keeps the person only:

    "Acting Deputy Chief of Mission Marc Wall"               -> "Marc Wall"
    "Rose E. Gottemoeller, Assistant Secretary, Department of State, VCI" -> "Rose E. Gottemoeller"
    "GILMOUR, David, DCM, State, Embassy Panama"             -> "David Gilmour"
    "CHARGE D'AFFAIRES THEODORE KATTOUF"                     -> "Theodore Kattouf"
    "Charge d'Affaires, a.i., Arnold A. Chacon"              -> "Arnold A. Chacon"
    "THOMAS W. SIMONS, JR., AMBASSADOR"                      -> "Thomas W. Simons, Jr."
    "SECTION 1.5 (B) AND (D)"                                -> None (no person named)

A title is any word of :data:`TITLE_WORDS`, a word with a slash ("A/DCM", "POL/ECONOFF"), or
an office abbreviation in capitals before a mixed-case name ("USEU", "AIT", "ISN").  A name
written in capitals is given in title case ("MCNAMARA" -> "McNamara"); what the cable says
stays in ``Cable.classified_by_text``.
"""

from __future__ import annotations

import re
from functools import cache

from corpus.ids import one_slip

# Words of titles, offices and their abbreviations as classifiers wrote them (lower case, no dots).
TITLE_WORDS = frozenset(
    """
    ai acting adviser advisor affaires affairs affiars agency ambassador ambassaor amb ambassador-at-large
    and assistant attache attaché bureau by ca cda cdr ceo chairman charge chargé chief classified col commander
    commercial consul consular coordinator couns counsel counselor counsellor counselour counsel0r cg coun
    dep deputy dcm de d'affaires d'afairs d'affairs de'affairs defense department dept dir director division
    doc dos ecmin econ econcouns econoff economic economic-political ecpo embassy emboff envoy executive
    for foreign general governance head in-charge interagency labor leader legal ltc lt maj management mcounselor
    min mincouns minister minister-counselor minister-counsellor minister-counselour mission mr mrs ms
    officer of office officer-in-charge pao permanent pol polcouns poloff polecon pol-mil polmil political
    political-economic political-military principal prt public regional rep representative represenative
    section secretary senior special state team the to unit us usun usg vice a/s attorney
    arms control international security watch operations intelligence research press cultural human rights
    narcotics law enforcement trade energy environment science health military attaché resident liaison
    deputy-chief desk country mc econmincouns polmincouns econmin polmin pol-econ polec provincial reconstruction
    u/s undersecretary under-secretary
    """.split()
)
_AGENCIES = frozenset({"state"})  # the tool writes the agency as one word after the title
_CUT_WORDS = TITLE_WORDS | {"classified", "reasons"}
SLIP_LETTERS = 6  # title words this long are recognised with a typing slip
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_TOKEN = re.compile(r"\S+")
_NAME_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.\-\"“”]*")
_ASIDE = re.compile(r"\([^)]{0,20}\)")  # "(acting)", "(T)", "(AI)": asides, never a name
_INITIALS = re.compile(r"(?:[A-Za-z0-9]\.){1,3}[A-Za-z]?")  # "E.", "W.S.", "0." (zero for O)
_PREFIX = re.compile(r"^\s*(?:\d{1,2}\.\s*)?(?:\(\w+\)\s*)?(?:(?:this\s+message\s+)?classified\s+by\s*:?\s*)?", re.I)
MAX_NAME_WORDS = 5
OFFICE_LETTERS = 4  # "USEU", "AIT", "ISN": an office; "GILMOUR, David": a surname


def _is_title(word: str, mixed_case: bool) -> bool:
    w = word.strip(",;:()'’\"").replace(".", "").lower().replace("’", "'")  # "a.i." -> "ai"
    if not w or "/" in w or all(_title_word(p) for p in w.split("-")):
        return True
    # an office in capitals before a mixed-case name: "USEU Political …", "AIT Director …"
    bare = word.strip(".,")
    if bare.lower() in _SUFFIXES:
        return False  # "Phillip Carter III"
    return mixed_case and word.isupper() and 1 < len(bare) <= OFFICE_LETTERS and not _INITIALS.fullmatch(word)


@cache
def _title_word(w: str) -> bool:
    """A title word, or one typing slip from a long one ("Councelor", "Counseor")."""
    return w in TITLE_WORDS or (len(w) >= SLIP_LETTERS and any(one_slip(w, t) for t in TITLE_WORDS if len(t) >= SLIP_LETTERS))


def _name_in(part: str, mixed_case: bool) -> list[str]:
    """The name words of one comma-separated part: the words after a title ("Acting DCM Marc Wall";
    the last title that leaves a name: "CDA Damian R. Leader"), else before one ("DEBORAH
    SCHNEIDER SENIOR WATCH OFFICE")."""
    words = [w.strip(",;:\"“”") for w in _TOKEN.findall(_ASIDE.sub(" ", part)) if _NAME_TOKEN.search(w)]
    titles = [i for i, w in enumerate(words) if _is_title(w, mixed_case)]
    for start in [i + 1 for i in reversed(titles)] + [0]:
        end = len(words) if start else (titles[0] if titles else len(words))
        name = words[start:end]
        if name and not _is_title(name[0], mixed_case) and _is_name(name, whole=start == 0 and not titles):
            return name
    return []


def _is_name(name: list[str], *, whole: bool) -> bool:
    if len(name) > MAX_NAME_WORDS or not all(_NAME_TOKEN.fullmatch(w) for w in name):
        return False
    if not any(len(w.strip(".")) > 1 and w[0].isalpha() and not set(w.upper()) <= {"X"} for w in name):
        return False  # "XXXXXXXXXXXX": a redacted name
    if any(any(c.isdigit() for c in w) and not _INITIALS.fullmatch(w) for w in name):
        return False  # "1.4", "12958": no name ("0." is an O typed as zero: "LEE 0. COLDREN")
    if len(name) == 1:
        w = name[0].strip(".").lower()
        if name[0].islower() or any(t.startswith(w) for t in _CUT_WORDS):
            return False  # a field cut off mid-word: "Ambass", "Politi", "Classifi"
    return whole or len(name) >= 1


def classifier(who: str) -> str | None:
    """The person named in the classifier text (the reasons already cut off), or None."""
    text = _PREFIX.sub("", re.sub(r"\s+", " ", who)).strip(" .;:,-")
    text = _PREFIX.sub("", text)  # "Classified By: Classified by DCM Liz Dibble"
    if not text:
        return None
    mixed_case = not text.isupper()
    parts = [p.strip() for p in re.split(r"[,;]|\s-\s", text) if p.strip()]
    if any(p.lower() in _AGENCIES for p in parts[2:]) and (person := _surname_first(parts, mixed_case)):
        return person
    for i, part in enumerate(parts):
        name = _name_in(part, mixed_case)
        if name:
            suffix = parts[i + 1] if i + 1 < len(parts) and parts[i + 1].strip(".").lower() in _SUFFIXES else None
            person = " ".join(name) + (f", {suffix}" if suffix else "")
            return _title_case(person) if person.isupper() else person
    return None


def _surname_first(parts: list[str], mixed_case: bool) -> str | None:
    """The classification tool's own form, "SURNAME, Given, Title, Agency, Office": "GILMOUR, David,
    DCM, State, Embassy Panama" -> "David Gilmour"."""
    surname = _name_in(parts[0], mixed_case)
    if len(surname) != 1:
        return None  # "McKinley P. Michael" or "Lisa Kubiske": which word is the surname is not written
    given = _name_in(parts[1], mixed_case)
    if not given:
        return None
    words = [w if not w.isupper() or not mixed_case or len(w) < 3 else _title_case(w) for w in [*given, surname[0]]]
    person = " ".join(words)
    return _title_case(person) if person.isupper() else person


def _title_case(name: str) -> str:
    """ "THEODORE KATTOUF" -> "Theodore Kattouf"; "MCNAMARA" -> "McNamara"; "O'NEILL" -> "O'Neill";
    "LEE 0. COLDREN" -> "Lee O. Coldren"; roman numerals stay ("III")."""
    out = []
    for word in name.split(" "):
        bare = word.strip(".,")
        if bare.lower() in ("ii", "iii", "iv"):
            out.append(word)
            continue
        word = re.sub(r"(?<![A-Z0-9])0(?=\.)", "O", word)
        word = re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), word)
        word = re.sub(r"\b(Ma?c)([a-z])", lambda m: m.group(1) + m.group(2).upper(), word)
        out.append(word)
    return " ".join(out)
