"""PanelList: an OptionList for a panel whose size the layout fixes (the result list, the facets).

A new page of results or facet counts changes how many lines the list holds, not how big the panel
is: so a change of the list's length (its virtual size) redraws the panel and its scrollbar only,
where Textual's default lays out the whole screen again (most of the UI's time per keystroke at
251,287 cables).  A scrollbar that appears or goes away still re-lays the screen out, as it must.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import OptionList


class PanelList(OptionList):
    virtual_size = Reactive(Size(0, 0), layout=False)
