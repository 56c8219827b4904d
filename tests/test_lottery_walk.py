"""Leximin by the walk from the LP relaxation: the relaxation's leximin, the walk's rosters,
the fallback to column generation when a face holds no roster, against brute force."""

from __future__ import annotations

import math
import random
import time
from itertools import combinations
from typing import Any

import pytest

from composer import lottery
from composer.analysis.lottery_lp import Progress, cover
from composer.analysis.lottery_space import build_space, parse_band, sorted_pool
from composer.analysis.lottery_walk import Lifted, fit, relaxed_leximin, walk, walk_leximin
from tests.helpers import bound_scenario, make_pool, random_rows
from tests.test_lottery import SCENARIO, brute_leximin, legal_rosters, tiny_pool

#: A scenario whose rules are rows of a polytope with whole vertices: a size and a quota.
QUOTA: dict[str, Any] = {
    "name": "quota",
    "size": {"min": 3, "max": 3},
    "quota": [{"name": "women", "column": "gender", "min": {"female": 2}}],
}


def _space(pool: Any, scenario: dict[str, Any], band: int | None = None) -> Any:
    deadline = time.monotonic() + 60
    return build_space(
        sorted_pool(pool), bound_scenario(pool, scenario), parse_band(band), deadline
    )


def _lifted(space: Any) -> Lifted:
    lifted = Lifted.of(space.built.model, [space.built.x[i].index for i in space.ids])
    assert lifted is not None
    return lifted


def _rows_of(seed: int) -> list[dict[str, Any]]:
    rows = random_rows(random.Random(seed), 8)
    for k, row in enumerate(rows):  # four women and four men, no score: chance decides
        row["gender"] = "female" if k % 2 else "male"
        del row["score"]
    return rows


def _every_roster(pool: Any) -> list[tuple[str, ...]]:
    """Every roster of 3 with 2 women or more (the QUOTA rules), by enumeration."""
    women = set(pool.table.index[pool.table["gender"] == "female"])
    return [r for r in combinations(sorted(pool.ids), 3) if len(women & set(r)) >= 2]


def test_the_relaxation_leximin_of_a_quota_is_the_brute_force_leximin() -> None:
    pool = make_pool(_rows_of(1))
    space = _space(pool, QUOTA)
    lifted = _lifted(space)
    point = relaxed_leximin(lifted, set(range(len(space.ids))))
    assert point is not None
    target = [point[v] for v in lifted.nominees]
    # 8 nominees, 4 of them women, 2 women of 3 seats at least: leximin gives every woman
    # and every man the same chance, and the women more (3 * 1/8 each would leave them short)
    expected = brute_leximin(_every_roster(pool))
    assert sorted(target) == pytest.approx(expected, abs=1e-7)
    women = [k for k, i in enumerate(space.ids) if pool.table.loc[i, "gender"] == "female"]
    assert {round(target[k], 9) for k in women} == {0.5}
    assert math.fsum(target) == pytest.approx(3.0)


def test_the_walk_mixes_rosters_to_the_target_exactly() -> None:
    pool = make_pool(_rows_of(2))
    space = _space(pool, QUOTA)
    lifted = _lifted(space)
    point = relaxed_leximin(lifted, set(range(len(space.ids))))
    assert point is not None
    target = [point[v] for v in lifted.nominees]
    taken, done = walk(space.built.model, lifted, point, time.monotonic() + 60)
    assert done
    assert math.fsum(w for _, w in taken) == pytest.approx(1.0, abs=1e-6)
    assert len(taken) <= len(point) + 1  # Caratheodory: at most dimension + 1 rosters
    chances = [0.0] * len(target)
    for roster, weight in taken:
        assert len(roster) == 3
        for k in roster:
            chances[k] += weight
    assert chances == pytest.approx(target, abs=1e-6)
    for roster, _ in taken:  # every roster keeps every rule
        assert space.verify(tuple(space.ids[k] for k in roster)).ok
    weights = fit([r for r, _ in taken], target, set(range(len(target))))
    assert math.fsum(weights) == pytest.approx(1.0)


@pytest.mark.parametrize("seed", range(1, 9))
def test_leximin_by_the_walk_matches_brute_force(seed: int) -> None:
    pool = tiny_pool(seed)
    rosters = legal_rosters(pool, SCENARIO, 0)
    expected = brute_leximin(rosters)
    reach = sorted({i for r in rosters for i in r})
    lot = lottery(pool, SCENARIO, method="leximin", band=0, seed="s", time_limit=60)
    assert lot.status == "optimal"
    chances = sorted(float(lot.probabilities[i]) for i in reach)
    assert chances == pytest.approx(expected, abs=1e-6)
    assert all(set(r) in map(set, rosters) for r, _ in lot.distribution)
    assert all(report.ok for report in lot.checks)
    if lot.stats["relaxation_walk"]:  # each level as the relaxation proves it
        levels = sorted({round(v, 6) for v in expected})
        assert [round(float(lv["bound"]), 6) for lv in lot.levels] == levels
        assert lot.stats["pricing_rounds"] == 0


def test_the_walk_is_taken_on_a_pool_of_whole_vertices() -> None:
    pool = make_pool(_rows_of(3))
    for method in ("maximin", "leximin"):
        lot = lottery(pool, QUOTA, method=method, seed="s", time_limit=60)
        assert lot.status == "optimal"
        assert lot.stats["relaxation_walk"] is True
        assert len(lot.levels) == (1 if method == "maximin" else 2)
        assert lot.min_probability == pytest.approx(0.25, abs=1e-6)  # the men: 1/4 each


def test_a_face_with_no_roster_falls_back_to_column_generation() -> None:
    """Within a merit band the score row makes a fractional vertex: the walk stops, its
    rosters are kept as columns, and column generation still proves the brute-force leximin."""
    pool = tiny_pool(3)
    space = _space(pool, SCENARIO, 6)
    progress = Progress()
    agents = cover(space, time.monotonic() + 60, progress)
    before = list(progress.columns)
    assert walk_leximin(space, agents, time.monotonic() + 60, progress) is False
    assert progress.columns[: len(before)] == before
    assert all(space.verify(r).ok for r in progress.columns)
    lot = lottery(pool, SCENARIO, method="leximin", band=6, time_limit=60)
    assert lot.stats["relaxation_walk"] is False
    expected = brute_leximin(legal_rosters(pool, SCENARIO, 6))
    reach = [i for i in lot.probabilities if i not in lot.unreachable]
    chances = sorted(float(lot.probabilities[i]) for i in reach)
    assert chances == pytest.approx(expected, abs=1e-6)


def test_the_walked_lottery_is_the_same_whatever_the_row_order() -> None:
    rows = _rows_of(4)
    first = lottery(make_pool(rows), QUOTA, method="leximin", seed="public", time_limit=60)
    shuffled = rows[:]
    random.Random(9).shuffle(shuffled)
    second = lottery(make_pool(shuffled), QUOTA, method="leximin", seed="public", time_limit=60)
    assert first.stats["relaxation_walk"] and second.stats["relaxation_walk"]
    assert first.distribution == second.distribution
    assert first.selected == second.selected
