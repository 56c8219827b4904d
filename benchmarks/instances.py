"""Benchmark instances: the WGIG rule set scaled to a number of seats, on a nominations pool.

``wgig_rules(seats)`` is the scenario dict; ``instance(n, seats, seed)`` pairs it with a pool of
``n`` nominations (the bundled ``scenarios/wgig-2004-nominations.csv`` for ``n=300, seed=2004``
when the file is there, which is ``synthetic_pool(300, 2004)`` written out; otherwise
``synthetic_pool(n, seed)``).  Tests and other scripts import these so every measurement uses
the same instances.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from composer import Pool, Scenario, load_nominations, load_scenario
from composer.inputs.examples import BUNDLED_FILE, WGIG_TOPICS, synthetic_pool

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "scenarios" / BUNDLED_FILE
BUNDLED_N, BUNDLED_SEED = 300, 2004

REGIONS = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and Others",
)


def wgig_rules(seats: int, *, country_cap: int | None = None,
               topic_min: int | None = None) -> dict[str, Any]:
    """The WGIG rule set for a body of at most ``seats`` members (at least 3/4 of it).

    Regions: at least ``seats/10`` from each UN regional group, WEOG at most ``3*seats/10``.
    Stakeholder shares: government, private sector, civil society each >= 3/10, government
    <= 2/5.  Developing >= 1/2 overall and among government members.  Gender: female and male
    each >= 40%, SOFT at 50 per seat.  Caps: ``country_cap`` per country (default 1 up to 40
    seats, 2 up to 200, else 3), 2 per nominator.  Coverage: each of the 12 WGIG topics held by
    ``topic_min`` members (default 1 up to 40 seats, else ``seats/20``).  Maximise score.
    """
    if seats < 10:
        raise ValueError("the WGIG rule set needs at least 10 seats")
    tenth = seats // 10
    if country_cap is None:  # 3 above 200 seats: the 23 Eastern European States fill 50
        country_cap = 1 if seats <= 40 else 2 if seats <= 200 else 3
    if topic_min is None:
        topic_min = 1 if seats <= 40 else seats // 20
    return {
        "name": f"WGIG benchmark, {seats} seats",
        "size": {"min": (3 * seats) // 4, "max": seats},
        "quota": [
            {
                "name": "all regions",
                "column": "region",
                "min": dict.fromkeys(REGIONS, tenth),
                "max": {"Western European and Others": 3 * tenth},
            },
            {
                "name": "stakeholder shares",
                "column": "stakeholder_group",
                "min_share": {"government": "3/10", "private_sector": "3/10",
                              "civil_society": "3/10"},
                "max_share": {"government": "2/5"},
            },
            {
                "name": "developing countries overall",
                "column": "developing",
                "min_share": {"yes": "1/2"},
            },
            {
                "name": "developing countries among governments",
                "column": "developing",
                "where": {"stakeholder_group": "government"},
                "min_share": {"yes": "1/2"},
            },
            {
                "name": "gender balance (soft)",
                "column": "gender",
                "min_share": {"female": "2/5", "male": "2/5"},
                "soft": True,
                "weight": 50,
            },
        ],
        "cap": [
            {"name": "per country", "column": "country", "max_each": country_cap},
            {"name": "two per nominator", "column": "nominated_by", "max_each": 2},
        ],
        "coverage": [
            {
                "name": "WGIG topics",
                "column": "expertise",
                "areas": list(WGIG_TOPICS),
                "min_each": topic_min,
            }
        ],
        "objective": {"maximise": "score"},
    }


def pool(n: int, seed: int) -> Pool:
    """The nominations pool of ``n`` rows for ``seed`` (the bundled file for 300/2004)."""
    if (n, seed) == (BUNDLED_N, BUNDLED_SEED) and BUNDLED.exists():
        return load_nominations(BUNDLED)
    return load_nominations(synthetic_pool(n, seed=seed))


def pool_source(n: int, seed: int) -> str:
    """Where ``pool(n, seed)`` comes from, for reports."""
    if (n, seed) == (BUNDLED_N, BUNDLED_SEED) and BUNDLED.exists():
        return f"scenarios/{BUNDLED_FILE}"
    return f"synthetic_pool({n}, seed={seed})"


def instance(n: int, seats: int, seed: int = 1) -> tuple[Pool, Scenario]:
    """A pool of ``n`` nominations and the WGIG rules for ``seats`` seats."""
    return pool(n, seed), load_scenario(wgig_rules(seats))
