"""The result list: one entry per hit (id, date, classification, origin, title, snippet)."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.widgets.option_list import Option

from search.models import Hit
from search.presentation import UNTITLED, paragraph_label, short_date
from tui.widgets.panel import PanelList
from tui.widgets.styling import classification_label, marked_snippet, marking_badge

SNIPPET_CHARS = 150
NO_HITS = "No documents match."


def trim_snippet(snippet: str, limit: int = SNIPPET_CHARS) -> str:
    """Keep the first marked term in view: cut before it when the snippet is long."""
    snippet = " ".join(snippet.split())
    if len(snippet) <= limit:
        return snippet
    first = snippet.find("«")
    start = 0
    if first > limit // 2:
        start = snippet.rfind(" ", 0, first - limit // 4) + 1
    cut = snippet[start : start + limit]
    # never leave a dangling mark, which would highlight the rest of the line
    if cut.count("«") > cut.count("»"):
        cut = cut[: cut.rfind("«")]
    return ("…" if start else "") + cut.rstrip() + "…"


def hit_prompt(hit: Hit) -> Content:
    date = short_date(hit.date)
    top = Content.assemble(
        (hit.id, "bold $text-primary"),
        "  ",
        date,
        "  ",
        classification_label(hit.classification),
        "  ",
        (hit.origin or hit.kind, "italic"),
    )
    title = Content.styled(hit.title or UNTITLED, "bold")
    lines = [top, title]
    best = hit.paragraphs[0] if hit.paragraphs else None
    if hit.snippet:
        label = Content(paragraph_label(hit.kind, best.number) + " ") if best and best.number else Content("")
        badge = marking_badge(best.marking if best else None)
        snippet = marked_snippet(trim_snippet(hit.snippet))
        lines.append(Content.assemble(label, badge, " " if badge.plain else "", snippet))
    lines.append(Content(""))  # a blank line between hits
    return Content("\n").join(lines)


class ResultList(PanelList):
    """Enter opens the highlighted hit (OptionList.OptionSelected, handled by the screen)."""

    BINDINGS = [
        Binding("up", "cursor_up", "Up", show=False, key_display="↑", tooltip="in the results: previous hit"),
        Binding("down", "cursor_down", "Down", show=False, key_display="↓", tooltip="in the results: next hit"),
        Binding("enter", "select", "Open", show=False, tooltip="open the highlighted document"),
    ]

    def show(self, hits: list[Hit]) -> None:
        self.hits = {hit.id: hit for hit in hits}
        # set_options, not clear_options + add_options: the list is measured once, and a page as
        # long as the last one leaves the screen's layout (and the scrollbar) as it was.
        if hits:
            self.set_options([Option(hit_prompt(hit), id=hit.id) for hit in hits])
            self.highlighted = 0
        else:  # an empty box reads as "still loading" or "broken": say it
            self.set_options([Option(Content.styled(NO_HITS, "italic $text-muted"), disabled=True)])

    @property
    def current(self) -> Hit | None:
        if self.highlighted is None or not self.option_count:
            return None
        option = self.get_option_at_index(self.highlighted)
        return getattr(self, "hits", {}).get(option.id or "")
