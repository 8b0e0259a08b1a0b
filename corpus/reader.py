"""Reading files: the one entry point the index uses.

:func:`iter_sources` turns paths (files, folders, archives) into
:class:`Source` objects, one per file or archive member, read in memory
(archives are never unpacked to disk).  :func:`read_source` detects the
format by CONTENT (the name only breaks ties) and hands the bytes to the
right parser; a bad file never raises, so a batch always goes on: problems come back
as ``"name: reason"`` strings in :attr:`ReadResult.errors`.  Only a missing library
(corpus.errors.MissingDependency) is raised: it is the same for every file, said once.

Formats, in the order they are tried (:func:`detect_format`):

===============  ==============================================================
``empty``        no bytes, or only whitespace -> error
``pdf``          ``%PDF-`` magic -> corpus.pdf (needs pypdf)
``binary``       NUL bytes or a compressed/archive magic -> error
``jsonl``        first non-blank char ``{`` and the first line parses -> corpus.jsonl
``json``         other JSON -> error (only JSON lines are read)
``wikileaks``    HTML with ``<table class='cable'>`` or a cable in ``<pre>``
``html``         other HTML -> its text, as a document
``tei``          XML whose root is ``<TEI>`` -> corpus.tei
``xml``          other XML -> corpus.tei too (it reads FRUS ``<event>`` files, or says why not)
``speech``       a UN General Debate member name (corpus.speech.is_speech_member)
``cable``        plain-text cable: VZCZC, a DTG line, ``FM AMEMBASSY``,
                 or a classification line with E.O./TAGS/SUBJECT fields
``document``     any other text -> corpus.document
===============  ==============================================================

Text is decoded as UTF-8, else cp1252, else Latin-1; when not UTF-8 the
encoding used is kept in ``record.metadata["encoding"]``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tarfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from corpus.errors import MissingDependency
from corpus.records import ParseError, Record

DEFAULT_MAX_BYTES = 64 * 2**20

_TAR_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2", ".tbz2", ".tbz")
_ZIP_SUFFIXES = (".zip",)
# Files that are never documents: skipped silently, not reported as errors.
_JUNK_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", "icon\r"})
_JUNK_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".ico", ".svg", ".webp", ".tif", ".tiff",
     ".css", ".js", ".map", ".woff", ".woff2", ".ttf", ".otf", ".eot",
     ".pyc", ".pyo", ".so", ".dll", ".exe", ".o", ".class", ".jar",
     ".mp3", ".mp4", ".wav", ".avi", ".mov", ".sqlite", ".db", ".lock"}
)  # fmt: skip
_MAGIC = {
    b"PK\x03\x04": "a zip archive",
    b"\x1f\x8b": "gzip-compressed data",
    b"\xfd7zXZ\x00": "xz-compressed data",
    b"BZh": "bzip2-compressed data",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
}

_HTML = re.compile(rb"<(?:!DOCTYPE\s+html|html[\s>]|head[\s>]|body[\s>])", re.I)
_CABLE_TABLE = re.compile(rb"""<table[^>]*class\s*=\s*["']?cable""", re.I)
_PRE = re.compile(rb"<pre[\s>]", re.I)
_TEI_ROOT = re.compile(rb"<(?:[\w-]+:)?TEI[\s>]")
_XML = re.compile(rb"^\s*<(?:\?xml|[A-Za-z_][\w.-]*(?::[\w.-]+)?[\s>/])")

# Plain-text cable signals.  Strong: any one is enough.
_STRONG_CABLE = re.compile(
    r"""^[ \t]*(?:
        VZCZC[A-Z0-9]*                                          # transmission id
      | (?:[OPRZ][ \t]+){1,2}\d{6}Z[ \t]+[A-Z]{3}[ \t]+\d{2}\b   # DTG line "O R 201658Z NOV 09"
      | FM[ \t]+(?:AMEMBASSY|AMCONSUL|SECSTATE|USMISSION|USUN|USDEL|AMEMB|AMCONGEN|USLO|USINT|AIT)\b
      | DE[ \t]+R[A-Z]{3,5}[ \t]+\#\d
      | This[ ]record[ ]is[ ]a[ ]partial[ ]extract[ ]of[ ]the[ ]original[ ]cable  # WikiLeaks partial extracts
      | Cable[ ]dated:[ \t]*(?:19|20)\d\d-\d\d-\d\d                        # an export's stamp
    )""",
    re.X | re.M,
)
_CLASS_LINE = re.compile(
    r"^[ \t]*(?:(?:[A-Z][ \t]){4,}[A-Z]|UNCLAS(?:SIFIED)?|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\b"
    r"(?://\w+)?[ \t]+(?:SECTION[ \t]+\d+[ \t]+OF[ \t]+\d+[ \t]+)?[A-Z][A-Z .]*[ \t]\d{2,6}\b",
    re.M,
)
# The header fields, also mid-line and in lower case ("E.o. 12958: decl: 01/07/2014 Tags: prel, pgov").
_CABLE_FIELDS = (
    re.compile(r"(?:^|\s)E\.?[ \t]?O\.?[ \t]+1\d{4}\b", re.M | re.I),
    re.compile(r"(?:^|\s)TAGS?[ \t]*:", re.M | re.I),
    re.compile(r"(?:^|\s)SUBJ(?:ECT)?[ \t]*:", re.M | re.I),
)
_SNIFF = 8192


@dataclass
class Source:
    """One file's bytes, from disk or an archive member."""

    name: str  # "path/to/file.html" or "path/archive.tar.xz:cable/2009/11/09LIMA1661.html"
    data: bytes


@dataclass
class ReadResult:
    source: str
    sha256: str  # of data; "" when the data could not be read
    records: list[Record] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # "name: reason"; a file can give records AND errors


# --------------------------------------------------------------------------- sources


def iter_sources(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Source | ReadResult]:
    """Every readable file under ``paths`` as a Source; what cannot be read as a ReadResult error.

    Folders are walked recursively in sorted order, hidden files and folders
    skipped; archives (.tar, .tar.gz, .tgz, .tar.xz, .tar.bz2, .zip) are read
    member by member.  A file or member over ``max_bytes`` is not read: it
    gives a "too large" error.
    """
    for path in paths:
        path = Path(path)
        if path.is_dir():
            yield from _iter_folder(path, max_bytes)
        elif path.exists():
            yield from _iter_file(path, max_bytes)
        else:
            yield _error(str(path), "no such file or folder")


def count_sources(paths: Iterable[str | Path]) -> int | None:
    """How many sources iter_sources will give, when knowable cheaply (None with a compressed tar)."""
    total = 0
    for path in paths:
        path = Path(path)
        files = _walk(path) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            if name.endswith(_ZIP_SUFFIXES):
                try:
                    with zipfile.ZipFile(file) as zf:
                        total += sum(1 for info in zf.infolist() if _wanted_member(info.filename, info.is_dir()))
                except (OSError, zipfile.BadZipFile):
                    total += 1
            elif name.endswith(_TAR_SUFFIXES):
                return None  # counting a compressed tar means decompressing it all
            else:
                total += 1
    return total


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[ReadResult]:
    """Convenience: every file under ``path`` read and parsed."""
    for item in iter_sources([path], max_bytes=max_bytes):
        yield item if isinstance(item, ReadResult) else read_source(item)


def _iter_folder(folder: Path, max_bytes: int) -> Iterator[Source | ReadResult]:
    try:
        files = list(_walk(folder))
    except OSError as exc:
        yield _error(str(folder), f"unreadable folder ({exc.strerror or exc})")
        return
    for file in files:
        yield from _iter_file(file, max_bytes)


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__MACOSX")
        for name in sorted(files):
            if _wanted_name(name):
                yield Path(root, name)


def _wanted_name(name: str) -> bool:
    lower = name.lower()
    if name.startswith(".") or lower in _JUNK_NAMES:
        return False
    return PurePosixPath(lower).suffix not in _JUNK_SUFFIXES


def _wanted_member(name: str, is_dir: bool) -> bool:
    if is_dir:
        return False
    parts = PurePosixPath(name).parts
    if any(p.startswith(".") or p == "__MACOSX" for p in parts[:-1]):
        return False
    return bool(parts) and _wanted_name(parts[-1])


def _iter_file(path: Path, max_bytes: int) -> Iterator[Source | ReadResult]:
    name = str(path)
    lower = path.name.lower()
    if lower.endswith(_TAR_SUFFIXES):
        yield from _iter_tar(path, max_bytes)  # members are checked one by one against max_bytes
        return
    if lower.endswith(_ZIP_SUFFIXES):
        yield from _iter_zip(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _too_large(name, size, max_bytes)
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _error(name, f"unreadable file ({exc.strerror or exc})")
        return
    yield Source(name, data)


def _iter_tar(path: Path, max_bytes: int) -> Iterator[Source | ReadResult]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield _error(str(path), f"unreadable archive ({exc.strerror or exc})")
        return
    with handle:
        try:
            # Stream mode: members come in order, each read before the next; nothing is unpacked to disk.
            with tarfile.open(fileobj=handle, mode="r|*") as tar:
                for member in tar:
                    if not member.isfile() or not _wanted_member(member.name, False):
                        continue
                    name = f"{path}:{member.name}"
                    if member.size > max_bytes:
                        yield _too_large(name, member.size, max_bytes)
                        continue
                    stream = tar.extractfile(member)
                    if stream is None:
                        continue
                    yield Source(name, stream.read())
        except Exception as exc:  # TarError, OSError, EOFError, lzma.LZMAError, zlib.error: all mean a bad archive
            yield _error(str(path), f"unreadable or corrupt archive ({type(exc).__name__}: {exc})")


def _iter_zip(path: Path, max_bytes: int) -> Iterator[Source | ReadResult]:
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        yield _error(str(path), f"unreadable or corrupt archive ({type(exc).__name__}: {exc})")
        return
    with zf:
        for info in zf.infolist():
            if not _wanted_member(info.filename, info.is_dir()):
                continue
            name = f"{path}:{info.filename}"
            if info.file_size > max_bytes:
                yield _too_large(name, info.file_size, max_bytes)
                continue
            try:
                data = zf.read(info)
            except Exception as exc:  # BadZipFile, CRC errors, zlib.error, unsupported compression
                yield _error(name, f"unreadable archive member ({type(exc).__name__}: {exc})")
                continue
            yield Source(name, data)


def _error(name: str, reason: str) -> ReadResult:
    return ReadResult(source=name, sha256="", errors=[f"{name}: {reason}"])


def _too_large(name: str, size: int, max_bytes: int) -> ReadResult:
    return _error(name, f"too large ({size:,} bytes; the limit is {max_bytes:,})")


# --------------------------------------------------------------------------- reading


def read_source(source: Source) -> ReadResult:
    """Detect the format and parse; errors come back in the result.

    Raises only :class:`corpus.errors.MissingDependency` (a library is not installed): that is
    no fault of the file, and would be the same for every file of the batch.
    """
    result = ReadResult(source=source.name, sha256=hashlib.sha256(source.data).hexdigest())
    try:
        kind = detect_format(source.name, source.data)
        for item in _parse(kind, source):
            if isinstance(item, ParseError):
                result.errors.append(str(item))
            else:
                if not item.source:
                    item.source = source.name
                item.metadata.setdefault("format", kind)
                result.records.append(item)
    except ParseError as exc:
        result.errors.append(str(exc) if exc.source else f"{source.name}: {exc.reason}")
    except ImportError as exc:  # a library missing: the same for every file, said once by the caller
        raise MissingDependency(exc.name or str(exc)) from exc
    except RecursionError:
        result.errors.append(f"{source.name}: too deeply nested to parse")
    except MemoryError:
        result.errors.append(f"{source.name}: out of memory while parsing")
    except Exception as exc:  # a parser bug must not stop a batch: name the file and the exception
        result.errors.append(f"{source.name}: internal error while parsing ({type(exc).__name__}: {exc})")
    return result


def detect_format(name: str, data: bytes) -> str:
    """The format of one file, by content first (see the module docstring)."""
    head = data[:_SNIFF]
    if not data.strip():
        return "empty"
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if _binary_kind(head):
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped[:1] == b"{":
        return "jsonl" if _first_line_is_json(data) else "json"
    if stripped[:1] == b"[" and _looks_like_json(data):
        return "json"
    if stripped[:1] == b"<":
        # TEI before HTML: TEI has <head> and <body> elements of its own.
        if _TEI_ROOT.search(head):
            return "tei"
        if _HTML.search(head) or _CABLE_TABLE.search(head):
            return "wikileaks" if _is_cable_page(data) else "html"
        if _XML.match(stripped):
            return "xml"
    if _is_speech_name(name):  # the UN General Debate files have no header: only the name tells
        return "speech"
    if looks_like_cable(data[:_SNIFF].decode("latin-1")):
        return "cable"
    return "document"


def looks_like_cable(text: str) -> bool:
    """True for plain-text cables (the header signals in the module docstring)."""
    if _STRONG_CABLE.search(text):
        return True
    fields = sum(1 for rx in _CABLE_FIELDS if rx.search(text))
    return fields >= 3 or (fields >= 1 and _CLASS_LINE.search(text) is not None)


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM dropped), else cp1252, else Latin-1; newlines made ``\\n``."""
    candidates: tuple[str, ...]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8-sig", "cp1252", "latin-1")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text, encoding = data.decode("latin-1"), "latin-1"
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, "utf-8" if encoding == "utf-8-sig" else encoding


def _binary_kind(head: bytes) -> str | None:
    for magic, what in _MAGIC.items():
        if head.startswith(magic):
            return what
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text has NUL bytes but is text
    if b"\x00" in head:
        return "binary data (NUL bytes)"
    return None


def _first_line_is_json(data: bytes) -> bool:
    for line in data.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False


def _looks_like_json(data: bytes) -> bool:
    try:
        json.loads(data)
    except ValueError:
        return False
    return True


def _is_cable_page(data: bytes) -> bool:
    if _CABLE_TABLE.search(data):
        return True
    match = _PRE.search(data)
    if not match:
        return False
    return looks_like_cable(data[match.end() : match.end() + _SNIFF].decode("latin-1"))


def _is_speech_name(name: str) -> bool:
    from corpus.speech import is_speech_member

    member = name.rsplit(":", 1)[-1]
    return bool(is_speech_member(member))


def _stem(name: str) -> str:
    return PurePosixPath(name.rsplit(":", 1)[-1].replace("\\", "/")).stem


def _parse(kind: str, source: Source) -> Iterator[Record | ParseError]:
    name, data = source.name, source.data
    if kind == "empty":
        raise ParseError(name, "empty file")
    if kind == "binary":
        raise ParseError(name, f"binary file, not a text document ({_binary_kind(data[:_SNIFF])})")
    if kind == "json":
        raise ParseError(name, "JSON that is not JSON lines (one cable object a line)")
    if kind == "pdf":
        from corpus.pdf import parse_pdf

        yield _with_id_from_name(parse_pdf(data, source=name), name)
        return
    if kind == "jsonl":
        from corpus.jsonl import parse_jsonl

        yield from parse_jsonl(data, source=name)
        return
    if kind == "wikileaks":
        from corpus.wikileaks import parse_wikileaks_html

        yield parse_wikileaks_html(data, source=name)
        return
    if kind in ("tei", "xml"):  # other XML (FRUS <event> files) too: the TEI reader says what it can read
        from corpus.tei import parse_tei

        yield from parse_tei(data, source=name)
        return

    text, encoding = decode_text(data)
    if kind == "html":
        text = _html_text(data)
    records: list[Record]
    if kind == "cable":
        from corpus.cable import parse_cable_text

        records = [_with_id_from_name(parse_cable_text(text, source=name), name)]
    elif kind == "speech":
        from corpus.speech import parse_speech

        records = [parse_speech(text, member_name=name.rsplit(":", 1)[-1], source=name)]
    else:
        from corpus.document import parse_document_text

        records = [parse_document_text(text, source=name, name=_stem(name))]
    for record in records:
        if encoding != "utf-8" and kind != "html":
            record.metadata["encoding"] = encoding
        yield record


def _with_id_from_name(record: Record, name: str) -> Record:
    """A cable whose text gave no id takes it from a file name that is one (00DAMASCUS3013.pdf).

    Else it keeps the provisional id the parser proposed ("BRASILIA862-PROVISIONAL", see
    corpus.inference), marked ``metadata["provisional"] = "yes"``: no cable text is dropped.
    """
    if not record.id:
        from corpus.ids import canonical_id

        record.id = canonical_id(_stem(name)) or record.metadata.pop("provisional_id", "")
        if not record.id:
            raise ParseError(name, "no cable id in the text or the file name")
        if record.id.endswith("-PROVISIONAL"):
            record.metadata["provisional"] = "yes"
        else:
            record.metadata.pop("inferred", None)  # the file name gave the year
    record.metadata.pop("provisional_id", None)
    return record


def _html_text(data: bytes) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(data, "lxml")
    for tag in soup(["script", "style", "noscript"]):
        tag.decompose()
    return soup.get_text("\n")
