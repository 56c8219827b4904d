"""Soft role quotas: a quota among a role's holders that may be missed, at a price per holder.

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3; developing: a, b, c, e,
h; women: a, c, e, g).  Every expected roster is worked out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import rule, run
from test_model_rules import BASE, both, infeasible, optimal
from test_scenario import at, problems

from composer.analysis.reserves import reserves
from composer.engine.check import check
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario
from composer.rules.words import rule_label, rule_phrase

SOFT_CO_CHAIRS = {
    "name": "co-chair",
    "seats": 2,
    "quota": [{"column": "developing", "min": {"no": 1}, "soft": True, "weight": 5}],
}
QUOTA = "role co-chair quota developing: no >= 1"


def test_a_soft_role_quota_is_met_when_it_can_be() -> None:
    # the best three (a, b, c) are all developing: d (developed) comes in for c
    result = both(BASE, {"size": {"max": 3}, "role": [SOFT_CO_CHAIRS]})
    optimal(result, ["a", "b", "d"], 26)
    assert result.roles == {"co-chair": ["a", "d"]}
    met = rule(result.report, QUOTA)
    assert (met.soft, met.met, met.shortfall, met.achieved) == (True, True, 0, 1)
    assert rule(result.report, "role co-chair").met


def test_a_soft_role_quota_that_cannot_be_met_reports_its_shortfall() -> None:
    # two women co-chairs, both developed: only g is; the roster takes g to miss by 1, not 2
    chairs = {
        "name": "co-chair",
        "seats": 2,
        "where": {"gender": "female"},
        "quota": [{"column": "developing", "min": {"no": 2}, "soft": True}],
    }
    result = both(BASE, {"size": {"max": 3}, "role": [chairs]})
    optimal(result, ["a", "b", "g"], 23, shortfall=1)
    assert result.roles == {"co-chair": ["a", "g"]}
    missed = rule(result.report, "role co-chair quota developing: no >= 2")
    assert (missed.soft, missed.met, missed.shortfall, missed.achieved) == (True, False, 1, 1)
    assert missed.bound == ">= 2 among the holders"
    assert result.to_dict()["objective"]["soft_shortfall"] == 1
    # written hard, the same quota has no roster
    hard = {**chairs, "quota": [{"column": "developing", "min": {"no": 2}}]}
    infeasible(both(BASE, {"size": {"max": 3}, "role": [hard]}), {"role co-chair"})


def test_a_soft_share_among_the_holders() -> None:
    # at most a third of 2 co-chairs developing: none of them (one would miss it by one)
    chairs = {
        "name": "co-chair",
        "seats": 2,
        "quota": [{"column": "developing", "max_share": {"yes": "1/3"}, "soft": True}],
    }
    result = both(BASE, {"size": {"max": 3}, "role": [chairs]})
    # the shortfall comes before merit: two developed members (d, f) join a to hold the role
    optimal(result, ["a", "d", "f"], 22)
    assert result.roles == {"co-chair": ["d", "f"]}
    share = rule(result.report, "role co-chair quota developing: yes <= 1/3")
    assert (share.shortfall, share.counted) == (0, 2)


def test_the_checker_measures_a_soft_role_quota_on_the_best_holders() -> None:
    scenario = bind(load_scenario({"role": [SOFT_CO_CHAIRS]}), BASE)
    report = check(BASE, scenario, ["a", "b", "c"])  # no developed member: missed by one
    assert report.ok and report.soft_shortfall == 5
    assert rule(report, QUOTA).shortfall == 1
    # with d in the roster the search takes a and d, and the quota is met
    assert check(BASE, scenario, ["a", "b", "d"]).soft_shortfall == 0


def test_an_unfilled_role_leaves_its_soft_quota_unmeasured() -> None:
    chairs = {**SOFT_CO_CHAIRS, "where": {"stakeholder_group": "technical_academic"}}
    scenario = bind(load_scenario({"role": [chairs]}), BASE)
    report = check(BASE, scenario, ["a", "g"])  # one eligible member for two seats
    assert [r.name for r in report.failures] == ["role co-chair"]
    unmeasured = rule(report, QUOTA)
    assert unmeasured.shortfall == 0 and unmeasured.bound.endswith("(the role is not filled)")


def test_a_soft_quota_of_a_role_held_outside() -> None:
    # a chair outside the three members, developing if it can be: the best such roster is
    # a, b, d with c in the chair (26 + 8) rather than a, b, c with e (27 + 6)
    chair = {
        "name": "chair",
        "seats": 1,
        "counted": False,
        "quota": [{"column": "developing", "min": {"yes": 1}, "soft": True}],
    }
    result = run(BASE, {"size": {"max": 3}, "role": [chair]})
    optimal(result, ["a", "b", "d"])
    assert result.outside_holders == {"chair": ["c"]}
    assert rule(result.report, "role chair quota developing: yes >= 1").shortfall == 0


def test_words_of_a_soft_role_quota() -> None:
    role, quota = load_scenario({"role": [SOFT_CO_CHAIRS]}).bounds()
    assert rule_phrase(role) == "2 member(s) in the role 'co-chair'"
    assert (quota.soft, quota.weight) == (True, 5)
    assert rule_phrase(quota) == (
        "among the holders of the role 'co-chair', at least 1 with developing no"
    )
    assert rule_label(quota) == "co-chair role developing no minimum"
    named = {**SOFT_CO_CHAIRS, "quota": [{**SOFT_CO_CHAIRS["quota"][0], "name": "one North"}]}
    assert [b.name for b in load_scenario({"role": [named]}).bounds()] == [
        "role co-chair",
        "one North",
    ]


def test_a_soft_quota_may_ask_more_than_the_seats() -> None:
    # a hard one is refused (it can never hold); a soft one is missed at its price
    chairs = {
        "name": "co-chair",
        "seats": 1,
        "quota": [{"column": "gender", "min": {"female": 2}, "soft": True}],
    }
    result = run(BASE, {"size": {"max": 2}, "role": [chairs]})
    optimal(result, ["a", "b"], shortfall=1)


@pytest.mark.parametrize(
    ("quota", "key", "text"),
    [
        ({"soft": "yes"}, "role[1].quota[1].soft", "valid boolean"),
        ({"soft": True, "weight": 0}, "role[1].quota[1].weight", "greater than or equal to 1"),
        ({"weight": True}, "role[1].quota[1].weight", "not a number"),
    ],
)
def test_malformed_soft_role_quotas(quota: dict[str, Any], key: str, text: str) -> None:
    role = {"name": "x", "seats": 1, "quota": [{"column": "gender", "min": {"female": 1}, **quota}]}
    assert text in at(problems({"role": [role]}), key).message


def test_reserves_rank_by_the_soft_role_quota() -> None:
    # d is the only developed member: a replacement keeps the quota only when developed too
    result = run(BASE, {"size": {"max": 3}, "role": [SOFT_CO_CHAIRS]})
    found = reserves(result, per_member=8, rank_by="scenario")
    assert found.rejected == []
    swaps = found.swaps[found.swaps["member"] == "d"]
    first = swaps.iloc[0]
    assert first["replacement"] in ("f", "g") and first["soft_shortfall"] == 0
    assert set(swaps[swaps["soft_shortfall"] == 5]["replacement"]) == {"c", "e", "h"}
