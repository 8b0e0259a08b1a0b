"""How cables look on screen: classification colours, marking badges, highlighted terms.

Styles use the theme's text-* variables so they stay readable in light and dark themes.
"""

from __future__ import annotations

import re

from textual.content import Content

HIGHLIGHT = "bold reverse"

# Ordered from most to least severe: the first level found in a string wins.
_LEVEL_STYLES: tuple[tuple[str, str], ...] = (
    ("TOP SECRET", "bold $text-error"),
    ("SECRET", "bold $text-error"),
    ("CONFIDENTIAL", "bold $text-warning"),
    ("LIMITED OFFICIAL USE", "$text-accent"),
    ("UNCLASSIFIED", "$text-success"),
)

_LEVEL_SHORT = {
    "TOP SECRET": "TS",
    "SECRET": "S",
    "CONFIDENTIAL": "C",
    "LIMITED OFFICIAL USE": "LOU",
    "UNCLASSIFIED": "U",
}

_MARKED = re.compile(r"«([^«»]*)»")
_WORD = re.compile(r"[A-Za-zÀ-ÿ0-9']+")
# Words of the query language that are operators or field names, not search terms.
_NOT_TERMS = {"and", "or", "not", "to", "from"}
_FIELD = re.compile(r"\b\w+:(\"[^\"]*\"|\S+)")
_SUFFIX = re.compile(r"(ations?|ing|ed|es|s|ity|ies|al|ly)$")


def classification_style(level: str | None) -> str:
    if not level:
        return "dim"
    upper = level.upper()
    for name, style in _LEVEL_STYLES:
        if upper.startswith(name) or (name != "SECRET" and name in upper):
            return style
    return "dim"


def classification_label(level: str | None, short: bool = False) -> Content:
    """The level, coloured; ``short`` gives C / S / U for narrow columns."""
    if not level:
        return Content.styled("—" if short else "unmarked", "dim")
    text = _LEVEL_SHORT.get(level.upper(), level) if short else level
    return Content.styled(text, classification_style(level))


def marking_style(marking: str | None) -> str:
    if not marking:
        return "dim"
    head = marking.upper().split("//")[0]
    if head in ("S", "TS"):
        return "bold $text-error"
    if head == "C":
        return "bold $text-warning"
    if head in ("SBU", "LOU"):
        return "$text-accent"
    if head == "U":
        return "$text-success"
    return "dim"


def marking_badge(marking: str | None) -> Content:
    """``(C)`` in the marking's colour, or nothing for an unmarked paragraph."""
    if not marking:
        return Content("")
    return Content.styled(f"({marking})", marking_style(marking))


def marked_snippet(snippet: str, style: str = HIGHLIGHT) -> Content:
    """Render the search layer's «term» marks as highlighted text (the marks themselves go)."""
    parts: list[str | tuple[str, str]] = []
    position = 0
    for match in _MARKED.finditer(snippet):
        parts.append(snippet[position : match.start()])
        parts.append((match.group(1), style))
        position = match.end()
    parts.append(snippet[position:])
    return Content.assemble(*parts)


def query_terms(query: str) -> list[str]:
    """The plain words of a query (fields, operators and punctuation dropped), lower case."""
    without_fields = _FIELD.sub(" ", query)
    terms = []
    for word in _WORD.findall(without_fields):
        lowered = word.lower().strip("'")
        if len(lowered) > 1 and lowered not in _NOT_TERMS and lowered not in terms:
            terms.append(lowered)
    return terms


def terms_pattern(terms: list[str]) -> re.Pattern[str] | None:
    """A regex matching the words of a text that share a stem with the terms.

    A crude stem (common suffixes cut) so "dialogue" lights up "dialogues" as the index's
    stemmer would match it; exactness is not needed for a highlight.
    """
    stems = []
    for term in terms:
        stem = _SUFFIX.sub("", term) if len(term) > 4 else term
        stems.append(re.escape(stem))
    if not stems:
        return None
    return re.compile(r"\b(?:" + "|".join(stems) + r")\w*", re.IGNORECASE)


def highlight_terms(text: str, pattern: re.Pattern[str] | None, style: str = HIGHLIGHT) -> Content:
    content = Content(text)
    if pattern is None:
        return content
    return content.highlight_regex(pattern, style=style)


def sparkline(values: list[int]) -> str:
    """A one-line histogram (▁▂▃▄▅▆▇█) of the values."""
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    top = max(values) or 1
    return "".join(bars[min(len(bars) - 1, round(v / top * (len(bars) - 1)))] if v else " " for v in values)
