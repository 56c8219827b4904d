"""Country reference data: UN regional groups, developing status, LDC / LLDC / SIDS.

The table ``inputs/data/countries.csv`` (see ``composer/inputs/data/README.md`` for its sources)
holds one row per State.  ``inputs/data/territories.csv`` adds every other ISO 3166-1 entry
(territories, Taiwan, Hong Kong, Antarctica...) and Kosovo (``XK``, a user-assigned code), with
their M49 geography but no UN regional group or developing status.  :func:`resolve_country`
accepts an ISO alpha-3 code, an alpha-2 code or a name (UN, ISO or common English),
case-insensitively; ``NA`` is Namibia.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from functools import cache
from importlib import resources

#: UN regional groups, in the order reports list them.
REGIONAL_GROUPS = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and Others",
)

#: Columns derived from ``country`` and the reference column each comes from.
DERIVED_COLUMNS = {
    "region": "un_regional_group",
    "developing": "developing",
    "ldc": "ldc",
    "lldc": "lldc",
    "sids": "sids",
    "m49_region": "m49_region",
}

# Common English names and short forms that differ from the UN short name.
_ALIASES = {
    "usa": "USA",
    "us": "USA",
    "united states": "USA",
    "uk": "GBR",
    "united kingdom": "GBR",
    "great britain": "GBR",
    "britain": "GBR",
    "russia": "RUS",
    "south korea": "KOR",
    "korea": "KOR",
    "north korea": "PRK",
    "iran": "IRN",
    "syria": "SYR",
    "vietnam": "VNM",
    "viet nam": "VNM",
    "laos": "LAO",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "tanzania": "TZA",
    "moldova": "MDA",
    "netherlands": "NLD",
    "the netherlands": "NLD",
    "holland": "NLD",
    "turkey": "TUR",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "czech republic": "CZE",
    "czechia": "CZE",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "cape verde": "CPV",
    "macedonia": "MKD",
    "north macedonia": "MKD",
    "palestine": "PSE",
    "vatican": "VAT",
    "holy see": "VAT",
    "micronesia": "FSM",
    "brunei": "BRN",
    "east timor": "TLS",
    "dr congo": "COD",
    "drc": "COD",
    "democratic republic of congo": "COD",
    "congo": "COG",
    "republic of congo": "COG",
    "burma": "MMR",
    "gambia": "GMB",
    "bahamas": "BHS",
    "sao tome": "STP",
    "kyrgyzstan": "KGZ",
    "kosovo": "XKX",
    "taiwan": "TWN",
    "hong kong": "HKG",
    "macau": "MAC",
    "macao": "MAC",
}


def _fold(text: str) -> str:
    """Lower-case, strip accents and surrounding space, unify apostrophes."""
    text = unicodedata.normalize("NFKD", text.strip().replace("\u2019", "'"))
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower()


@cache
def countries() -> tuple[dict[str, str], ...]:
    """All rows of the reference table, as read (every value a string)."""
    path = resources.files("composer.inputs").joinpath("data/countries.csv")
    text = path.read_text(encoding="utf-8")
    return tuple(dict(row) for row in csv.DictReader(io.StringIO(text, newline="")))


@cache
def territories() -> tuple[dict[str, str], ...]:
    """Every ISO 3166-1 entry that is not a row of :func:`countries`, plus Kosovo (``XKX``)."""
    path = resources.files("composer.inputs").joinpath("data/territories.csv")
    text = path.read_text(encoding="utf-8")
    return tuple(dict(row) for row in csv.DictReader(io.StringIO(text, newline="")))


@cache
def places() -> tuple[dict[str, str], ...]:
    """The States of :func:`countries` and then the :func:`territories`, one row each."""
    return countries() + territories()


def is_state(iso3: str) -> bool:
    """Whether ``iso3`` is one of the 197 States of the curated table."""
    return iso3 in {row["iso3"] for row in countries()}


@cache
def _by_iso3() -> dict[str, dict[str, str]]:
    return {row["iso3"]: row for row in places()}


def _iso_names() -> dict[str, str]:
    """The ISO 3166-1 names (short, official and common) of every entry, from pycountry."""
    import pycountry

    names: dict[str, str] = {}
    for entry in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            text = getattr(entry, attribute, None)
            if text:
                names[_fold(text)] = entry.alpha_3
    return names


@cache
def _lookup() -> dict[str, str]:
    table: dict[str, str] = {n: c for n, c in _iso_names().items() if c in _by_iso3()}
    for row in places():
        table[_fold(row["name"])] = row["iso3"]
    for alias, iso3 in _ALIASES.items():
        table[_fold(alias)] = iso3
    for row in places():  # codes win over names
        table[row["iso3"].lower()] = row["iso3"]
        table[row["iso2"].lower()] = row["iso3"]
    return table


def resolve_country(text: str) -> str | None:
    """ISO alpha-3 code for a country written as ISO3, ISO2 or name; None if unknown."""
    return _lookup().get(_fold(text))


def country_row(iso3: str) -> dict[str, str]:
    """The reference row of a country, by ISO alpha-3 code."""
    return _by_iso3()[iso3]


def country_name(iso3: str) -> str:
    """The UN short English name of a country (the ISO common name of a territory)."""
    return _by_iso3()[iso3]["name"]


def nearest_country(text: str) -> str | None:
    """A suggestion for an unknown country: the closest name, as 'Name (ISO3)'."""
    import difflib

    names = {_fold(row["name"]): row for row in places()}
    names.update({a: _by_iso3()[c] for a, c in _ALIASES.items()})
    match = difflib.get_close_matches(_fold(text), list(names), n=1, cutoff=0.6)
    if not match:
        return None
    row = names[match[0]]
    return f"{row['name']} ({row['iso3']})"


def derived_values(iso3: str) -> dict[str, str]:
    """The derived columns (``region``, ``developing``, ...) for one country."""
    row = _by_iso3()[iso3]
    return {column: row[source] for column, source in DERIVED_COLUMNS.items()}
