"""Country codes and names: cable TAGS are FIPS 10-4, users type anything."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.countries import (
    COUNTRY_NAMES,
    find_countries,
    fips_country,
    iso2_country,
    iso3_country,
    normalise_country,
)

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"


@pytest.mark.parametrize(
    "code, name",
    [("CI", "Chile"), ("SP", "Spain"), ("RS", "Russia"), ("PE", "Peru"), ("CH", "China"), ("GM", "Germany"),
     ("IZ", "Iraq"), ("UP", "Ukraine"), ("JA", "Japan"), ("SZ", "Switzerland"), ("AU", "Austria"),
     ("KS", "South Korea"), ("KN", "North Korea"), ("VE", "Venezuela"), ("BL", "Bolivia"), ("VM", "Vietnam")],
)
def test_fips_codes_are_not_iso(code, name):
    assert fips_country(code) == name


@pytest.mark.parametrize(
    "code, name",
    [("RU", "Russia"), ("TC", "United Arab Emirates"), ("SR", "Serbia"), ("GZ", "Palestinian Territories"),
     ("YE", "Yemen"), ("IQ", "Iraq"), ("VN", "Vietnam"), ("VZ", "Venezuela")],
)
def test_codes_real_cables_use_outside_fips(code, name):
    assert fips_country(code) == name


@pytest.mark.parametrize("code", ["EU", "UN", "NATO", "XA", "XM", "ZP", "ZB", "", "P"])
def test_regions_and_organisations_are_not_countries(code):
    assert fips_country(code) is None


def test_fips_z_codes_that_are_countries():
    assert fips_country("ZA") == "Zambia" and fips_country("ZI") == "Zimbabwe"


def test_iso_codes():
    assert iso3_country("PER") == "Peru"
    assert iso3_country("USA") == "United States"
    assert iso3_country("YUG") == "Yugoslavia"  # UN General Debate, former state
    assert iso2_country("CL") == "Chile"
    assert iso2_country("ZZ") is None


@pytest.mark.parametrize(
    "text, name",
    [("PE", "Peru"), ("Peru", "Peru"), ("peru", "Peru"), ("PER", "Peru"), ("  peru ", "Peru"),
     ("Russian Federation", "Russia"), ("USA", "United States"), ("UK", "United Kingdom"),
     ("Viet Nam", "Vietnam"), ("Bolivia (Plurinational State of)", "Bolivia"), ("CH", "China"),
     ("Republic of Korea", "South Korea"), ("Burma", "Myanmar")],
)
def test_normalise_what_a_user_types(text, name):
    assert normalise_country(text) == name


@pytest.mark.parametrize("text", ["", "Atlantis", "XX", "EU"])
def test_normalise_unknown(text):
    assert normalise_country(text) is None


def test_canonical_names_are_short_common_names():
    for name in ("Peru", "Russia", "United States", "South Korea", "Iran", "Venezuela", "Bolivia", "Syria",
                 "Vietnam", "Netherlands"):
        assert name in COUNTRY_NAMES
    assert "Russian Federation" not in COUNTRY_NAMES


def test_find_countries_in_the_peruvian_report():
    text = (SAMPLES / "000_f56dfeb53d210dc1.txt").read_text(encoding="utf-8")
    found = find_countries(text)
    # The report's author and the neighbours it reports on (seeds README) …
    for name in ("Peru", "Argentina", "Bolivia", "Brazil", "Chile", "Colombia", "Ecuador", "Venezuela"):
        assert name in found
    assert found[0] == "Peru"
    assert len(found) == len(set(found))
    # … and the workshop co-sponsors named in one sentence.
    assert {"Germany", "Canada", "Japan", "Netherlands"} <= set(found)


def test_find_countries_whole_words_and_case():
    assert find_countries("NIGERIA and Niger, then Guinea-Bissau") == ["Nigeria", "Niger", "Guinea-Bissau"]
    assert find_countries("Peruvian wine, a turkey from china") == []
    assert find_countries("talks in the Dominican Republic and Dominica") == ["Dominican Republic", "Dominica"]
    assert find_countries("the U.S. and the Russian Federation") == ["United States", "Russia"]
