"""The dominance reduction, read from the rules' rows: what it drops and orders.

Micro-models show each way a nominee is dropped (a cap, a share maximum, the size maximum)
and kept (a together group, a soft rule, more coverage, a cheaper dominated nominee); a
property test holds every drop and every order to the brute-force optimum of random pools.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import bound_scenario, make_pool
from hypothesis import given
from oracle_brute import brute_force, evaluate
from oracle_cases import cases, oracle_settings

from composer import load_scenario
from composer.engine.objective import merit_terms
from composer.engine.reduce import Reduction, reduce_pool
from composer.rules.bind import bind
from composer.rules.ex_officio import uncounted


def _pool(rows: list[tuple[str, str, str, int]], **extra: Any) -> Any:
    return make_pool(
        {"id": i, "country": c, "stakeholder_group": "government", "gender": g, "score": s,
         **{k: v[n] for k, v in extra.items()}}
        for n, (i, c, g, s) in enumerate(rows)
    )  # fmt: skip


def _reduce(pool: Any, scenario: dict[str, Any]) -> Reduction:
    bound = bound_scenario(pool, {"objective": {"maximise": "score"}, **scenario})
    terms = merit_terms(pool, bound)
    return reduce_pool(pool, bound, terms.merit, terms.tie)


KENYANS = [("a", "KEN", "female", 9), ("b", "KEN", "female", 8), ("c", "KEN", "female", 7),
           ("d", "FRA", "male", 1)]  # fmt: skip


def test_a_cap_drops_those_with_as_many_better_nominees_as_seats() -> None:
    found = _reduce(_pool(KENYANS), {"cap": [{"column": "country", "max_each": 1}]})
    assert found.dropped == ["b", "c"]
    assert "a" in found.eligible and "d" in found.eligible


def test_the_size_maximum_drops_and_orders() -> None:
    found = _reduce(_pool(KENYANS), {"size": {"max": 2}})
    # a, b, c and d share every row (the size): c and d have two better nominees each
    assert found.dropped == ["c", "d"]
    assert found.orders == [("b", "a")]


def test_a_share_maximum_limits_the_seats_of_a_class() -> None:
    # at most half women among at most 2 members: 1 woman at most, so b and c are dropped
    scenario = {"size": {"max": 2},
                "quota": [{"column": "gender", "max_share": {"female": "1/2"}}]}  # fmt: skip
    found = _reduce(_pool(KENYANS), scenario)
    assert found.dropped == ["b", "c"]


def test_a_soft_rule_never_limits_seats() -> None:
    scenario = {"quota": [{"column": "country", "max": {"KEN": 1}, "soft": True}]}
    found = _reduce(_pool(KENYANS), scenario)
    assert found.dropped == []
    assert ("b", "a") in found.orders and ("c", "b") in found.orders


def test_members_of_a_together_group_are_never_compared() -> None:
    scenario = {"size": {"max": 1}, "together": [{"ids": ["b", "c"]}]}
    found = _reduce(_pool(KENYANS), scenario)
    assert {"b", "c"}.isdisjoint(found.dropped)
    assert all({"b", "c"}.isdisjoint(pair) for pair in found.orders)
    assert "d" in found.dropped  # a dominates d (same rows, better score)


def test_coverage_is_compared_more_areas_dominate() -> None:
    pool = _pool(KENYANS, expertise=["spam", "spam; dns", "", "dns"])
    found = _reduce(pool, {"size": {"max": 1}, "coverage": [{"areas": ["spam", "dns"]}]})
    # b holds every area of a, c and d but scores lower than a: nobody dominates a or b
    assert found.eligible == ["a", "b"]
    assert found.dropped == ["c", "d"]


def test_a_cheaper_nominee_is_not_dominated_by_a_dearer_one() -> None:
    pool = _pool(KENYANS, travel_cost=[5, 1, 5, 5])
    found = _reduce(pool, {"size": {"max": 1}, "budget": {"max": 5}})
    assert "b" in found.eligible  # cheaper than a
    assert found.dropped == ["c", "d"]  # a is better and costs no more


@pytest.mark.slow
@oracle_settings(120)
@given(cases())
def test_no_optimal_roster_holds_a_dropped_nominee_or_breaks_an_order(
    case: tuple[list[dict[str, Any]], dict[str, Any], int],
) -> None:
    rows, data, _ = case
    pool = make_pool(rows)
    scenario = bind(load_scenario(data), pool)
    ev = evaluate(pool, scenario.bounds(), frozenset(uncounted(scenario)), tuple(scenario.role))
    best = brute_force(pool, scenario, ev)
    terms = merit_terms(pool, scenario)
    found = reduce_pool(pool, scenario, terms.merit, terms.tie)
    if not best.feasible or best.rosters is None or best.first is None:
        return
    # the optimum (the tie-break makes it unique) holds no dropped nominee and every order
    assert not set(found.dropped) & set(best.first), (found.dropped, best.first)
    for lower, higher in found.orders:
        assert lower not in best.first or higher in best.first, ((lower, higher), best.first)
    # and the swap behind each order keeps a roster optimal, ties included
    optimal = {frozenset(r) for r in best.rosters}
    for roster in best.rosters:
        for lower, higher in found.orders:
            if lower in roster and higher not in roster:
                swapped = (set(roster) - {lower}) | {higher}
                assert frozenset(swapped) in optimal, ((lower, higher), roster)
