"""Distinct values (``[[distinct]]``): micro-models, checker, pre-checks, words, swap screen."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, report, rule, run
from test_model_rules import both, infeasible, optimal
from test_reserves import _brute, _pool

from composer import ScenarioError, load_scenario
from composer.analysis.reserves import reserves
from composer.errors import EXIT_BAD_INPUT
from composer.rules.bind import bind
from composer.rules.words import rule_label, rule_phrase

# id, country, gender, age, score: the best three share KEN
ROWS = [
    ("a", "KEN", "female", 30, 10),
    ("b", "KEN", "male", 40, 9),
    ("c", "KEN", "female", 50, 8),
    ("d", "FRA", "male", 33, 7),
    ("e", "IND", "female", 61, 6),
    ("f", "FRA", "female", 29, 5),
]
POOL = make_pool(
    {"id": i, "country": c, "gender": g, "age": a, "score": s} for i, c, g, a, s in ROWS
)


def scenario(**distinct: Any) -> dict[str, Any]:
    return {"size": {"min": 3, "max": 3}, "distinct": [{"column": "country", **distinct}]}


def test_distinct_countries_trade_score_for_spread() -> None:
    # without the rule: a, b, c (all KEN); two countries: a, b, d; three: a, d, e
    optimal(both(POOL, {"size": {"min": 3, "max": 3}}), ["a", "b", "c"], 27)
    optimal(both(POOL, scenario(min=2)), ["a", "b", "d"], 26)
    result = both(POOL, scenario(min=3))
    optimal(result, ["a", "d", "e"], 23)
    check = rule(result.report, "distinct country: at least 3")
    assert check.met and check.achieved == 3 and check.bound == ">= 3 distinct"


def test_distinct_with_where_counts_only_the_matching() -> None:
    # 2 countries among the members under 35: a (KEN, 30), d (FRA, 33), f (FRA, 29)
    result = both(POOL, scenario(min=2, where={"age": {"lt": 35}}))
    optimal(result, ["a", "b", "d"], 26)
    rep = report(POOL, scenario(min=2, where={"age": {"lt": 35}}), ["a", "b", "c"])
    check = rule(rep, "distinct country where age<35: at least 2")
    assert not check.met and check.achieved == 1 and check.shortfall == 1


def test_more_distinct_values_than_nominated_is_a_precheck() -> None:
    result = both(POOL, {"size": {"max": 6}, "distinct": [{"column": "country", "min": 4}]})
    infeasible(result, {"distinct country: at least 4"})
    assert result.to_dict()["conflict_reason"] == (
        "the eligible nominees have only 3 different values of country, fewer than the 4 asked"
    )


def test_more_distinct_values_than_seats_is_a_precheck() -> None:
    result = both(POOL, {"size": {"max": 2}, "distinct": [{"column": "country", "min": 3}]})
    infeasible(result, {"distinct country: at least 3", "size <= 2"})


def test_distinct_with_a_quota() -> None:
    # two men (b KEN, d FRA) and a third country, which only e (IND, a woman) brings
    data = {
        "size": {"min": 3, "max": 3},
        "quota": [{"column": "gender", "min": {"male": 2}}],
        "distinct": [{"column": "country", "min": 3}],
    }
    optimal(both(POOL, data), ["b", "d", "e"], 22)


def test_distinct_and_a_cap_conflict_through_the_solver() -> None:
    # three countries among the women, at most 1 woman in all outside KEN
    data = {
        "size": {"max": 6},
        "quota": [{"column": "gender", "where": {"country": {"not": "KEN"}}, "max": {"female": 1}}],
        "distinct": [{"column": "country", "min": 3, "where": {"gender": "female"}}],
    }
    result = both(POOL, data)
    infeasible(
        result,
        {
            "quota gender where country!=KEN: female <= 1",
            "distinct country where gender=female: at least 3",
        },
    )


def test_soft_distinct_costs_its_weight() -> None:
    # soft shortfall comes before score: a, d, e (23) keeps it, a, b, d (26) would not
    optimal(both(POOL, scenario(min=3, soft=True, weight=2)), ["a", "d", "e"], 23)
    # two seats cannot hold three countries: one short, at 2 per value missed
    data = {"size": {"max": 2}, "distinct": [{"column": "country", "min": 3, "soft": True,
                                              "weight": 2}]}  # fmt: skip
    result = both(POOL, data)
    optimal(result, ["a", "d"], 17, shortfall=2)
    assert rule(result.report, "distinct country: at least 3").shortfall == 1


def test_words() -> None:
    bound_scenario = bind(
        load_scenario(
            {"distinct": [{"column": "country", "min": 20, "where": {"gender": "female"}}]}
        ),
        POOL,
    )
    (bound,) = bound_scenario.bounds()
    assert rule_phrase(bound) == "at least 20 different countries among women"
    assert rule_label(bound) == "distinct countries minimum among women"


def test_relaxation_lowers_the_minimum() -> None:
    data = {
        "size": {"max": 6},
        "quota": [{"column": "gender", "where": {"country": {"not": "KEN"}}, "max": {"female": 1}}],
        "distinct": [{"column": "country", "min": 3, "where": {"gender": "female"}}],
    }
    result = run(POOL, data)
    assert result.advice[:2] == [
        "The smallest change that lets every rule hold: raise the women maximum among members "
        "whose country is not Kenya from 1 to 2.",
        "or, changing one rule alone: lower the distinct countries minimum among women from 3 to 2",
    ]
    assert result.to_dict()["conflict_reason"].endswith(
        "the pool has nominations from 3 different countries among women. Dropping any one of "
        "these rules lets the others hold."
    )


@pytest.mark.parametrize(
    ("rule_data", "key", "message"),
    [
        (
            {"column": "contry", "min": 2},
            "distinct[1].column",
            "the nominations have no column 'contry'",
        ),
        (
            {"column": "country", "min": -1},
            "distinct[1].min",
            "Input should be greater than or equal to 0",
        ),
        ({"column": "country"}, "distinct[1].min", "the key 'min' is required"),
    ],
)
def test_bad_input(rule_data: dict[str, Any], key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        bind(load_scenario({"distinct": [rule_data]}), POOL)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert [(p.key, p.message) for p in info.value.problems] == [(key, message)]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("soft", [False, True])
def test_swap_screen_agrees_with_the_checker(seed: int, soft: bool) -> None:
    pool = _pool(seed)
    data = {
        "size": {"min": 5, "max": 5},
        "distinct": [
            {"column": "country", "min": 4, "soft": soft, "weight": 3},
            {"column": "stakeholder_group", "min": 3, "where": {"gender": "female"}, "soft": soft},
        ],
    }
    result = run(pool, data)
    if not result.ok:
        pytest.skip("this draw has no roster")
    found = reserves(result, per_member=len(pool))
    assert found.rejected == [] and found.stats["screen_complete"]
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == _brute(result)


def test_distinct_and_equal_columns_are_needed_from_the_file() -> None:
    from composer.rules.needs import needs_of

    scenario = load_scenario(
        {
            "distinct": [{"column": "country", "min": 2, "where": {"age": {"lt": 35}}}],
            "equal": [{"column": "gender", "values": ["female", "male"]}],
        }
    )
    columns = needs_of(scenario).columns
    assert (columns["country"], columns["age"], columns["gender"]) == (
        "distinct[1].column",
        "distinct[1].where.age",
        "equal[1].column",
    )
