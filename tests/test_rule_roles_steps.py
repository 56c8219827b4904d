"""The smallest-change advice moves a role by one seat: its seats (or ``min_seats``) lowered,
its ``max_seats`` raised, or a minimum of one of its quotas lowered, before dropping it whole.

The small pool is ``BASE`` of test_model_rules (a..h; developing: a, b, c, e, h; women: a, c,
e, g; technical_academic: g only).  Every expected line is worked out by hand.
"""

from __future__ import annotations

import pytest
from helpers import run
from test_model_rules import BASE, infeasible

from composer.engine.check import check
from composer.engine.elastic import Change, ElasticModel
from composer.engine.relax import explain_infeasible
from composer.rules.bind import bind
from composer.rules.role_steps import moved_role, role_steps
from composer.rules.scenario import load_scenario

SMALLEST = "The smallest change that lets every rule hold: "


def test_a_role_above_its_supply_loses_a_seat_rather_than_the_role() -> None:
    chair = {"name": "chair", "seats": 2, "where": {"stakeholder_group": "technical_academic"}}
    result = run(BASE, {"role": [chair]})
    infeasible(result, {"role chair"})
    assert result.advice[0] == SMALLEST + "lower the seats of the role 'chair' from 2 to 1."


def test_a_role_quota_minimum_lowered_by_one() -> None:
    # two developed women co-chairs: only g is a developed woman
    chairs = {
        "name": "co-chair",
        "seats": 2,
        "where": {"gender": "female"},
        "quota": [{"column": "developing", "min": {"no": 2}}],
    }
    result = run(BASE, {"role": [chairs]})
    assert result.advice[0] == (
        SMALLEST + "lower the developing no minimum of the role 'co-chair' from 2 to 1."
    )


def test_max_seats_raised_by_one() -> None:
    # one holder cannot be a woman and half men; two can (min_seats 0 would not do: a woman
    # is needed; the max_seats step comes before the quota's in the advice)
    panel = {
        "name": "panel",
        "min_seats": 1,
        "max_seats": 1,
        "quota": [
            {"column": "gender", "min": {"female": 1}},
            {"column": "gender", "min_share": {"male": "1/2"}},
        ],
    }
    result = run(BASE, {"role": [panel]})
    assert result.advice[0] == SMALLEST + "raise the max_seats of the role 'panel' from 1 to 2."


def test_min_seats_lowered_by_one_beside_a_smaller_size() -> None:
    vice = {"name": "vice", "min_seats": 3, "max_seats": 4}
    result = run(BASE, {"size": {"max": 2}, "role": [vice]})
    infeasible(result, {"role vice", "size <= 2"})
    assert result.advice[:2] == [
        SMALLEST + "raise the maximum size from 2 to 3.",
        "or, changing one rule alone: lower the min_seats of the role 'vice' from 3 to 2",
    ]


def test_a_role_that_one_seat_does_not_fix_is_still_dropped() -> None:
    # five government co-chairs among three government nominees (a, d, h): a seat fewer is
    # not enough, and a step moves one seat only, so the role is dropped whole
    chairs = {
        "name": "co-chair",
        "seats": 5,
        "where": {"stakeholder_group": "government"},
    }
    result = run(BASE, {"role": [chairs]})
    assert result.advice[0] == SMALLEST + "drop the role 'co-chair' (co-chair role)."


def test_the_explanation_names_the_step_and_the_checker_verifies_it() -> None:
    chair = {"name": "chair", "seats": 2, "where": {"stakeholder_group": "technical_academic"}}
    scenario = bind(load_scenario({"role": [chair]}), BASE)
    found = explain_infeasible(BASE, scenario, time_limit=10)
    assert found.relaxation is not None
    (step,) = found.relaxation.steps
    assert (step.rule, step.seats, step.before, step.after) == (
        "role chair",
        1,
        "seats 2",
        "seats 1",
    )
    # the witness roster keeps the role as moved, by the checker's own search
    moved = scenario.model_copy(update={"role": [moved_role(scenario.role[0], ["seats"])]})
    assert check(BASE, moved, list(found.relaxation.witness)).ok
    assert not check(BASE, scenario, list(found.relaxation.witness)).ok


def test_steps_only_in_the_advice_not_in_the_prices() -> None:
    # the rule prices re-solve with the role loosened: it is dropped, never moved by a step
    chairs = {"name": "co-chair", "seats": 2, "quota": [{"column": "developing", "min": {"no": 1}}]}
    scenario = bind(load_scenario({"size": {"max": 3}, "role": [chairs]}), BASE)
    merit = ElasticModel(BASE, scenario)
    outcome = merit.solve(Change(loosen=(("role co-chair", 1),)))
    assert not merit.role_steps("role co-chair", outcome.moved)
    assert outcome.selected == ("a", "b", "c")


@pytest.mark.parametrize(
    ("role", "keys"),
    [
        ({"name": "x", "seats": 1}, []),
        ({"name": "x", "seats": 3}, ["seats"]),
        ({"name": "x", "min_seats": 0, "max_seats": 2}, ["max_seats"]),
        ({"name": "x", "min_seats": 2}, ["min_seats"]),
        (
            {"name": "x", "seats": 2, "quota": [
                {"column": "gender", "min": {"female": 1, "male": 0}},
                {"column": "region", "min": {"Africa": 1}, "soft": True},
            ]},
            ["seats", "quota 1 female"],
        ),
    ],
)  # fmt: skip
def test_the_steps_of_a_role(role: dict[str, object], keys: list[str]) -> None:
    (rule,) = load_scenario({"role": [role]}).role
    assert [s.key for s in role_steps(rule)] == keys
    for step in role_steps(rule):
        moved = moved_role(rule, [step.key])
        assert moved != rule and moved.name == rule.name
