"""The size objective: the smallest or largest roster that keeps every rule, or a seat price.

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3; African: a, b; access
expertise: g only).  Every expected roster is worked out by hand in the comments.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, rule
from test_model_rules import BASE, both, infeasible, optimal
from test_scenario import at, problems

from composer.export.report import build_statement
from composer.rules.scenario import load_scenario

# two Africans (a, b) and someone with access expertise (g)
NEEDS = {
    "quota": [{"column": "region", "min": {"African": 2}}],
    "coverage": [{"column": "expertise", "areas": ["access"]}],
}


def test_without_a_size_goal_the_roster_fills_to_the_maximum() -> None:
    optimal(both(BASE, {"size": {"max": 5}, **NEEDS}), ["a", "b", "c", "d", "g"], 38)


def test_smallest_roster_that_keeps_every_rule() -> None:
    result = both(BASE, {"size": {"max": 5}, **NEEDS, "objective": {"size": "smallest"}})
    optimal(result, ["a", "b", "g"], 23)
    assert rule(result.report, "size <= 5").achieved == 3


def test_smallest_still_keeps_the_minimum_size() -> None:
    scenario = {"size": {"min": 4, "max": 5}, **NEEDS, "objective": {"size": "smallest"}}
    optimal(both(BASE, scenario), ["a", "b", "c", "g"], 31)  # the best fourth member: c


def test_smallest_comes_before_merit_but_after_soft_rules() -> None:
    # the soft rule wants 3 women: a, g and the best other woman, c, on top of b
    scenario = {
        "size": {"max": 6},
        **NEEDS,
        "quota": [
            *NEEDS["quota"],
            {"column": "gender", "min": {"female": 3}, "soft": True, "weight": 1},
        ],
        "objective": {"size": "smallest"},
    }
    optimal(both(BASE, scenario), ["a", "b", "c", "g"], 31)


# negative merit: the default leaves out those who would lower the total
NEGATIVE = make_pool(
    {"id": i, "country": c, "stakeholder_group": "government", "value": s}
    for i, c, s in [("p", "KEN", 5), ("q", "FRA", 2), ("r", "NGA", -1), ("s", "BRA", -3)]
)


def test_largest_roster_even_at_a_loss_of_merit() -> None:
    value = {"maximise": "value"}
    optimal(both(NEGATIVE, {"size": {"max": 4}, "objective": value}), ["p", "q"], 7)
    largest = {"size": {"max": 4}, "objective": {**value, "size": "largest"}}
    optimal(both(NEGATIVE, largest), ["p", "q", "r", "s"], 3)
    # at most one per region: KEN and NGA are both African (r is dropped), three at most
    capped = {**largest, "cap": [{"column": "region", "max_each": 1}]}
    optimal(both(NEGATIVE, capped), ["p", "q", "s"], 4)


def test_seat_price() -> None:
    # a seat is worth filling only for a score above 6.5: a, b, c, d (34 - 4 * 6.5 = 8)
    result = both(BASE, {"objective": {"seat_price": 6.5}})
    optimal(result, ["a", "b", "c", "d"], 34)
    assert result.objective["net_score"] == 8
    # a minimum size adds the best next member at a loss: e (6 < 6.5)
    priced = both(BASE, {"size": {"min": 5}, "objective": {"seat_price": 6.5}})
    optimal(priced, ["a", "b", "c", "d", "e"], 40)
    assert priced.objective["net_score"] == 7.5


def test_seat_price_in_decimals_is_exact() -> None:
    # 7.1 and 0.1 on one exact scale: only a, b and c score above 7.1 ... and d (7) does not
    optimal(both(BASE, {"objective": {"seat_price": 7.1}}), ["a", "b", "c"], 27)


def test_infeasible_rules_stay_infeasible() -> None:
    scenario = {"size": {"min": 9}, "objective": {"size": "smallest"}}
    infeasible(both(BASE, scenario), {"size >= 9"})


def test_explain_and_the_statement() -> None:
    result = both(BASE, {"size": {"max": 5}, **NEEDS, "objective": {"size": "smallest"}})
    explanation = result.explain()
    assert set(explanation.members["id"]) == {"a", "b", "g"}
    statement = build_statement(result, explanation=explanation)
    assert any("the fewest members that keep every rule" in p for p in statement.method)
    priced = both(BASE, {"objective": {"seat_price": 6.5}})
    text = build_statement(priced).method
    assert any("a price of 6.5" in p for p in text)
    assert (
        "the fewest members, then the highest total score"
        in load_scenario({"objective": {"size": "smallest"}})._repr_html_()
    )


@pytest.mark.parametrize(
    ("objective", "key", "text"),
    [
        ({"size": "small"}, "objective.size", "'smallest' or 'largest'"),
        ({"seat_price": -1}, "objective.seat_price", "greater than or equal to 0"),
        ({"seat_price": True}, "objective.seat_price", "true is not a number"),
        ({"size": "smallest", "seat_price": 2}, "objective", "keep one of them"),
    ],
)
def test_bad_size_goals(objective: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems({"objective": objective}), key).message
