"""Cable ids ("09LIMA1661") and station tokens ("LIMA", "STATE", "BUENOSAIRES").

A canonical cable id is two year digits, a station token and the serial
without leading zeros.  The valid station tokens come from the 251,287
Cablegate ids (corpus/data/stations.txt); the aliases and typo fixes below
are this project's own table, built from the oddities catalogued in the
research notes (§1.1) and checked against that id list.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

_DATA = Path(__file__).with_name("data")


def _load_stations() -> frozenset[str]:
    with open(_DATA / "stations.txt", encoding="utf-8") as f:
        return frozenset(line.split()[0] for line in f if line.strip() and not line.startswith("#"))


STATIONS: frozenset[str] = _load_stations()

# Other names of a station, keyed by the name with everything but letters and
# digits removed ("LA PAZ" -> "LAPAZ" is already valid and needs no entry).
_ALIASES: dict[str, str] = {
    # the Department
    "SECSTATE": "STATE", "SECTSTATE": "STATE", "SECSTATEWASHDC": "STATE", "STAT": "STATE",
    "WASHINGTON": "STATE", "WASHINGTONDC": "STATE", "DEPTOFSTATE": "STATE",
    "DEPTOFSTATEWASHINGTONDC": "STATE", "DEPARTMENTOFSTATE": "STATE", "SECSTATEWASHINGTONDC": "STATE",
    # missions
    "USUN": "USUNNEWYORK", "NEWYORK": "USUNNEWYORK", "USUNNY": "USUNNEWYORK", "USUNNEYORK": "USUNNEWYORK",
    "USUNNEWYORKNY": "USUNNEWYORK", "UNVIE": "UNVIEVIENNA", "UNVIENNA": "UNVIEVIENNA",
    "USEU": "USEUBRUSSELS", "USNATOBRUSSELS": "USNATO", "USNATOBRUSSELSBE": "USNATO", "USOSCEVIENNA": "USOSCE",
    "USOSCEVIENNAAU": "USOSCE", "UNESCO": "UNESCOPARISFR", "UNESCOPARIS": "UNESCOPARISFR",
    "USUNESCOPARISFR": "UNESCOPARISFR", "USUNESCOPARIS": "UNESCOPARISFR", "USUNESCO": "UNESCOPARISFR",
    "AIT": "AITTAIPEI", "IRANRPO": "IRANRPODUBAI", "CD": "CDGENEVA", "USTR": "USTRGENEVA",
    # places written in full or abbreviated
    "HCMC": "HOCHIMINHCITY", "HCM": "HOCHIMINHCITY", "HOCHIMINH": "HOCHIMINHCITY", "SAIGON": "HOCHIMINHCITY",
    "BA": "BUENOSAIRES", "MEXICOCITY": "MEXICO", "MEX": "MEXICO", "GUATEMALACITY": "GUATEMALA",
    "PANAMACITY": "PANAMA", "KUWAITCITY": "KUWAIT", "VATICANCITY": "VATICAN", "HOLYSEE": "VATICAN",
    "HAGUE": "THEHAGUE", "RIO": "RIODEJANEIRO", "RIODEJAN": "RIODEJANEIRO", "PAP": "PORTAUPRINCE",
    "PAUP": "PORTAUPRINCE", "PORTA": "PORTAUPRINCE", "SAOPAUO": "SAOPAULO", "SAOPAUL": "SAOPAULO",
    "PHNOMPEN": "PHNOMPENH", "MELBOURNEVIC": "MELBOURNE", "STPETERSBURG": "STPETERSBURG",
    "SAINTPETERSBURG": "STPETERSBURG", "OSAKA": "OSAKAKOBE", "KOBE": "OSAKAKOBE", "DARESSALAM": "DARESSALAAM",
    "BOMBAY": "MUMBAI", "SANTIAGODECHILE": "SANTIAGO", "KUALALAMPUR": "KUALALUMPUR",
    # typos in ids and routing names (each checked: the mended id exists)
    "AITTAIPIE": "AITTAIPEI", "ANILA": "MANILA", "ANOI": "HANOI", "AQNA": "ASTANA", "ARAJEVO": "SARAJEVO",
    "ATANANARIVO": "ANTANANARIVO", "BANGOK": "BANGKOK", "BAU": "BAKU", "BEIJIG": "BEIJING", "EIJING": "BEIJING",
    "BEIRT": "BEIRUT", "BELGADE": "BELGRADE", "BRAILIA": "BRASILIA", "BRASIIA": "BRASILIA", "BRUSELS": "BRUSSELS",
    "BRUSSLS": "BRUSSELS", "BRUSSQLS": "BRUSSELS", "BUSSELS": "BRUSSELS", "RUSSELS": "BRUSSELS",
    "BUENOSQRES": "BUENOSAIRES", "COPENHAEN": "COPENHAGEN", "DAMASCCUS": "DAMASCUS", "DULIN": "DUBLIN",
    "GEORGETON": "GEORGETOWN", "GUATEMLA": "GUATEMALA", "HONGKOG": "HONGKONG", "IHARTOUM": "KHARTOUM",
    "INSHASA": "KINSHASA", "KINHASA": "KINSHASA", "KINSHAA": "KINSHASA", "KAPALA": "KAMPALA", "LINSK": "MINSK",
    "MILSK": "MINSK", "MINSI": "MINSK", "MAAMA": "MANAMA", "MAILA": "MANILA", "NDJAENA": "NDJAMENA",
    "NOUKKCHOTT": "NOUAKCHOTT", "NSSAU": "NASSAU", "PORTOFPAIN": "PORTOFSPAIN", "POTAUPRINCE": "PORTAUPRINCE",
    "QXICO": "MEXICO", "SANODOMINGO": "SANTODOMINGO", "SANTOOMINGO": "SANTODOMINGO", "SARAEVO": "SARAJEVO",
    "SOIA": "SOFIA", "THEHAGE": "THEHAGUE", "THEHAGU": "THEHAGUE", "TILISI": "TBILISI", "QRIPOLI": "TRIPOLI",
    "BISHIEK": "BISHKEK", "PARAMIARBO": "PARAMARIBO", "QUINTO": "QUITO", "PRINSTINA": "PRISTINA",
    "VIENTIENE": "VIENTIANE", "DELHI": "NEWDELHI", "TRIPOLII": "TRIPOLI", "ASHBABAT": "ASHGABAT",
    "SATTE": "STATE", "VAOUNDE": "YAOUNDE", "COLUMBO": "COLOMBO", "SANTIAG": "SANTIAGO",
    "BRASILA": "BRASILIA", "BISHTEK": "BISHKEK",  # "¶B. BRASILA 931" (09BRASILIA1127)
}

# Words in front of a station name that are not part of it ("AMEMBASSY LIMA",
# "EFTOBAKU": WikiLeaks glued the EFTO caption to the station).
_PREFIXES = ("AMEMBASSY", "AMEMBASY", "EMBASSY", "AMCONSULATE", "AMCONSUL", "CONSULATE", "USMISSION",
             "USMISSIN", "MISSION", "USINT", "USOFFICE", "EFTO", "NOFORN", "SIFIED", "REO", "AMERICAN")

_NOT_ALNUM = re.compile(r"[^A-Z0-9]")
_ZERO_FOR_O = re.compile(r"0(?=[A-Z])|(?<=[A-Z])0")


@cache
def canonical_station(name: str) -> str | None:
    """A station as written ("AMEMBASSY LA PAZ", "SECSTATE WASHDC", "0TTAWA") -> token, or None."""
    key = _NOT_ALNUM.sub("", name.upper())
    # OCR-style digit zero for letter O ("0TTAWA", "COTON0U") inside a name.
    if key and not key.isdigit():
        key = _ZERO_FOR_O.sub("O", key)
    for _ in range(2):  # "USMISSION USOFFICE ..." style double prefixes
        hit = _lookup(key)
        if hit:
            return hit
        for prefix in _PREFIXES:
            if key.startswith(prefix) and len(key) > len(prefix):
                key = key[len(prefix):]
                break
        else:
            return _misspelt(key)
    return _lookup(key) or _misspelt(key)


def _lookup(key: str) -> str | None:
    if key in _ALIASES:
        return _ALIASES[key]
    if key in STATIONS:
        return key
    return None


MISSPELT_MIN = 5  # letters a name needs before a misspelling of it is recognised
MISSPELT_TAIL = 2  # letters a station may carry after its name ("MADRIDSP": the country code)


def _misspelt(key: str) -> str | None:
    """The one station a name misspells or cuts short, else None.

    A name of at least MISSPELT_MIN letters names a station when exactly one station (or alias)
    is one typing slip away (a letter left out, added, changed, or two letters swapped:
    "SANJSE", "PANANA", "WELLINGOTN", "RIODEJANIERO"), when it is the start of exactly one
    station ("HALIF", "KUALALUMP"), or when it is a station followed by MISSPELT_TAIL letters or
    fewer ("MADRIDSP").  Two stations equally close give None: a guess is no repair.
    """
    if len(key) < MISSPELT_MIN or not key.isalpha():
        return None
    return _closest_station(key)


@cache
def _closest_station(key: str) -> str | None:
    names = _spellings()
    slips = {station for name, station in names if one_slip(key, name)}
    if len(slips) == 1:
        return slips.pop()
    if slips:
        return None
    starts = {station for name, station in names if name.startswith(key)}
    if len(starts) == 1:
        return starts.pop()
    tails = {station for name, station in names
             if len(name) >= MISSPELT_MIN and key.startswith(name) and len(key) - len(name) <= MISSPELT_TAIL}
    return tails.pop() if len(tails) == 1 else None


@cache
def _spellings() -> tuple[tuple[str, str], ...]:
    """(name, station) for every station token and every alias of MISSPELT_MIN letters or more."""
    pairs = [(s, s) for s in STATIONS] + [(a, s) for a, s in _ALIASES.items()]
    return tuple((name, station) for name, station in pairs if len(name) >= MISSPELT_MIN)


def one_slip(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one letter left out, added or changed, or two swapped."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) < len(b):  # one letter added in b
        return a[i:] == b[i + 1:]
    if a[i + 1:] == b[i + 1:]:  # one letter changed
        return True
    return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]


def make_id(year: str | int, station: str, serial: str | int) -> str | None:
    """("09", "LIMA", "001661") -> "09LIMA1661"; None if a part is unusable."""
    yy = _two_digit_year(str(year).strip().lstrip("'(").rstrip(")"))
    token = canonical_station(station)
    serial = str(serial).strip()
    if yy is None or token is None or not serial.isdigit() or int(serial) == 0:
        return None
    return as_cablegate_writes(f"{yy}{token}{int(serial)}")


def as_cablegate_writes(cid: str) -> str:
    """A canonical id as Cablegate writes it: "09LONDON2211" -> "09EFTOLONDON2211".

    Cablegate kept the EFTO caption in front of the station in a few dozen ids; where the id
    without it is no Cablegate id, Cablegate's spelling is the id (so that a reference to
    LONDON 2211 of 2009 finds the cable WikiLeaks published as 09EFTOLONDON2211).
    """
    return _efto_ids().get(cid, cid)


@cache
def _efto_ids() -> dict[str, str]:
    """"09LONDON2211" -> "09EFTOLONDON2211", from corpus/data/cablegate-efto-ids.txt (derived from
    the Cablegate id list and checked against it by the tests; a small file, so that reading a
    citation does not cost reading 251,287 ids)."""
    with open(_DATA / "cablegate-efto-ids.txt", encoding="ascii") as f:
        ids = [line.strip() for line in f if line.strip() and not line.startswith("#")]
    return {cid[:2] + cid[6:]: cid for cid in ids}


def _two_digit_year(y: str) -> str | None:
    if not y.isdigit():
        return None
    if len(y) == 4 and y[:2] in ("19", "20"):
        return y[2:]
    if len(y) == 4 and y[:2] == y[2:]:  # "7575LIBREVILLE1895": the year typed twice
        return y[:2]
    if len(y) == 2:
        return y
    if len(y) == 1:
        return "0" + y
    return None


_URLISH = re.compile(r"^.*/|\.html?$", re.I)
_SUFFIX = re.compile(r"_[A-Z0-9]+$")
_ID_SEPARATORS = re.compile(r"[\s\-.']+")
_ID_HEAD = re.compile(r"^(\d{2}(?:\d{2})?)([A-Z0-9]+)$")
_LETTER_RUN = re.compile(r"([A-Z]+)(\d+)")
# A second number after the serial: WikiLeaks' duplicate markers keep the last
# one ("ACCRA001382SUSPECTEDDUPLICATE1392" is 08ACCRA1392); TOSEC numbers are
# the travelling party's own serial, and a "Z.." tail another copy's number
# ("06MADRID002583ZFR2585" is 06MADRID2583, the Cablegate id): both are dropped.
_DUPLICATE_TAIL = re.compile(r"^SUSPECTEDDUPLICATE(\d+)$")


def canonical_id(raw: str) -> str | None:
    """Repair a cable id as WikiLeaks or a person wrote it; None when no id can be made."""
    s = _URLISH.sub("", raw.strip()).upper()
    s = _SUFFIX.sub("", s)
    s = _ID_SEPARATORS.sub("", s)  # "06PORT-OF-SPAIN123", "09 LIMA 1661"
    m = _ID_HEAD.match(s)
    if not m:
        return None
    digits, rest = m.groups()
    yy = _two_digit_year(digits)
    if yy is None:  # "0901OF02RPODUBAI288": two year digits, then section garbage
        yy, rest = digits[:2], digits[2:] + rest
    # "SECTION01OF03SANJOSE525": the first letter run that is a station wins.
    for run in _LETTER_RUN.finditer(rest):
        token = canonical_station(run.group(1))
        if token is None:
            continue
        serial = run.group(2)
        tail = _DUPLICATE_TAIL.match(rest[run.end():])
        if tail:
            serial = tail.group(1)
        if int(serial) == 0:
            return None
        return as_cablegate_writes(f"{yy}{token}{int(serial)}")
    return None


_SPLIT = re.compile(r"^(\d{2})([A-Z]+)(\d+)$")


def split_id(cid: str) -> tuple[str, str, str] | None:
    """"09LIMA1661" -> ("09", "LIMA", "1661")."""
    m = _SPLIT.match(cid)
    return (m.group(1), m.group(2), m.group(3)) if m else None


def id_year(cid: str) -> int | None:
    """The four-digit year of an id; Cablegate runs 1966-2010, so 31-99 are 19xx."""
    parts = split_id(cid)
    if parts is None:
        return None
    yy = int(parts[0])
    return 1900 + yy if yy > 30 else 2000 + yy


# Station names as written in running text, several words allowed.
_WRITTEN_STATIONS = (
    "ABU DHABI", "ADDIS ABABA", "AIT TAIPEI", "BANDAR SERI BEGAWAN", "BUENOS AIRES", "CAPE TOWN",
    "CHIANG MAI", "CIUDAD JUAREZ", "DAR ES SALAAM", "HO CHI MINH CITY", "HONG KONG", "IRAN RPO DUBAI",
    "KUALA LUMPUR", "LA PAZ", "MEXICO CITY", "NEW DELHI", "NUEVO LAREDO", "OSAKA KOBE", "PHNOM PENH", "PHNOM PEN",
    "PONTA DELGADA", "PORT AU PRINCE", "PORT LOUIS", "PORT MORESBY", "PORT OF SPAIN", "RIO DE JANEIRO",
    "RPO DUBAI", "SAN JOSE", "SAN SALVADOR", "SANTO DOMINGO", "SAO PAULO", "ST PETERSBURG", "TEL AVIV",
    "THE HAGUE", "USUN NEW YORK", "USUN NE YORK", "UNVIE VIENNA", "USEU BRUSSELS", "UNESCO PARIS FR",
    "USUNESCO PARIS FR", "UNESCO PARIS", "SECSTATE WASHDC", "CD GENEVA", "USTR GENEVA", "UN ROME",
    "N DJAMENA", "RIO", "GUATEMALA CITY", "PANAMA CITY", "RIO DE JAN", "SAO PAUO", "SAO PAUL",
)

_SEP = r"[\s.'\u2019-]*"


@cache
def station_alternation() -> str:
    """Regex alternation (no group) of station names as written in text, longest first."""
    forms = {w.replace(" ", _SEP) for w in _WRITTEN_STATIONS}
    # Short aliases ("BA", "CD", "AIT") are too common as words to look for in prose.
    forms.update(s for s in STATIONS | frozenset(_ALIASES) if len(s) >= 4)
    forms.update(("0TTAWA", "SANTIAG0", "COTON0U"))  # digit zero for O: "¶B. 05 SANTIAG0 465" (06SANTIAGO439)
    return "|".join(sorted(forms, key=len, reverse=True))


@cache
def _find_pattern() -> re.Pattern[str]:
    # "SECTION 01 OF 04 KATHMANDU 000280", "PAGE 02 ROME 01196": a section or page count, not a year
    not_a_count = r"(?<!\bOF\s)(?<!\bOF\s\s)(?<!\bPAGE\s)(?<!\bPAGE\s\s)"
    year = rf"(?:(?P<y4>(?:19|20)\d\d)|{not_a_count}'?(?P<y2>\d\d)|\((?P<yp>\d\d)\))"
    return re.compile(
        rf"(?<![\w])(?:"
        # glued: 09LIMA1661, 2005PANAMA2342, also inside a WikiLeaks URL
        rf"(?P<glued>\d{{2}}(?:\d{{2}})?[A-Z]{{2,}}\d{{1,7}})"
        rf"|(?:{year}[\s-]+)?(?P<st>{station_alternation()})[\s-]+(?P<ser>\d{{1,7}})"
        rf")(?![\w])",
        re.I,
    )


def find_ids(text: str, *, default_year: int | None = None) -> list[str]:
    """Every cable id written in text ("09 LIMA 1661", "LIMA 001661", ".../09LIMA1661.html"), in order."""
    found: dict[str, None] = {}
    for m in _find_pattern().finditer(text):
        if m.group("glued"):
            cid = canonical_id(m.group("glued"))
        else:
            y = m.group("y4") or m.group("y2") or m.group("yp")
            if y is None:
                if default_year is None:
                    continue
                y = str(default_year)
            cid = make_id(y, m.group("st"), m.group("ser"))
        if cid:
            found.setdefault(cid, None)
    return list(found)


@cache
def _cablegate_months() -> dict[str, str]:
    """Every Cablegate id -> its month of creation ("04BRASILIA862" -> "2004-04")."""
    import gzip  # only here: `cables cite` needs the list only for an id it did not find

    months: dict[str, str] = {}
    with gzip.open(_DATA / "cablegate-ids-by-month.txt.gz", "rt", encoding="ascii") as f:
        blocks = f.read().split("\n= ")[1:]  # the comment lines come before the first month
    for block in blocks:
        month, *ids = block.split()
        months.update(dict.fromkeys(ids, month))
    return months


@cache
def _by_station_serial() -> dict[str, tuple[str, ...]]:
    """"BRASILIA862" -> every Cablegate id with that station and serial ("04BRASILIA862", …)."""
    found: dict[str, tuple[str, ...]] = {}
    for cid in _cablegate_months():
        key = cid[2:]
        found[key] = (*found[key], cid) if key in found else (cid,)
    return found


def is_known_cablegate_id(cid: str) -> bool:
    """Whether the id is one of the 251,287 Cablegate cables (loads a 0.7 MB list on first call)."""
    return cid in _cablegate_months()


def cablegate_month(cid: str) -> str | None:
    """The month a Cablegate cable was created ("04BRASILIA862" -> "2004-04"), None if not in Cablegate."""
    return _cablegate_months().get(cid)


def cablegate_ids_for(station: str, serial: str | int) -> tuple[str, ...]:
    """The Cablegate ids of that station and serial, any year: ("BRASILIA", 862) -> ("04BRASILIA862",)."""
    return _by_station_serial().get(f"{station}{int(serial)}", ())
