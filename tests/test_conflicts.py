"""Crafted infeasible scenarios: the conflict named is exactly the rules responsible.

Every conflict is also checked to be irreducible by solving variants of the scenario: the
conflict's rules alone cannot hold, and dropping any one of them lets the rest hold.
"""

from __future__ import annotations

import json
from typing import Any

from helpers import bound_scenario, make_pool, restrict, run

from composer import Pool, Result, Status
from composer.rules.prechecks import precheck


def _row(ident: str, country: str, group: str, score: int = 1, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "country": country, "stakeholder_group": group, "score": score, **extra}


# regions: KEN, NGA African; IND Asia-Pacific; BRA LAC; FRA WEOG; POL Eastern European
POOL = make_pool(
    [
        _row("k1", "KEN", "government", 9, gender="female", expertise="spam"),
        _row("k2", "KEN", "civil_society", 8, gender="male"),
        _row("n1", "NGA", "private_sector", 7, gender="female", expertise="privacy"),
        _row("n2", "NGA", "government", 6, gender="male"),
        _row("i1", "IND", "government", 5, gender="female", expertise="spam"),
        _row("i2", "IND", "civil_society", 4, gender="male"),
        _row("b1", "BRA", "private_sector", 3, gender="female"),
        _row("b2", "BRA", "government", 2, gender="male", expertise="privacy"),
        _row("f1", "FRA", "civil_society", 1, gender="female"),
        _row("p1", "POL", "private_sector", 0, gender="male", expertise="spam"),
    ]
)
EXTRA_RULES: dict[str, Any] = {  # rules that hold on their own and take part in no conflict
    "cap": [{"column": "country", "max_each": 2}],
    "coverage": [{"column": "expertise", "areas": ["spam"]}],
}


def solve_infeasible(pool: Pool, scenario: dict[str, Any], expected: set[str]) -> Result:
    result = run(pool, scenario)
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == expected, result.conflict
    assert len(result.conflict) == len(expected)
    assert result.advice and all(result.advice), "the advice says what to change"
    assert result.conflict_reason
    data = json.loads(result.to_json())
    assert data["status"] == "infeasible" and data["conflict"] == result.conflict
    assert data["selected"] == [] and data["advice"] == result.advice
    assert_irreducible(pool, result)
    # the same conflict without the dominance reduction
    assert run(pool, scenario, reduce=False).conflict == result.conflict
    return result


def assert_irreducible(pool: Pool, result: Result) -> None:
    """The conflict's rules alone cannot hold; without any one of them the rest can."""
    names = set(result.conflict)
    alone = run(pool, restrict(result.scenario, names))
    assert alone.status == Status.INFEASIBLE, "the conflict's rules can hold together"
    for name in sorted(names):
        rest = run(pool, restrict(result.scenario, names - {name}))
        assert rest.status == Status.OPTIMAL, f"still infeasible without {name!r}"
        assert rest.report is not None and rest.report.ok


# ---------------------------------------------------------------------------- (a) supply


def test_minimum_above_supply_is_one_rule() -> None:
    scenario = {
        "size": {"min": 3, "max": 6},
        **EXTRA_RULES,
        "quota": [{"column": "region", "min": {"African": 2, "Eastern European": 2}}],
    }
    result = solve_infeasible(POOL, scenario, {"quota region: Eastern European >= 2"})
    assert "only 1" in result.conflict_reason
    assert any("lower the minimum for 'Eastern European' to 1" in a for a in result.advice)


# ---------------------------------------------------------------------------- (b) quota + cap


def test_minimum_out_of_reach_under_a_cap() -> None:
    # four African nominations, but from two countries only (KEN, NGA)
    scenario = {
        "size": {"max": 8},
        "quota": [{"column": "region", "min": {"African": 3}}],
        "cap": [{"column": "country", "max_each": 1}, {"column": "nominated_by", "max_each": 5}],
    }
    result = solve_infeasible(
        POOL, scenario, {"quota region: African >= 3", "cap country: at most 1 each"}
    )
    assert "at most 2 seats" in result.conflict_reason


# ---------------------------------------------------------------------------- (c) three+ rules


def test_conflict_of_four_rules_found_by_the_solver() -> None:
    # 2 civil society + 2 private sector fill the 4 seats; governments must be half of them
    scenario = {
        "size": {"max": 4},
        **EXTRA_RULES,
        "quota": [
            {
                "column": "stakeholder_group",
                "min": {"civil_society": 2, "private_sector": 2},
                "min_share": {"government": "1/2"},
            },
            {"column": "gender", "min_share": {"female": 0.5}, "soft": True},
        ],
    }
    expected = {
        "size <= 4",
        "quota stakeholder_group: civil_society >= 2",
        "quota stakeholder_group: private_sector >= 2",
        "quota stakeholder_group: government >= 50%",
    }
    assert precheck(POOL, bound_scenario(POOL, scenario)) is None, "arithmetic cannot see it"
    result = solve_infeasible(POOL, scenario, expected)
    assert result.stats["conflict_minimal"] is True
    assert any("makes every other rule hold" in a for a in result.advice)


def test_conflict_of_three_rules_with_where() -> None:
    # governments: k1 (KEN), n2 (NGA), i1 (IND), b2 (BRA); at most 2 seats; the
    # governments among them must be Asia-Pacific (i1 only) but two governments are needed
    scenario = {
        "size": {"max": 2},
        **EXTRA_RULES,
        "quota": [
            {"column": "stakeholder_group", "min": {"government": 2}},
            {
                "column": "region",
                "where": {"stakeholder_group": "government"},
                "min_share": {"Asia-Pacific": 1},
            },
        ],
    }
    expected = {
        "quota stakeholder_group: government >= 2",
        "quota region where stakeholder_group=government: Asia-Pacific >= 100%",
    }
    solve_infeasible(POOL, scenario, expected)


# ---------------------------------------------------------------------------- (d) size


def test_size_range_larger_than_the_pool() -> None:
    result = solve_infeasible(POOL, {"size": {"min": 11, "max": 12}}, {"size >= 11"})
    assert "10 eligible" in result.conflict_reason
    assert any("lower the minimum size to 10" in a for a in result.advice)


def test_size_against_exclusions_names_one_needed_exclusion() -> None:
    # 10 nominations, 10 seats, two excluded: one exclusion is already one too many
    result = run(POOL, {"size": {"min": 10}, "members": {"exclude": ["k1", "p1"]}})
    assert result.status == Status.INFEASIBLE
    assert "size >= 10" in result.conflict and len(result.conflict) == 2
    assert set(result.conflict) - {"size >= 10"} <= {"exclude k1", "exclude p1"}
    assert_irreducible(POOL, result)


# ---------------------------------------------------------------------------- members


def test_minimum_cut_by_an_exclusion_names_the_exclusion() -> None:
    scenario = {
        "quota": [{"column": "region", "min": {"Latin American and Caribbean": 2}}],
        "members": {"exclude": ["b1", "k1"]},
    }
    solve_infeasible(
        POOL, scenario, {"quota region: Latin American and Caribbean >= 2", "exclude b1"}
    )


def test_fixed_members_name_only_as_many_as_break_the_rule() -> None:
    # at most 1 member but 3 fixed: any 2 of them already conflict
    result = run(POOL, {"size": {"max": 1}, "members": {"include": ["k1", "k2", "n1"]}})
    assert result.status == Status.INFEASIBLE
    assert "size <= 1" in result.conflict and len(result.conflict) == 3
    assert_irreducible(POOL, result)
    # no governments, but k1 (government) and k2 (civil society) fixed: only k1 matters
    scenario = {
        "quota": [{"column": "stakeholder_group", "max": {"government": 0}}],
        "members": {"include": ["k1", "k2"]},
    }
    solve_infeasible(POOL, scenario, {"quota stakeholder_group: government <= 0", "include k1"})
    # one per country, three fixed from Kenya and Nigeria: two from one country conflict
    scenario = {
        "cap": [{"column": "country", "max_each": 1}],
        "members": {"include": ["k1", "k2", "n1"]},
    }
    solve_infeasible(POOL, scenario, {"cap country: at most 1 each", "include k1", "include k2"})


# ---------------------------------------------------------------------------- minimums summed


def test_minimums_adding_up_above_the_maximum_size() -> None:
    scenario = {
        "size": {"max": 5},
        "quota": [
            {
                "column": "stakeholder_group",
                "min": {"government": 3, "civil_society": 3, "private_sector": 3},
            }
        ],
    }
    result = run(POOL, scenario)
    assert result.status == Status.INFEASIBLE
    # two of the three minimums (6 seats) already pass 5: the third is not part of it
    assert "size <= 5" in result.conflict and len(result.conflict) == 3
    assert_irreducible(POOL, result)


def test_two_rules_on_one_value_count_once() -> None:
    # African >= 2 and African >= 3 need 3 African seats, not 5: 4 seats are enough
    scenario = {
        "size": {"max": 4},
        "quota": [
            {"column": "region", "min": {"African": 2, "Asia-Pacific": 1}},
            {"column": "region", "min": {"African": 3}},
        ],
    }
    result = run(POOL, scenario)
    assert result.status == Status.OPTIMAL
    assert result.selected == ["i1", "k1", "k2", "n1"]
    scenario["size"] = {"max": 3}
    solve_infeasible(
        POOL,
        scenario,
        {"quota region: African >= 3", "quota region: Asia-Pacific >= 1", "size <= 3"},
    )
