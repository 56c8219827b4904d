"""Roles inside the roster: holders among the members, with quotas among the holders.

The small pool is ``BASE`` of test_model_rules (a..h, scores 10..3; developing: a, b, c, e,
h; technical_academic: g only).  Every expected roster is worked out by hand.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import rule, run
from test_model_rules import BASE, both, infeasible, optimal
from test_scenario import at, problems

from composer.engine.check import check
from composer.export.sheets import shortlist_frame
from composer.rules.bind import bind
from composer.rules.scenario import load_scenario
from composer.rules.words import rule_label, rule_phrase

CO_CHAIRS = {
    "name": "co-chair",
    "seats": 2,
    "quota": [{"column": "developing", "min": {"yes": 1, "no": 1}}],
}


def test_co_chairs_one_developed_one_developing() -> None:
    # the best three (a, b, c) are all developing: d (FRA) takes the fourth seat
    result = both(BASE, {"size": {"max": 4}, "role": [CO_CHAIRS]})
    optimal(result, ["a", "b", "c", "d"], 34)
    assert result.roles == {"co-chair": ["a", "d"]}
    assert rule(result.report, "role co-chair").bound == (
        "2 holders (developing yes >= 1, developing no >= 1)"
    )
    assert result.to_dict()["roles"] == {"co-chair": ["a", "d"]}


def test_without_the_role_the_best_four_are_all_developing_but_one() -> None:
    optimal(both(BASE, {"size": {"max": 3}}), ["a", "b", "c"], 27)
    # with co-chairs in three seats, a developed member must come in: d for c
    optimal(both(BASE, {"size": {"max": 3}, "role": [CO_CHAIRS]}), ["a", "b", "d"], 26)


def test_who_may_hold_a_role() -> None:
    chair = {"name": "chair", "seats": 1, "where": {"stakeholder_group": "technical_academic"}}
    result = both(BASE, {"size": {"max": 3}, "role": [chair]})
    optimal(result, ["a", "b", "g"], 23)
    assert result.roles == {"chair": ["g"]}


def test_one_role_per_member() -> None:
    roles = [
        {"name": "chair", "seats": 1, "where": {"stakeholder_group": "technical_academic"}},
        {"name": "rapporteur", "seats": 1, "where": {"stakeholder_group": "technical_academic"}},
    ]
    infeasible(both(BASE, {"role": roles}), {"role chair", "role rapporteur"})


def test_a_role_larger_than_its_supply_is_infeasible() -> None:
    chair = {"name": "chair", "seats": 2, "where": {"stakeholder_group": "technical_academic"}}
    result = both(BASE, {"role": [chair]})
    infeasible(result, {"role chair"})
    assert "only 1 nominees may hold the role 'chair'" in result.conflict_reason


def test_role_quota_against_the_body_needs_the_solver() -> None:
    # co-chairs need a developed member, but the body allows none
    scenario = {"quota": [{"column": "developing", "max": {"no": 0}}], "role": [CO_CHAIRS]}
    infeasible(
        both(BASE, scenario),
        {"quota developing: no <= 0", "role co-chair"},
    )


def test_checker_searches_for_holders() -> None:
    scenario = bind(load_scenario({"role": [CO_CHAIRS]}), BASE)
    assert check(BASE, scenario, ["a", "d"]).ok
    report = check(BASE, scenario, ["a", "b", "c"])  # no developed member to hold a seat
    assert [r.name for r in report.failures] == ["role co-chair"]
    # each role can be filled alone, not both at once: both fail
    two = {"name": "chair", "seats": 1, "where": {"stakeholder_group": "technical_academic"}}
    both_roles = bind(load_scenario({"role": [two, {**two, "name": "rapporteur"}]}), BASE)
    assert len(check(BASE, both_roles, ["a", "g"]).failures) == 2
    assert check(BASE, bind(load_scenario({"role": [two]}), BASE), ["a", "g"]).ok


def test_words_and_the_workbook() -> None:
    (role,) = load_scenario({"role": [CO_CHAIRS]}).bounds()
    assert rule_phrase(role) == (
        "2 member(s) in the role 'co-chair', "
        "with developing yes >= 1, developing no >= 1 among them"
    )
    assert rule_label(role) == "co-chair role"
    chair = {"name": "chair", "seats": 1, "where": {"stakeholder_group": "government"}}
    (bound,) = load_scenario({"role": [chair]}).bounds()
    assert rule_phrase(bound) == "1 member(s) in the role 'chair', from government members"
    result = run(BASE, {"size": {"max": 4}, "role": [CO_CHAIRS]})
    roles = dict(zip(shortlist_frame(result)["id"], shortlist_frame(result)["Role"], strict=True))
    assert roles == {"a": "co-chair", "b": "", "c": "", "d": "co-chair"}


@pytest.mark.parametrize(
    ("role", "key", "text"),
    [
        ({"name": "x", "seats": 0}, "role[1].seats", "greater than or equal to 1"),
        ({"seats": 1}, "role[1].name", "required"),
        ({"name": "x", "seats": 1, "quota": [{"column": "gender"}]}, "role[1].quota[1]",
         "needs min, max, min_share or max_share"),
        ({"name": "x", "seats": 1, "quota": [{"column": "gender", "min": {"female": 2}}]},
         "role[1]", "needs 2 holders"),
    ],
)  # fmt: skip
def test_malformed_roles(role: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems({"role": [role]}), key).message


def test_roles_against_the_pool() -> None:
    roles = [
        {"name": "x", "seats": 1, "where": {"stakeholder_grup": "government"}},
        {"name": "x", "seats": 1, "quota": [{"column": "gender", "min": {"femal": 1}}]},
    ]
    found = problems({"role": roles}, BASE)
    assert "no column 'stakeholder_grup'" in at(found, "role[1].where.stakeholder_grup").message
    assert at(found, "role[2].name").message == "two roles are named 'x'"
    assert at(found, "role[2].quota[1].min.femal").fix == "did you mean 'female'?"


def test_explain_reserves_and_statement_with_roles() -> None:
    from composer.analysis.reserves import reserves
    from composer.export.report import build_statement

    result = run(BASE, {"size": {"max": 4}, "role": [CO_CHAIRS]})
    explanation = result.explain()
    assert set(explanation.members["id"]) == {"a", "b", "c", "d"}
    found = reserves(result, per_member=8)
    assert found.stats["screen_complete"] and found.rejected == []
    # d is the only developed member: whoever replaces d must be developed too (f or g)
    assert set(found.for_member("d")) == {"f", "g"}
    members = build_statement(result, explanation=explanation).members
    assert dict(zip(members["Id"], members["Role"], strict=True))["d"] == "co-chair"


@pytest.mark.parametrize("seed", range(20))
def test_the_pruned_search_finds_the_first_assignment(seed: int) -> None:
    import random
    from itertools import combinations

    from composer.rules.role_search import assign
    from composer.rules.roles import RoleRule

    rnd = random.Random(seed)
    members = [{"id": f"m{k:02d}", "g": rnd.choice("ab"), "r": rnd.choice("xyz")} for k in range(9)]
    quota = [
        {"column": "g", "min": {"a": rnd.randint(0, 2)}, "max": {"b": rnd.randint(0, 2)}},
        {"column": "r", "min": {"x": rnd.randint(0, 2)}},
    ]
    role = RoleRule(name="r", seats=rnd.randint(2, 4), quota=quota)

    def keeps(holders: tuple[dict[str, str], ...]) -> bool:
        g = [h["g"] for h in holders]
        r = [h["r"] for h in holders]
        q0, q1 = role.quota
        return (
            g.count("a") >= q0.min["a"]
            and g.count("b") <= q0.max["b"]
            and r.count("x") >= q1.min["x"]
        )

    first = next((c for c in combinations(members, role.seats) if keeps(c)), None)
    expected = None if first is None else {"r": [m["id"] for m in first]}
    assert assign(members, [role]) == expected


def test_prices_and_advice_name_the_role() -> None:
    # without the co-chairs' rule the best three (a, b, c) score 27, one more than 26
    result = run(BASE, {"size": {"max": 3}, "role": [CO_CHAIRS]})
    prices = result.explain().prices.set_index("rule")
    assert prices.loc["role co-chair", "gain_if_dropped"] == 1
    assert prices.loc["role co-chair", "loosened"] == "dropped"
    blocked = run(
        BASE, {"quota": [{"column": "developing", "max": {"no": 0}}], "role": [CO_CHAIRS]}
    )
    lowered = "lower the developing no minimum of the role 'co-chair' from 1 to 0"  # not dropped
    assert f"or, changing one rule alone: {lowered}" in blocked.advice


@pytest.mark.parametrize("seed", range(3))
def test_reserve_screen_agrees_with_the_checker(seed: int) -> None:
    from test_reserves import _brute, _pool

    from composer.analysis.reserves import reserves

    roles = [
        {"name": "chair", "seats": 1, "where": {"stakeholder_group": "government"}},
        {"name": "co", "seats": 2, "quota": [{"column": "gender", "min": {"female": 1}}]},
    ]
    result = run(_pool(seed), {"size": {"min": 5, "max": 6}, "role": roles})
    assert result.ok
    found = reserves(result, per_member=12)
    assert found.rejected == [] and found.stats["screen_complete"]
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == _brute(result)


# ------------------------------------------------------ ranges, shares, caps, filled later


def test_a_range_of_holders_takes_as_many_as_its_shares_need() -> None:
    # at least two developed holders and at least half developing: 2 holders cannot do it
    # (one developing is needed too), 3 cannot (2 of 3 developed is above half), 4 can
    panel = {
        "name": "panel",
        "min_seats": 2,
        "max_seats": 4,
        "quota": [{"column": "developing", "min": {"no": 2}, "min_share": {"yes": "1/2"}}],
    }
    result = both(BASE, {"size": {"max": 4}, "role": [panel]})
    optimal(result, ["a", "b", "d", "f"], 31)
    assert result.roles == {"panel": ["a", "b", "d", "f"]}
    assert rule(result.report, "role panel").bound == (
        "2 to 4 holders (developing no >= 2, developing yes >= 50%)"
    )


def test_a_range_names_the_fewest_holders_that_work() -> None:
    vice = {"name": "vice-chair", "min_seats": 2, "max_seats": 3, "where": {"developing": "no"}}
    result = both(BASE, {"size": {"max": 3}, "role": [vice]})
    optimal(result, ["a", "d", "f"], 22)  # two developed members: d and f, then the best
    assert result.roles == {"vice-chair": ["d", "f"]}


def test_a_range_above_the_supply_is_infeasible() -> None:
    vice = {"name": "vice-chair", "min_seats": 4, "max_seats": 5, "where": {"developing": "no"}}
    result = both(BASE, {"size": {"max": 3}, "role": [vice]})
    infeasible(result, {"role vice-chair"})
    assert result.conflict_reason == (
        "only 3 nominees may hold the role 'vice-chair', which has 4 to 5 seat(s)"
    )


def test_a_role_share_of_the_holders() -> None:
    # both government co-chairs from developing countries: a and h, not d
    co = {
        "name": "co-chair",
        "seats": 2,
        "where": {"stakeholder_group": "government"},
        "quota": [{"column": "developing", "min_share": {"yes": 1}}],
    }
    result = both(BASE, {"size": {"max": 3}, "role": [co]})
    optimal(result, ["a", "b", "h"], 22)
    assert result.roles == {"co-chair": ["a", "h"]}
    # only a is a woman in government: an all-female pair cannot be found
    women = {**co, "quota": [{"column": "gender", "min_share": {"female": "100%"}}]}
    blocked = both(BASE, {"size": {"max": 3}, "role": [women]})
    infeasible(blocked, {"role co-chair"})
    assert "with gender female >= 100% among them" in blocked.conflict_reason


def test_a_role_cap() -> None:
    co = {"name": "co-chair", "seats": 2, "cap": [{"column": "developing", "max_each": 1}]}
    result = both(BASE, {"size": {"max": 3}, "role": [co]})
    optimal(result, ["a", "b", "d"], 26)
    assert result.roles == {"co-chair": ["a", "d"]}
    (bound,) = load_scenario({"role": [co]}).bounds()
    assert rule_phrase(bound) == (
        "2 member(s) in the role 'co-chair', with developing <= 1 each among them"
    )
    three = {**co, "seats": 3}
    blocked = both(BASE, {"size": {"max": 3}, "role": [three]})
    infeasible(blocked, {"role co-chair"})
    assert blocked.conflict_reason == (
        "the role 'co-chair' has 3 seat(s), but with at most 1 holder(s) per developing its "
        "8 eligible nominees can fill only 2"
    )
    assert "lower its seats to 2, or raise its cap on developing" in blocked.advice


def test_a_role_filled_later_keeps_the_roster_able_to_fill_it() -> None:
    later = {**CO_CHAIRS, "filled_later": True}
    result = both(BASE, {"size": {"max": 4}, "role": [later]})
    optimal(result, ["a", "b", "c", "d"], 34)  # as with named co-chairs
    assert result.roles == {}
    record = result.to_dict()
    assert record["roles"] == {} and record["roles_filled_later"] == ["co-chair"]
    assert rule(result.report, "role co-chair").bound == (
        "2 holders, filled later (developing yes >= 1, developing no >= 1)"
    )
    (bound,) = load_scenario({"role": [later]}).bounds()
    assert rule_phrase(bound) == (
        "2 member(s) able to take the role 'co-chair' when the body fills it, "
        "with developing yes >= 1, developing no >= 1 among them"
    )
    assert "Role" not in shortlist_frame(result).columns
    # a developed member is still needed: without one the roster cannot fill it
    blocked = run(BASE, {"quota": [{"column": "developing", "max": {"no": 0}}], "role": [later]})
    assert blocked.conflict == ["quota developing: no <= 0", "role co-chair"]


def test_roles_together_beyond_the_size() -> None:
    roles = [{"name": "chair", "seats": 1}, {"name": "rapporteur", "seats": 1}]
    result = both(BASE, {"size": {"max": 1}, "role": roles})
    infeasible(result, {"role chair", "role rapporteur", "size <= 1"})
    assert result.conflict_reason == (
        "the roles need 2 holders together (a member holds one role at most), more than the "
        "maximum size 1"
    )


@pytest.mark.parametrize(
    ("role", "key", "text"),
    [
        ({"name": "x", "seats": 2, "min_seats": 1}, "role[1]",
         "the role 'x' gives both seats and min_seats / max_seats: give seats for an exact "
         "number, or min_seats / max_seats for a range"),
        ({"name": "x"}, "role[1]",
         "the role 'x' has no seats: give seats = 2, or a range (min_seats = 1, max_seats = 3)"),
        ({"name": "x", "min_seats": 3, "max_seats": 2}, "role[1]",
         "the role 'x' has min_seats 3 above max_seats 2"),
        ({"name": "x", "max_seats": 1, "quota": [{"column": "gender", "min": {"female": 2}}]},
         "role[1]", "the role quota on 'gender' needs 2 holders, but the role 'x' has at most "
         "1 seat(s)"),
        ({"name": "x", "seats": 2, "quota": [{"column": "gender", "min_share": {"f": 0.6},
                                              "max_share": {"f": 0.5}}]},
         "role[1].quota[1]", "min_share 60% for 'f' is above max_share 50%"),
        ({"name": "x", "seats": 2, "quota": [{"column": "gender", "min_share": {"f": 1.5}}]},
         "role[1].quota[1].min_share.f", "the share 1.5 is not between 0 and 1"),
        ({"name": "x", "seats": 2, "cap": [{"column": "gender", "max_each": 0}]},
         "role[1].cap[1].max_each", "greater than or equal to 1"),
        ({"name": "x", "seats": 2, "filled_later": "yes"}, "role[1].filled_later",
         "valid boolean"),
    ],
)  # fmt: skip
def test_malformed_role_ranges_shares_and_caps(role: dict[str, Any], key: str, text: str) -> None:
    assert text in at(problems({"role": [role]}), key).message


def test_role_shares_and_caps_against_the_pool() -> None:
    roles = [
        {"name": "x", "seats": 1, "cap": [{"column": "regoin", "max_each": 1}]},
        {"name": "y", "seats": 1, "quota": [{"column": "gender", "max_share": {"mal": 0.5}}]},
    ]
    found = problems({"role": roles}, BASE)
    assert "no column 'regoin'" in at(found, "role[1].cap[1].column").message
    assert at(found, "role[2].quota[1].max_share.mal").fix == "did you mean 'male'?"


@pytest.mark.parametrize("seed", range(30))
def test_the_range_search_finds_the_first_assignment(seed: int) -> None:
    import random
    from fractions import Fraction
    from itertools import combinations

    from composer.rules.role_search import assign
    from composer.rules.roles import RoleRule

    rnd = random.Random(seed)
    members = [{"id": f"m{k:02d}", "g": rnd.choice("ab"), "r": rnd.choice("xyz")} for k in range(8)]
    low = rnd.randint(0, 3)
    share = Fraction(rnd.choice([1, 2, 3]), 4)
    quota = [{"column": "g", "min_share": {"a": share}}]
    cap = [{"column": "r", "max_each": rnd.randint(1, 2)}]
    role = RoleRule(name="r", min_seats=low, max_seats=max(1, low + rnd.randint(0, 3)), quota=quota,
                    cap=cap)  # fmt: skip

    def keeps(holders: tuple[dict[str, str], ...]) -> bool:
        g = [h["g"] for h in holders]
        r = [h["r"] for h in holders]
        return g.count("a") >= share * len(holders) and all(
            r.count(v) <= cap[0]["max_each"] for v in r
        )

    sizes = range(role.min_seats or 0, (role.max_seats or 0) + 1)
    first = next((c for n in sizes for c in combinations(members, n) if keeps(c)), None)
    expected = None if first is None else {"r": [m["id"] for m in first]}
    assert assign(members, [role]) == expected


# -------------------------------------------------- roles held outside the selection

CHAIR_OUTSIDE = {"name": "chair", "seats": 1, "counted": False}


def test_a_chair_outside_the_roster() -> None:
    # the best three are the members; the next best (d, 7) chairs beside them
    result = both(BASE, {"size": {"max": 3}, "role": [CHAIR_OUTSIDE]})
    optimal(result, ["a", "b", "c"], 27)
    assert result.roles == result.outside_holders == {"chair": ["d"]}
    assert result.objective["outside_holders_score"] == 7
    assert rule(result.report, "role chair").bound == "1 holders, outside the selection"
    record = result.to_dict()
    assert record["roles"] == {"chair": ["d"]} and record["roles_outside"] == ["chair"]
    frame = shortlist_frame(result).set_index("id")
    assert frame.loc["d", "Seat"] == "role chair (outside the selection)"
    assert frame.loc["d", "Role"] == "chair" and frame.loc["a", "Seat"] == "selected"
    (bound,) = load_scenario({"role": [CHAIR_OUTSIDE]}).bounds()
    assert rule_phrase(bound) == "1 nominee(s) in the role 'chair', outside the roster"


def test_the_body_rules_do_not_count_a_holder_outside() -> None:
    # no developed member is allowed, yet the chair must be developed: d chairs, outside
    chair = {**CHAIR_OUTSIDE, "where": {"developing": "no"}}
    scenario = {"size": {"max": 3}, "quota": [{"column": "developing", "max": {"no": 0}}]}
    result = both(BASE, {**scenario, "role": [chair]})
    optimal(result, ["a", "b", "c"], 27)
    assert result.outside_holders == {"chair": ["d"]}
    (bound,) = load_scenario({"role": [chair]}).bounds()
    assert rule_phrase(bound) == (
        "1 nominee(s) in the role 'chair', outside the roster, from nominees not from "
        "developing countries"
    )


def test_a_holder_outside_is_chosen_on_merit_against_a_seat() -> None:
    # only g may chair: g (4) is left out of the roster to chair, and the roster takes the
    # best three others; with g fixed in as a member no one can chair
    chair = {**CHAIR_OUTSIDE, "where": {"stakeholder_group": "technical_academic"}}
    result = both(BASE, {"size": {"max": 3}, "role": [chair]})
    optimal(result, ["a", "b", "c"], 27)
    assert result.outside_holders == {"chair": ["g"]}
    blocked = run(BASE, {"members": {"include": ["g"]}, "role": [chair]})
    assert blocked.conflict == ["include g", "role chair"]
    assert "stop fixing g in the roster" in blocked.advice[0]


def test_equal_holders_outside_are_chosen_by_the_fixed_priority_order() -> None:
    from helpers import make_pool

    from composer.engine.objective import tie_order, tie_priorities

    rows = [
        {"id": i, "country": "KEN", "stakeholder_group": group, "score": s}
        for i, group, s in (
            ("m1", "government", 9), ("m2", "government", 8), ("p", "civil_society", 5),
            ("q", "civil_society", 5), ("r", "civil_society", 5),
        )
    ]  # fmt: skip
    chair = {**CHAIR_OUTSIDE, "where": {"stakeholder_group": "civil_society"}}
    order = tie_order(tie_priorities(["m1", "m2", "p", "q", "r"]))
    first = next(i for i in order if i in ("p", "q", "r"))
    held = []
    for ordered in (rows, rows[::-1]):
        result = run(make_pool(ordered), {"size": {"max": 2}, "role": [chair]})
        optimal(result, ["m1", "m2"], 17)
        held.append(result.outside_holders["chair"])
    assert held[0] == held[1] == [first]


def test_the_checker_verifies_holders_outside() -> None:
    scenario = bind(load_scenario({"role": [CHAIR_OUTSIDE]}), BASE)
    assert check(BASE, scenario, ["a", "b", "c"]).ok  # searched: any nominee left out
    everyone = check(BASE, scenario, list("abcdefgh"))  # no nominee is left to chair
    assert [r.name for r in everyone.failures] == ["role chair"]
    assert check(BASE, scenario, ["a"], outside={"chair": ["d"]}).ok
    for wrong in ({"chair": ["a"]}, {"chair": []}, {"chair": ["d", "e"]}, {"chair": ["zz"]}):
        report = check(BASE, scenario, ["a"], outside=wrong)
        assert [r.name for r in report.failures] == ["role chair"], wrong


def test_reserves_never_swap_in_a_holder_outside() -> None:
    from composer.analysis.reserves import reserves

    result = run(BASE, {"size": {"max": 3}, "role": [CHAIR_OUTSIDE]})
    found = reserves(result, per_member=8)
    replacements = set(found.frame()["replacement"].dropna())
    assert replacements == {"e", "f", "g", "h"}  # d chairs: never a reserve


def test_a_role_outside_cannot_be_filled_later() -> None:
    role = {**CHAIR_OUTSIDE, "filled_later": True}
    assert at(problems({"role": [role]}), "role[1]").message == (
        "the role 'chair' is filled later by the body, so its holders are members: remove "
        "counted = false, or filled_later = true"
    )


def test_the_statement_names_a_holder_outside() -> None:
    from composer.export.report import build_statement

    result = run(BASE, {"size": {"max": 3}, "role": [CHAIR_OUTSIDE]})
    statement = build_statement(result)
    assert ("Role chair (outside the selection)", "Nominee d (d)") in statement.facts
    members = statement.members.set_index("Id")
    assert members.loc["d", "Role"] == "chair" and len(members) == 4


def test_a_role_beyond_the_size_is_minimal_only_without_quotas() -> None:
    # with its quota the role might be unfillable even alone: the pair is not claimed minimal
    plain = run(BASE, {"size": {"max": 1}, "role": [{"name": "co", "seats": 2}]})
    assert plain.conflict == ["role co", "size <= 1"] and plain.stats["conflict_minimal"]
    limited = run(BASE, {"size": {"max": 1}, "role": [CO_CHAIRS]})
    assert limited.conflict == ["role co-chair", "size <= 1"]
    assert limited.stats["conflict_minimal"] is False
