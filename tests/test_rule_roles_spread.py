"""Distinct and coverage rules among a role's holders: ``[[role.distinct]]`` (holders from
at least N regions) and ``[[role.coverage]]`` (an area held by at least N holders).

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3; regions: a, b African;
c, h Asia-Pacific; d, g WEOG; e LAC; f Eastern European; expertise: a spam and privacy, b spam,
c privacy, d dns, e dns and spam, g access, h privacy).  Every expected roster is worked out
by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import rule, run
from test_model_rules import BASE, both, infeasible, optimal
from test_scenario import at, problems

from composer.engine.check import check
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario
from composer.rules.words import rule_phrase

TWO_REGIONS = {
    "name": "co-chair",
    "seats": 2,
    "where": {"stakeholder_group": ["government", "civil_society"]},
    "distinct": [{"column": "region", "min": 2}],
}


def test_holders_from_two_regions() -> None:
    # the best two (a, b) are both African: d (WEOG) comes in for b
    optimal(both(BASE, {"size": {"max": 2}}), ["a", "b"], 19)
    result = both(BASE, {"size": {"max": 2}, "role": [TWO_REGIONS]})
    optimal(result, ["a", "d"], 17)
    assert result.roles == {"co-chair": ["a", "d"]}
    assert rule(result.report, "role co-chair").bound == (
        "2 holders (at least 2 different regions)"
    )


def test_a_holder_with_an_area() -> None:
    chair = {"name": "chair", "seats": 1, "coverage": [{"areas": ["DNS"]}]}
    result = both(BASE, {"size": {"max": 2}, "role": [chair]})
    optimal(result, ["a", "d"], 17)
    assert result.roles == {"chair": ["d"]}
    (bound,) = result.scenario.bounds()[1:]
    assert rule_phrase(bound) == (
        "1 member(s) in the role 'chair', with expertise dns >= 1 among them"
    )


def test_the_checker_verifies_distinct_and_coverage_among_the_holders() -> None:
    scenario = bind(load_scenario({"role": [TWO_REGIONS]}), BASE)
    assert [r.name for r in check(BASE, scenario, ["a", "b"]).failures] == ["role co-chair"]
    assert check(BASE, scenario, ["a", "b", "e"]).ok  # a or b with e (LAC)
    cover = {"name": "x", "seats": 2, "coverage": [{"areas": ["spam"], "min_each": 2}]}
    covered = bind(load_scenario({"role": [cover]}), BASE)
    assert check(BASE, covered, ["a", "c", "e"]).ok  # a and e hold spam
    assert not check(BASE, covered, ["a", "c", "d"]).ok


def test_too_few_values_among_those_who_may_hold_it() -> None:
    panel = {
        "name": "panel",
        "seats": 3,
        "where": {"developing": "no"},  # d and g (FRA), f (POL)
        "distinct": [{"column": "country", "min": 3}],
    }
    result = run(BASE, {"role": [panel]})
    infeasible(result, {"role panel"})
    assert result.conflict_reason == (
        "the nominees who may hold the role 'panel' have only 2 different country, but it "
        "needs at least 3"
    )


def test_too_few_holders_of_an_area() -> None:
    chair = {"name": "chair", "seats": 2, "coverage": [{"areas": ["access"], "min_each": 2}]}
    result = run(BASE, {"role": [chair]})
    infeasible(result, {"role chair"})
    assert result.conflict_reason == (
        "only 1 nominees who may hold the role 'chair' have expertise 'access', but it needs 2"
    )


def test_distinct_holders_against_the_body_needs_the_solver() -> None:
    # the only members are a and b, both African: two regions among the co-chairs cannot hold
    scenario = {"size": {"max": 2}, "members": {"include": ["a", "b"]}, "role": [TWO_REGIONS]}
    result = both(BASE, scenario)
    assert "role co-chair" in result.conflict
    assert result.advice[0].startswith("The smallest change that lets every rule hold: ")


@pytest.mark.parametrize(
    ("extra", "key", "text"),
    [
        ({"distinct": [{"column": "region", "min": 3}]}, "role[1]",
         "the role distinct on 'region' needs 3 holders, but the role 'x' has 2 seat(s)"),
        ({"distinct": [{"column": "region", "min": 0}]}, "role[1].distinct[1].min",
         "greater than or equal to 1"),
        ({"coverage": [{"areas": []}]}, "role[1].coverage[1].areas", "at least 1 item"),
        ({"coverage": [{"areas": ["spam"], "min_each": 3}]}, "role[1]",
         "the role coverage on 'expertise' needs 3 holders"),
        ({"distinct": [{"column": "region", "mn": 1}]}, "role[1].distinct[1].mn",
         "unknown key 'mn'"),
    ],
)  # fmt: skip
def test_malformed_role_distinct_and_coverage(extra: dict[str, Any], key: str, text: str) -> None:
    role = {"name": "x", "seats": 2, **extra}
    assert text in at(problems({"role": [role]}), key).message


def test_role_distinct_and_coverage_against_the_pool() -> None:
    role = {
        "name": "x",
        "seats": 2,
        "distinct": [{"column": "regin", "min": 2}],
        "coverage": [{"areas": ["privacyy"]}],
    }
    found = problems({"role": [role]}, BASE)
    assert "no column 'regin'" in at(found, "role[1].distinct[1].column").message
    assert at(found, "role[1].coverage[1].areas").fix == "did you mean 'privacy'?"
