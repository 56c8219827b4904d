"""The prechecks that count holders of a value: a minimum past what a cap lets them fill,
and fixed members past a maximum (exact messages, and the rules named)."""

from __future__ import annotations

from typing import Any

from helpers import bound_scenario, make_pool

from composer.rules.prechecks import precheck


def _row(ident: str, country: str, group: str, **extra: Any) -> dict[str, Any]:
    return {"id": ident, "country": country, "stakeholder_group": group, "score": 1, **extra}


# governments: three from KEN, one from FRA, one from BRA; the rest civil society
POOL = make_pool(
    [
        _row("k1", "KEN", "government"),
        _row("k2", "KEN", "government"),
        _row("k3", "KEN", "government"),
        _row("f1", "FRA", "government"),
        _row("b1", "BRA", "government"),
        _row("c1", "IND", "civil_society"),
        _row("c2", "POL", "civil_society"),
        _row("c3", "NGA", "civil_society"),
    ]
)


ONE_PER_COUNTRY = {"column": "country", "max_each": 1}


def _quota(minimum: int) -> dict[str, Any]:
    return {"column": "stakeholder_group", "min": {"government": minimum}}


def test_minimum_past_what_a_cap_lets_the_holders_fill() -> None:
    # 5 governments, but at most one per country: KEN, FRA, BRA give 3 seats
    scenario = {"size": {"max": 6}, "quota": [_quota(4)], "cap": [ONE_PER_COUNTRY]}
    conflict = precheck(POOL, bound_scenario(POOL, scenario))
    assert conflict is not None
    assert conflict.rules == [
        "quota stakeholder_group: government >= 4",
        "cap country: at most 1 each",
    ]
    assert conflict.reason == (
        "the 5 nominees with stakeholder_group 'government' can fill at most 3 seats when "
        "at most 1 share a country"
    )
    assert conflict.advice == [
        "lower the minimum for 'government' to 3",
        "or relax 'cap country: at most 1 each'",
    ]


def test_minimum_the_cap_leaves_room_for_is_no_conflict() -> None:
    scenario = {"size": {"max": 6}, "quota": [_quota(3)], "cap": [ONE_PER_COUNTRY]}
    assert precheck(POOL, bound_scenario(POOL, scenario)) is None


def test_a_cap_with_where_leaves_the_others_free() -> None:
    # the cap counts civil society only: all 5 governments can sit
    cap = {"column": "country", "max_each": 1, "where": {"stakeholder_group": "civil_society"}}
    scenario = {"size": {"max": 6}, "quota": [_quota(5)], "cap": [cap]}
    assert precheck(POOL, bound_scenario(POOL, scenario)) is None
    scenario["quota"] = [_quota(6)]  # more than the 5 nominated: the supply check says so
    conflict = precheck(POOL, bound_scenario(POOL, scenario))
    assert conflict is not None and conflict.rules == ["quota stakeholder_group: government >= 6"]


def test_fixed_members_past_a_maximum() -> None:
    scenario = {
        "size": {"max": 6},
        "members": {"include": ["k1", "f1", "b1"]},
        "quota": [{"column": "stakeholder_group", "max": {"government": 2}}],
    }
    conflict = precheck(POOL, bound_scenario(POOL, scenario))
    assert conflict is not None
    assert conflict.reason == (
        "3 fixed members have stakeholder_group 'government', more than the maximum 2"
    )
    assert conflict.rules[0] == "quota stakeholder_group: government <= 2"
    assert len(conflict.rules) == 4  # the maximum and the 3 fixed members that break it
    assert conflict.advice == ["raise the maximum for 'government' to 3, or fix fewer of them"]
