"""Seeded generators of SYNTHETIC pools for bundled bodies with posts and working groups.

Like :mod:`composer.inputs.examples_more`: the people are fictional, only the countries are
real, and the same seed gives the same table, byte for byte.  Each pool is shaped like its
body's intake where the sources say how:

- the IUCN Council members the World Conservation Congress elects: candidacies for President,
  Treasurer, the six Commission Chairs and the 28 Regional Councillors, each candidate standing
  for one post, with the votes cast (synthetic);
- the IPCC Bureau: candidacies for its 34 posts, grouped by WMO region (a mapping file for the
  countries of the pool, :data:`WMO_REGIONS`);
- the GPAI Multistakeholder Experts Group: experts from five sectors applying to one or two
  of the four Expert Working Groups, one row per application (``expert`` says who is who).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from composer.inputs import reference
from composer.inputs.examples import _NAMES
from composer.inputs.examples_bodies import BundledPool, _ascii, _country, _counts, write_pools

IUCN_COUNCIL = BundledPool("iucn-council-candidates.csv", 2021, 63)
IPCC_BUREAU = BundledPool("ipcc-bureau-candidates.csv", 2023, 61)
GPAI_MEG = BundledPool("gpai-meg-applications.csv", 2020, 140)
#: The mapping file of the IPCC scenario (``[geography] regions = "file:..."``).
WMO_REGIONS_FILE = "ipcc-bureau-wmo-regions.csv"


def _names(rng: np.random.Generator, countries: list[str], female: np.ndarray) -> list[str]:
    """A fictional name per row, drawn from the lists of the country's UN regional group."""
    group = {row["iso3"]: row["un_regional_group"] for row in reference.countries()}
    out = []
    for iso3, woman in zip(countries, female, strict=True):
        women, men, surnames = (part.split() for part in _NAMES[group[iso3]].split("|"))
        given = (women if woman else men)[int(rng.integers(0, 10))]
        out.append(f"{given} {chr(65 + int(rng.integers(0, 26)))}. {rng.choice(surnames)}")
    return out


def _genders(rng: np.random.Generator, n: int, women: float) -> np.ndarray:
    return np.where(rng.random(n) < women, "female", "male")


# --- IUCN Council ---------------------------------------------------------------------------

#: Regional Councillors per IUCN statutory region, 2016-2020 Council [S].
IUCN_REGION_SEATS: dict[str, int] = {
    "Africa": 4,
    "Meso and South America": 4,
    "North America and the Caribbean": 3,
    "South and East Asia": 5,
    "West Asia": 3,
    "Oceania": 3,
    "East Europe, North and Central Asia": 3,
    "West Europe": 3,
}
#: The six IUCN Commissions of 2016-2020.
IUCN_COMMISSIONS: tuple[str, ...] = (
    "Commission on Education and Communication",
    "Commission on Environmental, Economic and Social Policy",
    "Commission on Ecosystem Management",
    "Species Survival Commission",
    "World Commission on Environmental Law",
    "World Commission on Protected Areas",
)
#: Countries of the synthetic candidates, by statutory region (DESIGN: a few per region).
IUCN_COUNTRIES: dict[str, tuple[str, ...]] = {
    "Africa": ("KEN", "NGA", "SEN", "ZAF", "GHA", "CMR", "ETH", "UGA"),
    "Meso and South America": ("BRA", "ARG", "COL", "PER", "CHL", "CRI", "ECU"),
    "North America and the Caribbean": ("USA", "CAN", "JAM", "TTO", "BHS"),
    "South and East Asia": ("IND", "CHN", "JPN", "THA", "VNM", "BGD", "NPL", "LKA", "KOR"),
    "West Asia": ("JOR", "LBN", "SAU", "ARE", "KWT", "OMN"),
    "Oceania": ("AUS", "NZL", "FJI", "WSM", "PNG"),
    "East Europe, North and Central Asia": ("RUS", "UKR", "KAZ", "KGZ", "POL", "ROU", "HUN"),
    "West Europe": ("FRA", "DEU", "GBR", "NLD", "ESP", "ITA", "CHE", "SWE"),
}
#: Candidates per Regional Councillor region: the seats and 1-3 more (West Asia: 5 for 3).
_IUCN_REGION_CANDIDATES = (7, 6, 5, 8, 5, 4, 5, 6)
#: The State of the front-runners for three Commission Chairs (the cap of 2 binds).
IUCN_CHAIR_STATE = "AUS"


def iucn_council_pool(seed: int = IUCN_COUNCIL.seed) -> pd.DataFrame:
    """Candidacies for the posts the Congress elects: ``post``, ``commission`` (Chairs),
    ``iucn_region`` (the candidate's statutory region), ``terms_in_office`` (consecutive
    full terms already served in the post stood for) and ``votes`` (synthetic).

    Three President candidates, two Treasurer candidates, two per Commission (the leaders of
    three Commissions from :data:`IUCN_CHAIR_STATE`) and 1-3 more Regional Councillor
    candidates than seats per region; one sitting West European Councillor who has served two
    full terms stands again with many votes (the term limit binds).
    """
    rng = np.random.default_rng(seed)
    regions = list(IUCN_REGION_SEATS)
    rows: list[dict[str, object]] = []

    def add(post: str, region: str, country: str, commission: str = "") -> None:
        rows.append(
            {"post": post, "commission": commission, "iucn_region": region, "country": country}
        )

    for post, count in (("President", 3), ("Treasurer", 2)):
        for _ in range(count):
            region = regions[int(rng.integers(0, len(regions)))]
            add(post, region, str(rng.choice(IUCN_COUNTRIES[region])))
    for k, commission in enumerate(IUCN_COMMISSIONS):
        for j in range(2):
            if j == 0 and k < 3:
                add("Commission Chair", "Oceania", IUCN_CHAIR_STATE, commission)
                continue
            region = regions[int(rng.integers(0, len(regions)))]
            add("Commission Chair", region, str(rng.choice(IUCN_COUNTRIES[region])), commission)
    for region, count in zip(regions, _IUCN_REGION_CANDIDATES, strict=True):
        countries = rng.choice(IUCN_COUNTRIES[region], size=count, replace=False)
        for country in countries:
            add("Regional Councillor", region, str(country))
    frame = pd.DataFrame(rows)
    n = len(frame)
    frame.insert(0, "id", [f"C-{k:02d}" for k in range(1, n + 1)])
    female = _genders(rng, n, 0.45) == "female"
    frame["name"] = _names(rng, list(frame["country"]), female)
    frame["gender"] = np.where(female, "female", "male")
    terms = np.where(rng.random(n) < 0.3, 1, 0)
    votes = rng.integers(150, 900, n)
    front = (frame["post"] == "Commission Chair") & (frame["country"] == IUCN_CHAIR_STATE)
    votes[front.to_numpy()] = rng.integers(950, 1000, int(front.sum()))
    west = np.flatnonzero(
        (frame["post"] == "Regional Councillor") & (frame["iucn_region"] == "West Europe")
    )
    terms[west[0]], votes[west[0]] = 2, 990
    frame["terms_in_office"] = terms
    frame["votes"] = votes
    columns = ["id", "name", "country", "gender", "post", "commission", "iucn_region"]
    return frame[[*columns, "terms_in_office", "votes"]]


# --- IPCC Bureau ------------------------------------------------------------------------------

#: WMO regions of the countries in the synthetic IPCC pool (one region per country; a country
#: in several WMO regional associations is listed under its home region: DESIGN).
WMO_REGIONS: dict[str, tuple[str, ...]] = {
    "Region I (Africa)": ("KEN", "NGA", "ZAF", "SEN", "ETH", "GHA", "MLI", "ZWE", "TZA"),
    "Region II (Asia)": ("CHN", "IND", "JPN", "KOR", "BGD", "NPL", "SAU", "PAK"),
    "Region III (South America)": ("BRA", "ARG", "CHL", "COL", "PER", "URY", "BOL"),
    "Region IV (North America, Central America and the Caribbean)": (
        "USA", "CAN", "MEX", "CUB", "JAM", "CRI", "GTM",
    ),
    "Region V (South-West Pacific)": ("AUS", "NZL", "IDN", "PHL", "MYS", "FJI"),
    "Region VI (Europe)": ("FRA", "DEU", "GBR", "ITA", "ESP", "NOR", "SWE", "BEL", "NLD", "CHE"),
}  # fmt: skip
#: The posts of the IPCC Bureau and the candidacies for each in the synthetic pool.
IPCC_POSTS: dict[str, int] = {
    "Chair": 4,
    "Vice-Chair": 6,
    "WGI Co-Chair": 4,
    "WGII Co-Chair": 4,
    "WGIII Co-Chair": 4,
    "WGI Vice-Chair": 12,
    "WGII Vice-Chair": 12,
    "WGIII Vice-Chair": 12,
    "TFI Co-Chair": 3,
}
#: Posts under the IPCC-33 term limit (one term, one re-election) [S].
IPCC_TERM_LIMITED: tuple[str, ...] = (
    "Chair", "Vice-Chair", "WGI Co-Chair", "WGII Co-Chair", "WGIII Co-Chair", "TFI Co-Chair",
)  # fmt: skip
_SOUTH_WEST_PACIFIC = "Region V (South-West Pacific)"


def wmo_regions_table() -> pd.DataFrame:
    """The mapping file: ``country`` (ISO3) and ``wmo_region``, one row per country."""
    pairs = [(c, region) for region, codes in WMO_REGIONS.items() for c in codes]
    return pd.DataFrame(sorted(pairs), columns=["country", "wmo_region"])


def ipcc_bureau_pool(seed: int = IPCC_BUREAU.seed) -> pd.DataFrame:
    """Candidacies for the Bureau: ``post``, ``terms_in_post`` (terms already served in the
    post stood for) and ``support`` (a synthetic measure of backing, 0-100).

    Region V (South-West Pacific) has only two candidates, both for Working Group
    Vice-Chair and with little support (the rule that every region holds a seat binds); the
    best-supported Chair candidate has served two terms as Chair (the term limit binds).
    """
    rng = np.random.default_rng(seed)
    other = [r for r in WMO_REGIONS if r != _SOUTH_WEST_PACIFIC]
    posts = [post for post, count in IPCC_POSTS.items() for _ in range(count)]
    regions = [other[int(rng.integers(0, len(other)))] for _ in posts]
    vice = [
        k for k, post in enumerate(posts) if post.endswith("Vice-Chair") and post != "Vice-Chair"
    ]
    for k in (vice[5], vice[20]):
        regions[k] = _SOUTH_WEST_PACIFIC
    countries = [str(rng.choice(WMO_REGIONS[r])) for r in regions]
    n = len(posts)
    female = _genders(rng, n, 0.4) == "female"
    support = rng.integers(20, 90, n)
    support[[vice[5], vice[20]]] = (12, 15)
    terms = np.where(rng.random(n) < 0.25, 1, 0)
    chair = posts.index("Chair")
    terms[chair], support[chair] = 2, 99
    return pd.DataFrame(
        {
            "id": [f"B-{k:02d}" for k in range(1, n + 1)],
            "name": _names(rng, countries, female),
            "country": countries,
            "gender": np.where(female, "female", "male"),
            "post": posts,
            "terms_in_post": terms,
            "support": support,
        }
    )


# --- GPAI Multistakeholder Experts Group ------------------------------------------------------

#: GPAI's four Expert Working Groups.
GPAI_WORKING_GROUPS: tuple[str, ...] = (
    "Responsible AI",
    "Data Governance",
    "Future of Work",
    "Innovation and Commercialization",
)
#: The sectors GPAI draws experts from [S], as the scenario's own values.
GPAI_SECTORS: tuple[str, ...] = (
    "science", "industry", "civil society", "trade unions", "international organisations",
)  # fmt: skip
#: Countries of the synthetic experts: GPAI members (2023) [S].
GPAI_COUNTRIES: tuple[str, ...] = (
    "ARG", "AUS", "BEL", "BRA", "CAN", "CZE", "DNK", "FRA", "DEU", "IND", "IRL", "ISR", "ITA",
    "JPN", "KOR", "MEX", "NLD", "NZL", "POL", "SEN", "SRB", "SGP", "SVN", "ESP", "SWE", "TUR",
    "GBR", "USA",
)  # fmt: skip
_GPAI_EXPERTS = 100


def gpai_meg_pool(seed: int = GPAI_MEG.seed) -> pd.DataFrame:
    """Applications of 100 experts, 40 of them to two Working Groups (140 rows): ``expert``
    (who is who), ``sector``, ``nominated_by`` (a GPAI member or ``self-nominated``),
    ``working_group`` and ``score`` (the fit of the expert to that group, synthetic).

    Most applicants come from science and industry; trade unions and international
    organisations are few. The best-scored expert applies to two groups and scores highest
    in both (the rule of one group per expert binds).
    """
    rng = np.random.default_rng(seed)
    m = _GPAI_EXPERTS
    sector = np.asarray(GPAI_SECTORS)[_counts(rng, (40, 28, 20, 7, 5), m)]
    countries = [str(c) for c in rng.choice(GPAI_COUNTRIES, size=m)]
    female = _genders(rng, m, 0.42) == "female"
    names = _names(rng, countries, female)
    self_nominated = rng.random(m) < 0.35
    nominated = [
        "self-nominated" if own else f"Government of {_ascii(_country(c)['name'])}"
        for own, c in zip(self_nominated, countries, strict=True)
    ]
    twice = {0} | {int(k) for k in rng.choice(np.arange(1, m), size=39, replace=False)}
    rows = []
    for k in range(m):
        wanted = rng.choice(len(GPAI_WORKING_GROUPS), size=2 if k in twice else 1, replace=False)
        for g in sorted(int(w) for w in wanted):
            rows.append((k, GPAI_WORKING_GROUPS[g], int(rng.integers(40, 95))))
    frame = pd.DataFrame(rows, columns=["expert_index", "working_group", "score"])
    top = frame["expert_index"] == 0
    frame.loc[top, "score"] = 100
    who = frame["expert_index"].to_numpy()
    return pd.DataFrame(
        {
            "id": [f"A-{j:03d}" for j in range(1, len(frame) + 1)],
            "expert": [f"E-{i + 1:03d}" for i in who],
            "name": np.asarray(names)[who],
            "country": np.asarray(countries)[who],
            "gender": np.where(female[who], "female", "male"),
            "sector": sector[who],
            "nominated_by": np.asarray(nominated)[who],
            "working_group": frame["working_group"],
            "score": frame["score"],
        }
    )


GENERATORS = {
    GPAI_MEG.file: gpai_meg_pool,
    IPCC_BUREAU.file: ipcc_bureau_pool,
    IUCN_COUNCIL.file: iucn_council_pool,
    WMO_REGIONS_FILE: wmo_regions_table,
}


def write_bundled_councils(folder: Path) -> list[Path]:
    """Write these bundled synthetic pools (and the WMO mapping file) into ``folder``."""
    return write_pools(folder, GENERATORS)
