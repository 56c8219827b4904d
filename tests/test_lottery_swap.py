"""The lottery's local-search pricing against brute force on tiny pools.

The local search reads the CP-SAT model as linear rows over the nominees; on tiny pools every
roster is enumerated, so its reading must agree with the independent checker on every one of
them, and the lottery found with the local search must equal the one found by CP-SAT pricing
alone (and the brute-force LP optimum).
"""

from __future__ import annotations

import itertools
import random
import time
from typing import Any

import pytest

from composer import lottery
from composer.analysis import lottery_lp
from composer.analysis.lottery_space import build_space, parse_band, sorted_pool
from composer.analysis.lottery_swap import improve, read
from composer.engine.check import check
from tests.helpers import bound_scenario
from tests.test_lottery import SCENARIO, brute_leximin, legal_rosters, tiny_pool

BAND_SCENARIO: dict[str, Any] = {
    **SCENARIO,
    "quota": [
        {"name": "women", "column": "gender", "min": {"female": 1}, "max": {"female": 2}},
        {"name": "groups", "column": "stakeholder_group", "max": {"business": 1}},
    ],
}


def _space(seed: int, scenario: dict[str, Any], band: int) -> Any:
    pool = sorted_pool(tiny_pool(seed, 8))
    return build_space(
        pool, bound_scenario(pool, scenario), parse_band(band), time.monotonic() + 60
    )


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("scenario", [SCENARIO, BAND_SCENARIO])
@pytest.mark.parametrize("band", [0, 6])
def test_the_linear_reading_agrees_with_the_checker_on_every_roster(
    seed: int, scenario: dict[str, Any], band: int
) -> None:
    space = _space(seed, scenario, band)
    swaps = read(space.built.model, space.built.x, space.ids)
    assert swaps is not None  # quotas, caps, size and the band are linear
    eligible = 0
    for k in range(len(space.ids) + 1):
        for combo in itertools.combinations(range(len(space.ids)), k):
            roster = tuple(space.ids[p] for p in combo)
            expected = space.verify(roster).ok
            assert swaps.feasible(combo) == expected, roster
            eligible += expected
    assert eligible > 0


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_climb_keeps_the_rules_and_never_loses_weight(seed: int) -> None:
    space = _space(seed, BAND_SCENARIO, 6)
    swaps = read(space.built.model, space.built.x, space.ids)
    assert swaps is not None
    rng = random.Random(seed)
    start = space.any_roster(time.monotonic() + 30)
    assert start is not None
    for _ in range(20):
        y = {i: rng.random() for i in space.ids}
        before = sum(y[i] for i in start)
        (climbed,) = improve(swaps, [start], y, -1.0)
        assert space.verify(climbed).ok
        assert sum(y[i] for i in climbed) >= before - 1e-12
        start = climbed


def test_soft_rules_leave_the_pricing_to_cp_sat() -> None:
    soft = {
        **SCENARIO,
        "quota": [{"column": "gender", "min": {"female": 3}, "soft": True, "weight": 2}],
    }
    space = _space(1, soft, 0)
    assert read(space.built.model, space.built.x, space.ids) is None


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("band", [0, 6])
def test_the_local_search_finds_the_same_optimum_as_cp_sat_alone(
    seed: int, band: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool = tiny_pool(seed)
    rosters = legal_rosters(pool, BAND_SCENARIO, band)
    expected = brute_leximin(rosters)
    reach = sorted({i for r in rosters for i in r})
    found = {}
    for local in (True, False):
        if not local:
            monkeypatch.setattr(lottery_lp, "read", lambda *args: None)
        for method in ("maximin", "leximin"):
            lot = lottery(pool, BAND_SCENARIO, method=method, band=band, seed="s", time_limit=60)
            assert lot.status == "optimal"
            assert lot.min_probability == pytest.approx(expected[0], abs=1e-6)
            assert lot.bound == pytest.approx(expected[0], abs=1e-6)
            assert all(report.ok for report in lot.checks)
            assert all(
                check(pool, bound_scenario(pool, BAND_SCENARIO), list(r)).ok
                for r, _ in lot.distribution
            )
            found[local, method] = sorted(float(lot.probabilities[i]) for i in reach)
            if method == "leximin":
                assert found[local, method] == pytest.approx(expected, abs=1e-6)
        if local:  # every roster the local search found passed the checker
            assert lot.stats["local_search_rejected"] == 0
    assert found[True, "leximin"] == pytest.approx(found[False, "leximin"], abs=1e-6)
