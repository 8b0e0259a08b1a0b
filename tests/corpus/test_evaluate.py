"""The accuracy command: compares the <pre> text's reading with each page's metadata table."""

from __future__ import annotations

import io
import re
import tarfile
from pathlib import Path

import pytest

from tools.evaluate import check_page, iter_pages, main, report


@pytest.fixture(scope="module")
def samples(corpus_dir: Path) -> Path:
    return corpus_dir / "cables" / "sample-html"


def test_a_page_that_agrees(samples: Path) -> None:
    outcome = check_page("cable/2006/02/06LIMA622.html", (samples / "06LIMA622.html").read_bytes())
    assert outcome.page_id == "06LIMA622"
    assert outcome.checks["id"] == ("06LIMA622", "06LIMA622", None)
    # same day and hour: the table's minutes (18:06) are a 12-hour-clock artefact, the DTG says 18:09
    assert outcome.checks["created"] == ("2006-02-14 18:09", "2006-02-14 18:06", None)
    assert outcome.checks["level"] == ("SECRET", "SECRET", None)  # "S E C R E T LIMA 000622"
    assert outcome.checks["caveat"] == ("-", "-", None)  # no NOFORN in the text nor the table
    assert outcome.checks["origin"] == ("Embassy Lima", "Embassy Lima", None)
    assert outcome.has_tags and outcome.has_subject and outcome.has_references and outcome.has_numbered


def test_metadata_is_not_used_to_fill_the_text(samples: Path) -> None:
    # a partial extract: station and serial but no year and no date in its text ("UNCLAS SECTION 01 OF
    # 02 RIO DE JANEIRO 001118", "E.O. 12958: N/A"); the only RIO DE JANEIRO 1118 of Cablegate is of 2005-10
    outcome = check_page("x.html", (samples / "05RIODEJANEIRO1118.html").read_bytes())
    assert outcome.checks["id"] == ("05RIODEJANEIRO1118", "05RIODEJANEIRO1118", None)
    assert outcome.inferred == "year: Cablegate id list: 05RIODEJANEIRO1118, 2005-10"
    assert outcome.checks["created"][2] == "inferred date: month agrees"
    assert not outcome.has_dtg
    assert outcome.checks["origin"][2] is None


def test_a_page_whose_body_is_another_cable_is_reported(samples: Path) -> None:
    outcome = check_page("x.html", (samples / "09BANGKOK706.html").read_bytes())
    assert outcome.checks["id"] == ("09TAIPEI320", "09BANGKOK706", "station+serial differs")


def test_report_counts_and_groups(samples: Path) -> None:
    outcomes = [
        check_page(p.name, p.read_bytes())
        for p in sorted(samples.glob("*.html"))
        if p.stem in {"06LIMA622", "05RIODEJANEIRO1118", "09BANGKOK706"}
    ]
    text = report(outcomes, show="id")
    assert "pages: 3" in text
    assert re.search(r"^  id +2 / 3 \(66\.67%\) ", text, re.M)
    assert "inferred date: month agrees   e.g. 05RIODEJANEIRO1118" in text
    assert "09BANGKOK706: '09TAIPEI320' | '09BANGKOK706'" in text


def test_command_streams_a_tar_archive(samples: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    archive = tmp_path / "pages.tar.xz"
    with tarfile.open(archive, "w:xz") as tar:
        for name in ("06LIMA622", "06BRASILIA1333"):
            data = (samples / f"{name}.html").read_bytes()
            info = tarfile.TarInfo(f"cable/{name}.html")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    assert [name for name, _ in iter_pages(str(archive), limit=1)] == ["cable/06LIMA622.html"]
    assert main([str(archive), "--processes", "1"]) == 0
    out, err = capsys.readouterr()
    assert "pages: 2" in out
    assert re.search(r"^  level +2 / 2 \(100\.00%\) ", out, re.M)
    assert re.search(r"^  caveat +2 / 2 \(100\.00%\) ", out, re.M)
    assert "2 pages read" in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    assert "--show" in capsys.readouterr().out


def test_the_site_writes_fouo_for_any_caveat_of_an_unclassified_cable() -> None:
    from tools.evaluate import _caveat_key

    # UNCLAS E F T O ... NOFORN (09LONDON2468) is UNCLASSIFIED//FOR OFFICIAL USE ONLY on the site
    assert _caveat_key("UNCLASSIFIED", {"NOFORN"}) == "FOUO"
    assert _caveat_key("UNCLASSIFIED", {"SBU"}) == "FOUO"
    assert _caveat_key("UNCLASSIFIED", set()) == "-"
    assert _caveat_key("SECRET", {"NOFORN"}) == "NOFORN"
    assert _caveat_key("CONFIDENTIAL", {"SBU"}) == "-"


def test_noforn_from_paragraph_markings_is_measured_apart() -> None:
    from tools.evaluate import compare

    # a SECRET cable whose header has no NOFORN line, only (S/NF) paragraphs: the site says SECRET
    text = (
        "S E C R E T LIMA 001234\n\nSIPDIS\n\nE.O. 12958: DECL: 11/20/2019\nTAGS: PREL PE\n"
        "SUBJECT: A TEST\n\nClassified By: Someone. Reason 1.4(b).\n\n"
        "1. (S/NF) First paragraph.\n\n2. (S/NF) Second paragraph.\n"
    )
    meta = {"wikileaks_id": "09LIMA1234", "wikileaks_classification": "SECRET", "wikileaks_origin": "Embassy Lima"}
    outcome = compare("x.html", meta, text)
    assert outcome.checks["level"][2] is None
    assert outcome.checks["caveat"] == ("-", "-", None)
    assert outcome.checks["caveat+markings"] == ("NOFORN", "-", "text NOFORN / page - (SECRET)")
