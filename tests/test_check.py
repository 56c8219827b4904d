"""The independent checker alone, on hand-made rosters: every family met and missed."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, report, rule

from composer.engine.check import CheckReport

# regions: a, b African; c, h Asia-Pacific; d, g WEOG; e LAC; f Eastern European
POOL = make_pool(
    {
        "id": i,
        "country": c,
        "stakeholder_group": s,
        "gender": g,
        "score": sc,
        "travel_cost": t,
        "expertise": x,
        "nominated_by": by,
    }
    for i, c, s, g, sc, t, x, by in [
        ("a", "KEN", "government", "female", 10, 3, "spam; privacy", "X"),
        ("b", "NGA", "civil_society", "male", 9, 1, "spam", "X"),
        ("c", "IND", "private_sector", "female", 8, 2, "privacy", "Y"),
        ("d", "FRA", "government", "male", 7, 4, "dns", "Y"),
        ("e", "BRA", "civil_society", "female", 6, 1, "dns; spam", "Z"),
        ("f", "POL", "private_sector", "male", 5, 2, "", "Z"),
        ("g", "FRA", "technical_academic", "female", 4, 0.1, "access", "W"),
        ("h", "IND", "government", "male", 3, 0.2, "privacy", "W"),
    ]
)


def checked(scenario: dict[str, Any], roster: str) -> CheckReport:
    return report(POOL, scenario, list(roster))


def test_size_met_and_missed_both_ways() -> None:
    scenario = {"size": {"min": 3, "max": 4}}
    ok = checked(scenario, "abc")
    assert ok.ok and [r.achieved for r in ok.rules] == [3, 3]
    short = rule(checked(scenario, "ab"), "size >= 3")
    assert (short.met, short.achieved, short.shortfall, short.bound) == (False, 2, 1, ">= 3")
    over = rule(checked(scenario, "abcdef"), "size <= 4")
    assert (over.met, over.achieved, over.shortfall, over.bound) == (False, 6, 2, "<= 4")
    assert checked({"size": {"min": 0}}, "").ok


def test_quota_counts() -> None:
    scenario = {"quota": [{"column": "region", "min": {"African": 2}, "max": {"Asia-Pacific": 1}}]}
    rep = checked(scenario, "ach")
    low = rule(rep, "quota region: African >= 2")
    assert (low.met, low.achieved, low.shortfall, low.counted) == (False, 1, 1, None)
    high = rule(rep, "quota region: Asia-Pacific <= 1")
    assert (high.met, high.achieved, high.shortfall) == (False, 2, 1)
    assert not rep.ok and {r.name for r in rep.failures} == {low.name, high.name}
    assert checked(scenario, "abc").ok


def test_quota_with_where_counts_only_matching_members() -> None:
    scenario = {
        "quota": [
            {
                "column": "developing",
                "where": {"stakeholder_group": "government"},
                "min": {"yes": 2},
            }
        ]
    }
    check = rule(
        checked(scenario, "abcdh"), "quota developing where stakeholder_group=government: yes >= 2"
    )
    # governments a (KEN), d (FRA), h (IND): two of three from developing countries
    assert (check.met, check.achieved, check.counted) == (True, 2, 3)


@pytest.mark.parametrize(
    ("roster", "met", "achieved", "counted", "shortfall"),
    [
        ("abc", True, 2, 3, 0),  # 2 >= 1/3 * 3
        ("abdf", False, 1, 4, 1),  # 1 < 4/3: short by 1/3, rounded up to 1 seat
        ("bdfhacg", True, 3, 7, 0),  # 3 >= 7/3
        ("bdfh", False, 0, 4, 2),  # 0 < 4/3: short by 4/3, rounded up to 2 seats
        ("", True, 0, 0, 0),  # nobody counted: a share of nobody holds
    ],
)
def test_min_share_shortfall_is_rounded_up(
    roster: str, met: bool, achieved: int, counted: int, shortfall: int
) -> None:
    scenario = {"quota": [{"column": "gender", "min_share": {"female": "1/3"}}]}
    check = rule(checked(scenario, roster), "quota gender: female >= 1/3")
    assert (check.met, check.achieved, check.counted, check.shortfall) == (
        met,
        achieved,
        counted,
        shortfall,
    )
    assert check.bound == ">= 1/3"


def test_min_share_half_of_five() -> None:
    scenario = {"quota": [{"column": "gender", "min_share": {"female": 0.5}}]}
    check = rule(checked(scenario, "abdfh"), "quota gender: female >= 50%")
    # 1 of 5: 2.5 needed, 1.5 short: 2 seats
    assert (check.met, check.achieved, check.counted, check.shortfall) == (False, 1, 5, 2)
    assert check.share == pytest.approx(0.2)


def test_max_share_forty_percent_of_five() -> None:
    scenario = {"quota": [{"column": "gender", "max_share": {"female": "40%"}}]}
    two = rule(checked(scenario, "acbdf"), "quota gender: female <= 40%")
    assert (two.met, two.achieved, two.counted, two.shortfall) == (True, 2, 5, 0)
    three = rule(checked(scenario, "acebd"), "quota gender: female <= 40%")
    assert (three.met, three.achieved, three.counted, three.shortfall) == (False, 3, 5, 1)


def test_share_with_where_is_of_the_counted_members() -> None:
    scenario = {
        "quota": [
            {
                "column": "gender",
                "where": {"region": ["African", "Asia-Pacific"]},
                "max_share": {"male": "1/2"},
            }
        ]
    }
    # counted: a (f), b (m), h (m); d (WEOG) is not counted
    check = rule(
        checked(scenario, "abdh"), "quota gender where region=African|Asia-Pacific: male <= 50%"
    )
    assert (check.met, check.achieved, check.counted, check.shortfall) == (False, 2, 3, 1)


def test_soft_rules_never_fail_the_report_but_add_weighted_shortfall() -> None:
    scenario = {
        "quota": [{"column": "gender", "min": {"male": 3}, "soft": True, "weight": 4}],
        "coverage": [{"column": "expertise", "areas": ["access"], "soft": True, "weight": 10}],
    }
    rep = checked(scenario, "abc")
    quota = rule(rep, "quota gender: male >= 3")
    assert (quota.met, quota.soft, quota.shortfall, quota.weight) == (False, True, 2, 4)
    assert rep.ok and rep.failures == []
    assert rep.soft_shortfall == 2 * 4 + 1 * 10
    assert checked(scenario, "bdfg").soft_shortfall == 0


def test_cap() -> None:
    scenario = {"cap": [{"column": "nominated_by", "max_each": 1}]}
    check = rule(checked(scenario, "abcde"), "cap nominated_by: at most 1 each")
    # X: a, b; Y: c, d; Z: e -> two values over by one each
    assert (check.met, check.achieved, check.shortfall, check.bound) == (
        False,
        2,
        2,
        "at most 1 each",
    )
    assert checked(scenario, "aceg").ok


def test_cap_with_where() -> None:
    scenario = {"cap": [{"column": "nominated_by", "where": {"developing": "yes"}, "max_each": 1}]}
    name = "cap nominated_by where developing=yes: at most 1 each"
    # c (IND) and d (FRA) share Y, but d is not from a developing country
    assert rule(checked(scenario, "acd"), name).met
    check = rule(checked(scenario, "abd"), name)
    assert (check.met, check.achieved, check.shortfall) == (False, 2, 1)


def test_coverage() -> None:
    scenario = {"coverage": [{"column": "expertise", "areas": ["spam", "dns"], "min_each": 2}]}
    rep = checked(scenario, "acd")
    spam = rule(rep, "coverage expertise: spam >= 2")
    dns = rule(rep, "coverage expertise: dns >= 2")
    assert (spam.met, spam.achieved, spam.shortfall) == (False, 1, 1)
    assert (dns.met, dns.achieved, dns.shortfall) == (False, 1, 1)
    assert checked(scenario, "abde").ok


def test_budget_exact_decimals() -> None:
    scenario = {"budget": {"max": 0.3}}
    check = rule(checked(scenario, "gh"), "budget travel_cost <= 0.3")
    assert check.met and check.achieved == pytest.approx(0.3)  # 0.1 + 0.2, exactly
    over = rule(checked({"budget": {"max": 4}}, "ad"), "budget travel_cost <= 4")
    assert (over.met, over.achieved) == (False, 7.0)
    assert rule(checked({"budget": {"max": 4}}, "ab"), "budget travel_cost <= 4").met


def test_members() -> None:
    scenario = {"members": {"include": ["h"], "exclude": ["a"]}}
    rep = checked(scenario, "a")
    include, exclude = rule(rep, "include h"), rule(rep, "exclude a")
    assert (include.met, include.achieved, include.shortfall) == (False, 0, 1)
    assert (exclude.met, exclude.achieved, exclude.shortfall) == (False, 1, 1)
    assert checked(scenario, "bh").ok


def test_report_lists_every_atom_in_order() -> None:
    scenario = {
        "size": {"max": 3},
        "quota": [{"column": "region", "min": {"African": 1}}],
        "cap": [{"column": "country", "max_each": 1}],
        "budget": {"max": 10},
        "coverage": [{"column": "expertise", "areas": ["spam"]}],
        "members": {"include": ["b"]},
    }
    rep = checked(scenario, "abc")
    assert [r.family for r in rep.rules] == [
        "size",
        "quota",
        "cap",
        "coverage",
        "budget",
        "members",
    ]
    assert rep.ok
    frame = rep.frame()
    assert list(frame["name"]) == [r.name for r in rep.rules]
    assert frame["met"].all()


def test_unknown_or_repeated_ids_raise() -> None:
    with pytest.raises(ValueError, match="zz"):
        report(POOL, {"size": {"max": 3}}, ["a", "zz"])
    with pytest.raises(ValueError):
        report(POOL, {"size": {"max": 3}}, ["a", "a"])


def test_rows_read_once_give_the_same_report_as_rows_read_per_roster() -> None:
    from helpers import bound_scenario

    from composer.engine.check import check, member_rows

    scenario = {
        "size": {"min": 2, "max": 4},
        "quota": [
            {"column": "gender", "min": {"female": 2}},
            {
                "column": "developing",
                "where": {"stakeholder_group": "government"},
                "min": {"yes": 1},
            },
        ],
        "cap": [{"column": "country", "max_each": 1}],
    }
    bound = bound_scenario(POOL, scenario)
    rows = member_rows(POOL)
    for roster in (["a", "b"], ["a", "c", "d", "h"], ["d", "g", "e"], ["c", "h"]):
        assert check(POOL, bound, roster, rows=rows) == check(POOL, bound, roster)
    assert not check(POOL, bound, ["c", "h"], rows=rows).ok  # two from IND, no developing gov
