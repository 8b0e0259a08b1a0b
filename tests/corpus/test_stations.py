"""Stations: routing indicators, WikiLeaks-style origin names, sender lines, countries."""

from __future__ import annotations

import html
import re

import pytest

from corpus.countries import COUNTRY_NAMES
from corpus.ids import STATIONS, canonical_id, split_id
from corpus.stations import (
    origin_name,
    parse_sender,
    routing_name,
    station_country,
    station_for_routing,
    unmapped_stations,
)


def test_routing_indicators():
    assert routing_name("RUEHPE") == "AMEMBASSY LIMA"  # seed 002's DE line
    assert station_for_routing("RUEHPE") == "LIMA"
    assert station_for_routing("RUEHC") == "STATE"
    assert station_for_routing("RUEHLP") == "LAPAZ"
    assert routing_name("RUEHXX") is None
    assert station_for_routing("NOPE") is None


@pytest.mark.parametrize(
    "station, name",
    [("LIMA", "Embassy Lima"), ("RIODEJANEIRO", "Consulate Rio De Janeiro"), ("STATE", "Secretary of State"),
     ("USNATO", "Mission USNATO"), ("UNVIEVIENNA", "UNVIE"), ("IRANRPODUBAI", "Iran RPO Dubai"),
     ("BUENOSAIRES", "Embassy Buenos Aires"), ("SAOPAULO", "Consulate Sao Paulo"), ("THEHAGUE", "Embassy The Hague"),
     ("HAVANA", "US Interests Section Havana"), ("USUNNEWYORK", "USUN New York"), ("KIEV", "Embassy Kyiv")],
)
def test_origin_name(station, name):
    assert origin_name(station) == name


@pytest.mark.parametrize(
    "fm, expected",
    [("AMEMBASSY LIMA", ("LIMA", "Embassy Lima")), ("SECSTATE WASHDC", ("STATE", "Secretary of State")),
     ("AMCONSUL SAO PAULO", ("SAOPAULO", "Consulate Sao Paulo")), ("USMISSION USNATO", ("USNATO", "Mission USNATO")),
     ("USEU BRUSSELS", ("USEUBRUSSELS", "USEU Brussels")), ("AMEMBASSY TRIPOLI LY", ("TRIPOLI", "Embassy Tripoli")),
     ("  AMEMBASSY LIMA  ", ("LIMA", "Embassy Lima")), ("THE MOON", (None, None))],
)
def test_parse_sender(fm, expected):
    assert parse_sender(fm) == expected


@pytest.mark.parametrize(
    "station, country",
    [("LIMA", "Peru"), ("SAOPAULO", "Brazil"), ("STATE", "United States"), ("DOHA", "Qatar"), ("HOCHIMINHCITY", "Vietnam"),
     ("AITTAIPEI", "Taiwan"), ("GUAYAQUIL", "Ecuador"), ("AMEMBASSY LA PAZ", "Bolivia")],
)
def test_station_country(station, country):
    assert station_country(station) == country


@pytest.mark.parametrize("station", ["USNATO", "USUNNEWYORK", "UNVIEVIENNA", "USEUBRUSSELS", "ATLANTIS"])
def test_missions_to_organisations_have_no_country(station):
    assert station_country(station) is None


def test_every_station_has_a_country_or_is_a_mission():
    assert unmapped_stations() == frozenset()
    for station in STATIONS:
        country = station_country(station)
        assert country is None or country in COUNTRY_NAMES


_ORIGIN = re.compile(r"<th>Origin</th>.*?</tr>\s*<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<td>(.*?)</td>", re.S)
_FM = re.compile(r"^\s*FM (.+?)\s*$", re.M)


@pytest.mark.corpus
def test_origin_agrees_with_wikileaks_sample_pages(corpus_dir):
    pages = sorted((corpus_dir / "cables" / "sample-html").glob("*.html"))
    assert pages
    checked = 0
    for page in pages:
        source = page.read_text(encoding="utf-8", errors="replace")
        cells = [re.sub(r"<[^>]+>", "", c).strip() for c in _CELL.findall(_ORIGIN.search(source).group(1))]
        cid, origin = canonical_id(cells[0]), html.unescape(cells[4])
        station = split_id(cid)[1]
        if station == "BRUSSELS":  # shared by Embassy Brussels and USEU Brussels: only FM tells
            continue
        assert origin_name(station) == origin, page.name
        fm = _FM.search(html.unescape(source.replace("&#x000A;", "\n")))
        if fm:
            assert parse_sender(fm.group(1))[1] == origin, page.name
        checked += 1
    assert checked >= 30
