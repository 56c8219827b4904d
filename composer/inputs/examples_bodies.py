"""Seeded generators of SYNTHETIC pools for the bundled bodies beyond WGIG.

Everything here is **synthetic and fictional**, like :mod:`composer.inputs.examples`, on which it
builds: the people, organisations and nominating bodies do not exist; only the countries are
real.  Each generator starts from :func:`composer.inputs.examples.synthetic_pool` and adds what its
body needs: incumbents and terms served (IGF MAG), host-state government nominees (CSTD
working group, IGF MAG), an age band (High-level Panel), UN-system affiliation and a
research-heavy intake (AI panel).  No historical counts are reproduced.  The same seed
gives the same table, byte for byte.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from composer.inputs import reference
from composer.inputs.examples import csv_text, synthetic_pool

#: IGF themes used as expertise areas of the MAG pool.
IGF_THEMES: tuple[str, ...] = (
    "access and inclusion",
    "cybersecurity",
    "data governance",
    "digital rights",
    "emerging technologies",
    "internet infrastructure",
    "sustainable development",
    "capacity development",
)
#: Every former IGF host country (2006-2025; 2020 was online; Brazil hosted twice): a seat each.
IGF_FORMER_HOSTS: tuple[str, ...] = (
    "GRC", "BRA", "IND", "EGY", "LTU", "KEN", "AZE", "IDN", "TUR",
    "MEX", "CHE", "FRA", "DEU", "POL", "ETH", "JPN", "SAU", "NOR",
)  # fmt: skip
#: The five former IGF hosts and the two WSIS hosts on the 2010 CSTD working group.
CSTD_HOST_STATES: tuple[str, ...] = ("GRC", "BRA", "IND", "EGY", "LTU", "CHE", "TUN")
#: Areas of expertise of the 2018 High-level Panel pool.
HLP_AREAS: tuple[str, ...] = (
    "digital economy",
    "inclusion",
    "human rights",
    "cybersecurity",
    "data governance",
    "artificial intelligence",
    "internet governance",
    "sustainable development",
)
#: Disciplines of the AI panel pool (held in the ``expertise`` column).
AI_DISCIPLINES: tuple[str, ...] = (
    "machine learning",
    "computer science",
    "statistics",
    "ethics",
    "law",
    "economics",
    "social sciences",
    "health",
    "climate and environment",
    "security",
    "human rights",
    "education",
)
AGE_BANDS: tuple[str, ...] = ("under 35", "35-54", "55 and over")


@dataclass(frozen=True)
class BundledPool:
    """A bundled pool: its file name and how to make it."""

    file: str
    seed: int
    rows: int


IGF_MAG = BundledPool("igf-mag-annual-nominations.csv", 2025, 320)
CSTD_WG_IGF = BundledPool("cstd-wg-igf-2010-nominations.csv", 2010, 200)
HLP_DIGITAL = BundledPool("hlp-digital-2018-nominations.csv", 2018, 120)
AI_PANEL = BundledPool("un-ai-panel-2025-applications.csv", 2026, 2600)


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
    return text.encode("ascii", "ignore").decode()


def _country(iso3: str) -> dict[str, str]:
    return next(row for row in reference.countries() if row["iso3"] == iso3)


def _counts(rng: np.random.Generator, shares: tuple[float, ...], size: int) -> np.ndarray:
    """``size`` labels 0..k-1 in proportion to ``shares`` (largest remainder), shuffled."""
    quota = np.asarray(shares, dtype=float) * size / float(sum(shares))
    counts = np.floor(quota).astype(np.int64)
    counts[np.argsort(counts - quota, kind="stable")[: size - int(counts.sum())]] += 1
    return rng.permutation(np.repeat(np.arange(len(shares)), counts))


def _yes_no(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "yes", "no")


def host_government_nominees(
    frame: pd.DataFrame, hosts: tuple[str, ...], rng: np.random.Generator
) -> dict[str, str]:
    """Make one government nominee per host state (in place); return ``{iso3: id}``.

    A government nominee of the host's regional group becomes the host's nominee: one from
    the host itself when there is one, else one drawn at random.
    """
    region_of = {row["iso3"]: row["un_regional_group"] for row in reference.countries()}
    regions = frame["country"].map(region_of)
    used: set[int] = set()
    chosen: dict[str, str] = {}
    for iso3 in hosts:
        facts = _country(iso3)
        is_gov = frame["stakeholder_group"] == "government"
        free = ~frame.index.isin(sorted(used))
        own = np.flatnonzero(is_gov & free & (frame["country"] == iso3))
        near = np.flatnonzero(is_gov & free & (regions == facts["un_regional_group"]))
        row = int(own[0]) if len(own) else int(near[rng.integers(0, len(near))])
        used.add(row)
        name = _ascii(facts["name"])
        kind = str(frame.at[row, "organisation"]).split(", ")[0]
        frame.loc[row, ["country", "organisation", "nominated_by"]] = [
            iso3,
            f"{kind}, {name}",
            f"Government of {name}",
        ]
        chosen[iso3] = str(frame.at[row, "id"])
    return chosen


def igf_mag_pool(n: int = IGF_MAG.rows, seed: int = IGF_MAG.seed) -> pd.DataFrame:
    """A synthetic IGF MAG renewal pool: 50 sitting members (incumbents) and new applicants.

    Adds ``incumbent`` (yes/no), ``terms`` (consecutive terms served: 1-3 for incumbents,
    0 for applicants) and ``former_host`` (yes for one government nominee per former host).
    Sitting members: 20 government, 10 each private sector, civil society and technical
    (intergovernmental organisations are observers, not members, so none sits); 20 in their
    first term, 16 in their second, 14 in their third.
    Host nominees who sit already are in their first or second term.
    """
    frame = synthetic_pool(n, seed, IGF_THEMES)
    rng = np.random.default_rng(seed + 1)
    hosts = host_government_nominees(frame, IGF_FORMER_HOSTS, rng)
    seats = {
        "government": 20,
        "private_sector": 10,
        "civil_society": 10,
        "technical_academic": 10,
    }
    sitting: list[int] = []
    for group, count in seats.items():
        rows = np.flatnonzero(frame["stakeholder_group"] == group)
        sitting += sorted(int(r) for r in rng.choice(rows, size=count, replace=False))
    terms = np.zeros(n, dtype=np.int64)
    terms[sitting] = _counts(rng, (20, 16, 14), len(sitting)) + 1
    host_rows = frame.index[frame["id"].isin(hosts.values())]
    terms[host_rows] = np.minimum(terms[host_rows], 2)
    frame["incumbent"] = _yes_no(terms > 0)
    frame["terms"] = terms
    frame["former_host"] = _yes_no(frame["id"].isin(hosts.values()).to_numpy())
    return frame


def cstd_wg_igf_pool(n: int = CSTD_WG_IGF.rows, seed: int = CSTD_WG_IGF.seed) -> pd.DataFrame:
    """A synthetic pool for the 2010 CSTD working group: ``host_state`` marks the 7 hosts."""
    frame = synthetic_pool(n, seed)
    hosts = host_government_nominees(frame, CSTD_HOST_STATES, np.random.default_rng(seed + 1))
    frame["host_state"] = _yes_no(frame["id"].isin(hosts.values()).to_numpy())
    return frame


#: The Panel's own stakeholder types [S]: academia and the technical community apart, no IGOs.
HLP_GROUPS: tuple[str, ...] = (
    "government", "private_sector", "civil_society", "academia", "technical_community",
)  # fmt: skip
#: Organisation kinds of the technical and academic rows that are academia (the rest are
#: the technical community: Internet Society chapters, network operators' groups).
_ACADEMIC_KINDS = "University|Institute of Technology|Research Centre"


def hlp_digital_pool(n: int = HLP_DIGITAL.rows, seed: int = HLP_DIGITAL.seed) -> pd.DataFrame:
    """A synthetic shortlist for the 2018 High-level Panel, with an ``age_band`` column.

    Its ``stakeholder_group`` holds the Panel's own five types (``HLP_GROUPS``): technical and
    academic nominees are split by their organisation into ``academia`` (universities,
    institutes, research centres) and ``technical_community``; there are no IGO nominees.
    """
    frame = synthetic_pool(n, seed, HLP_AREAS, (0.23, 0.25, 0.24, 0.28, 0.0))
    technical = frame["stakeholder_group"] == "technical_academic"
    academic = frame["organisation"].str.contains(_ACADEMIC_KINDS, regex=True)
    frame.loc[technical & academic, "stakeholder_group"] = "academia"
    frame.loc[technical & ~academic, "stakeholder_group"] = "technical_community"
    rng = np.random.default_rng(seed + 1)
    frame["age_band"] = np.asarray(AGE_BANDS)[_counts(rng, (15, 50, 35), n)]
    return frame


#: Stakeholder weights of the AI panel's applicants (government, private sector, civil
#: society, academia and research, intergovernmental): an open call for scientists serving in
#: their personal capacity draws mostly researchers.
AI_PANEL_GROUPS: tuple[float, ...] = (0.05, 0.15, 0.08, 0.70, 0.02)


def ai_panel_pool(n: int = AI_PANEL.rows, seed: int = AI_PANEL.seed) -> pd.DataFrame:
    """Synthetic applications to the AI panel: experts in their personal capacity, 70% from
    academia and research (``AI_PANEL_GROUPS``), disciplines in ``expertise`` and
    ``un_system`` (4% work for the UN system).
    """
    frame = synthetic_pool(n, seed, AI_DISCIPLINES, AI_PANEL_GROUPS)
    rng = np.random.default_rng(seed + 1)
    frame["un_system"] = _yes_no(_counts(rng, (4, 96), n) == 0)
    return frame


GENERATORS = {
    IGF_MAG.file: igf_mag_pool,
    CSTD_WG_IGF.file: cstd_wg_igf_pool,
    HLP_DIGITAL.file: hlp_digital_pool,
    AI_PANEL.file: ai_panel_pool,
}


def write_pools(folder: Path, generators: Mapping[str, Callable[[], pd.DataFrame]]) -> list[Path]:
    """Write each generated pool into ``folder`` under its file name (UTF-8 CSV, LF endings)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for file, generate in generators.items():
        path = folder / file
        path.write_bytes(csv_text(generate()).encode("utf-8"))
        paths.append(path)
    return paths


def write_bundled_bodies(folder: Path) -> list[Path]:
    """Write the four bundled synthetic pools into ``folder`` (UTF-8 CSV, LF endings)."""
    return write_pools(folder, GENERATORS)
