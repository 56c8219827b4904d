"""``where`` with negation and numeric comparisons: micro-models, checker, words, bad input."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, report, rule, run
from test_model_rules import infeasible, optimal

from composer import ScenarioError, Status, load_scenario
from composer.errors import EXIT_BAD_INPUT, Problem
from composer.rules.bind import bind
from composer.rules.words import rule_phrase

# id, country, gender, age, votes, score
ROWS = [
    ("a", "KEN", "female", 28, 120, 10),
    ("b", "CHE", "male", 41, 97, 9),
    ("c", "FRA", "female", 34, 96, 8),
    ("d", "IND", "male", 35, 150, 7),
    ("e", "BRA", "female", 52, 80, 6),
    ("f", "CHE", "female", 30, 99.5, 5),
]
POOL = make_pool(
    {
        "id": i,
        "country": c,
        "stakeholder_group": "government",
        "gender": g,
        "age": a,
        "votes": v,
        "score": s,
    }
    for i, c, g, a, v, s in ROWS
)


def problems(scenario: Any, pool: Any = None) -> list[Problem]:
    with pytest.raises(ScenarioError) as info:
        loaded = load_scenario(scenario)
        if pool is not None:
            bind(loaded, pool)
    assert info.value.exit_code == EXIT_BAD_INPUT
    return info.value.problems


def test_numeric_comparison_counts_the_young() -> None:
    # at least 2 members under 35 among 3: a (28), c (34), f (30) are; a is best, then c
    scenario = {
        "size": {"min": 3, "max": 3},
        "quota": [{"column": "gender", "where": {"age": {"lt": 35}}, "min": {"male": 0}}],
        "cap": [{"column": "country", "max_each": 1}],
    }
    optimal(run(POOL, scenario), ["a", "b", "c"], 27)
    young = {
        "size": {"min": 3, "max": 3},
        "quota": [{"column": "gender", "where": {"age": {"lt": 35}}, "min": {"female": 2}}],
    }
    result = run(POOL, young)
    optimal(result, ["a", "b", "c"], 27)
    # 35 is not under 35: d does not count; a range ge 30, lt 35 counts c and f only
    ranged = {
        "size": {"min": 3, "max": 3},
        "quota": [
            {"column": "gender", "where": {"age": {"ge": 30, "lt": 35}}, "min": {"female": 2}}
        ],
    }
    result = run(POOL, ranged)
    optimal(result, ["a", "c", "f"], 23)
    assert rule(result.report, "quota gender where age>=30, age<35: female >= 2").achieved == 2


def test_numeric_threshold_on_decimals() -> None:
    # at least 97 votes: a, b, d, f (99.5); c (96) and e do not count
    scenario = {
        "size": {"max": 2},
        "quota": [
            {"column": "gender", "where": {"votes": {"ge": 97}}, "min": {"female": 2}},
        ],
    }
    optimal(run(POOL, scenario), ["a", "f"], 15)
    too_many = {
        "size": {"max": 6},
        "quota": [{"column": "gender", "where": {"votes": {"gt": 99.5}}, "min": {"female": 2}}],
    }
    # only a has more than 99.5 votes among the women: a minimum of 2 cannot hold
    infeasible(run(POOL, too_many), {"quota gender where votes>99.5: female >= 2"})


def test_negation_keeps_host_countries_out_of_a_cap() -> None:
    # at most 1 man among members not from CHE or FRA: b is from CHE, so b and d both fit
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [
            {
                "column": "gender",
                "where": {"country": {"not": ["CHE", "FRA"]}},
                "max": {"male": 0},
            }
        ],
    }
    # d (IND, male) is the only man outside CHE and FRA: the best four without d
    optimal(run(POOL, scenario), ["a", "b", "c", "e"], 33)
    rep = report(POOL, scenario, ["a", "b", "c", "d"])
    check = rule(rep, "quota gender where country!=CHE|FRA: male <= 0")
    assert not check.met and check.achieved == 1 and check.where == "country!=CHE|FRA"


def test_negation_minimum_above_supply_is_a_precheck_conflict() -> None:
    scenario = {
        "size": {"max": 6},
        "quota": [
            {"column": "gender", "where": {"country": {"not": "CHE"}}, "min": {"male": 2}},
        ],
    }
    infeasible(run(POOL, scenario), {"quota gender where country!=CHE: male >= 2"})


def test_where_in_words() -> None:
    scenario = bind(
        load_scenario(
            {
                "quota": [
                    {
                        "column": "gender",
                        "where": {"country": {"not": ["CHE", "FRA"]}, "age": {"lt": 35}},
                        "min": {"female": 2},
                    }
                ]
            }
        ),
        POOL,
    )
    (bound,) = scenario.bounds()
    assert bound.name == "quota gender where age<35, country!=CHE|FRA: female >= 2"
    assert rule_phrase(bound) == (
        "at least 2 women among members with age under 35 and members whose country is not "
        "Switzerland or France"
    )


def test_old_forms_keep_their_names() -> None:
    scenario = load_scenario(
        {
            "quota": [
                {"column": "gender", "where": {"country": ["KEN", "IND"]}, "min": {"female": 1}}
            ],
            "cap": [{"column": "country", "where": {"gender": "male"}, "max_each": 1}],
        }
    )
    names = [b.name for b in scenario.bounds()]
    assert names == [
        "quota gender where country=KEN|IND: female >= 1",
        "cap country where gender=male: at most 1 each",
    ]


# ---------------------------------------------------------------------------- bad input


def test_unknown_test_key_is_a_clear_error() -> None:
    found = problems(
        {"quota": [{"column": "gender", "where": {"age": {"lessthan": 35}}, "min": {"female": 1}}]}
    )
    assert [(p.key, p.message) for p in found] == [
        (
            "quota[1].where",
            "where age: unknown test 'lessthan'; a test table takes not (values), lt, le, gt, "
            "ge (numbers); write a list for 'any of these values'",
        )
    ]


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ({"lt": "35"}, "where age: lt takes a number, such as lt = 35, not '35'"),
        ({"ge": True}, "where age: ge takes a number, such as ge = 35, not True"),
        ({"ge": 40, "lt": 35}, "where age: ge = 40 and lt = 35 leave no number; check the range"),
        ({"gt": 35, "le": 35}, "where age: gt = 35 and le = 35 leave no number; check the range"),
        ({}, "where age = {} tests nothing; write not, lt, le, gt or ge"),
        ({"not": []}, "where age: not takes a value or a list of values (text)"),
    ],
)
def test_bad_test_tables(test: dict[str, Any], message: str) -> None:
    found = problems({"cap": [{"column": "country", "where": {"age": test}, "max_each": 1}]})
    assert [p.message for p in found] == [message]


def test_numeric_comparison_on_text_names_the_rows() -> None:
    pool = make_pool(
        [
            {"id": "a", "country": "KEN", "age": "28"},
            {"id": "b", "country": "FRA", "age": "forty"},
            {"id": "c", "country": "IND", "age": ""},
        ]
    )
    found = problems(
        {"quota": [{"column": "country", "where": {"age": {"lt": 35}}, "min": {"KEN": 1}}]}, pool
    )
    assert [(p.key, p.message, p.fix) for p in found] == [
        (
            "quota[1].where.age.lt",
            "where age lt compares numbers, but 'age' is not a number in 2 row(s): "
            "row 3 ('forty'), row 4 ('')",
            "write a number in every row of 'age', or match its values with a list "
            "(where = { column = [...] }) instead",
        )
    ]


def test_negated_value_must_exist() -> None:
    found = problems(
        {
            "quota": [
                {"column": "country", "where": {"gender": {"not": "femal"}}, "min": {"KEN": 1}}
            ]
        },
        POOL,
    )
    assert [(p.key, p.message, p.fix) for p in found] == [
        ("quota[1].where.gender.not", "no nominee has gender = 'femal'", "did you mean 'female'?")
    ]


def test_infeasible_where_relaxation_names_the_rule() -> None:
    scenario = {
        "size": {"max": 6},
        "quota": [{"column": "gender", "where": {"age": {"ge": 40}}, "min": {"female": 2}}],
    }
    result = run(POOL, scenario)
    assert result.status == Status.INFEASIBLE
    assert result.conflict == ["quota gender where age>=40: female >= 2"]
    assert result.to_dict()["conflict_reason"] == (
        "only 1 eligible nominees with age>=40 have gender 'female', fewer than the minimum 2"
    )
    assert result.advice[0] == (
        "The smallest change that lets every rule hold: lower the women minimum among members "
        "with age at least 40 from 2 to 1."
    )


def test_a_vote_threshold_as_a_zero_cap() -> None:
    # the docs' Human Rights Council example: nobody under 97 votes (c has 96, e has 80)
    scenario = {
        "size": {"max": 6},
        "cap": [
            {
                "column": "region",
                "where": {"votes": {"lt": 97}},
                "max_each": 0,
                "name": "absolute majority (97 votes)",
            }
        ],
    }
    result = run(POOL, scenario)
    optimal(result, ["a", "b", "d", "f"], 31)
    rep = report(POOL, scenario, ["a", "c"])
    assert not rule(rep, "absolute majority (97 votes)").met


def test_numeric_where_columns_are_not_broken_down_seat_by_seat() -> None:
    from composer.rules.shown import rule_columns

    scenario = load_scenario(
        {
            "quota": [
                {
                    "column": "gender",
                    "where": {"age": {"lt": 35}, "country": {"not": "CHE"}},
                    "min": {"female": 1},
                }
            ]
        }
    )
    assert rule_columns(scenario) == ["gender", "country"]


def test_thousands_written_with_spaces_compare_as_numbers() -> None:
    pool = make_pool(
        [
            {"id": "a", "country": "KEN", "votes": "1 200", "score": 3},
            {"id": "b", "country": "FRA", "votes": "999", "score": 5},
        ]
    )
    scenario = {"cap": [{"column": "country", "where": {"votes": {"lt": 1000}}, "max_each": 0}]}
    result = run(pool, scenario)
    optimal(result, ["a"], 3)
