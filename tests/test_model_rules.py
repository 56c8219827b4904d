"""Micro-models, one feasible and one infeasible per rule family, solved end to end.

Every expected roster below is worked out by hand from the small tables; the comments say why.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, rule, run

from composer import Result, ScenarioError, Status

# id, country, group, gender, score, cost, expertise, nominator
# regions: a, b African; c, h Asia-Pacific; d, g WEOG; e LAC; f Eastern European
# developing: a, b, c, e, h
BASE_ROWS = [
    ("a", "KEN", "government", "female", 10, 3, "spam; privacy", "X"),
    ("b", "NGA", "civil_society", "male", 9, 1, "spam", "X"),
    ("c", "IND", "private_sector", "female", 8, 2, "privacy", "Y"),
    ("d", "FRA", "government", "male", 7, 4, "dns", "Y"),
    ("e", "BRA", "civil_society", "female", 6, 1, "dns; spam", "Z"),
    ("f", "POL", "private_sector", "male", 5, 2, "", "Z"),
    ("g", "FRA", "technical_academic", "female", 4, 5, "access", "W"),
    ("h", "IND", "government", "male", 3, 1, "privacy", "W"),
]
YEARS = {"a": 1, "b": 2, "c": 3.5, "d": 4, "e": 0.5, "f": 6, "g": 0, "h": 2}
BASE = make_pool(
    {
        "id": i,
        "country": c,
        "stakeholder_group": s,
        "gender": g,
        "score": sc,
        "travel_cost": t,
        "expertise": x,
        "nominated_by": by,
        "years": YEARS[i],
    }
    for i, c, s, g, sc, t, x, by in BASE_ROWS
)
# six civil-society nominees with high scores and three government ones with low scores
SHARES = make_pool(
    [
        {"id": f"p{k}", "country": "KEN", "stakeholder_group": "civil_society", "score": 11 - k}
        for k in range(1, 7)
    ]
    + [
        {"id": f"g{k}", "country": "FRA", "stakeholder_group": "government", "score": 4 - k}
        for k in range(1, 4)
    ]
)
# four women with high scores, four men with low scores
GENDER = make_pool(
    [
        {
            "id": f"f{k}",
            "country": "KEN",
            "stakeholder_group": "government",
            "gender": "female",
            "score": 11 - k,
        }
        for k in range(1, 5)
    ]
    + [
        {
            "id": f"m{k}",
            "country": "KEN",
            "stakeholder_group": "government",
            "gender": "male",
            "score": 7 - k,
        }
        for k in range(1, 5)
    ]
)
DECIMAL = make_pool(
    {"id": i, "country": "KEN", "stakeholder_group": "government", "score": s, "travel_cost": t}
    for i, s, t in [
        ("x1", 5, 0.1),
        ("x2", 5, 0.2),
        ("x3", 6, 0.3),
        ("x4", 0.1, 0.7),
        ("x5", 0.2, 0.8),
    ]
)


def optimal(
    result: Result, roster: list[str] | None = None, score: float | None = None, shortfall: int = 0
) -> None:
    assert result.status == Status.OPTIMAL, (result.status, result.conflict)
    assert result.report is not None and result.report.ok
    assert result.selected == sorted(result.selected)
    if roster is not None:
        assert result.selected == sorted(roster)
    if score is not None:
        assert result.objective["score"] == score
    assert result.objective["soft_shortfall"] == shortfall
    assert result.report.soft_shortfall == shortfall
    assert result.gap == 0.0


def infeasible(result: Result, conflict: set[str]) -> None:
    assert result.status == Status.INFEASIBLE
    assert result.selected == [] and result.report is None
    assert set(result.conflict) == conflict, result.conflict
    assert len(result.conflict) == len(conflict)
    assert result.advice, "an infeasible result says what to change"
    assert result.to_dict()["conflict"] == result.conflict


def both(pool: Any, scenario: dict[str, Any]) -> Result:
    """Solve with and without the dominance reduction; both must give the same answer."""
    first = run(pool, scenario)
    second = run(pool, scenario, reduce=False)
    assert (first.status, first.selected, first.conflict) == (
        second.status,
        second.selected,
        second.conflict,
    )
    return first


# ---------------------------------------------------------------------------- size


def test_size_exact_picks_the_best() -> None:
    optimal(both(BASE, {"size": {"min": 3, "max": 3}}), ["a", "b", "c"], 27)


def test_size_max_only_and_min_only() -> None:
    optimal(both(BASE, {"size": {"max": 2}}), ["a", "b"], 19)
    # no maximum: every nominee adds merit (or a tie-break priority), so all are chosen
    optimal(both(BASE, {"size": {"min": 2}}), list("abcdefgh"), 52)


def test_size_min_above_pool_is_infeasible() -> None:
    infeasible(both(BASE, {"size": {"min": 9}}), {"size >= 9"})


def test_size_max_below_fixed_members_is_infeasible() -> None:
    scenario = {"size": {"max": 2}, "members": {"include": ["f", "g", "h"]}}
    infeasible(both(BASE, scenario), {"size <= 2", "include f", "include g", "include h"})


def test_size_min_against_cap_needs_the_solver() -> None:
    # four nominators, one member each: five members cannot be reached
    scenario = {"size": {"min": 5}, "cap": [{"column": "nominated_by", "max_each": 1}]}
    infeasible(both(BASE, scenario), {"size >= 5", "cap nominated_by: at most 1 each"})


# ---------------------------------------------------------------------------- quota counts


def test_quota_min_forces_lower_scores() -> None:
    scenario = {
        "size": {"min": 3, "max": 3},
        "quota": [{"column": "region", "min": {"Western European and Others": 2}}],
    }
    result = both(BASE, scenario)
    optimal(result, ["a", "d", "g"], 21)
    check = rule(result.report, "quota region: Western European and Others >= 2")
    assert check.met and check.achieved == 2


def test_quota_min_above_supply_is_infeasible() -> None:
    scenario = {"size": {"max": 3}, "quota": [{"column": "region", "min": {"Eastern European": 2}}]}
    infeasible(both(BASE, scenario), {"quota region: Eastern European >= 2"})


def test_quota_max_keeps_a_value_out() -> None:
    scenario = {
        "size": {"min": 3, "max": 3},
        "quota": [{"column": "region", "max": {"African": 0}}],
    }
    optimal(both(BASE, scenario), ["c", "d", "e"], 21)


def test_quota_max_against_fixed_member_is_infeasible() -> None:
    scenario = {
        "quota": [{"column": "stakeholder_group", "max": {"government": 0}}],
        "members": {"include": ["a"]},
    }
    infeasible(both(BASE, scenario), {"quota stakeholder_group: government <= 0", "include a"})


def test_quota_minimums_on_several_columns_need_the_solver() -> None:
    # 2 governments and 2 members from developed countries in 3 seats: d is both
    scenario = {
        "size": {"max": 3},
        "quota": [
            {"column": "stakeholder_group", "min": {"government": 2}},
            {"column": "developing", "min": {"no": 2}},
        ],
    }
    # with d: one more government (a best) and one more developed (f best)
    optimal(both(BASE, scenario), ["a", "d", "f"], 22)
    # both Africans (developing) and two developed members do not fit in 3 seats; the
    # pre-checks add up minimums per column only, so the solver finds this conflict
    scenario["quota"].append({"column": "region", "min": {"African": 2}})
    infeasible(
        both(BASE, scenario),
        {"size <= 3", "quota developing: no >= 2", "quota region: African >= 2"},
    )


# ---------------------------------------------------------------------------- quota shares


@pytest.mark.parametrize(
    ("size", "roster", "score"),
    [
        (3, ["p1", "p2", "g1"], 22),  # 1/3 of 3 is exactly 1 government member
        (6, ["p1", "p2", "p3", "p4", "g1", "g2"], 39),  # 1/3 of 6 is exactly 2
        (5, ["p1", "p2", "p3", "g1", "g2"], 32),  # 1/3 of 5 is 5/3: 2 members
    ],
)
def test_min_share_one_third_exact(size: int, roster: list[str], score: int) -> None:
    scenario = {
        "size": {"min": size, "max": size},
        "quota": [{"column": "stakeholder_group", "min_share": {"government": "1/3"}}],
    }
    result = both(SHARES, scenario)
    optimal(result, roster, score)
    check = rule(result.report, "quota stakeholder_group: government >= 1/3")
    assert check.counted == size and check.achieved == len([r for r in roster if r[0] == "g"])


def test_min_share_with_size_range_prefers_the_best_size() -> None:
    scenario = {
        "size": {"min": 3, "max": 6},
        "quota": [{"column": "stakeholder_group", "min_share": {"government": "1/3"}}],
    }
    optimal(both(SHARES, scenario), ["p1", "p2", "p3", "p4", "g1", "g2"], 39)


def test_min_share_above_supply_is_infeasible() -> None:
    # at least 7 members, half of them governments: 4 needed, 3 nominated
    scenario = {
        "size": {"min": 7},
        "quota": [{"column": "stakeholder_group", "min_share": {"government": 0.5}}],
    }
    infeasible(both(SHARES, scenario), {"size >= 7", "quota stakeholder_group: government >= 50%"})


def test_min_share_with_where_counts_only_matching_members() -> None:
    # among governments, all from developing countries: d (France) is replaced by e
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [
            {
                "column": "developing",
                "where": {"stakeholder_group": "government"},
                "min_share": {"yes": 1},
            }
        ],
    }
    result = both(BASE, scenario)
    optimal(result, ["a", "b", "c", "e"], 33)
    check = rule(result.report, "quota developing where stakeholder_group=government: yes >= 100%")
    assert (check.achieved, check.counted) == (1, 1)


def test_min_share_with_where_infeasible() -> None:
    # d is fixed in and is a government member from a developed country; the where-share
    # forbids any such member
    scenario = {
        "quota": [
            {
                "column": "developing",
                "where": {"stakeholder_group": "government"},
                "min_share": {"yes": 1},
            }
        ],
        "members": {"include": ["d"]},
    }
    infeasible(
        both(BASE, scenario),
        {"quota developing where stakeholder_group=government: yes >= 100%", "include d"},
    )


def test_max_share_forty_percent_at_size_five() -> None:
    scenario = {
        "size": {"min": 5, "max": 5},
        "quota": [{"column": "gender", "max_share": {"female": 0.4}}],
    }
    result = both(GENDER, scenario)
    optimal(result, ["f1", "f2", "m1", "m2", "m3"], 34)  # 2 of 5 women: exactly 40%
    check = rule(result.report, "quota gender: female <= 40%")
    assert (check.achieved, check.counted) == (2, 5)


def test_max_share_three_of_five_is_infeasible() -> None:
    # three women fixed in need at least 8 members (3 <= 0.4 n), but there are only 4 men
    scenario = {
        "size": {"min": 5, "max": 5},
        "quota": [{"column": "gender", "max_share": {"female": "40%"}}],
        "members": {"include": ["f1", "f2", "f3"]},
    }
    infeasible(
        both(GENDER, scenario),
        {"quota gender: female <= 40%", "include f1", "include f2", "include f3"},
    )


# ---------------------------------------------------------------------------- soft quotas


def test_soft_quota_met_costs_nothing() -> None:
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [{"column": "gender", "min": {"male": 2}, "soft": True, "weight": 1}],
    }
    result = both(GENDER, scenario)
    optimal(result, ["f1", "f2", "m1", "m2"], 30)
    assert rule(result.report, "quota gender: male >= 2").met


def test_soft_quota_missed_is_weighted_and_reported() -> None:
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [{"column": "gender", "min": {"male": 6}, "soft": True, "weight": 2}],
    }
    result = both(GENDER, scenario)
    optimal(result, ["m1", "m2", "m3", "m4"], 18, shortfall=4)  # 2 seats short, weight 2
    check = rule(result.report, "quota gender: male >= 6")
    assert (check.met, check.soft, check.achieved, check.shortfall) == (False, True, 4, 2)
    assert result.report.ok and result.to_dict()["objective"]["soft_shortfall"] == 4
    hard = {**scenario, "quota": [{**scenario["quota"][0], "soft": False}]}
    infeasible(both(GENDER, hard), {"quota gender: male >= 6"})


def test_soft_quotas_trade_by_weight_before_merit() -> None:
    # 4 seats; female >= 3 (weight 1) and male >= 3 (weight 2) cannot both hold:
    # 1 woman + 3 men misses 2 female seats (cost 2) < 2 + 2 (cost 1 + 2) < 3 + 1 (cost 4)
    scenario = {
        "size": {"min": 4, "max": 4},
        "quota": [
            {"column": "gender", "min": {"female": 3}, "soft": True, "weight": 1},
            {"column": "gender", "min": {"male": 3}, "soft": True, "weight": 2},
        ],
    }
    optimal(both(GENDER, scenario), ["f1", "m1", "m2", "m3"], 25, shortfall=2)


def test_soft_share_shortfall_is_rounded_up() -> None:
    # 90% men of 5 members needs 4.5 -> 5 men, only 4 exist: 1 seat short (ceil of 0.5)
    scenario = {
        "size": {"min": 5, "max": 5},
        "quota": [{"column": "gender", "min_share": {"male": 0.9}, "soft": True, "weight": 7}],
    }
    result = both(GENDER, scenario)
    optimal(result, ["f1", "m1", "m2", "m3", "m4"], 28, shortfall=7)
    check = rule(result.report, "quota gender: male >= 90%")
    assert (check.achieved, check.counted, check.shortfall) == (4, 5, 1)


def test_soft_max_share_behaves_like_hard_when_it_can_hold() -> None:
    scenario = {
        "size": {"min": 5, "max": 5},
        "quota": [{"column": "gender", "max_share": {"female": 0.4}, "soft": True, "weight": 1}],
    }
    optimal(both(GENDER, scenario), ["f1", "f2", "m1", "m2", "m3"], 34)


# ---------------------------------------------------------------------------- caps


def test_cap_max_each() -> None:
    # one per nominator: a (X), c (Y), e (Z) beat b (X) and d (Y)
    scenario = {"size": {"min": 3, "max": 3}, "cap": [{"column": "nominated_by", "max_each": 1}]}
    result = both(BASE, scenario)
    optimal(result, ["a", "c", "e"], 24)
    assert rule(result.report, "cap nominated_by: at most 1 each").achieved == 1


def test_cap_with_where_only_counts_matching_members() -> None:
    # one per nominator among developing-country members only: c and d share Y, but d
    # (France) is not counted; a and b (both X, developing) cannot both sit
    capped = {
        "size": {"min": 4, "max": 4},
        "cap": [{"column": "nominated_by", "where": {"developing": "yes"}, "max_each": 1}],
    }
    optimal(both(BASE, capped), ["a", "c", "d", "e"], 31)
    everyone = {"size": {"min": 4, "max": 4}, "cap": [{"column": "nominated_by", "max_each": 1}]}
    optimal(both(BASE, everyone), ["a", "c", "e", "g"], 28)


def test_cap_against_fixed_members_is_infeasible() -> None:
    scenario = {
        "cap": [{"column": "nominated_by", "max_each": 1}],
        "members": {"include": ["a", "b"]},
    }
    infeasible(both(BASE, scenario), {"cap nominated_by: at most 1 each", "include a", "include b"})


def test_cap_with_where_against_fixed_members() -> None:
    # one per nominator among developing-country members: a and b (both X, both developing)
    # cannot both be fixed in; d, fixed too, plays no part
    scenario = {
        "cap": [{"column": "nominated_by", "where": {"developing": "yes"}, "max_each": 1}],
        "members": {"include": ["a", "b", "d"]},
    }
    infeasible(
        both(BASE, scenario),
        {"cap nominated_by where developing=yes: at most 1 each", "include a", "include b"},
    )
    # d (France, not developing) shares Y with c but is not counted: a, c, d, e, h is fine
    scenario["members"] = {"include": ["a", "c", "d", "e", "h"]}
    optimal(both(BASE, scenario), ["a", "c", "d", "e", "f", "g", "h"], 43)


# ---------------------------------------------------------------------------- coverage


def test_coverage_min_each() -> None:
    # two seats: g is the only one with 'access', d the best with 'dns'
    scenario = {
        "size": {"min": 2, "max": 2},
        "coverage": [{"column": "expertise", "areas": ["dns", "access"]}],
    }
    result = both(BASE, scenario)
    optimal(result, ["d", "g"], 11)
    assert rule(result.report, "coverage expertise: access >= 1").achieved == 1


def test_coverage_depth_two() -> None:
    # spam twice (a, b) and access once (g) in three seats
    scenario = {
        "size": {"max": 3},
        "coverage": [
            {"column": "expertise", "areas": ["spam"], "min_each": 2},
            {"column": "expertise", "areas": ["access"]},
        ],
    }
    optimal(both(BASE, scenario), ["a", "b", "g"], 23)


def test_soft_coverage_missed() -> None:
    scenario = {
        "size": {"min": 2, "max": 2},
        "coverage": [
            {"column": "expertise", "areas": ["access"], "min_each": 2, "soft": True, "weight": 5}
        ],
    }
    result = both(BASE, scenario)
    optimal(result, ["a", "g"], 14, shortfall=5)
    check = rule(result.report, "coverage expertise: access >= 2")
    assert (check.met, check.achieved, check.shortfall) == (False, 1, 1)


def test_coverage_above_supply_is_infeasible() -> None:
    scenario = {"coverage": [{"column": "expertise", "areas": ["access"], "min_each": 2}]}
    infeasible(both(BASE, scenario), {"coverage expertise: access >= 2"})


def test_coverage_conflict_needs_the_solver() -> None:
    # nobody holds both dns and access, so one seat cannot cover both
    scenario = {
        "size": {"max": 1},
        "coverage": [{"column": "expertise", "areas": ["dns", "access"]}],
    }
    infeasible(
        both(BASE, scenario),
        {"size <= 1", "coverage expertise: dns >= 1", "coverage expertise: access >= 1"},
    )


# ---------------------------------------------------------------------------- budget


def test_budget() -> None:
    scenario = {"size": {"min": 2, "max": 2}, "budget": {"max": 4}}
    result = both(BASE, scenario)
    optimal(result, ["a", "b"], 19)
    assert rule(result.report, "budget travel_cost <= 4").achieved == 4


def test_budget_excludes_expensive_pairs() -> None:
    scenario = {"size": {"min": 3, "max": 3}, "budget": {"max": 4}}
    # a (3) fits with no two others; triples within 4 use b, e, h (1 each) and at most one
    # of c, f (2): b + c + e = 23 is the best of them
    optimal(both(BASE, scenario), ["b", "c", "e"], 23)


def test_budget_decimal_costs_are_exact() -> None:
    # 0.1 + 0.2 == 0.3 exactly (in floats it is 0.30000000000000004 > 0.3)
    scenario = {"size": {"min": 2, "max": 2}, "budget": {"max": 0.3}}
    result = both(DECIMAL, scenario)
    optimal(result, ["x1", "x2"], 10)
    check = rule(result.report, "budget travel_cost <= 0.3")
    assert check.met and check.achieved == pytest.approx(0.3)


def test_decimal_scores_sum_exactly() -> None:
    scenario = {"size": {"min": 2, "max": 2}, "members": {"exclude": ["x1", "x2", "x3"]}}
    optimal(both(DECIMAL, scenario), ["x4", "x5"], 0.3)


def test_budget_below_cheapest_roster_is_infeasible() -> None:
    scenario = {"size": {"min": 2}, "budget": {"max": 0.29}}
    infeasible(both(DECIMAL, scenario), {"budget travel_cost <= 0.29", "size >= 2"})


def test_budget_with_fixed_member_needs_the_solver() -> None:
    # x3 (0.3) plus the cheapest other (0.1) costs 0.4 > 0.35
    scenario = {"size": {"min": 2}, "budget": {"max": 0.35}, "members": {"include": ["x3"]}}
    infeasible(both(DECIMAL, scenario), {"budget travel_cost <= 0.35", "size >= 2", "include x3"})


# ---------------------------------------------------------------------------- members


def test_members_include_and_exclude() -> None:
    scenario = {"size": {"min": 3, "max": 3}, "members": {"include": ["h"], "exclude": ["a"]}}
    result = both(BASE, scenario)
    optimal(result, ["b", "c", "h"], 20)
    assert rule(result.report, "include h").met and rule(result.report, "exclude a").met


def test_members_exclusions_against_quota_are_infeasible() -> None:
    # the only two Africans are excluded: the conflict must name both exclusions
    scenario = {
        "quota": [{"column": "region", "min": {"African": 1}}],
        "members": {"exclude": ["a", "b"]},
    }
    infeasible(both(BASE, scenario), {"quota region: African >= 1", "exclude a", "exclude b"})


def test_members_include_and_exclude_the_same_id_is_an_error() -> None:
    with pytest.raises(ScenarioError):
        run(BASE, {"members": {"include": ["a"], "exclude": ["a"]}})


# ---------------------------------------------------------------------------- objective


def test_objective_other_numeric_column() -> None:
    result = both(BASE, {"size": {"min": 2, "max": 2}, "objective": {"maximise": "years"}})
    optimal(result, ["d", "f"], 10.0)  # years 4 + 6
    result = both(
        BASE,
        {
            "size": {"min": 2, "max": 2},
            "objective": {"maximise": "years"},
            "members": {"exclude": ["d", "f"]},
        },
    )
    optimal(result, score=5.5)  # c (3.5) and b or h (2 each: the tie-break decides)
    assert "c" in result.selected and len(result.selected) == 2


def test_objective_other_column_infeasible_and_non_numeric() -> None:
    scenario = {
        "size": {"min": 2, "max": 2},
        "objective": {"maximise": "years"},
        "quota": [{"column": "region", "min": {"Latin American and Caribbean": 3}}],
    }
    infeasible(both(BASE, scenario), {"quota region: Latin American and Caribbean >= 3"})
    with pytest.raises(ScenarioError):
        run(BASE, {"objective": {"maximise": "nominated_by"}})


@pytest.mark.parametrize("maximise", ["", None])
def test_objective_absent_any_feasible_roster(maximise: str | None) -> None:
    # only d and g are WEOG: with two seats the roster is forced
    forced = {
        "size": {"min": 2, "max": 2},
        "objective": {"maximise": maximise},
        "quota": [{"column": "region", "min": {"Western European and Others": 2}}],
    }
    optimal(both(BASE, forced), ["d", "g"], 0)
    # otherwise any roster that keeps the rules will do
    free = {
        "size": {"min": 3, "max": 3},
        "objective": {"maximise": maximise},
        "cap": [{"column": "nominated_by", "max_each": 1}],
    }
    result = both(BASE, free)
    optimal(result, score=0)
    assert result.size == 3
    nominators = BASE.table.loc[result.selected, "nominated_by"]
    assert nominators.is_unique


def test_objective_absent_still_detects_infeasibility() -> None:
    scenario = {
        "size": {"min": 5},
        "objective": {"maximise": None},
        "cap": [{"column": "nominated_by", "max_each": 1}],
    }
    infeasible(both(BASE, scenario), {"size >= 5", "cap nominated_by: at most 1 each"})
