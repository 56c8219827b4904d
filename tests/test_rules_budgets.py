"""Several budgets (``[[budget]]``): micro-models, pre-checks, words and relaxation, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, rule, run
from test_model_rules import infeasible, optimal

from composer import ScenarioError, Status, load_scenario
from composer.analysis.price import rule_prices
from composer.analysis.reasons import baseline
from composer.engine.elastic import ElasticModel
from composer.errors import EXIT_BAD_INPUT
from composer.rules.bind import bind
from composer.rules.words import rule_label, rule_phrase

# id, score, travel, honoraria
ROWS = [("a", 10, 5, 0), ("b", 9, 1, 4), ("c", 8, 2, 3), ("d", 7, 1, 1), ("e", 6, 4, 0)]
POOL = make_pool(
    {"id": i, "country": "KEN", "score": s, "travel_cost": t, "honoraria": h} for i, s, t, h in ROWS
)
TWO = [
    {"column": "travel_cost", "max": 6},
    {"column": "honoraria", "max": 4, "name": "honoraria"},
]


def test_two_budgets_both_bind() -> None:
    # travel <= 6 and honoraria <= 4 leave no trio ({b,c,d}: honoraria 8; {b,d,e}: 5; any
    # trio with a: travel 7 or more); the best pair keeping both is {a, b} (travel 6, hon. 4)
    scenario = {"size": {"max": 3}, "budget": TWO}
    result = run(POOL, scenario)
    optimal(result, ["a", "b"], 19)
    assert rule(result.report, "budget travel_cost <= 6").achieved == 6
    assert rule(result.report, "honoraria").achieved == 4
    # either budget alone lets a trio in: travel alone {b,c,d} (24); honoraria alone 25
    optimal(run(POOL, {"size": {"max": 3}, "budget": TWO[:1]}), ["b", "c", "d"], 24)
    optimal(run(POOL, {"size": {"max": 3}, "budget": TWO[1:]}), None, 25)


def test_one_table_still_works() -> None:
    scenario = load_scenario({"budget": {"column": "honoraria", "max": 4}})
    assert scenario.budgets == [scenario.budget]
    assert [b.name for b in scenario.bounds()] == ["budget honoraria <= 4"]


def test_two_budgets_against_the_minimum_size_is_a_precheck() -> None:
    # 4 members: the 4 cheapest in honoraria cost 0+0+1+3 = 4 (fits), in travel 1+1+2+4 = 8
    scenario = {"size": {"min": 4}, "budget": TWO}
    result = run(POOL, scenario)
    infeasible(result, {"budget travel_cost <= 6", "size >= 4"})
    assert result.to_dict()["conflict_reason"] == (
        "the 4 cheapest nominees together cost 8, more than the budget 6"
    )


def test_fixed_members_over_the_second_budget() -> None:
    scenario = {"budget": TWO, "members": {"include": ["b", "c"]}}
    result = run(POOL, scenario)
    infeasible(result, {"honoraria", "include b", "include c"})


def test_the_two_budgets_only_conflict_together_through_the_solver() -> None:
    # 3 members: travel <= 4 allows {b,c,d} only among trios without a, e... that pays 8
    # honoraria; honoraria <= 4 with travel <= 4 leaves no trio
    scenario = {
        "size": {"min": 3},
        "budget": [
            {"column": "travel_cost", "max": 4},
            {"column": "honoraria", "max": 4, "name": "honoraria"},
        ],
    }
    result = run(POOL, scenario)
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {"budget travel_cost <= 4", "honoraria", "size >= 3"}
    assert "or, changing one rule alone: raise the budget from 4 to 7" in result.advice
    assert "or, changing one rule alone: raise the honoraria budget from 4 to 8" in result.advice


def test_words_name_each_budget() -> None:
    scenario = bind(load_scenario({"budget": TWO}), POOL)
    travel, honoraria = scenario.bounds()
    assert (rule_label(travel), rule_label(honoraria)) == ("budget", "honoraria budget")
    assert rule_phrase(honoraria) == "a total honoraria of at most 4"


def test_prices_loosen_each_budget_by_its_own_unit() -> None:
    scenario = bind(load_scenario({"size": {"max": 3}, "budget": TWO}), POOL)
    model = ElasticModel(POOL, scenario)
    base = baseline(model, time_limit=10)
    assert base is not None
    prices = rule_prices(model, base, time_limit=10).set_index("rule")
    # average travel 13/5 -> 3 per step; average honoraria 8/5 -> 2 per step
    assert prices.loc["budget travel_cost <= 6", "loosened"].startswith("raised by 3 ")
    assert prices.loc["honoraria", "loosened"].startswith("raised by 2 ")


@pytest.mark.parametrize(
    ("budget", "key", "message"),
    [
        (
            [{"column": "travel_cost", "max": 6}, {"column": "fee", "max": 4}],
            "budget[2].column",
            "the nominations have no column 'fee'",
        ),
        (
            [{"column": "travel_cost", "max": 6}, {"column": "country", "max": 4}],
            "budget[2].column",
            "'country' must be numeric, but row 2 has 'KEN'",
        ),
    ],
)
def test_bad_second_budget(budget: list[dict[str, Any]], key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        bind(load_scenario({"budget": budget}), POOL)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert [(p.key, p.message) for p in info.value.problems] == [(key, message)]


def test_bad_key_in_a_budget_list() -> None:
    with pytest.raises(ScenarioError) as info:
        load_scenario({"budget": [{"max": 3}, {"max": -1, "colum": "x"}]})
    assert [(p.key, p.message) for p in info.value.problems] == [
        ("budget[2].max", "Input should be greater than or equal to 0"),
        ("budget[2].colum", "unknown key 'colum'"),
    ]
    assert info.value.problems[1].fix == "did you mean 'column'?"


def test_every_budget_column_is_needed_from_the_file() -> None:
    from composer.rules.needs import needs_of

    needs = needs_of(load_scenario({"budget": TWO}))
    assert needs.columns["travel_cost"] == "budget[1].column"
    assert needs.columns["honoraria"] == "budget[2].column"
