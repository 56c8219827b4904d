"""Lotteries over classes of interchangeable nominees: the classes, the turns, brute force."""

from __future__ import annotations

import random
from typing import Any

import pytest

from composer import Pool, lottery
from composer.analysis.lottery_classes import (
    chunks,
    interchangeable,
    turns_needed,
    unroll,
    windows,
)
from composer.analysis.lottery_draw import UNITS
from composer.analysis.lottery_space import build_space, parse_band
from tests.helpers import bound_scenario, make_pool, random_rows
from tests.test_lottery import brute_leximin, legal_rosters

#: Twins share a country, so the cap allows two per country.
TWINS: dict[str, Any] = {
    "name": "twins",
    "size": {"min": 3, "max": 3},
    "quota": [{"name": "women", "column": "gender", "min": {"female": 1}}],
    "cap": [{"name": "two per country", "column": "country", "max_each": 2}],
    "objective": {"maximise": "score"},
}


def twins_pool(seed: int, copies: tuple[int, ...] = (2, 3, 1, 2, 2)) -> Pool:
    """A pool where each random nominee comes in ``copies`` identical rows (new ids)."""
    base = random_rows(random.Random(seed), len(copies))
    rows = []
    for row, count in zip(base, copies, strict=True):
        for copy in range(count):
            rows.append({**row, "id": f"{row['id']}-{copy}"})
    return make_pool(rows)


def classes_of(pool: Pool, scenario: dict[str, Any]) -> list[tuple[str, ...]]:
    space = build_space(pool, bound_scenario(pool, scenario), parse_band(None), 1e18)
    return interchangeable(space.built.model, space.built.x, space.ids)


#: Rules for the class micro-models: one per country, scores ranked.
ONE_PER_COUNTRY: dict[str, Any] = {
    "name": "one per country",
    "size": {"min": 1, "max": 2},
    "cap": [{"name": "one per country", "column": "country", "max_each": 1}],
    "objective": {"maximise": "score"},
}


def test_nominees_alike_in_every_rule_are_one_class() -> None:
    pool = twins_pool(1)
    table = pool.table
    alike: dict[tuple[Any, ...], list[str]] = {}
    countries = table["country"].value_counts()
    for ident in sorted(pool.ids):  # what TWINS reads: gender, score, and a country
        country = table.loc[ident, "country"]  # with three or more (two are always allowed)
        key = (
            table.loc[ident, "gender"],
            table.loc[ident, "score"],
            country if countries[country] > 2 else None,
        )
        alike.setdefault(key, []).append(ident)
    assert classes_of(pool, TWINS) == [tuple(c) for c in alike.values()]
    assert any(len(c) > 1 for c in alike.values())


def test_a_different_score_or_a_shared_cap_row_splits_a_class() -> None:
    rows = [{**r, "id": f"m{k}"} for k, r in enumerate(random_rows(random.Random(3), 1) * 4)]
    rows[0]["country"] = rows[1]["country"] = "Kenya"
    rows[2]["country"] = "Chile"
    rows[3]["country"] = "Peru"
    pool = make_pool(rows)
    # m0 and m1 share the row "at most one from Kenya": interchangeable with each other only;
    # m2 and m3 are alone in their countries (no row), so alike
    assert classes_of(pool, ONE_PER_COUNTRY) == [("m0", "m1"), ("m2", "m3")]
    rows[3]["score"] += 1
    assert classes_of(make_pool(rows), ONE_PER_COUNTRY) == [("m0", "m1"), ("m2",), ("m3",)]
    apart = {**ONE_PER_COUNTRY, "apart": [{"name": "conflict", "ids": ["m0", "m2"]}]}
    assert classes_of(pool, apart) == [("m0",), ("m1",), ("m2",), ("m3",)]


def test_n_turns_hold_each_member_of_a_class_exactly_k_times() -> None:
    classes = [("a", "b", "c", "d", "e"), ("f", "g", "h")]
    class_of = {i: k for k, c in enumerate(classes) for i in c}
    roster = ("a", "b", "f", "x")  # 2 of 5, 1 of 3, and x in no class
    turns = turns_needed(roster, classes, class_of)
    assert turns == 15  # 5 / gcd(5, 2) = 5 and 3 / gcd(3, 1) = 3
    rolled = windows(roster, classes, class_of, turns)
    held = {i: sum(i in r for r in rolled) for c in classes for i in c}
    assert {held[i] for i in classes[0]} == {turns * 2 // 5}
    assert {held[i] for i in classes[1]} == {turns // 3}
    assert all("x" in r and len(r) == 4 for r in rolled)


def test_unrolled_rosters_give_each_member_the_class_chance_exactly() -> None:
    classes = chunks([("a", "b", "c", "d", "e", "f"), ("g", "h", "i")])
    assert classes == [("a", "b", "c", "d"), ("e", "f"), ("g", "h", "i")]
    rosters = [("a", "b", "c", "g"), ("a", "e", "g", "h")]
    named, shares = unroll(rosters, [0.25, 0.75], classes)
    assert sum(shares) == pytest.approx(1.0)
    chance = {
        i: sum(w for r, w in zip(named, shares, strict=True) if i in r) for c in classes for i in c
    }
    exact = [0.25 * 3 / 4 + 0.75 / 4, 0.75 / 2, 0.25 / 3 + 0.75 * 2 / 3]
    for cls, want in zip(classes, exact, strict=True):  # whole units, within one of exact
        assert all(abs(chance[i] - want) <= 1.000001 / UNITS for i in cls)
    assert all(abs(w * UNITS - round(w * UNITS)) < 1e-6 for w in shares)
    assert all(len(r) == 4 for r in named)


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
@pytest.mark.parametrize("band", [0, 6])
def test_lotteries_over_classes_match_brute_force(seed: int, band: int) -> None:
    pool = twins_pool(seed)
    rosters = legal_rosters(pool, TWINS, band)
    reach = sorted({i for r in rosters for i in r})
    expected = brute_leximin(rosters)
    classes = classes_of(pool, TWINS)
    assert len(classes) < len(pool.ids)
    for method in ("maximin", "leximin"):
        lot = lottery(pool, TWINS, method=method, band=band, seed="s", time_limit=60)
        assert lot.status == "optimal"
        held = [c for c in classes if c[0] in reach]  # a class is reachable as a whole
        # leximin by the walk from the LP relaxation works per nominee, with no classes
        assert lot.stats["classes"] == (0 if lot.stats["relaxation_walk"] else len(held))
        if lot.stats["relaxation_walk"]:  # interchangeable nominees get the same chance
            for cls in held:
                assert len({round(lot.probabilities[i], 6) for i in cls}) == 1
        assert lot.min_probability == pytest.approx(expected[0], abs=1e-6)
        assert lot.bound == pytest.approx(expected[0], abs=1e-6)
        assert all(set(r) in map(set, rosters) for r, _ in lot.distribution)
        assert all(report.ok for report in lot.checks)
        for cls in classes:  # interchangeable nominees get the same chance
            chances = [float(lot.probabilities[i]) for i in cls]
            assert max(chances) - min(chances) <= 1e-6
        if method == "leximin":
            chances = sorted(float(lot.probabilities[i]) for i in reach)
            assert chances == pytest.approx(expected, abs=1e-6)
