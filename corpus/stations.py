"""Stations: routing indicators, display names (as WikiLeaks shows them) and countries.

``routing-indicators.csv`` maps ACP 127 routing indicators to the plain
names of the Allied Routing Indicator Book (heuer/cablemap data/route2name.csv,
BSD-3).  The display-name and country tables are this project's own.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from corpus.ids import STATIONS, canonical_station

_DATA = Path(__file__).with_name("data")


@cache
def _routes() -> dict[str, str]:
    with open(_DATA / "routing-indicators.csv", encoding="utf-8", newline="") as f:
        return {row[0].strip().upper(): row[1].strip() for row in csv.reader(f) if len(row) >= 2}


def routing_name(indicator: str) -> str | None:
    """"RUEHPE" -> "AMEMBASSY LIMA"."""
    return _routes().get(indicator.strip().upper())


def station_for_routing(indicator: str) -> str | None:
    """"RUEHPE" -> "LIMA", "RUEHC" -> "STATE"."""
    name = routing_name(indicator)
    return canonical_station(name) if name else None


# Multi-word place names as WikiLeaks writes them in the Origin column.
_PLACE: dict[str, str] = {
    "ABUDHABI": "Abu Dhabi", "ADDISABABA": "Addis Ababa", "BANDARSERIBEGAWAN": "Bandar Seri Begawan",
    "BUENOSAIRES": "Buenos Aires", "CAPETOWN": "Cape Town", "CHIANGMAI": "Chiang Mai",
    "CIUDADJUAREZ": "Ciudad Juarez", "DARESSALAAM": "Dar Es Salaam", "HOCHIMINHCITY": "Ho Chi Minh City",
    "HONGKONG": "Hong Kong", "KUALALUMPUR": "Kuala Lumpur", "LAPAZ": "La Paz", "NEWDELHI": "New Delhi",
    "NUEVOLAREDO": "Nuevo Laredo", "OSAKAKOBE": "Osaka Kobe", "PHNOMPENH": "Phnom Penh",
    "PONTADELGADA": "Ponta Delgada", "PORTAUPRINCE": "Port Au Prince", "PORTLOUIS": "Port Louis",
    "PORTMORESBY": "Port Moresby", "PORTOFSPAIN": "Port Of Spain", "RIODEJANEIRO": "Rio De Janeiro",
    "SANJOSE": "San Jose", "SANSALVADOR": "San Salvador", "SANTODOMINGO": "Santo Domingo",
    "SAOPAULO": "Sao Paulo", "STPETERSBURG": "St Petersburg", "TELAVIV": "Tel Aviv", "THEHAGUE": "The Hague",
    "NDJAMENA": "Ndjamena",
    # renamed cities: WikiLeaks shows the post's current name
    "KIEV": "Kyiv", "CALCUTTA": "Kolkata", "MADRAS": "Chennai",
}

_CONSULATES = frozenset("""
    ADANA ALEXANDRIA AMSTERDAM AUCKLAND BARCELONA BELFAST CALCUTTA CALGARY CAPETOWN CASABLANCA CHENGDU
    CHENNAI CHIANGMAI CIUDADJUAREZ CURACAO DHAHRAN DUBAI DURBAN DUSSELDORF FLORENCE FRANKFURT FUKUOKA
    GUADALAJARA GUANGZHOU GUAYAQUIL HALIFAX HAMBURG HAMILTON HERMOSILLO HOCHIMINHCITY HONGKONG HYDERABAD
    ISTANBUL IZMIR JEDDAH JERUSALEM JOHANNESBURG KADUNA KARACHI KOLKATA KRAKOW LAGOS LAHORE LEIPZIG
    LENINGRAD MADRAS MARSEILLE MATAMOROS MELBOURNE MERIDA MILAN MONTERREY MONTREAL MUMBAI MUNICH NAGOYA
    NAHA NAPLES NOGALES NUEVOLAREDO OSAKAKOBE PERTH PESHAWAR PONTADELGADA QUEBEC RECIFE RIODEJANEIRO
    SAOPAULO SAPPORO SHANGHAI SHENYANG STPETERSBURG STRASBOURG SURABAYA SYDNEY THESSALONIKI TIJUANA
    TORONTO VANCOUVER VLADIVOSTOK YEKATERINBURG
""".split())

# Posts whose Origin is not "Embassy/Consulate <Place>".
_SPECIAL: dict[str, str] = {
    "STATE": "Secretary of State", "WASHDC": "Secretary of State",
    "USNATO": "Mission USNATO", "USOSCE": "Mission USOSCE", "UNVIEVIENNA": "UNVIE",
    "USUNNEWYORK": "USUN New York", "USEUBRUSSELS": "USEU Brussels",
    "UNESCOPARISFR": "Mission UNESCO", "PARISFR": "Mission UNESCO", "UNROME": "Mission UN Rome",
    "GENEVA": "US Mission Geneva", "CDGENEVA": "US Mission CD Geneva", "USTRGENEVA": "USMISSION USTR GENEVA",
    "IRANRPODUBAI": "Iran RPO Dubai", "RPODUBAI": "Iran RPO Dubai",
    "AITTAIPEI": "American Institute Taiwan, Taipei", "TAIPEI": "American Institute Taiwan, Taipei",
    "HAVANA": "US Interests Section Havana", "PARTO": "US Delegation, Secretary",
    "BASRAH": "REO Basrah", "HILLAH": "REO Hillah", "KIRKUK": "REO Kirkuk", "MOSUL": "REO Mosul",
    "FSCCHARLESTON": "US OFFICE FSC CHARLESTON", "FSINFATC": "DIR FSINFATC", "FESTTWO": "US OFFICE FEST TWO",
}


def origin_name(station: str) -> str:
    """Display name like WikiLeaks' Origin: "LIMA" -> "Embassy Lima", "STATE" -> "Secretary of State"."""
    token = canonical_station(station) or station.strip().upper()
    if token in _SPECIAL:
        return _SPECIAL[token]
    place = _PLACE.get(token, token.title())
    return f"{'Consulate' if token in _CONSULATES else 'Embassy'} {place}"


# Senders that name a post differently from the id's station token.
_SENDER_STATIONS: dict[str, str] = {"USLOTRIPOLI": "TRIPOLI", "USDELSECRETARY": "PARTO"}
_FM_TAIL = re.compile(r"\s*(?://.*|\b(?:FLASH|NIACT|IMMEDIATE|PRIORITY|ROUTINE)\b.*|\d+)$", re.I)


def parse_sender(fm_text: str) -> tuple[str | None, str | None]:
    """The text after FM -> (station token, display name); (None, None) when unknown."""
    name = _FM_TAIL.sub("", " ".join(fm_text.split()))
    key = re.sub(r"[^A-Z0-9]", "", name.upper())
    station = _SENDER_STATIONS.get(key) or canonical_station(name)
    if station is None and " " in name:  # "AMEMBASSY TRIPOLI LY": a country suffix
        station = canonical_station(name.rsplit(" ", 1)[0])
    if station is None:
        return None, None
    return station, origin_name(station)


_COUNTRY_STATIONS: dict[str, str] = {
    "Afghanistan": "KABUL", "Albania": "TIRANA", "Algeria": "ALGIERS", "Angola": "LUANDA",
    "Argentina": "BUENOSAIRES", "Armenia": "YEREVAN", "Australia": "CANBERRA MELBOURNE PERTH SYDNEY",
    "Austria": "VIENNA", "Azerbaijan": "BAKU", "Bahamas": "NASSAU", "Bahrain": "MANAMA", "Bangladesh": "DHAKA",
    "Barbados": "BRIDGETOWN", "Belarus": "MINSK", "Belgium": "BRUSSELS", "Belize": "BELIZE BELMOPAN",
    "Benin": "COTONOU", "Bermuda": "HAMILTON", "Bolivia": "LAPAZ", "Bosnia and Herzegovina": "SARAJEVO",
    "Botswana": "GABORONE", "Brazil": "BRASILIA RECIFE RIODEJANEIRO SAOPAULO", "Brunei": "BANDARSERIBEGAWAN",
    "Bulgaria": "SOFIA", "Burkina Faso": "OUAGADOUGOU", "Burundi": "BUJUMBURA", "Cabo Verde": "PRAIA",
    "Cambodia": "PHNOMPENH", "Cameroon": "YAOUNDE",
    "Canada": "CALGARY HALIFAX MONTREAL OTTAWA QUEBEC TORONTO VANCOUVER", "Central African Republic": "BANGUI",
    "Chad": "NDJAMENA", "Chile": "SANTIAGO", "China": "BEIJING CHENGDU GUANGZHOU SHANGHAI SHENYANG",
    "Colombia": "BOGOTA", "Costa Rica": "SANJOSE", "Croatia": "ZAGREB", "Cuba": "HAVANA", "Curacao": "CURACAO",
    "Cyprus": "NICOSIA", "Czechia": "PRAGUE", "Democratic Republic of the Congo": "KINSHASA",
    "Denmark": "COPENHAGEN", "Djibouti": "DJIBOUTI", "Dominican Republic": "SANTODOMINGO",
    "Ecuador": "GUAYAQUIL QUITO", "Egypt": "ALEXANDRIA CAIRO", "El Salvador": "SANSALVADOR",
    "Equatorial Guinea": "MALABO", "Eritrea": "ASMARA", "Estonia": "TALLINN", "Eswatini": "MBABANE",
    "Ethiopia": "ADDISABABA", "Fiji": "SUVA", "Finland": "HELSINKI",
    "France": "MARSEILLE PARIS STRASBOURG", "Gabon": "LIBREVILLE", "Gambia": "BANJUL", "Georgia": "TBILISI",
    "Germany": "BERLIN BONN DUSSELDORF FRANKFURT HAMBURG LEIPZIG MUNICH", "Ghana": "ACCRA", "Greece": "ATHENS THESSALONIKI",
    "Grenada": "GRENADA", "Guatemala": "GUATEMALA", "Guinea": "CONAKRY", "Guyana": "GEORGETOWN",
    "Haiti": "PORTAUPRINCE", "Honduras": "TEGUCIGALPA", "Hong Kong": "HONGKONG", "Hungary": "BUDAPEST",
    "Iceland": "REYKJAVIK", "India": "CALCUTTA CHENNAI HYDERABAD KOLKATA MADRAS MUMBAI NEWDELHI",
    "Indonesia": "JAKARTA SURABAYA", "Iran": "TEHRAN", "Iraq": "BAGHDAD BASRAH HILLAH KIRKUK MOSUL",
    "Ireland": "DUBLIN", "Israel": "TELAVIV", "Italy": "FLORENCE MILAN NAPLES ROME", "Ivory Coast": "ABIDJAN",
    "Jamaica": "KINGSTON", "Japan": "FUKUOKA NAGOYA NAHA OSAKAKOBE SAPPORO TOKYO", "Jordan": "AMMAN",
    "Kazakhstan": "ALMATY ASTANA", "Kenya": "NAIROBI", "Kosovo": "PRISTINA", "Kuwait": "KUWAIT",
    "Kyrgyzstan": "BISHKEK", "Laos": "VIENTIANE", "Latvia": "RIGA", "Lebanon": "BEIRUT", "Lesotho": "MASERU",
    "Liberia": "MONROVIA", "Libya": "TRIPOLI", "Lithuania": "VILNIUS", "Luxembourg": "LUXEMBOURG",
    "Madagascar": "ANTANANARIVO", "Malawi": "LILONGWE", "Malaysia": "KUALALUMPUR", "Mali": "BAMAKO",
    "Malta": "VALLETTA", "Marshall Islands": "MAJURO", "Mauritania": "NOUAKCHOTT", "Mauritius": "PORTLOUIS",
    "Mexico": "CIUDADJUAREZ GUADALAJARA HERMOSILLO MATAMOROS MERIDA MEXICO MONTERREY NOGALES NUEVOLAREDO TIJUANA",
    "Micronesia": "KOLONIA", "Moldova": "CHISINAU", "Mongolia": "ULAANBAATAR", "Montenegro": "PODGORICA",
    "Morocco": "CASABLANCA RABAT", "Mozambique": "MAPUTO", "Myanmar": "RANGOON", "Namibia": "WINDHOEK",
    "Nepal": "KATHMANDU", "Netherlands": "AMSTERDAM THEHAGUE", "New Zealand": "AUCKLAND WELLINGTON",
    "Nicaragua": "MANAGUA", "Niger": "NIAMEY", "Nigeria": "ABUJA KADUNA LAGOS", "North Macedonia": "SKOPJE",
    "Norway": "OSLO", "Oman": "MUSCAT", "Pakistan": "ISLAMABAD KARACHI LAHORE PESHAWAR", "Palau": "KOROR",
    # The Consulate General in Jerusalem is the post for Jerusalem, the West Bank and Gaza.
    "Palestinian Territories": "JERUSALEM",
    "Panama": "PANAMA", "Papua New Guinea": "PORTMORESBY", "Paraguay": "ASUNCION", "Peru": "LIMA",
    "Philippines": "MANILA", "Poland": "KRAKOW WARSAW", "Portugal": "LISBON PONTADELGADA", "Qatar": "DOHA",
    "Republic of the Congo": "BRAZZAVILLE", "Romania": "BUCHAREST",
    "Russia": "LENINGRAD MOSCOW STPETERSBURG VLADIVOSTOK YEKATERINBURG", "Rwanda": "KIGALI", "Samoa": "APIA",
    "Saudi Arabia": "DHAHRAN JEDDAH RIYADH", "Senegal": "DAKAR", "Serbia": "BELGRADE", "Sierra Leone": "FREETOWN",
    "Singapore": "SINGAPORE", "Slovakia": "BRATISLAVA", "Slovenia": "LJUBLJANA", "Somalia": "MOGADISHU",
    "South Africa": "CAPETOWN DURBAN JOHANNESBURG PRETORIA", "South Korea": "SEOUL", "Spain": "BARCELONA MADRID",
    "Sri Lanka": "COLOMBO", "Sudan": "KHARTOUM", "Suriname": "PARAMARIBO", "Sweden": "STOCKHOLM",
    "Switzerland": "BERN", "Syria": "DAMASCUS", "Taiwan": "AITTAIPEI TAIPEI", "Tajikistan": "DUSHANBE",
    "Tanzania": "DARESSALAAM", "Thailand": "BANGKOK CHIANGMAI", "Timor-Leste": "DILI", "Togo": "LOME",
    "Trinidad and Tobago": "PORTOFSPAIN", "Tunisia": "TUNIS", "Turkey": "ADANA ANKARA ISTANBUL IZMIR",
    "Turkmenistan": "ASHGABAT", "Uganda": "KAMPALA", "Ukraine": "KIEV KYIV", "United Arab Emirates": "ABUDHABI DUBAI IRANRPODUBAI RPODUBAI",  # noqa: E501
    "United Kingdom": "BELFAST LONDON", "United States": "FSCCHARLESTON FSINFATC STATE WASHDC",
    "Uruguay": "MONTEVIDEO", "Uzbekistan": "TASHKENT", "Vatican": "VATICAN", "Venezuela": "CARACAS",
    "Vietnam": "HANOI HOCHIMINHCITY", "Yemen": "SANAA", "Zambia": "LUSAKA", "Zimbabwe": "HARARE",
}

# Posts to organisations or travelling parties: no country of their own.
NON_COUNTRY_STATIONS = frozenset(
    "CDGENEVA FESTTWO GENEVA PARISFR PARTO UNESCOPARISFR UNROME UNVIEVIENNA USEUBRUSSELS USNATO USOSCE "
    "USTRGENEVA USUNNEWYORK".split()
)

_STATION_COUNTRY: dict[str, str] = {
    station: country for country, stations in _COUNTRY_STATIONS.items() for station in stations.split()
}


def station_country(station: str) -> str | None:
    """"LIMA" -> "Peru", "STATE" -> "United States", "USNATO" -> None."""
    token = canonical_station(station)
    return _STATION_COUNTRY.get(token) if token else None


def unmapped_stations() -> frozenset[str]:
    """Stations with neither a country nor a reason not to have one (empty when the table is complete)."""
    return STATIONS - _STATION_COUNTRY.keys() - NON_COUNTRY_STATIONS
