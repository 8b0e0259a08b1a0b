"""Bad input: every case gives a record or a clear error naming the file — never an exception."""

from __future__ import annotations

import io
import json
import lzma
import tarfile
import zipfile
from pathlib import Path

from corpus.reader import ReadResult, Source, iter_sources, read_path, read_source

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
LIMA_1661 = (SAMPLES / "002_69213b056e47e10f.txt").read_text(encoding="utf-8")
LIMA_2313 = (SAMPLES / "003_5abae48b7d5fc6de.txt").read_text(encoding="utf-8")


def _read(name: str, data: bytes) -> ReadResult:
    return read_source(Source(name, data))


def _only_error(result: ReadResult) -> str:
    assert result.records == []
    (error,) = result.errors
    return error


def test_binary_file():
    error = _only_error(_read("dir/blob.txt", bytes(range(256)) * 4))
    assert error.startswith("dir/blob.txt: binary file")


def test_empty_and_blank_files():
    assert _only_error(_read("a.txt", b"")) == "a.txt: empty file"
    assert _only_error(_read("b.txt", b" \r\n\n\t")) == "b.txt: empty file"


def test_cable_cut_in_the_middle_of_its_text_still_gives_the_cable():
    cut = LIMA_1661[: len(LIMA_1661) // 2].encode()
    result = _read("cut.txt", cut)
    assert result.errors == []
    (cable,) = result.records
    assert cable.id == "09LIMA1661"
    assert cable.subject == "PERU: INFORMATION ON SECURITY DIALOGUE"


def test_cable_cut_inside_its_routing_header_is_a_record_or_a_clear_error():
    cut = "\n".join(LIMA_1661.splitlines()[:6]).encode()  # VZCZC … DE … ZNY: no text at all
    result = _read("header-only.txt", cut)
    assert result.records or result.errors
    assert all(e.startswith("header-only.txt") and "internal error" not in e for e in result.errors)


def test_cp1252_cable_keeps_its_paragraph_signs():
    result = _read("07LIMA2313.txt", LIMA_2313.encode("cp1252"))  # "¶" is byte 0xB6 here
    assert result.errors == []
    (cable,) = result.records
    assert cable.id == "07LIMA2313"
    assert cable.metadata["encoding"] == "cp1252"
    assert [p.printed for p in cable.paragraphs if p.number == "1"] == ["¶1."]  # decoded, not mojibake
    assert "DAS COULTER" in cable.subject


def test_latin1_document():
    text = "Société des Nations.\n\nLa réunion de Genève a été ajournée.\n\n1. Premier point.\n\n2. Second point \x81.\n"
    result = _read("note.txt", text.encode("latin-1"))
    assert result.errors == []
    (doc,) = result.records
    assert doc.metadata["encoding"] == "latin-1"  # 0x81 is not a cp1252 character
    assert "réunion de Genève" in doc.text


def test_a_file_over_the_size_limit_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 2**20)  # 50 MB, sparse: nothing written
    (item,) = list(iter_sources([big], max_bytes=32 * 2**20))
    assert isinstance(item, ReadResult)
    assert item.errors == [f"{big}: too large (52,428,800 bytes; the limit is 33,554,432)"]


def test_a_file_exactly_at_the_limit_is_parsed(tmp_path):
    data = LIMA_1661.encode()
    path = tmp_path / "09LIMA1661.txt"
    path.write_bytes(data)
    (result,) = list(read_path(path, max_bytes=len(data)))
    assert [r.id for r in result.records] == ["09LIMA1661"]
    (refused,) = list(read_path(path, max_bytes=len(data) - 1))
    assert "too large" in refused.errors[0]


def test_an_archive_member_over_the_limit_is_refused_by_name(tmp_path):
    archive = tmp_path / "a.tar"
    with tarfile.open(archive, "w") as tar:
        for name, data in [("big.txt", b"x" * (len(LIMA_1661) + 1)), ("small.txt", LIMA_1661.encode())]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    big, small = list(iter_sources([archive], max_bytes=len(LIMA_1661)))
    assert isinstance(big, ReadResult)
    assert big.errors[0].startswith(f"{archive}:big.txt: too large")
    assert isinstance(small, Source) and small.name == f"{archive}:small.txt"


def test_malformed_html_page():
    page = b"<html><body><table class='cable'><tr><td>Reference ID</td><td><a href='#'>09LI"  # cut short
    result = _read("page.html", page)
    assert result.records or result.errors
    assert all(e.startswith("page.html: ") and "internal error" not in e for e in result.errors)


def test_invalid_json_line_is_one_error_and_the_other_lines_are_read():
    good = {
        "_id": "",
        "origin": "Embassy Baghdad",
        "date_time": "4/9/1990 13:14",
        "classification": "CONFIDENTIAL",
        "body": "C O N F I D E N T I A L BAGHDAD 02098  E.O. 12356: DECL:OADR TAGS: PREL, IZ "
        "SUBJECT: SADDAM EXPLAINS AND DEFENDS  1.  CONFIDENTIAL - ENTIRE TEXT.",
    }
    data = json.dumps(good).encode() + b'\n{"_id": "", "body": "C O N F\n'
    result = _read("x/iran.jsonl", data)
    assert [r.id for r in result.records] == ["90BAGHDAD2098"]
    (error,) = result.errors
    assert error.startswith("x/iran.jsonl line 2: not valid JSON")


def test_corrupt_archives_are_errors_naming_them(tmp_path):
    garbage_tgz = tmp_path / "bad.tar.gz"
    garbage_tgz.write_bytes(b"\x1f\x8b\x08\x00" + b"not really gzip" * 20)
    garbage_zip = tmp_path / "bad.zip"
    garbage_zip.write_bytes(b"PK\x03\x04 this is no zip")
    for archive in (garbage_tgz, garbage_zip):
        (item,) = list(iter_sources([archive]))
        assert isinstance(item, ReadResult)
        assert item.errors[0].startswith(f"{archive}: unreadable or corrupt archive")


def test_truncated_tar_xz_gives_what_it_can_then_an_error(tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for n in range(3):
            data = (LIMA_1661 * 20).encode()
            info = tarfile.TarInfo(f"c/{n}.txt")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    packed = lzma.compress(buffer.getvalue())
    archive = tmp_path / "cut.tar.xz"
    archive.write_bytes(packed[: len(packed) * 2 // 3])
    items = list(iter_sources([archive]))
    assert isinstance(items[-1], ReadResult)
    assert items[-1].errors[0].startswith(f"{archive}: unreadable or corrupt archive")
    assert all(isinstance(i, Source) for i in items[:-1])


def test_zip_member_with_a_bad_checksum(tmp_path):
    archive = tmp_path / "crc.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        zf.writestr("a.txt", "alpha beta gamma")
    raw = archive.read_bytes().replace(b"alpha beta gamma", b"alpha BETA gamma")
    archive.write_bytes(raw)
    (item,) = list(iter_sources([archive]))
    assert isinstance(item, ReadResult)
    assert item.errors[0].startswith(f"{archive}:a.txt: unreadable archive member")
