"""Together and apart groups: micro-models feasible and infeasible, checker, words, errors.

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3); every expected roster is
worked out by hand in the comments.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import rule, run
from test_model_rules import BASE, both, infeasible, optimal
from test_reserves import _brute, _pool
from test_scenario import at, problems

from composer.analysis.reserves import reserves
from composer.engine.check import check
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario
from composer.rules.words import rule_label, rule_phrase


def test_together_all_in() -> None:
    # h is fixed in, so g goes in with it; the third seat is the best other, a
    optimal(
        both(BASE, {"size": {"max": 3}, "together": [{"ids": ["g", "h"]}],
                    "members": {"include": ["h"]}}),
        ["a", "g", "h"],
        17,
    )  # fmt: skip


def test_together_none_in() -> None:
    # a + h = 13 is worth less than b + c = 17, so neither goes in
    result = both(BASE, {"size": {"max": 2}, "together": [{"ids": ["a", "h"]}]})
    optimal(result, ["b", "c"], 17)
    check_ = rule(result.report, "together a, h")
    assert (check_.met, check_.achieved, check_.bound) == (True, 0, "all or none")


def test_apart_keeps_at_most_one() -> None:
    # a and b may not sit together: a, c, d (25) beats b, c, d (24)
    result = both(BASE, {"size": {"max": 3}, "apart": [{"ids": ["a", "b"]}]})
    optimal(result, ["a", "c", "d"], 25)
    assert rule(result.report, "apart a, b").achieved == 1


def test_apart_with_two_fixed_members_is_infeasible() -> None:
    scenario = {"apart": [{"ids": ["a", "b", "c"]}], "members": {"include": ["a", "c"]}}
    result = both(BASE, scenario)
    infeasible(result, {"apart a, b, c", "include a", "include c"})
    assert "a and c are both fixed in" in result.conflict_reason


def test_together_with_an_excluded_member_needs_the_solver() -> None:
    scenario = {"together": [{"ids": ["a", "b"]}], "members": {"include": ["a"], "exclude": ["b"]}}
    infeasible(both(BASE, scenario), {"together a, b", "include a", "exclude b"})


def test_together_larger_than_the_roster_is_infeasible() -> None:
    scenario = {
        "size": {"max": 2},
        "together": [{"ids": ["a", "b", "c"]}],
        "members": {"include": ["b"]},
    }
    result = both(BASE, scenario)
    infeasible(result, {"together a, b, c", "include b", "size <= 2"})
    assert "more than the maximum size 2" in result.conflict_reason


def test_together_and_apart_overlapping() -> None:
    # alone they hold (none of a, b); with a fixed in they cannot
    groups = {"together": [{"ids": ["a", "b"]}], "apart": [{"ids": ["b", "a", "c"]}]}
    optimal(both(BASE, {"size": {"max": 2}, **groups}), ["c", "d"], 15)
    infeasible(
        both(BASE, {**groups, "members": {"include": ["a"]}}),
        {"together a, b", "apart b, a, c", "include a"},
    )


def test_together_against_a_quota_needs_the_solver() -> None:
    # at most one government member, but a and d (both government) go together
    scenario = {
        "quota": [{"column": "stakeholder_group", "max": {"government": 1}}],
        "together": [{"ids": ["a", "d"]}],
        "members": {"include": ["d"]},
    }
    infeasible(
        both(BASE, scenario),
        {"quota stakeholder_group: government <= 1", "together a, d", "include d"},
    )


def test_checker_shortfalls() -> None:
    scenario = bind(
        load_scenario(
            {"together": [{"ids": ["a", "b", "c"]}], "apart": [{"ids": ["d", "e", "f"]}]}
        ),
        BASE,
    )
    report = check(BASE, scenario, ["a", "d", "e", "f"])
    together = rule(report, "together a, b, c")
    apart = rule(report, "apart d, e, f")
    assert (together.met, together.achieved, together.shortfall) == (False, 1, 1)
    assert (apart.met, apart.achieved, apart.shortfall) == (False, 3, 2)
    assert check(BASE, scenario, ["a", "b", "c", "e"]).ok


def test_words_and_names() -> None:
    scenario = load_scenario(
        {
            "together": [{"ids": ["a", "b", "c", "d", "e"]}],
            "apart": [{"ids": ["f", "g"], "name": "conflict of interest"}],
        }
    )
    together, apart = scenario.bounds()
    assert together.name == "together a, b, c, d ..."
    assert rule_phrase(together) == "a, b, c, d and 1 more all in the roster or none of them"
    assert rule_label(together) == "a, b, c, d and 1 more together"
    assert apart.name == "conflict of interest"
    assert rule_phrase(apart) == "at most one of f and g"
    assert rule_label(apart) == "conflict of interest"


def test_relaxation_advice_names_the_group() -> None:
    scenario = {"size": {"min": 3}, "apart": [{"ids": list("abcdefgh")}]}
    result = run(BASE, scenario)
    assert set(result.conflict) == {"size >= 3", "apart a, b, c, d ..."}
    assert any("allow 3 of a, b, c, d and 4 more instead of 1" in a for a in result.advice)


def test_statement_does_not_name_the_ids() -> None:
    from composer.export.report import _rule_lines

    result = run(BASE, {"size": {"max": 2}, "apart": [{"ids": ["a", "h"]}]})
    lines = _rule_lines(result, include_names=False)
    assert "1 group(s) of nominees of whom at most one is selected" in lines
    assert not any("h" in line.split() for line in lines)


@pytest.mark.parametrize(
    ("data", "key", "text"),
    [
        ({"together": [{"ids": ["a"]}]}, "together[1].ids", "at least 2 items"),
        ({"apart": [{"ids": ["a", "b", "a"]}]}, "apart[1].ids", "a appear twice in one group"),
        ({"apart": [{"idz": ["a", "b"]}]}, "apart[1].idz", "unknown key 'idz'"),
    ],
)
def test_malformed_groups(data: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems(data), key).message


def test_unknown_ids_in_groups() -> None:
    found = problems({"together": [{"ids": ["a", "bb"]}], "apart": [{"ids": ["x9", "b"]}]}, BASE)
    together = at(found, "together[1].ids")
    assert together.message == "no nomination has id 'bb'"
    assert together.fix == "did you mean 'b'?"
    assert "x9" in at(found, "apart[1].ids").message
    assert len(found) == 2


@pytest.mark.parametrize("seed", range(3))
def test_reserve_screen_agrees_with_the_checker(seed: int) -> None:
    pool = _pool(seed)
    scenario = {
        "size": {"min": 5, "max": 6},
        "together": [{"ids": ["p00", "p01"]}, {"ids": ["p04", "p05", "p06"]}],
        "apart": [{"ids": ["p02", "p03", "p08"]}, {"ids": ["p01", "p09"]}],
    }
    result = run(pool, scenario)
    assert result.ok
    found = reserves(result, per_member=len(pool))
    assert found.rejected == [] and found.stats["screen_complete"]
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == _brute(result)
