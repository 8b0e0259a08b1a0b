"""Text out of PDF renderings of cables (PlusD style), with pypdf.

pypdf is a dependency: without it, reading a PDF raises ImportError, which the reader
turns into one MissingDependency for the whole ingest.  The extracted text is
mended where the PDF layout broke the cable's lines: a ``¶`` sign alone on
its line is glued to the paragraph number that follows, and TAGS written one
per line (separated by blank lines) are put back on the TAGS line.
"""

from __future__ import annotations

import io
import re

from corpus.cable import parse_cable_text
from corpus.records import Cable, ParseError

_LONE_PILCROW = re.compile(r"^[ \t]*¶[ \t]*\n(?=[ \t]*(?:\d|[A-Z][.)]))", re.M)
_TAGS_BLOCK = re.compile(r"^(TAGS?:)[ \t]*\n((?:[ \t]*[A-Za-z][\w,/-]*[ \t]*\n(?:[ \t]*\n)?)+?)(?=SUBJ)", re.M)


def pdf_text(data: bytes, *, source: str = "") -> str:
    """The text of every page, in order, mended (raises ParseError)."""
    import pypdf  # an install without it fails the ingest once, naming it (corpus.errors)

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ParseError(source, "encrypted PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ParseError:
        raise
    except Exception as exc:  # pypdf raises many kinds on damaged files
        raise ParseError(source, f"unreadable PDF ({type(exc).__name__}: {exc})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ParseError(source, "PDF without a text layer (scanned pages are not read)")
    return mend_pdf_text(text)


def mend_pdf_text(text: str) -> str:
    text = _LONE_PILCROW.sub("¶", text)
    return _TAGS_BLOCK.sub(lambda m: f"{m[1]} {' '.join(m[2].split())}\n", text)


def parse_pdf(data: bytes, *, source: str = "") -> Cable:
    """A PDF rendering of a cable -> Cable (raises ParseError)."""
    cable = parse_cable_text(pdf_text(data, source=source), source=source)
    cable.metadata["format"] = "pdf"
    return cable
