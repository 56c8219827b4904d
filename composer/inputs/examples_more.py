"""Seeded generators of SYNTHETIC pools for the bundled bodies of other kinds.

Like :mod:`composer.inputs.examples_bodies`: the people, organisations and sponsors are
fictional, only the countries are real, and the same seed gives the same table, byte for
byte.  Each pool is shaped like its body's real intake where the sources say how:

- an ICANN NomCom Board selection: the 12 sitting voting directors (the CEO is not counted
  in the regional cap) and applicants for the 3 seats of the year;
- a European Commission expert group: applicants of member types A-E from the Member States;
- a stratified citizens' assembly: volunteers with four strata and their household;
- an IETF NomCom draw: volunteers with their meeting attendance, offices held and sponsor.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from composer.inputs.examples import synthetic_pool
from composer.inputs.examples_bodies import (
    BundledPool,
    _ascii,
    _country,
    _counts,
    _yes_no,
    write_pools,
)
from composer.inputs.geography import GeographySpec, mappings

ICANN_NOMCOM = BundledPool("icann-nomcom-board-nominations.csv", 2025, 90)
IETF_NOMCOM = BundledPool("ietf-nomcom-volunteers.csv", 2024, 150)

#: ICANN regions of the 12 sitting voting directors (North America already at the cap of 5).
ICANN_SITTING: dict[str, int] = {
    "North America": 5,
    "Europe": 3,
    "Asia/Australia/Pacific": 2,
    "Latin America/Caribbean Islands": 1,
    "Africa": 1,
}
#: Skills of the ICANN Board applicants.
ICANN_SKILLS: tuple[str, ...] = (
    "finance", "governance", "DNS technology", "security", "law", "public policy",
)  # fmt: skip


def _icann_regions(countries: pd.Series) -> pd.Series:
    """``icann_region`` of each ISO3 code, from the built-in ICANN scheme."""
    spec = GeographySpec(regions=["icann"])
    (mapping,) = [m for m in mappings(spec) if m.column == "icann_region"]
    return countries.map(lambda iso3: mapping.region_of.get(str(iso3), ""))


def icann_nomcom_pool(n: int = ICANN_NOMCOM.rows, seed: int = ICANN_NOMCOM.seed) -> pd.DataFrame:
    """Sitting directors (``incumbent`` yes, not government) and applicants for 3 seats."""
    frame = synthetic_pool(n, seed, ICANN_SKILLS, (0.05, 0.40, 0.20, 0.30, 0.05))
    rng = np.random.default_rng(seed + 1)
    # North America sends many applicants (a UN-shaped pool has few): 10 more from USA/CAN.
    europe = np.flatnonzero(
        (_icann_regions(frame["country"]) == "Europe")
        & (frame["stakeholder_group"] != "government")
    )
    moved = np.sort(rng.choice(europe, size=10, replace=False))
    frame.loc[moved, "country"] = np.asarray(["USA"] * 7 + ["CAN"] * 3)
    region = _icann_regions(frame["country"])
    sitting: list[int] = []
    for name, count in ICANN_SITTING.items():
        rows = np.flatnonzero((region == name) & (frame["stakeholder_group"] != "government"))
        sitting += sorted(int(r) for r in rng.choice(rows, size=count, replace=False))
    frame["incumbent"] = _yes_no(frame.index.isin(sitting))
    return frame


def ietf_nomcom_pool(n: int = IETF_NOMCOM.rows, seed: int = IETF_NOMCOM.seed) -> pd.DataFrame:
    """Volunteers: ``meetings_last5`` (0-5), ``office`` (none, IAB, IESG, ISOC BoT) and
    ``affiliation`` (the primary affiliation; a few large sponsors send many volunteers)."""
    frame = synthetic_pool(n, seed, ("routing", "security", "transport", "applications"))
    rng = np.random.default_rng(seed + 1)
    frame["meetings_last5"] = _counts(rng, (6, 6, 8, 20, 25, 35), n)
    offices = np.asarray(["none", "IAB", "IESG", "ISOC BoT"])
    frame["office"] = offices[_counts(rng, (140, 4, 4, 2), n)]
    sponsors = [f"Sponsor {k:02d}" for k in range(1, 41)]
    weights = np.asarray([12.0] * 5 + [1.0] * 35)
    frame["affiliation"] = np.asarray(sponsors)[rng.choice(40, size=n, p=weights / weights.sum())]
    return frame.drop(columns=["score"])


EU_EXPERT_GROUP = BundledPool("eu-expert-group-applications.csv", 2016, 160)
#: The 27 EU Member States.
EU27: tuple[str, ...] = (
    "AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN",
    "IRL", "ITA", "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP",
    "SWE",
)  # fmt: skip
#: Member type of each stakeholder group: A individuals in a personal capacity (academics),
#: B individuals representing an interest, C organisations, D Member State authorities,
#: E other public entities.
_EU_TYPE = {
    "technical_academic": "A",
    "private_sector": "C",
    "civil_society": "C",
    "government": "D",
    "intergovernmental": "E",
}


def eu_expert_group_pool(
    n: int = EU_EXPERT_GROUP.rows, seed: int = EU_EXPERT_GROUP.seed
) -> pd.DataFrame:
    """Applications to a Commission expert group: ``member_type`` A-E, EU27 ``country``,
    ``transparency_register`` (yes/no) and ``conflict_of_interest`` (yes/no).

    A quarter of the civil-society applicants apply as individuals representing a common
    interest (type B); government applicants are Member State authorities (type D).
    """
    frame = synthetic_pool(n, seed, ("health", "digital", "environment", "consumer policy"))
    rng = np.random.default_rng(seed + 1)
    weights = np.asarray(
        [4.0 if c in ("DEU", "FRA", "ITA", "ESP", "POL", "NLD", "BEL") else 1.0 for c in EU27]
    )
    frame["country"] = np.asarray(EU27)[rng.choice(len(EU27), size=n, p=weights / weights.sum())]
    kind = frame["stakeholder_group"].map(_EU_TYPE).to_numpy().copy()
    civil = np.flatnonzero(frame["stakeholder_group"] == "civil_society")
    kind[civil[_counts(rng, (1, 3), len(civil)) == 0]] = "B"
    frame["member_type"] = kind
    authority = frame["member_type"] == "D"
    names = frame.loc[authority, "country"].map(lambda c: _ascii(_country(c)["name"]))
    frame.loc[authority, "organisation"] = "National authority, " + names
    frame.loc[authority, "nominated_by"] = "Government of " + names
    frame["transparency_register"] = _yes_no(_counts(rng, (9, 1), n) == 0)
    frame["conflict_of_interest"] = _yes_no(_counts(rng, (1, 19), n) == 0)
    return frame


CITIZENS_ASSEMBLY = BundledPool("citizens-assembly-volunteers.csv", 2016, 600)
#: The strata of the Irish Citizens' Assembly 2016-2018 and the counts it achieved (of 99).
ASSEMBLY_STRATA: dict[str, dict[str, int]] = {
    "gender": {"female": 51, "male": 48},
    "age_band": {"18-24": 10, "25-39": 29, "40-54": 28, "55 and over": 32},
    "social_class": {"ABC1": 45, "C2DE": 48, "F": 6},
    "area": {"Dublin": 28, "Rest of Leinster": 25, "Munster": 27, "Connacht-Ulster": 19},
}


def citizens_assembly_pool(
    n: int = CITIZENS_ASSEMBLY.rows, seed: int = CITIZENS_ASSEMBLY.seed
) -> pd.DataFrame:
    """Volunteers for a citizens' assembly: the four strata and a ``household`` column.

    No country, stakeholder group or score: ``id``, ``name`` (a label, no real name), the
    strata, with volunteers from younger and farming strata scarcer than their seats, and
    ``household``: about one volunteer in six shares a household with another.
    """
    rng = np.random.default_rng(seed)
    supply = {
        "gender": (52, 48),
        "age_band": (7, 27, 30, 36),
        "social_class": (50, 45, 5),
        "area": (30, 25, 26, 19),
    }
    frame = pd.DataFrame({"id": [f"V-{k:03d}" for k in range(1, n + 1)]})
    frame["name"] = [f"Volunteer {k:03d}" for k in range(1, n + 1)]
    for column, shares in supply.items():
        frame[column] = np.asarray(list(ASSEMBLY_STRATA[column]))[_counts(rng, shares, n)]
    household = np.arange(1, n + 1)
    shared = np.flatnonzero(_counts(rng, (1, 5), n) == 0)
    household[shared] = rng.integers(1, n + 1, size=len(shared))
    frame["household"] = [f"H-{h:03d}" for h in household]
    return frame


GENERATORS = {
    CITIZENS_ASSEMBLY.file: citizens_assembly_pool,
    EU_EXPERT_GROUP.file: eu_expert_group_pool,
    ICANN_NOMCOM.file: icann_nomcom_pool,
    IETF_NOMCOM.file: ietf_nomcom_pool,
}


def write_bundled_more(folder: Path) -> list[Path]:
    """Write these bundled synthetic pools into ``folder`` (UTF-8 CSV, LF endings)."""
    return write_pools(folder, GENERATORS)
