"""WikiLeaks cable-viewer pages -> Cable.

The cable text is read only from the page's ``<pre>`` blocks (routing header, then
body); the metadata table (Reference ID, Created, Released, Classification, Origin)
is kept in ``record.metadata`` and only fills what the text does not say.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from corpus.cable import parse_cable_text
from corpus.classification import parse_classification
from corpus.ids import canonical_id
from corpus.records import Cable, ParseError

# Cut the interesting part out before handing it to BeautifulSoup: the site chrome
# around it is 10-100 times larger and would dominate parsing time.
_TABLE = re.compile(r"<table\s+class=['\"]cable['\"][^>]*>.*?</table>", re.S | re.I)
_PRES = re.compile(r"<pre[^>]*>.*?</pre>", re.S | re.I)
_ANCHOR_TAG = re.compile(r"<a\b[^>]*>|</a\s*>", re.I)
_COLUMNS = {
    "reference id": "wikileaks_id",
    "created": "wikileaks_created",
    "released": "wikileaks_released",
    "classification": "wikileaks_classification",
    "origin": "wikileaks_origin",
}


def _decode(data: bytes | str) -> str:
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return data


def _soup(fragment: str) -> Any:  # bs4 imported lazily, keep `import corpus.wikileaks` cheap
    from bs4 import BeautifulSoup

    return BeautifulSoup(fragment, "lxml")


def _page_parts(page: str) -> tuple[Any, list[Any]]:  # (table Tag | None, [pre Tag]) from one soup
    # One BeautifulSoup pass over the table and the <pre> blocks together: building a
    # soup has a fixed cost that counts at thousands of pages.
    table = _TABLE.search(page)
    pres = _PRES.findall(page)
    if not table and not pres:
        return None, []
    # The <pre> blocks hold text, entities and <a> tags (¶ anchors, TAGS links) whose text is all
    # we keep: dropping the tags first leaves BeautifulSoup a few text nodes instead of hundreds
    # of elements to build (a third of a page's parsing time).
    text = _ANCHOR_TAG.sub("", "".join(pres))
    soup = _soup((table.group(0) if table else "") + text)
    return (soup.find("table") if table else None), soup.find_all("pre")


def _table_metadata(table: Any) -> dict[str, str]:  # a bs4 Tag
    if table is None:
        return {}
    heads = [th.get_text(" ", strip=True).lower() for th in table.find_all("th")]
    cells = [td.get_text(" ", strip=True) for td in table.find_all("td")]
    out: dict[str, str] = {}
    for head, cell in zip(heads, cells):
        key = _COLUMNS.get(head)
        if key and cell:
            out[key] = re.sub(r"\s+", " ", cell)
    return out


def _pre_text(pres: list[Any], source: str) -> str:
    if not pres:
        raise ParseError(source or "<page>", "no <pre> block: not a WikiLeaks cable page")
    return "\n\n".join(pre.get_text().replace("\r\n", "\n") for pre in pres)


def page_metadata(data: bytes | str) -> dict[str, str]:
    """The page's metadata table as ``{"wikileaks_id": "09LIMA1661", "wikileaks_created": …}``.

    Classification is the link's TEXT (its ``title`` attribute is sometimes wrong).
    Empty dict when the page has no metadata table.
    """
    return _table_metadata(_page_parts(_decode(data))[0])


def page_text(data: bytes | str, *, source: str = "") -> str:
    """The cable text of a page: its ``<pre>`` blocks, ¶ anchors and TAGS links as plain text."""
    return _pre_text(_page_parts(_decode(data))[1], source)


def _metadata_datetime(value: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        return None


def parse_wikileaks_html(data: bytes | str, *, source: str = "") -> Cable:
    """Parse a WikiLeaks cable page (either template) into a Cable.

    Raises ParseError naming ``source`` for a page without cable text.
    """
    table, pres = _page_parts(_decode(data))
    meta = _table_metadata(table)
    text = _pre_text(pres, source)
    created = _metadata_datetime(meta.get("wikileaks_created", ""))
    try:
        cable = parse_cable_text(text, source=source, default_date=created)
    except ParseError:
        if not meta.get("wikileaks_id"):
            raise
        # e.g. a literal "null" header and nothing readable: keep what the page says
        cable = Cable(id="", source=source)
    cable.metadata.update(meta)
    _fill_from_metadata(cable, meta)
    if not cable.id:
        raise ParseError(source or "<page>", "no cable id in the text nor in the page metadata")
    return cable


def _fill_from_metadata(cable: Cable, meta: dict[str, str]) -> None:
    if meta.get("wikileaks_id"):
        cable.metadata.pop("provisional_id", None)
        page_id = canonical_id(meta["wikileaks_id"]) or meta["wikileaks_id"]
        if cable.id and cable.id != page_id:
            # The site published this text under another id (a borrowed body such as
            # 09BANGKOK706 carrying Taipei 320, or a garbled serial).  The page's id is the
            # one the world cites and links to, so it names the record; the text's is kept.
            cable.metadata["text_id"] = cable.id
        cable.id = page_id
    if cable.date is None and meta.get("wikileaks_created"):
        cable.date = _metadata_datetime(meta["wikileaks_created"])
        if cable.date:
            cable.dates = [cable.date.date()]
    if cable.classification is None and meta.get("wikileaks_classification"):
        cable.classification = parse_classification(meta["wikileaks_classification"])
    if cable.origin is None and meta.get("wikileaks_origin"):
        cable.origin = meta["wikileaks_origin"]
