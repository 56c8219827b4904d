"""Seeded generator of SYNTHETIC nomination pools, and the bundled example pool.

Everything this module produces is **synthetic and fictional**: the people, organisations and
nominating bodies do not exist; any likeness to a real person or body is chance.  Only the
countries are real (UN Member States).  The pool is shaped like the nominations the 2004 UN
Working Group on Internet Governance (WGIG) might have drawn: more Western European and Others
Group (WEOG) and private-sector nominees than seats, few from Least Developed Countries, scarce
African and Eastern European nominees, uneven expertise, about 37% women.  No historical counts
are reproduced.  The same ``n``, ``seed`` and ``areas`` give the same table, byte for byte, on
any machine (same NumPy version): only integer draws and exactly rounded arithmetic are used.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from composer.inputs import reference, vocabulary

#: The 12 WGIG working-paper topics used as expertise areas (lower case).
WGIG_TOPICS: tuple[str, ...] = (
    "names and numbers",
    "root servers",
    "interconnection",
    "telecom infrastructure",
    "cybersecurity",
    "multilingualism",
    "spam",
    "intellectual property",
    "privacy and consumer protection",
    "e-commerce",
    "affordable access",
    "dispute resolution",
)

BUNDLED_FILE = "wgig-2004-nominations.csv"
_GROUPS = vocabulary.STAKEHOLDER_GROUPS  # government, private, civil, technical, IGO
_GROUP_P = (0.23, 0.27, 0.26, 0.17, 0.07)
_REGIONS = reference.REGIONAL_GROUPS  # African, Asia-Pacific, EE, LAC, WEOG
# P(region | stakeholder group): governments mostly developing, the rest WEOG-heavy.
_REGION_P = {
    "government": (0.22, 0.28, 0.12, 0.20, 0.18),
    "private_sector": (0.10, 0.24, 0.08, 0.12, 0.46),
    "civil_society": (0.17, 0.22, 0.08, 0.18, 0.35),
    "technical_academic": (0.10, 0.25, 0.10, 0.12, 0.43),
    "intergovernmental": (0.15, 0.20, 0.10, 0.15, 0.40),
}
# Countries that send many nominations weigh 4; LDCs 0.4, SIDS 0.5, microstates 0.3.
_HUBS = "USA GBR FRA DEU CHE CAN NLD AUS JPN CHN IND KOR BRA ARG MEX ZAF KEN NGA EGY SEN RUS POL"
_MICRO = "AND MCO SMR LIE"
# Relative supply of each expertise area (uneven on purpose); other areas weigh 1.
_AREA_W = (0.9, 0.42, 0.8, 1.4, 2.6, 0.42, 0.8, 2.2, 1.6, 1.7, 1.2, 0.4)  # WGIG_TOPICS order
_GENDERS = vocabulary.GENDERS  # female, male, other, undisclosed
_GENDER_P = (0.37, 0.59, 0.02, 0.02)
# Given names (female | male) and surnames by regional group, combined at random.
_NAMES = {
    "African": "Amina Fatou Nia Zainab Chipo Abena Wanjiru Aissatou Thandiwe Nadia | Kwame "
    "Moussa Tendai Kofi Ibrahima Sipho Tariq Jabari Oumar Chidi | Diallo Mensah Okafor Banda "
    "Ndlovu Traore Kamau Haddad Mwangi Boateng Toure",
    "Asia-Pacific": "Mei Priya Aiko Siti Leila Anjali Yuna Mariam Linh Farah | Wei Arjun "
    "Hiroshi Ahmad Raj Minh Kenji Omar Jun Tevita | Chen Sharma Tanaka Rahman Nguyen Kim "
    "Wong Iyer Sato Hassan Lim Perera",
    "Eastern European": "Anna Katarzyna Elena Irina Milena Ivana Olga Daria Lucia Zofia | "
    "Pavel Andrei Tomasz Dmitri Marko Viktor Jan Luka Oleksandr Bogdan | Novak Kowalski "
    "Ivanova Petrov Horvat Popescu Kovacs Dimitrov Nowak",
    "Latin American and Caribbean": "Maria Ana Camila Lucia Valentina Gabriela Isabel Renata "
    "Paula Carolina | Carlos Juan Diego Mateo Rafael Luis Andres Joao Pedro Ricardo | Silva "
    "Gonzalez Rodriguez Pereira Fernandez Lopez Santos Rojas Castillo Mendoza",
    "Western European and Others": "Sarah Emma Claire Anna Sophie Laura Ingrid Julia Hannah "
    "Margaret | John Peter Thomas Michel Lars Daniel James Stefan Pierre David | Smith Muller "
    "Dubois Johansson Rossi Jensen Brown Schmidt Martin Walker Berg",
}
# Fictional bodies: a place word and a kind ("Northwind Telecom", "Redstone Caucus").
_PLACES = "Northwind Bluefield Redstone Silverline Greenway Eastbrook Westmark Suncrest "
_PLACES += "Lakeside Highgate Clearwater Stonebridge Fairhaven Oakmont"
_PLACE = tuple(_PLACES.split())
_ORG_KIND = {
    "government": "Ministry of Communications|Ministry of Foreign Affairs|Ministry of ICT|"
    "Telecommunications Regulator|Ministry of Trade",
    "private_sector": "Telecom|Networks|Software|Data Systems|Media Group|Cable Company|"
    "Digital Services",
    "civil_society": "Foundation|Digital Rights Centre|Community Media Network|"
    "Consumer Council|Access Initiative",
    "technical_academic": "University|Institute of Technology|Internet Society Chapter|"
    "Network Operators Group|Research Centre",
    "intergovernmental": "Regional Telecommunication Office|Development Agency|"
    "Trade Secretariat|Cooperation Council",
}
_NOMINATOR_KIND = {
    "private_sector": "Business Council|Industry Association|Chamber of Commerce",
    "civil_society": "Caucus|Rights Network|Citizens Forum",
    "technical_academic": "Research Network|Engineering Society|Academic Consortium",
    "intergovernmental": "Secretariat|Regional Commission|Member States Bureau",
}
# Languages: the country's own (by ISO3), English often, another one sometimes.
_SPOKEN = {
    "English": "",
    "French": "FRA BEL CHE CAN LUX MCO SEN CIV MLI BFA NER GIN BEN TGO CMR GAB COG COD TCD "
    "CAF MDG HTI DJI COM BDI RWA",
    "Spanish": "ESP MEX GTM HND SLV NIC CRI PAN CUB DOM COL VEN ECU PER BOL CHL ARG PRY URY GNQ",
    "Arabic": "EGY LBY TUN DZA MAR MRT SDN SOM DJI COM SAU ARE QAT BHR KWT OMN YEM JOR SYR LBN IRQ",
    "Chinese": "CHN SGP",
    "Russian": "RUS BLR KAZ KGZ",
    "Portuguese": "PRT BRA AGO MOZ CPV GNB STP TLS",
}
_LANGUAGES = tuple(_SPOKEN)
# Return economy fare to Geneva (USD, low-high) by M49 region or sub-region; WGIG met there.
_FARE = {
    "Europe": (1500, 2600),
    "Eastern Europe": (1800, 3200),
    "Northern Africa": (2000, 3600),
    "Western Asia": (2200, 4200),
    "Africa": (3200, 6800),
    "Asia": (3400, 7800),
    "Northern America": (3000, 5200),
    "Americas": (3800, 7800),
    "Oceania": (6500, 9000),
}


def _ascii(text: str) -> str:
    """Drop accents so generated names and bodies stay ASCII."""
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return text.encode("ascii", "ignore").decode()


def _members() -> pd.DataFrame:
    """UN Member States with the facts the generator uses, in a fixed order."""
    rows = [r for r in reference.countries() if r["un_status"] == "member"]
    table = pd.DataFrame(rows).sort_values("iso3", kind="stable").reset_index(drop=True)
    weight = np.where(table["iso3"].isin(_HUBS.split()), 4.0, 1.0)
    weight *= np.where(table["ldc"] == "yes", 0.4, 1.0)
    weight *= np.where(table["sids"] == "yes", 0.5, 1.0)
    weight *= np.where(table["iso3"].isin(_MICRO.split()), 0.3, 1.0)
    table["weight"] = weight
    return table


def _pick(rng: np.random.Generator, weights: np.ndarray, size: int) -> np.ndarray:
    """Indices drawn with probability proportional to ``weights`` (exact arithmetic only)."""
    cdf = np.cumsum(weights, dtype=float)
    return np.asarray(np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right"))


def _allot(rng: np.random.Generator, shares: Sequence[float], size: int) -> np.ndarray:
    """Categories for ``size`` rows in proportion to ``shares`` (largest remainder), shuffled."""
    quota = np.asarray(shares, dtype=float) * size / float(np.sum(shares))
    counts = np.floor(quota).astype(np.int64)
    extra = np.argsort(counts - quota, kind="stable")[: size - int(counts.sum())]
    counts[extra] += 1
    return rng.permutation(np.repeat(np.arange(len(counts)), counts))


def _multi(rng: np.random.Generator, weights: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """Boolean rows: ``counts[i]`` distinct columns per row, drawn in proportion to weights."""
    n, width = len(counts), len(weights)
    chosen = np.zeros((n, width), dtype=bool)
    for step in range(int(counts.max(initial=0))):
        live = counts > step
        w = np.where(chosen, 0.0, np.broadcast_to(weights, (n, width)))
        cdf = np.cumsum(w, axis=1)
        cut = rng.random(n) * cdf[:, -1]
        pick = np.minimum((cdf <= cut[:, None]).sum(axis=1), width - 1)
        chosen[np.flatnonzero(live), pick[live]] = True
    return chosen


def _join(labels: Sequence[str], chosen: np.ndarray) -> list[str]:
    """Join the chosen labels of each row with '; ', in the order of ``labels``."""
    names = np.asarray(labels, dtype=object)
    return ["; ".join(names[row]) for row in chosen]


def _nominators(rng: np.random.Generator, count: int) -> np.ndarray:
    """Nominator numbers for ``count`` nominees: most name 1-2 people, some 3-5."""
    sizes = _pick(rng, np.asarray([0.3, 0.3, 0.2, 0.12, 0.08]), max(count, 1)) + 1
    owner = np.searchsorted(np.cumsum(sizes), np.arange(count), side="right")
    return rng.permutation(owner)


def _body(kinds: Sequence[str], number: int) -> str:
    """The fictional name of body ``number``: a place word, a kind and, past the list, a number."""
    base = f"{_PLACE[number % len(_PLACE)]} {kinds[(number // len(_PLACE)) % len(kinds)]}"
    series = number // (len(_PLACE) * len(kinds))
    return f"{base} {series + 1}" if series else base


def synthetic_pool(
    n: int = 300,
    seed: int = 2004,
    areas: Sequence[str] = WGIG_TOPICS,
    group_shares: Sequence[float] = _GROUP_P,
) -> pd.DataFrame:
    """A synthetic, fictional nominations table of ``n`` rows with the contract columns.

    Deterministic in ``(n, seed, areas, group_shares)``; each nominee holds 1-4 of the
    expertise ``areas`` (the WGIG topics are supplied unevenly, other areas evenly);
    ``group_shares`` weighs the stakeholder groups (government, private sector, civil
    society, technical and academic, intergovernmental).
    """
    if n < 1 or not areas:
        raise ValueError("n must be at least 1 and areas must name at least one area")
    if len(group_shares) != len(_GROUPS) or min(group_shares) < 0 or sum(group_shares) <= 0:
        raise ValueError(f"group_shares must give {len(_GROUPS)} non-negative weights")
    rng = np.random.default_rng(seed)
    states = _members()
    state_region = states["un_regional_group"].to_numpy()
    state_w = states["weight"].to_numpy()
    group = np.asarray(_GROUPS)[_allot(rng, group_shares, n)]
    country_at = np.zeros(n, dtype=np.int64)
    nominator = np.empty(n, dtype=object)
    for label in _GROUPS:
        rows = np.flatnonzero(group == label)
        region_of_row = _allot(rng, _REGION_P[label], len(rows))
        for k, region_label in enumerate(_REGIONS):
            in_region = np.flatnonzero(state_region == region_label)
            chosen = _pick(rng, state_w[in_region], int(np.sum(region_of_row == k)))
            country_at[rows[region_of_row == k]] = in_region[chosen]
        if label != "government":
            bodies = _NOMINATOR_KIND[label].split("|")
            nominator[rows] = [_body(bodies, int(k)) for k in _nominators(rng, len(rows))]
    picked = states.iloc[country_at].reset_index(drop=True)
    iso3 = picked["iso3"].to_numpy()
    region = picked["un_regional_group"].to_numpy()
    country_name = picked["name"].map(_ascii).to_numpy()
    is_gov = group == "government"
    nominator[is_gov] = ["Government of " + c for c in country_name[is_gov]]

    gender = np.asarray(_GENDERS)[_allot(rng, _GENDER_P, n)]
    female = (gender == "female") | ((gender != "male") & (rng.random(n) < 0.5))
    given_i, surname_i = rng.integers(0, 1000, n), rng.integers(0, 1000, n)
    initial = np.asarray([f"{chr(65 + i)}." for i in range(26)], dtype=object)
    initial = initial[rng.integers(0, 26, n)]
    person = np.empty(n, dtype=object)
    for label, lists in _NAMES.items():
        women, men, surnames = (np.asarray(part.split(), dtype=object) for part in lists.split("|"))
        rows = np.flatnonzero(region == label)
        pick = given_i[rows]
        given = np.where(female[rows], women[pick % len(women)], men[pick % len(men)])
        person[rows] = given + " " + initial[rows] + " " + surnames[surname_i[rows] % len(surnames)]

    org_i = rng.integers(0, 10_000, n)
    organisation = np.empty(n, dtype=object)
    for label in _GROUPS:
        rows = np.flatnonzero(group == label)
        kinds = np.asarray(_ORG_KIND[label].split("|"), dtype=object)
        if label == "government":  # "Ministry of ICT, Kenya"
            organisation[rows] = kinds[org_i[rows] % len(kinds)] + ", " + country_name[rows]
        else:  # "Bluefield Telecom"
            place = np.asarray(_PLACE, dtype=object)[org_i[rows] % len(_PLACE)]
            organisation[rows] = place + " " + kinds[(org_i[rows] // 97) % len(kinds)]

    supply = dict(zip(WGIG_TOPICS, _AREA_W, strict=True))
    area_w = np.asarray([supply.get(a, 1.0) for a in areas])
    counts = np.minimum(_pick(rng, np.asarray([0.35, 0.35, 0.2, 0.1]), n) + 1, len(areas))
    expertise = _join(areas, _multi(rng, area_w, counts))

    own = np.zeros((n, len(_LANGUAGES)), dtype=bool)
    for j, language in enumerate(_LANGUAGES):
        own[:, j] = np.isin(iso3, _SPOKEN[language].split())
    draw = rng.random((n, len(_LANGUAGES)))
    speaks = (own & (draw < 0.95)) | (~own & (draw < 0.05))
    speaks[:, 0] |= rng.random(n) < 0.85
    speaks[~speaks.any(axis=1), 0] = True
    languages = _join(_LANGUAGES, speaks)

    score = 40 + rng.integers(0, 21, n) + rng.integers(0, 21, n) + rng.integers(0, 21, n)
    where = zip(picked["m49_subregion"], picked["m49_region"], strict=True)
    fare = np.asarray([_FARE.get(sub, _FARE[reg]) for sub, reg in where], dtype=np.int64)
    travel = rng.integers(fare[:, 0] // 10, fare[:, 1] // 10 + 1) * 10

    width = len(str(n))
    return pd.DataFrame(
        {
            "id": [f"N-{i:0{width}d}" for i in range(1, n + 1)],
            "name": person,
            "country": iso3,
            "stakeholder_group": group,
            "gender": gender,
            "organisation": organisation,
            "nominated_by": nominator,
            "expertise": expertise,
            "languages": languages,
            "score": score.astype(np.int64),
            "travel_cost": travel.astype(np.int64),
            "incumbent": "no",
        }
    )


def csv_text(frame: pd.DataFrame) -> str:
    """A nominations table as the bundled files store it: UTF-8 CSV, LF endings, no index."""
    return frame.to_csv(index=False, lineterminator="\n")


def write_bundled(folder: Path) -> list[Path]:
    """Write the bundled synthetic pool (``wgig-2004-nominations.csv``) into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / BUNDLED_FILE
    path.write_bytes(csv_text(synthetic_pool(300, seed=2004)).encode("utf-8"))
    return [path]


def bundled_scenario(name: str = "wgig-2004.toml") -> Path:
    """Path of a bundled scenario: the repository's ``scenarios/`` or the installed copy."""
    package = Path(__file__).resolve().parent.parent  # composer/
    for folder in (package.parent / "scenarios", package / "scenarios"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"bundled scenario {name!r} not found")
