"""Cable ids: canonical form, repair of malformed WikiLeaks ids, ids written in free text."""

from __future__ import annotations

import gzip

import pytest

from corpus.ids import (
    STATIONS,
    canonical_id,
    canonical_station,
    find_ids,
    id_year,
    is_known_cablegate_id,
    make_id,
    split_id,
)


def test_station_list_holds_real_stations_and_no_typos():
    assert {"LIMA", "STATE", "BUENOSAIRES", "USUNNEWYORK", "UNVIEVIENNA", "HOCHIMINHCITY", "DOHA"} <= STATIONS
    assert not {"SOIA", "BRUSSLS", "EFTOBAKU", "AMEMBASSYHANOI", "SECSTATE"} & STATIONS
    assert 250 < len(STATIONS) < 320


@pytest.mark.parametrize(
    "name, token",
    [("SECSTATE", "STATE"), ("SECSTATE WASHDC", "STATE"), ("STATE", "STATE"), ("AMEMBASSY LIMA", "LIMA"),
     ("LIMA", "LIMA"), ("lima", "LIMA"), ("LA PAZ", "LAPAZ"), ("BUENOS AIRES", "BUENOSAIRES"), ("HCMC", "HOCHIMINHCITY"),
     ("USUN NEW YORK", "USUNNEWYORK"), ("USUN", "USUNNEWYORK"), ("UNVIE", "UNVIEVIENNA"), ("HAGUE", "THEHAGUE"),
     ("MEXICO CITY", "MEXICO"), ("0TTAWA", "OTTAWA"), ("AMCONSUL RIO DE JANEIRO", "RIODEJANEIRO"),
     ("USMISSION USNATO", "USNATO"), ("EMBASSY VIENNA", "VIENNA"), ("ST. PETERSBURG", "STPETERSBURG"),
     ("N'DJAMENA", "NDJAMENA")],
)
def test_canonical_station(name, token):
    assert canonical_station(name) == token


@pytest.mark.parametrize("name", ["", "ATLANTIS", "AMEMBASSY", "12345"])
def test_unknown_station(name):
    assert canonical_station(name) is None


def test_make_id():
    assert make_id("09", "LIMA", "001661") == "09LIMA1661"
    assert make_id(2009, "AMEMBASSY LIMA", 1661) == "09LIMA1661"
    assert make_id("1975", "LIBREVILLE", "1895") == "75LIBREVILLE1895"
    assert make_id("07", "LA PAZ", "12") == "07LAPAZ12"
    assert make_id("09", "ATLANTIS", "1") is None
    assert make_id("09", "LIMA", "x12") is None


@pytest.mark.parametrize(
    "raw, cid",
    [("09SECTION01OF03SANJOSE525", "09SANJOSE525"), ("08ECTION01OF02MANAMA492", "08MANAMA492"),
     ("06EFTOBAKU1165", "06EFTOBAKU1165"), ("09AMEMBASSYHANOI1284", "09HANOI1284"),
     ("90STATE255577TOSEC140323", "90STATE255577"), ("08ACCRA001382SUSPECTEDDUPLICATE1392", "08ACCRA1392"),
     ("7575LIBREVILLE1895", "75LIBREVILLE1895"), ("09lima1661", "09LIMA1661"), ("09LIMA1661_a", "09LIMA1661"),
     ("09LIMA01661", "09LIMA1661"), ("07SOIA828", "07SOFIA828"), ("09BRUSSLS1332", "09BRUSSELS1332"),
     ("05EMBASSYVIENNA1", "05VIENNA1"), ("https://wikileaks.org/cable/2009/11/09LIMA1661.html", "09LIMA1661"),
     ("10BEIJING367", "10BEIJING367")],
)
def test_canonical_id_repairs_malformed_ids(raw, cid):
    assert canonical_id(raw) == cid


@pytest.mark.parametrize("raw", ["", "hello", "06ASTANA", "092OF5", "09ATLANTIS12", "LIMA1661"])
def test_canonical_id_gives_up(raw):
    assert canonical_id(raw) is None


def test_split_and_year():
    assert split_id("09LIMA1661") == ("09", "LIMA", "1661")
    assert split_id("nonsense") is None
    assert id_year("09LIMA1661") == 2009
    assert id_year("75LIBREVILLE1895") == 1975
    assert id_year("66BUENOSAIRES2481") == 1966
    assert id_year("00HARARE2297") == 2000


def test_find_ids_in_every_common_form():
    text = ("See 09LIMA1661; also 09 LIMA 1662, 09 LIMA 001663 and LIMA 001664, 2009 LIMA 1665, "
            "'08 BUENOS AIRES 1491 and https://wikileaks.org/cable/2009/11/09LIMA1666.html")
    assert find_ids(text, default_year=2007) == [
        "09LIMA1661", "09LIMA1662", "09LIMA1663", "07LIMA1664", "09LIMA1665", "08BUENOSAIRES1491", "09LIMA1666"]


def test_find_ids_lower_case_and_multi_word_stations():
    assert find_ids("09 la paz 12, 08 sao paulo 77 and 07 usun new york 5") == [
        "09LAPAZ12", "08SAOPAULO77", "07USUNNEWYORK5"]
    assert find_ids("09 secstate 112900") == ["09STATE112900"]


def test_find_ids_needs_a_year():
    assert find_ids("LIMA 001664") == []
    assert find_ids("LIMA 001664", default_year=2009) == ["09LIMA1664"]
    assert find_ids("no cable here, just 2009 and 1661") == []


def test_find_ids_deduplicates_in_order():
    assert find_ids("09LIMA1661 then 09STATE112900 then 09 LIMA 1661") == ["09LIMA1661", "09STATE112900"]


def test_known_cablegate_ids():
    assert is_known_cablegate_id("09LIMA1661")  # seed 002
    assert is_known_cablegate_id("07LIMA2313")  # seed 003
    assert not is_known_cablegate_id("09LIMA999999")


@pytest.mark.slow
def test_every_cablegate_id_canonicalises_to_itself_or_a_repair(shared):
    # The reference list mixes canonical ids with the malformed ones WikiLeaks published.
    with gzip.open(shared / "reference" / "cablegate-ids-by-month.csv.gz", "rt") as f:
        raw = [line.split(",")[0] for line in f]
    assert len(raw) == 251_287
    result = {r: canonical_id(r) for r in raw}
    kept = sum(c == r for r, c in result.items())
    repaired = [r for r, c in result.items() if c not in (None, r)]
    failed = [r for r, c in result.items() if c is None]
    assert kept > 250_800
    assert "09SECTION01OF03SANJOSE525" in repaired and "07SOIA828" in repaired
    assert result["06EFTOBAKU1165"] == "06EFTOBAKU1165"  # Cablegate keeps EFTO where the id without it is no cable
    assert set(failed) <= {"06ASTANA", "092OF5"}
