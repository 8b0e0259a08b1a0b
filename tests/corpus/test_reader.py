"""Reading files: what is found under a path, how each file's format is recognised, decoding."""

from __future__ import annotations

import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

import pytest

from corpus.reader import (
    ReadResult,
    Source,
    count_sources,
    decode_text,
    detect_format,
    iter_sources,
    read_path,
    read_source,
)
from corpus.records import Cable, Document

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"
LIMA_1661 = SAMPLES / "002_69213b056e47e10f.txt"
NOTE_VERBALE = SAMPLES / "000_f56dfeb53d210dc1.txt"


def _names(items) -> list[str]:
    return [i.name if isinstance(i, Source) else i.source for i in items]


def _tar(path: Path, members: dict[str, bytes], mode: str = "w:gz") -> Path:
    with tarfile.open(path, mode) as tar:
        for name, data in members.items():
            if name.endswith("/"):
                info = tarfile.TarInfo(name.rstrip("/"))
                info.type = tarfile.DIRTYPE
                tar.addfile(info)
                continue
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


class TestIterSources:
    def test_folder_is_walked_recursively_in_order_skipping_hidden_and_junk(self, tmp_path):
        (tmp_path / "b").mkdir()
        (tmp_path / "b" / "2.txt").write_text("two")
        (tmp_path / "a.txt").write_text("one")
        (tmp_path / ".hidden.txt").write_text("x")
        (tmp_path / ".git").mkdir()
        (tmp_path / ".git" / "config").write_text("x")
        (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
        (tmp_path / "logo.png").write_bytes(b"\x89PNG")
        found = list(iter_sources([tmp_path]))
        assert _names(found) == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "2.txt")]
        assert [s.data for s in found] == [b"one", b"two"]
        assert count_sources([tmp_path]) == 2

    def test_tar_members_are_read_in_memory_and_named_after_the_archive(self, tmp_path):
        archive = _tar(
            tmp_path / "cables.tar.gz",
            {"cable/": b"", "cable/2009/11/09LIMA1661.html": b"<html>", "cable/.DS_Store": b"\x00"},
        )
        found = list(iter_sources([archive]))
        assert _names(found) == [f"{archive}:cable/2009/11/09LIMA1661.html"]
        assert found[0].data == b"<html>"
        assert list(tmp_path.iterdir()) == [archive]  # nothing unpacked beside it
        assert count_sources([archive]) is None  # not knowable without decompressing

    def test_zip_members_and_their_count(self, tmp_path):
        archive = tmp_path / "docs.zip"
        with zipfile.ZipFile(archive, "w") as zf:
            zf.writestr("docs/", "")
            zf.writestr("docs/a.txt", "alpha")
            zf.writestr("__MACOSX/docs/._a.txt", "junk")
            zf.writestr("docs/b.txt", "beta")
        found = list(iter_sources([archive]))
        assert _names(found) == [f"{archive}:docs/a.txt", f"{archive}:docs/b.txt"]
        assert count_sources([archive]) == 2

    def test_a_missing_path_is_an_error_result_not_an_exception(self, tmp_path):
        (item,) = list(iter_sources([tmp_path / "nope.txt"]))
        assert isinstance(item, ReadResult)
        assert item.errors == [f"{tmp_path / 'nope.txt'}: no such file or folder"]


class TestDetectFormat:
    @pytest.mark.parametrize(
        ("data", "kind"),
        [
            (b"", "empty"),
            (b"  \n\t\n", "empty"),
            (b"%PDF-1.4\n...", "pdf"),
            (b"abc\x00\x01\x02", "binary"),
            (b"\x1f\x8b\x08\x00rest", "binary"),
            (b'{"_id": "", "body": "UNCLAS"}\n{"_id": ""}\n', "jsonl"),
            (b'{\n  "_id": ""\n}\n', "json"),
            (b"<html><body><table class='cable'><tr><td>x</td></tr></table></body></html>", "wikileaks"),
            (b"<html><body><pre>VZCZCXYZ0021\nOO RUEHWEB\n</pre></body></html>", "wikileaks"),
            (b"<!DOCTYPE html><html><body><p>Press release</p></body></html>", "html"),
            (b'<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0"><text/></TEI>', "tei"),
            (b'<?xml version="1.0"?>\n<event><id>1</id></event>', "xml"),
            (b"\nVZCZCXYZ0021\nOO RUEHWEB\nDE RUEHPE #1661/01 3241658\n", "cable"),
            (b"R 041125Z MAR 75\nFM AMEMBASSY TEHRAN\nTO SECSTATE WASHDC 1234\n", "cable"),
            (
                b"C O N F I D E N T I A L LIMA 001661\n\nE.O. 12958: DECL: 2019/11/20\nTAGS: PREL\n",
                "cable",
            ),
            (b"The Permanent Mission of Peru presents its compliments.\n", "document"),
            (b"Subject: our meeting\nTags: notes\n", "document"),
        ],
    )
    def test_by_content(self, data, kind):
        assert detect_format("file.txt", data) == kind

    def test_the_extension_does_not_decide(self):
        assert detect_format("cable.html", b"\nVZCZCXYZ0021\nOO RUEHWEB\n") == "cable"
        assert detect_format("report.txt", b"%PDF-1.7\n") == "pdf"

    def test_seed_cable_and_seed_note_verbale(self):
        assert detect_format(LIMA_1661.name, LIMA_1661.read_bytes()) == "cable"
        assert detect_format(NOTE_VERBALE.name, NOTE_VERBALE.read_bytes()) == "document"


class TestDecode:
    def test_utf8_and_bom(self):
        assert decode_text("¶1. (C) Señor".encode()) == ("¶1. (C) Señor", "utf-8")
        assert decode_text(b"\xef\xbb\xbfTAGS: PREL") == ("TAGS: PREL", "utf-8")

    def test_cp1252_pilcrow_and_quotes(self):
        # 0xB6 is the paragraph sign in the plusd-text files; 0x93/0x94 are curly quotes in cp1252.
        assert decode_text(b"\xb61. (C) \x93Quoted\x94") == ("¶1. (C) “Quoted”", "cp1252")

    def test_latin1_when_not_cp1252(self):
        # 0x81 is undefined in cp1252.
        assert decode_text(b"caf\xe9 \x81") == ("café \x81", "latin-1")

    def test_newlines_are_normalised(self):
        assert decode_text(b"a\r\nb\rc\n")[0] == "a\nb\nc\n"


class TestReadSource:
    def test_seed_cable(self):
        data = LIMA_1661.read_bytes()
        result = read_source(Source(str(LIMA_1661), data))
        assert result.errors == []
        assert result.sha256 == hashlib.sha256(data).hexdigest()
        (cable,) = result.records
        assert isinstance(cable, Cable)
        assert cable.id == "09LIMA1661"
        assert cable.source == str(LIMA_1661)

    def test_seed_note_verbale_is_a_document(self):
        result = read_source(Source(str(NOTE_VERBALE), NOTE_VERBALE.read_bytes()))
        assert result.errors == []
        (doc,) = result.records
        assert isinstance(doc, Document)
        assert "encoding" not in doc.metadata

    def test_read_path_reads_a_folder(self, tmp_path):
        (tmp_path / "09LIMA1661.txt").write_bytes(LIMA_1661.read_bytes())
        (tmp_path / "empty.txt").write_bytes(b"")
        results = list(read_path(tmp_path))
        assert [r.source for r in results] == [str(tmp_path / "09LIMA1661.txt"), str(tmp_path / "empty.txt")]
        assert [len(r.records) for r in results] == [1, 0]

    def test_a_un_general_debate_speech_is_known_by_its_member_name(self):
        name = "ungdc.tar.xz:TXT/Session 58 - 2003/PER_58_2003.txt"
        data = b"Mr. President,\nPeru reaffirms its commitment to multilateralism.\n"
        assert detect_format(name, data) == "speech"
        assert detect_format("notes/PER.txt", data) == "document"
        result = read_source(Source(name, data))
        assert result.errors == []
        assert [r.id for r in result.records] == ["UNGDC-PER-2003"]

    def test_a_parser_crash_is_an_error_naming_the_file(self, monkeypatch):
        import corpus.cable

        def boom(text, *, source=""):
            raise KeyError("oops")

        monkeypatch.setattr(corpus.cable, "parse_cable_text", boom)
        result = read_source(Source("x/09LIMA1661.txt", LIMA_1661.read_bytes()))
        assert result.records == []
        assert result.errors == ["x/09LIMA1661.txt: internal error while parsing (KeyError: 'oops')"]


@pytest.mark.corpus
def test_plusd_text_in_cp1252(corpus_dir):
    path = corpus_dir / "cables" / "plusd-text" / "txt" / "07BOGOTA1165.txt"
    result = read_source(Source(str(path), path.read_bytes()))
    assert result.errors == []
    (cable,) = result.records
    assert cable.id == "07BOGOTA1165"
    assert cable.metadata["encoding"] == "cp1252"
    assert "Guillermo Fernandez de Soto" in cable.text


SMALL_FOLDERS = [
    "seeds",
    "corpus/cables/sample-html",
    "corpus/cables/extra-1970s-html",
    "corpus/cables/plusd-text",
    # mongoexport-jsonl: read line by line, and checked more strictly, in test_jsonl.py
    "corpus/other/frus-history-tei",
    "corpus/other/rdcr-tei",
    "corpus/other/un-charter",
]


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("folder", SMALL_FOLDERS)
def test_every_real_file_goes_through_without_a_crash(shared, folder):
    results = list(read_path(shared / folder))
    assert results, f"nothing read under {folder}"
    crashes = [e for r in results for e in r.errors if "internal error" in e]
    assert crashes == []
    assert all(r.records or r.errors for r in results)
    assert sum(len(r.records) for r in results) >= len(results) - 1
