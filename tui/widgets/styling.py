"""How cables look on screen: classification colours, marking badges, highlighted terms.

What is highlighted is the search layer's to say (the «» of snippets, the spans of
search.snippets.spans); this module only gives it a style.

Styles use the theme's text-* variables so they stay readable in light and dark themes.
"""

from __future__ import annotations

import re

from textual.content import Content

from search.presentation import classification_text, marking_label

HIGHLIGHT = "bold reverse"

# Ordered from most to least severe: the first level found in a string wins.
_LEVEL_STYLES: tuple[tuple[str, str], ...] = (
    ("TOP SECRET", "bold $text-error"),
    ("SECRET", "bold $text-error"),
    ("CONFIDENTIAL", "bold $text-warning"),
    ("LIMITED OFFICIAL USE", "$text-accent"),
    ("UNCLASSIFIED", "$text-success"),
)

_MARKED = re.compile(r"«([^«»]*)»")


def classification_style(level: str | None) -> str:
    if not level:
        return "dim"
    upper = level.upper()
    for name, style in _LEVEL_STYLES:
        if upper.startswith(name) or (name != "SECRET" and name in upper):
            return style
    return "dim"


def classification_label(level: str | None, short: bool = False) -> Content:
    """The level (search.presentation.classification_text), coloured; ``short`` gives C / S / U for narrow columns."""
    return Content.styled(classification_text(level, short), classification_style(level))


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
    return Content.styled(marking_label(marking), marking_style(marking))


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


def highlight_spans(text: str, spans: list[tuple[int, int]], style: str = HIGHLIGHT) -> Content:
    """The text with the spans the search layer found (search.snippets.spans) highlighted."""
    content = Content(text)
    for start, end in spans:
        content = content.stylize(style, start, end)
    return content


def sparkline(values: list[int]) -> str:
    """A one-line histogram (▁▂▃▄▅▆▇█) of the values."""
    bars = "▁▂▃▄▅▆▇█"
    if not values:
        return ""
    top = max(values) or 1
    return "".join(bars[min(len(bars) - 1, round(v / top * (len(bars) - 1)))] if v else " " for v in values)
