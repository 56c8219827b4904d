"""Quotas over a union of values (``min = { "academia|technical" = 3 }``)."""

from __future__ import annotations

import pytest
from helpers import make_pool, report, rule, run
from test_model_rules import infeasible, optimal

from composer import ScenarioError, load_scenario
from composer.errors import EXIT_BAD_INPUT
from composer.rules.bind import bind
from composer.rules.words import rule_label, rule_phrase

# id, group, gender, score
ROWS = [
    ("a", "government", "female", 10),
    ("b", "government", "male", 9),
    ("c", "business", "female", 8),
    ("d", "academia", "male", 7),
    ("e", "technical", "female", 6),
    ("f", "academia", "female", 5),
]
POOL = make_pool(
    {"id": i, "country": "KEN", "track": g, "gender": x, "score": s} for i, g, x, s in ROWS
)


def scenario(**quota: object) -> dict[str, object]:
    return {"size": {"min": 3, "max": 3}, "quota": [{"column": "track", **quota}]}


def test_union_minimum_counts_any_of_the_values() -> None:
    # 2 seats for academia or technical: d (7) and e (6) are the best of them, then a (10)
    result = run(POOL, scenario(min={"academia|technical": 2}))
    optimal(result, ["a", "d", "e"], 23)
    check = rule(result.report, "quota track: academia|technical >= 2")
    assert check.met and check.achieved == 2 and check.value == "academia|technical"


def test_union_maximum_and_share() -> None:
    # at most 1 of government or business: a, then the best two others d, e
    optimal(run(POOL, scenario(max={"government|business": 1})), ["a", "d", "e"], 23)
    # at least 2/3 academia or technical: d, e, f are the only three... 2 of 3 seats
    optimal(run(POOL, scenario(min_share={"academia|technical": "2/3"})), ["a", "d", "e"], 23)


def test_union_minimum_above_supply_is_a_precheck_conflict() -> None:
    result = run(POOL, scenario(min={"academia|technical": 4}))
    infeasible(result, {"quota track: academia|technical >= 4"})
    assert result.to_dict()["conflict_reason"] == (
        "only 3 eligible nominees have track 'academia|technical', fewer than the minimum 4"
    )


def test_union_against_another_quota_needs_the_solver() -> None:
    # 2 governments and 2 academia-or-technical in 3 seats
    data = scenario(min={"government": 2, "academia|technical": 2})
    result = run(POOL, data)
    infeasible(result, {"quota track: government >= 2", "quota track: academia|technical >= 2",
                        "size <= 3"})  # fmt: skip


def test_union_in_words() -> None:
    bound_scenario = bind(load_scenario(scenario(min={"Academia | technical": 2})), POOL)
    (bound,) = [b for b in bound_scenario.bounds() if b.family == "quota"]
    assert bound.values == ("academia", "technical")
    assert rule_phrase(bound) == "at least 2 members with track 'academia' or 'technical'"
    assert rule_label(bound) == "track 'academia' or track 'technical' minimum"
    built_in = bind(
        load_scenario(
            {"quota": [{"column": "stakeholder_group", "min": {"civil_society|private_sector": 1}}]}
        ),
        make_pool([{"id": "x", "stakeholder_group": "civil society"}]),
    )
    (union,) = built_in.bounds()
    assert rule_phrase(union) == "at least 1 civil society or private sector members"


def test_checker_counts_the_union() -> None:
    rep = report(POOL, scenario(max={"academia|technical": 1}), ["d", "e", "f"])
    check = rule(rep, "quota track: academia|technical <= 1")
    assert not check.met and check.achieved == 3 and check.shortfall == 2


@pytest.mark.parametrize(
    ("key", "message", "fix"),
    [
        ("academia|tecnical", "no nominee has track = 'tecnical'", "did you mean 'technical'?"),
        (
            "academia|Academia",
            "'academia|Academia' names track 'academia' twice",
            "name each value once",
        ),
    ],
)
def test_bad_union(key: str, message: str, fix: str) -> None:
    with pytest.raises(ScenarioError) as info:
        bind(load_scenario(scenario(min={key: 1})), POOL)
    assert info.value.exit_code == EXIT_BAD_INPUT
    assert [(p.key, p.message, p.fix) for p in info.value.problems] == [
        (f"quota[1].min.{key}", message, fix)
    ]


def test_summary_lists_a_union_among_the_other_rules() -> None:
    from rich.console import Console

    from composer.analysis.summary import result_panel

    console = Console(width=200, record=True)
    console.print(result_panel(run(POOL, scenario(min={"academia|technical": 2}))))
    text = console.export_text()
    assert "quota track: academia|technical >= 2" in text
