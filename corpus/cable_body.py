"""The body of a cable: numbered paragraphs, their markings and headings, the summary, the signer.

Input is everything after the header block, in any of the shapes cables are published in:
plain text hard-wrapped at ~70 columns, WikiLeaks ``<pre>`` text where each paragraph starts with
a literal "¶", JSON-lines bodies whose newlines were squeezed out (paragraphs then run together,
separated only by double spaces), and old all-caps cables.  Page furniture (section and page
markers, repeated classification lines, stray SIPDIS) is removed before anything else, so it can
neither split nor pollute a paragraph.
"""

from __future__ import annotations

import csv
import functools
import re
from dataclasses import dataclass, field
from importlib import resources

from corpus.classification import MARK_LEVELS, normalise_marking, parse_classification
from corpus.records import Paragraph


@dataclass
class Body:
    paragraphs: list[Paragraph] = field(default_factory=list)
    summary: str | None = None
    signer: str | None = None


# ---------------------------------------------------------------------------------------------
# Page furniture

# Old-style page header: "PAGE 02 ROME 01196 01 OF 02 082030Z", the station sometimes cut short
# ("CAPE T"), usually preceded by the classification repeated at the foot and head of the page.
# Old-style page header: "PAGE 02 ROME 01196 01 OF 02 082030Z", the station sometimes cut short
# ("CAPE T"), usually preceded by the classification repeated at the foot and head of the page.
_PAGE_OLD = re.compile(r"\bPAGE\s+\d{2,3}\s+[A-Z][A-Z .'-]{0,24}?\s+\d{3,6}\s+(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z\b")
_SPACED_LEVEL = r"(?:[A-Za-z] ){3,}[A-Za-z]"
_LEVEL_WORD = rf"(?:{_SPACED_LEVEL}|CONFIDENTIAL|SECRET|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE)"
_LEVEL_BEFORE = re.compile(rf"(?:\b{_LEVEL_WORD}[ \t]+){{1,2}}$")
# "SECTION 02 OF 03", with the station and serial that often follow on a squeezed line.
_SECTION = re.compile(r"\bSECTION\s+\d{1,3}\s+OF\s+\d{1,3}\b(?:[ \t]+[A-Z][A-Z' ]{1,25}?[ \t]\d{3,8}\b)?")
_SIPDIS = re.compile(r"\bSIPDIS\b")
_RULE_LINE = re.compile(r"^\s*[-=_~*]{3,}\s*$")
_FRAMED_LINE = re.compile(r"^\s*[-=*]{3,}\s*([^-=*].*?)\s*[-=*]{3,}\s*$")  # "------- SUMMARY -------"
_SLASHED_LINE = re.compile(r"^\s*//\s*([^/\s][^/]{0,80}?)\s*//\s*$")  # "//SPAIN LABOR ISSUES//" (Embassy Madrid)
_HANDLING_LINE = re.compile(
    r"^\s*(?:(?:SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS|STADIS|SENSITIVE|SENSITIVE BUT UNCLASSIFIED|NNNN|BT)[\s,;.]*)+$"
)
_TRAILERS = (
    re.compile(r"Declassified/Released\s+US\s+Department\s+of\s+State\s+EO\s+Systematic\s+Review\s+\d{1,2}\s+[A-Z]{3}\s+\d{4}", re.I),  # noqa: E501
    re.compile(r"(?m)\d{4}[A-Z]+\d+\s+-\s+Classification:\s+[A-Z /]+$"),
    re.compile(r"(?m)NNNN[ \t]*$"),
    re.compile(r"CABLE\s+ENDS\s*=+", re.I),
)
_STATION_SERIAL = re.compile(r"^\s*(?:[A-Z][A-Z'.-]*\s+){1,4}\d{3,8}\s*$")
# An underlined heading in text whose newlines were squeezed out: "...assistance.  Comment -------  8. (C)"
_RUNON_RULE = re.compile(r"[ \t]+[-=]{4,}(?:[ \t]+[-=]+)*(?=\s|$)")
_HEADING_START = re.compile(r"(?:\s\s|[.!?;:]\s)(?=[A-Z])")
_TERMINAL = ".!?:;)\"'”’]"  # a block ending in one of these ends a sentence
# Prefixed to a line known to be a heading (it was underlined or framed).  A private-use character,
# not a control one: str.strip() treats \x1c-\x1f as white space and would wipe the mark out.
_HEADING_MARK = "\ue000"


_PAGE_NUMBER = re.compile(r"(?<=\s)\d{3,8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\b")
_STATION_WORD = re.compile(r"(?:^|(?<=\s))[A-Z][A-Z'-]*\s+$")


@functools.cache
def _multiword_stations() -> frozenset[tuple[str, ...]]:
    """Station names of more than one word ("BUENOS AIRES", "RIO DE JANEIRO"), from the routing table."""
    names: set[tuple[str, ...]] = set()
    with resources.files("corpus").joinpath("data/routing-indicators.csv").open(encoding="utf-8") as f:
        for row in csv.reader(f):
            if len(row) < 2:
                continue
            words = re.sub(r"^(?:AMEMBASSY|AMCONSUL|USMISSION|AMCONGEN)\s+", "", row[1].upper()).split()
            if 1 < len(words) <= 4 and all(re.fullmatch(r"[A-Z'-]+", w) for w in words):
                names.add(tuple(words))
    return frozenset(names)


def _strip_page_markers(text: str) -> str:
    """Remove body page markers "LIMA 00001661 002 OF 004" / "PARIS 00000741 001.2 OF 004".

    The station may be several words ("BUENOS AIRES"); only the multi-word names of the routing
    table are taken whole, so the word before a one-word station survives in all-caps text.
    """
    out: list[str] = []
    pos = 0
    for m in _PAGE_NUMBER.finditer(text):
        before = text[pos: m.start()]
        window = max(0, len(before) - 80)  # a station name is short; don't rescan the whole text
        station = _STATION_WORD.search(before, window)
        if not station:
            continue
        cut = station.start()
        words = before[:cut].split()
        last = before[cut:].split()[0]
        for size in (3, 2, 1):
            if len(words) >= size and (*words[-size:], last) in _multiword_stations():
                cut = before[:cut].rstrip().rfind(" ".join(words[-size:]))
                break
        out.append(before[:cut] + " ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


_CLASSIFICATION_FIRST = frozenset("CSULTEcsulte\"'>,:;*-")


def _is_classification_line(line: str) -> bool:
    """A repeated classification line: "C O N F I D E N T I A L", "CONFIDENTIAL LIMA 001661"."""
    stripped = line.strip()
    # Cheap first-letter test: this runs on every body line, and a level word (even the garbled
    # "E C R E T") starts with one of these letters, possibly after quote or dash characters.
    if not stripped or stripped[0] not in _CLASSIFICATION_FIRST or len(stripped) > 90:
        return False
    if parse_classification(stripped) is None:
        return False
    rest = re.sub(rf"^\s*{_LEVEL_WORD}", "", stripped, flags=re.I)
    rest = re.sub(r"^\s*(?://\s*[A-Z ]+|NOFORN|SENSITIVE|SBU|FOR OFFICIAL USE ONLY)*", "", rest)
    return not rest.strip() or bool(_STATION_SERIAL.match(rest))


def _remove_with_level(pattern: re.Pattern[str], text: str) -> str:
    """Remove each match of ``pattern`` together with the classification words just before it."""
    out: list[str] = []
    pos = 0
    for m in pattern.finditer(text):
        before = text[pos: m.start()]
        level = _LEVEL_BEFORE.search(before, max(0, len(before) - 60))
        out.append((before[: level.start()] if level else before) + " ")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def _mark_run_on_headings(text: str) -> str:
    """In squeezed text, "…assistance.  Comment -------  8. (C)": the words before a rule are a heading."""
    out: list[str] = []
    pos = 0
    for m in _RUNON_RULE.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        window_start = max(pos, line_start, m.start() - 90)
        window = text[window_start: m.start()]
        starts = [b.end() for b in _HEADING_START.finditer(window)]
        begin = starts[-1] if starts else (0 if window_start in (line_start, pos) and window[:1].isupper() else -1)
        heading = window[begin:].strip() if begin >= 0 else ""
        if not heading or not heading[0].isupper():
            continue  # a rule on a line of its own: handled line by line
        out.append(text[pos: window_start + begin] + f"\n\n{_HEADING_MARK}{heading}\n\n")
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def strip_furniture(text: str) -> str:
    """The text without page furniture; a removed line leaves a blank line in its place."""
    # The substring tests spare most texts a full regex scan (these patterns have no literal prefix).
    if "PAGE" in text:
        text = _remove_with_level(_PAGE_OLD, text)
    if " OF " in text:
        text = _strip_page_markers(text)
    if "SECTION" in text:
        text = _remove_with_level(_SECTION, text)
    if "SIPDIS" in text:
        text = _SIPDIS.sub(" ", text)
    for trailer in _TRAILERS:
        text = trailer.sub(" ", text)
    if "----" in text or "====" in text:
        text = _mark_run_on_headings(text)
    lines = text.split("\n")
    out: list[str] = []
    for line in lines:
        framed = _FRAMED_LINE.match(line) or (_SLASHED_LINE.match(line) if "//" in line else None)
        if framed and not framed.group(1).strip():
            out.append("")  # "******** ********": a rule with a gap, not a heading
        elif framed:
            out.append(_HEADING_MARK + framed.group(1))
        elif _RULE_LINE.match(line):
            # An underline: the line above (if it is text) is a heading.
            for i in range(len(out) - 1, -1, -1):
                if out[i].strip():
                    if not out[i].startswith(_HEADING_MARK) and len(out[i].strip()) <= 90:
                        out[i] = _HEADING_MARK + out[i].strip()
                    break
            out.append("")
        elif _HANDLING_LINE.match(line) or _is_classification_line(line):
            out.append("")
        else:
            out.append(line)
    # A "heading" with nothing under it is the signature above a closing rule ("DUDDY\n=====CABLE ENDS====").
    last = next((i for i in range(len(out) - 1, -1, -1) if out[i].strip()), None)
    if last is not None and out[last].startswith(_HEADING_MARK):
        out[last] = out[last][len(_HEADING_MARK):]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# Signer

_NAME_WORD = re.compile(r"[A-Z][A-Za-z'-]*(?:/[A-Z][A-Za-z'-]*)*")
_NOT_NAMES = frozenset(
    {"END", "TEXT", "COMMENT", "COMMENTS", "NOTE", "SUMMARY", "SIPDIS", "NNNN", "BT", "NOFORN", "UNCLASSIFIED",
     "CONFIDENTIAL", "SECRET", "QUOTE", "UNQUOTE", "ACTION", "REQUEST", "ENDS", "THE", "AND", "OF", "FOR",
     "TO", "IN", "ON", "AT", "BY", "A", "AN", "IS", "ARE", "WAS", "WE", "IT", "US", "USG", "MESSAGE", "CABLE"}
)
_END_MARKER_WORDS = frozenset({"END", "TEXT", "COMMENT", "NOTE", "SUMMARY", "QUOTE", "UNQUOTE", "ACTION", "REQUEST"})
_SIGNER_JUNK = (
    re.compile(r"\s+0\s+\d{1,2}/\d{1,2}/\d{2,4}\s*$"),  # "STEVENS 0 02/18/2008": e-mail wrapper residue
    re.compile(r"\n[ \t.]*\.{2,}[ \t]*$"),  # a line of dots
    re.compile(r"=+\s*CABLE\s+ENDS\s*=+\s*$", re.I),
    re.compile(r"(?<=[A-Z])(?:None|null)\s*$"),  # "SACCIONone": the page's empty field glued on (66BUENOSAIRES2481)
    re.compile(r"(?<=[A-Z])#{2,}\s*$"),  # "GILLESPIE##"
)
# A downgrading group line above the signature: "GP-3" (66BUENOSAIRES2481).
_GROUP_MARK = re.compile(r"^GP-\d$")


def _name_words(words: list[str]) -> bool:
    """1-3 capitalised words, none of them a marker word: "MCKINLEY", "GOLDRICH", "Satterfield"."""
    if not 1 <= len(words) <= 3 or len(" ".join(words)) > 40:
        return False
    if not all(_NAME_WORD.fullmatch(w) and w.upper() not in _NOT_NAMES for w in words):
        return False
    # Mixed case: one word only, else "Training Track" or "Don Brash" would pass for a signature.
    return len(words) == 1 or " ".join(words).isupper()


def _dedupe(words: list[str]) -> str:
    out: list[str] = []
    for w in words:
        if not out or out[-1] != w:  # "KUBISKE KUBISKE": the name typed twice
            out.append(w)
    return " ".join(out)


def _take_signer(text: str) -> tuple[str, str | None]:
    """Cut the signature off the end of the text: "…diminished. SCOBEY" -> ("…diminished.", "SCOBEY").

    The signature is a name on the last line, alone (possibly after another name line: several
    signers), or glued after the last sentence ("… End Comment. CROCKER").
    """
    body = text.rstrip()
    prev = None
    while prev != body:
        prev = body
        body = body.rstrip(" \t\n*=_-")
        tail = max(0, len(body) - 200)  # the junk patterns only ever apply to the very end
        for junk in _SIGNER_JUNK:
            m = junk.search(body, tail)
            if m:
                body = body[: m.start()]
    cut = body.rfind("\n") + 1
    if body.startswith(_HEADING_MARK, cut):
        # "BROWNFIELD\n=====CABLE ENDS=====": the closing rule made the signature look underlined
        body = body[:cut] + " " + body[cut + len(_HEADING_MARK):]
    lines = body.split("\n")
    last = lines[-1].strip()
    if _name_words(last.split()):
        names = last.split()
        start = len(body) - len(lines[-1].lstrip())
        j = len(lines) - 2
        blank = False
        while j >= 0 and not lines[j].strip():
            blank, j = True, j - 1
        above = lines[j].strip() if j >= 0 else ""
        if above and last.isupper() and above.isupper() and len(above.split()) <= 2 and _name_words(above.split()):
            names = above.split() + names
            start = sum(len(line) + 1 for line in lines[:j]) + lines[j].index(above)
        elif above and not blank and above[-1] not in _TERMINAL and not _GROUP_MARK.match(above):
            names = []  # the last words of a hard-wrapped sentence, not a signature
        if names:
            return text[:start].rstrip(), _dedupe(names)
    tokens = list(re.finditer(r"\S+", last))
    names_m: list[re.Match[str]] = []
    for token in reversed(tokens):
        word = token.group(0)
        if len(names_m) == 3 or not _NAME_WORD.fullmatch(word) or word.upper() in _NOT_NAMES:
            break
        names_m.insert(0, token)
    while names_m and not _name_words([m.group(0) for m in names_m]):
        names_m.pop(0)
    if not names_m or names_m[0].start() == 0:
        return text, None
    before = last[: names_m[0].start()]
    preceding = before.rstrip()
    gap = len(before) - len(preceding)
    last_word = preceding.split()[-1].strip(".:") if preceding.split() else ""
    if gap >= 2 or preceding[-1] in _TERMINAL or last_word.upper() in _END_MARKER_WORDS:
        start = len(body) - len(lines[-1].lstrip()) + names_m[0].start()
        return text[:start].rstrip(), _dedupe([m.group(0) for m in names_m])
    return text, None


# ---------------------------------------------------------------------------------------------
# Paragraph labels

# A label candidate: "¶7." anywhere, or a bare "7." (where it stands decides whether it counts).
# "5, (C) Later the same day" (05THEHAGUE1556): a comma for the dot, only before a marking.
_LABEL = re.compile(
    r"¶[ \t]*(?P<n1>\d{1,3})(?:[ \t]*[.):])?(?=[\s(]|[A-Z])|(?<![\w.,/$-])(?P<n2>\d{1,3})\.(?=[ \t(])"
    r"|(?<![\w.,/$-])(?P<n3>\d{1,3}),(?=[ \t]*\()"
)
_RUN_ON_NEXT = re.compile(r"[ \t]*[(A-Z\"']")
_STARTS_WITH_MARKING = re.compile(r"[ \t]*[(\[]([A-Za-z/ -]{1,20})[)\]]")


@dataclass
class _Label:
    start: int
    end: int
    number: int
    printed: str
    strong: bool  # carried a ¶ sign


def _find_labels(text: str) -> list[_Label]:
    """The paragraph labels a reader would cite, in order.

    A ¶ label is always a label.  A bare "7." is one only where the numbering expects it (the next
    number, or a small skip when a marking follows), so dates and amounts that happen to start a
    wrapped line ("…on February\\n11. Eid said") are not taken for paragraphs.
    """
    has_pilcrow = "¶" in text
    labels: list[_Label] = []
    lost_pilcrow = False
    for m in _LABEL.finditer(text):
        start = m.start()
        marking = _STARTS_WITH_MARKING.match(text, m.end())
        marked = marking is not None and _marking(marking.group(1)) is not None
        line_start = text.rfind("\n", 0, start) + 1
        if m.group("n1"):
            n = int(m.group("n1"))
            # WikiLeaks put a ¶ before any number opening a line, so a wrapped date can carry one too.
            if line_start > 0 and not marked and not (labels and n == labels[-1].number + 1):
                prev_line = text[text.rfind("\n", 0, line_start - 1) + 1: line_start - 1].strip()
                if prev_line and prev_line[-1] not in _TERMINAL:
                    continue
            labels.append(_Label(start, m.end(), n, re.sub(r"\s+", "", m.group(0)), True))
            continue
        if m.group("n3") and not marked:
            continue
        printed, raw = m.group(0), int(m.group("n2") or m.group("n3"))
        if not text[line_start:start].strip():
            # At the start of a line: a label unless the line above runs on into it mid-sentence
            # ("…on February\n11. Eid said").
            if line_start > 0 and not marked:
                prev_line = text[text.rfind("\n", 0, line_start - 1) + 1: line_start - 1].strip()
                if prev_line and prev_line[-1] not in _TERMINAL:
                    continue
        elif text[start - 2: start].isspace() and _RUN_ON_NEXT.match(text, m.end()):
            pass  # run-on text: lines were squeezed into double spaces
        elif not (marked and text[start - 1].isspace()):
            continue
        if not labels:
            if raw == 11 and not has_pilcrow:
                # The ¶ sign was lost and shows as a leading "1": 11. 12. … stand for ¶1 ¶2 …
                lost_pilcrow = True
                labels.append(_Label(start, m.end(), 1, printed, False))
            elif raw <= 3 or (marked and raw <= 9):
                labels.append(_Label(start, m.end(), raw, printed, False))
            continue
        last = labels[-1].number
        if lost_pilcrow:
            digits = printed.rstrip(".")
            if digits.startswith("1") and len(digits) > 1 and int(digits[1:]) == last + 1:
                labels.append(_Label(start, m.end(), last + 1, printed, False))
            continue
        if raw == last + 1 or (marked and last + 1 < raw <= last + 3):
            labels.append(_Label(start, m.end(), raw, printed, False))
    return labels


# ---------------------------------------------------------------------------------------------
# Markings

_MARK_PARENS = re.compile(r"^\s*[(\[]\s*([A-Za-z][A-Za-z /-]{0,28}?)\s*[)\]]\.?(?=\s|$|[A-Za-z\"'])")
_MARK_ENTIRE = re.compile(
    r"^\s*\(?\s*((?:TOP\s+)?SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS|LIMITED OFFICIAL USE|[A-Z]{1,3})\s*-+\s*ENTIRE\s+TEXT\s*\)?\s*\.?",  # noqa: E501
    re.I,
)
_MARK_BROKEN = re.compile(r"^\s*([A-Z]{1,3}(?:/{1,2}[A-Z]{1,6})*)\)\s")  # "1. C) text", "2. SBU) text"


def _marking(label: str) -> str | None:
    found = normalise_marking(label)
    if found is not None:
        return found
    # Caveats the shared normaliser does not know ("S//REL TO ACGU"): keep them as written.
    parts = [p.strip() for p in re.split(r"/+", label.strip("() ").upper()) if p.strip()]
    if parts and parts[0] in MARK_LEVELS and all(re.fullmatch(r"[A-Z][A-Z ]{0,15}", p) for p in parts):
        return "//".join(parts)
    return None


def _take_marking(content: str) -> tuple[str | None, str]:
    """The paragraph's marking and the text after it."""
    for pattern in (_MARK_ENTIRE, _MARK_PARENS, _MARK_BROKEN):
        m = pattern.match(content)
        if not m:
            continue
        marking = _marking(m.group(0).strip().rstrip(".").strip() if pattern is _MARK_ENTIRE else m.group(1))
        if pattern is _MARK_ENTIRE and marking is None:
            marking = normalise_marking(m.group(1) + " - ENTIRE TEXT")
        if marking is not None:
            return marking, content[m.end():]
    return None, content


# ---------------------------------------------------------------------------------------------
# Blocks, headings, paragraph text

_BULLET = re.compile(r"^(?:-{1,3}|\*|•|·|o\s|\(?[a-z0-9]{1,2}\)|[A-Z]\.\s|[A-Z]\)\s|Q\s*[:.]|A\s*[:.]|[QA]\s*-)")
_SMALL_WORDS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "vs", "with",
     "over", "after", "not"}
)
_END_MARKER = re.compile(r"^\s*(?:END|BEGIN)\b", re.I)
_SUMMARY_LINE = re.compile(
    r"^\s*(?:BEGIN\s+)?SUMM?A?RY(?:\s*(?:AND|&|/)\s*[A-Z][A-Z ]{2,25}?)?\s*[:.=-]*\s*$", re.I
)
_WS = re.compile(r"[ \t\f\v\r]+")


def _looks_like_heading(line: str) -> bool:
    line = line.strip().rstrip(":").strip()
    words = line.split()
    if not words or len(words) > 14 or len(line) > 90:
        return False
    if not (line[0].isupper() or line[0].isdigit()) or line[-1] in ".,;!?":
        return False
    if _END_MARKER.match(line) or _BULLET.match(line) or _LABEL.match(line):
        return False
    if not re.search(r"[A-Za-z]{2}", line):
        return False
    if line.isupper():
        return True
    content = [w for w in words if w[0].isalpha() and w.lower() not in _SMALL_WORDS]
    capitalised = [w for w in content if w[0].isupper()]
    return len(capitalised) * 2 >= len(content) + 1 if len(content) > 1 else bool(capitalised)


@dataclass
class _Block:
    text: str
    heading: bool = False  # underlined or framed in the source


def _blocks(content: str) -> list[_Block]:
    """Blank-line separated blocks, hard-wrapped lines joined (list items keep their own line)."""
    blocks: list[_Block] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            text = current[0]
            for line in current[1:]:
                text += ("\n" if _BULLET.match(line) else " ") + line
            blocks.append(_Block(text))
            current.clear()

    for raw in content.split("\n"):
        line = _WS.sub(" ", raw).strip()
        if line.startswith(_HEADING_MARK):
            flush()
            if line[1:].strip():
                blocks.append(_Block(line[1:].strip(), heading=True))
        elif not line:
            flush()
        else:
            current.append(line)
    flush()
    return blocks


def _run_on_tail(text: str) -> tuple[str, str] | None:
    """A heading left at the end of run-on text: "…facility in Iquitos.  Peruvian Concerns"."""
    m = re.search(r"(?<=[.!?\"')])\s{2,}([A-Z][^.!?\n]{1,80}?)\s*$", text)
    if m and _looks_like_heading(m.group(1)) and not _SUMMARY_LINE.match(m.group(1)):
        return text[: m.start()], m.group(1).strip().rstrip(":").strip()
    return None


def _join(blocks: list[str]) -> str:
    """Blocks of one paragraph: a page break mid-sentence joins with a space, else a new line."""
    text = ""
    for block in blocks:
        if not text:
            text = block
        elif text[-1] not in _TERMINAL or block[0].islower():
            text += " " + block
        else:
            text += "\n" + block
    return text


@dataclass
class _Piece:
    """One segment of the body: the text before the first label, or one labelled paragraph."""

    label: _Label | None
    marking: str | None
    blocks: list[_Block]
    summary_start: bool = False  # a bare "Summary:" line came right before this paragraph


def _split_heading(pieces: list[_Piece]) -> list[tuple[_Piece, list[str], str | None]]:
    """Each piece with its own text blocks and the heading found at its end (for the next piece)."""
    result = []
    for i, piece in enumerate(pieces):
        blocks = list(piece.blocks)
        heading: str | None = None
        summary_next = False
        has_next = i + 1 < len(pieces)
        while has_next and blocks:
            tail = blocks[-1]
            if _SUMMARY_LINE.match(tail.text) and len(tail.text) < 40:
                summary_next = True
                blocks.pop()
                continue
            earlier = [b.text for b in blocks[:-1]]
            ends_sentence = not earlier or earlier[-1][-1] in _TERMINAL
            if heading is None and "\n" not in tail.text and (
                tail.heading or (ends_sentence and _looks_like_heading(tail.text))
            ) and (earlier or piece.label is None or tail.heading):
                heading = tail.text.strip().rstrip(":").strip()
                blocks.pop()
                continue
            if heading is None and not tail.heading:
                split = _run_on_tail(tail.text)
                if split:
                    blocks[-1] = _Block(split[0].rstrip())
                    heading = split[1]
            break
        texts = [b.text for b in blocks if b.text]
        if summary_next and has_next:
            pieces[i + 1].summary_start = True
        result.append((piece, texts, heading))
    return result


# ---------------------------------------------------------------------------------------------
# Summary

_SUMMARY_START = re.compile(
    r"(?<![A-Za-z])(?<!END )(?<!End )(?<!end )(?:BEGIN\s+)?SUMM?A?RY"
    r"(?:\s*(?:AND|&)\s*(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION|TABLE\s+OF\s+CONTENTS|ANALYSIS))?"
    r"(?:\s*/\s*COMMENT)?\s*(?:[:.=]+|-{2,}|\s{2,}|\n)",
    re.I,
)
_SUMMARY_END = re.compile(
    r"\bEND\s+(?:OF\s+)?(?:SUMM?A?RY)(?:\s*(?:AND|&)\s*(?:COMMENT|ACTION\s+REQUEST|INTRODUCTION|ANALYSIS))?\s*[.:]*",
    re.I,
)


def _summary(texts: list[str], start_at: int | None) -> str | None:
    """The summary: between a start marker (or a bare "Summary:" line) and END SUMMARY."""
    flat = ""
    starts: list[int] = []
    for t in texts:
        if flat:
            flat += "\n\n"
        starts.append(len(flat))
        flat += t
    end = _SUMMARY_END.search(flat)
    begin = _SUMMARY_START.search(flat, 0, end.start() if end else len(flat))
    if begin:
        start = begin.end()
    elif start_at is not None:
        start = starts[start_at]
    elif end:
        start = 0  # only END SUMMARY: the summary is what opens the body
    else:
        return None
    if end and end.start() >= start:
        stop = end.start()
    else:
        stop = flat.find("\n\n", start)
        stop = len(flat) if stop < 0 else stop
    summary = re.sub(r"\s+", " ", flat[start:stop]).strip(" -=:")
    return summary or None


# ---------------------------------------------------------------------------------------------


def parse_body(text: str) -> Body:
    """Paragraphs, summary and signer of a cable body (everything after the header block)."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("&para;", "¶")
    text = strip_furniture(text)
    text, signer = _take_signer(text)
    labels = _find_labels(text)

    pieces: list[_Piece] = []
    head_end = labels[0].start if labels else len(text)
    head = text[:head_end]
    head_marking = None
    if head.lstrip().startswith("("):
        # an unnumbered body marked like a paragraph: "(C) Pol/Econ Chief delivered reftel points…"
        head_marking, rest = _take_marking(head)
        head = rest if head_marking else head
    pieces.append(_Piece(None, head_marking, _blocks(head)))
    for i, label in enumerate(labels):
        stop = labels[i + 1].start if i + 1 < len(labels) else len(text)
        marking, rest = _take_marking(text[label.end: stop])
        pieces.append(_Piece(label, marking, _blocks(rest)))

    paragraphs: list[Paragraph] = []
    heading: str | None = None
    summary_at: int | None = None
    texts: list[str] = []
    for piece, blocks, next_heading in _split_heading(pieces):
        if piece.summary_start and summary_at is None:
            summary_at = len(texts)
        body = _join(blocks)
        if piece.label is None and not body:
            heading = next_heading or heading
            continue
        # A preamble made only of a marking-less note is still kept: it is the cable's own text.
        paragraphs.append(
            Paragraph(
                number=str(piece.label.number) if piece.label else None,
                printed=piece.label.printed if piece.label else None,
                marking=piece.marking,
                heading=heading if piece.label else None,
                text=body,
            )
        )
        texts.append(body)
        heading = next_heading or heading
    if summary_at is not None and summary_at >= len(texts):
        summary_at = None
    return Body(paragraphs=paragraphs, summary=_summary(texts, summary_at), signer=signer)
