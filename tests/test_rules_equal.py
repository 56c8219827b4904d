"""Equal counts (``[[equal]]``): micro-models, checker, pre-checks, words, swap screen."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import make_pool, report, rule, run
from test_model_rules import both, infeasible, optimal
from test_reserves import _brute, _pool

from composer import ScenarioError, Status, load_scenario
from composer.analysis.reserves import reserves
from composer.errors import EXIT_BAD_INPUT
from composer.rules.bind import bind
from composer.rules.words import rule_label, rule_phrase

GROUPS = ["civil_society", "private_sector", "technical_academic"]
# id, group, score: civil society scores highest
ROWS = [
    ("g1", "government", 20),
    ("c1", "civil_society", 10),
    ("c2", "civil_society", 9),
    ("c3", "civil_society", 8),
    ("p1", "private_sector", 7),
    ("p2", "private_sector", 6),
    ("t1", "technical_academic", 5),
]
POOL = make_pool(
    {"id": i, "country": "KEN", "stakeholder_group": g, "score": s} for i, g, s in ROWS
)


def scenario(size: int, **equal: Any) -> dict[str, Any]:
    rule_data = {"column": "stakeholder_group", "values": GROUPS, **equal}
    return {"size": {"min": size, "max": size}, "equal": [rule_data]}


def test_remaining_seats_shared_equally() -> None:
    # 4 seats: government g1, then the others within 1 of each other: c1, p1, t1 (1 each)
    optimal(both(POOL, {"size": {"min": 4, "max": 4}}), ["g1", "c1", "c2", "c3"], 47)
    result = both(POOL, scenario(4))
    optimal(result, ["g1", "c1", "p1", "t1"], 42)
    check = rule(
        result.report,
        "equal stakeholder_group: civil_society|private_sector|technical_academic within 1",
    )
    assert check.met and check.achieved == 0
    # 5 seats: spread 1 lets civil society take a second seat
    optimal(both(POOL, scenario(5)), ["g1", "c1", "c2", "p1", "t1"], 51)
    # spread 2: c1, c2, c3 with p1 and t1 absent would be 3 - 0; 3 vs 1 vs 1 is 2
    optimal(both(POOL, scenario(6, spread=2)), ["g1", "c1", "c2", "c3", "p1", "t1"], 59)


def test_exactly_equal_counts() -> None:
    # spread 0 in 4 seats: one each and the government member
    optimal(both(POOL, scenario(4, spread=0)), ["g1", "c1", "p1", "t1"], 42)
    # 6 seats, spread 0: g1 plus 5 among three groups cannot be equal without g1... 2-2-2 needs
    # two technical members: only one is nominated, so 1-1-1 and g1 make 4, not 6
    result = both(POOL, scenario(6, spread=0))
    assert result.status == Status.INFEASIBLE
    assert set(result.conflict) == {
        "equal stakeholder_group: civil_society|private_sector|technical_academic within 0",
        "size >= 6",
    }


def test_quota_minimum_past_the_smallest_supply_is_a_precheck() -> None:
    data = scenario(6)
    data["quota"] = [{"column": "stakeholder_group", "min": {"civil_society": 3}}]
    data["size"] = {"max": 7}
    result = both(POOL, data)
    infeasible(
        result,
        {
            "equal stakeholder_group: civil_society|private_sector|technical_academic within 1",
            "quota stakeholder_group: civil_society >= 3",
        },
    )
    assert result.to_dict()["conflict_reason"] == (
        "stakeholder_group 'civil_society' needs 3 seats, but only 1 eligible nominees have "
        "'technical_academic', and the counts may differ by at most 1"
    )


def test_fixed_members_past_the_smallest_supply_is_a_precheck() -> None:
    data = scenario(5)
    data["size"] = {"max": 7}
    data["members"] = {"include": ["c1", "c2", "c3"]}
    result = both(POOL, data)
    infeasible(
        result,
        {
            "equal stakeholder_group: civil_society|private_sector|technical_academic within 1",
            "include c1",
            "include c2",
            "include c3",
        },
    )


def test_checker_measures_the_spread() -> None:
    rep = report(POOL, scenario(4), ["c1", "c2", "c3", "p1"])
    check = rule(
        rep, "equal stakeholder_group: civil_society|private_sector|technical_academic within 1"
    )
    assert not check.met and check.achieved == 3 and check.shortfall == 2


def test_soft_equal_counts() -> None:
    data = scenario(6, soft=True, weight=4, name="shared equally")
    # 2-2-1 is the most even 5 of them (t1 alone in technical): spread 1, no shortfall
    result = both(POOL, data)
    optimal(result, ["g1", "c1", "c2", "p1", "p2", "t1"], 57)
    data = scenario(6, soft=True, weight=4, spread=0, name="shared equally")
    # spread 0 cannot hold in 6 seats; 2-2-1 misses it by 1, at 4 per seat
    result = both(POOL, data)
    optimal(result, ["g1", "c1", "c2", "p1", "p2", "t1"], 57, shortfall=4)
    assert rule(result.report, "shared equally").shortfall == 1


def test_words_and_relaxation() -> None:
    scenario_bound = bind(load_scenario(scenario(4)), POOL)
    (bound,) = [b for b in scenario_bound.bounds() if b.family == "equal"]
    assert rule_phrase(bound) == (
        "equal numbers of civil society, private sector and technical academic members "
        "(differing by at most 1)"
    )
    assert rule_label(bound) == "equal stakeholder group counts"
    result = run(POOL, scenario(6, spread=0))
    assert result.advice[:2] == [
        "The smallest change that lets every rule hold: let the equal stakeholder group counts "
        "differ by 1 instead of 0.",
        "or, changing one rule alone: lower the minimum size from 6 to 4",
    ]
    assert result.to_dict()["conflict_reason"] == (
        "At least 6 members in all and equal numbers of civil society, private sector and "
        "technical academic members cannot all hold together: the pool has 3 civil society, 2 "
        "private sector and 1 technical academic nominations. Dropping any one of these rules "
        "lets the others hold."
    )


@pytest.mark.parametrize(
    ("rule_data", "key", "message"),
    [
        (
            {"values": ["civil_society"]},
            "equal[1].values",
            "List should have at least 2 items after validation, not 1",
        ),
        (
            {"values": ["civil_society", "civil_society"]},
            "equal[1]",
            "values lists 'civil_society' twice; list each value once",
        ),
        (
            {"values": ["civil_society", "privat_sector"]},
            "equal[1].values",
            "no nominee has stakeholder_group = 'privat_sector'",
        ),
        (
            {"values": ["civil_society", "Civil Society"]},
            "equal[1].values",
            "two of the values are the same once matched to the nominations",
        ),
        (
            {"values": GROUPS, "spread": -1},
            "equal[1].spread",
            "Input should be greater than or equal to 0",
        ),
    ],
)
def test_bad_input(rule_data: dict[str, Any], key: str, message: str) -> None:
    with pytest.raises(ScenarioError) as info:
        bind(load_scenario({"equal": [{"column": "stakeholder_group", **rule_data}]}), POOL)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert [(p.key, p.message) for p in info.value.problems] == [(key, message)]


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("soft", [False, True])
def test_swap_screen_agrees_with_the_checker(seed: int, soft: bool) -> None:
    pool = _pool(seed)
    data = {
        "size": {"min": 6, "max": 6},
        "equal": [
            {"column": "gender", "values": ["female", "male"], "spread": 0, "soft": soft},
            {
                "column": "stakeholder_group",
                "values": ["government", "civil_society", "private_sector"],
                "soft": soft,
                "weight": 2,
            },
        ],
    }
    result = run(pool, data)
    if not result.ok:
        pytest.skip("this draw has no roster")
    found = reserves(result, per_member=len(pool))
    assert found.rejected == [] and found.stats["screen_complete"]
    listed = {
        (row["member"], row["replacement"]): row["soft_shortfall"]
        for row in found.frame().to_dict("records")
        if isinstance(row["replacement"], str)
    }
    assert listed == _brute(result)


def test_nominee_kept_out_by_equal_counts_says_why() -> None:
    # 5 seats: g1, c1, c2, p1, t1 (2-1-1); c3 would make civil society 3 against 1
    result = run(POOL, scenario(5))
    assert result.selected == ["c1", "c2", "g1", "p1", "t1"]
    row = result.explain(nominees=["c3"]).nominees.set_index("id").loc["c3"]
    assert row["reason"].startswith(
        "the roster is full (5 of 5 seats); would take the counts of civil society, private "
        "sector and technical academic more than 1 apart; the best roster with them scores"
    )


def test_minimum_size_out_of_reach_is_a_precheck() -> None:
    # every nominee is a woman or a man: 1 woman, so at most 1 man and 2 members with spread 0
    pool = make_pool(
        [{"id": "w", "gender": "female"}] + [{"id": f"m{k}", "gender": "male"} for k in range(4)]
    )
    data = {"size": {"min": 3}, "equal": [{"column": "gender", "values": ["female", "male"],
                                           "spread": 0}]}  # fmt: skip
    result = both(pool, data)
    infeasible(result, {"equal gender: female|male within 0", "size >= 3"})
    assert result.to_dict()["conflict_reason"] == (
        "every nominee has one of the values of gender listed, and with only 1 nominees with "
        "'female' and counts at most 0 apart, a roster holds at most 2 members, fewer than the "
        "minimum size 3"
    )
    data["size"] = {"min": 2}
    optimal(both(pool, data), ["m0", "w"])
