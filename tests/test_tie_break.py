"""The tie-break search: its LP guide weights never change the lexicographically first roster,
and trying it first at the levels' ceilings gives the roster the level solves lead to."""

from __future__ import annotations

import random
import time
from typing import Any

import pytest
from ortools.sat.python import cp_model

from composer import Pool, SolveOptions, load_scenario
from composer.engine.build import BuiltModel, build_model
from composer.engine.objective import tie_order, tie_priorities
from composer.engine.result import Result
from composer.engine.solve import solve
from composer.engine.stages import guide_weights, solve_levels
from composer.rules.bind import bind
from tests.helpers import make_pool, random_rows


def test_guide_weights_decrease_and_stay_positive() -> None:
    weights = guide_weights(6)
    assert weights == sorted(weights, reverse=True)
    assert weights[0] > weights[-1] >= 1
    assert guide_weights(0) == []


def test_the_first_roster_in_the_order_wins_over_the_heaviest_guide() -> None:
    # Two seats among p0..p7; p0 may sit only with p7.  The first roster in the order is
    # {p0, p7}; the guide weights alone would prefer {p1, p2} (heavier together).
    ids = [f"p{k}" for k in range(8)]
    weights = guide_weights(len(ids))
    assert weights[1] + weights[2] > weights[0] + weights[7]
    model = cp_model.CpModel()
    x = {i: model.new_bool_var(i) for i in ids}
    model.add(sum(x.values()) == 2)
    for other in ids[1:7]:
        model.add_bool_or([x["p0"].Not(), x[other].Not()])
    outcome = solve_levels(model, [], x, ids, deadline=time.monotonic() + 10)
    assert outcome.tie_break == "lexicographic"
    assert outcome.selected == ["p0", "p7"]
    # the model is left without the guide objective
    assert not model.has_objective()


# --- Ceilings: the tie-break tried first with every level at a value no roster beats ---


def _tied_pool(seed: int, n: int = 14) -> Pool:
    """Random nominees whose scores are 1 or 2 (many share the top score)."""
    rows = random_rows(random.Random(seed), n)
    for row in rows:
        row["score"] = 1 + row["score"] % 2
    return make_pool(rows)


def _tied_rules(seats: int) -> dict[str, Any]:
    return {
        "size": {"min": seats - 1, "max": seats},
        "quota": [
            {"name": "women", "column": "gender", "min": {"female": 1}},
            {
                "name": "balance (soft)",
                "column": "stakeholder_group",
                "soft": True,
                "weight": 3,
                "min": {"government": 2},
            },
        ],
        "cap": [{"name": "one per country", "column": "country", "max_each": 2}],
        "objective": {"maximise": "score"},
    }


def _without_ceilings(monkeypatch: pytest.MonkeyPatch, pool: Pool, rules: Any) -> Result:
    with monkeypatch.context() as patch:
        patch.setattr(BuiltModel, "level_ceilings", lambda self: None)
        return solve(pool, load_scenario(rules), SolveOptions(time_limit=30))


@pytest.mark.parametrize("seed", range(12))
def test_a_roster_at_the_ceilings_is_the_roster_the_levels_lead_to(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    pool, rules = _tied_pool(seed), _tied_rules(4)
    fast = solve(pool, load_scenario(rules), SolveOptions(time_limit=30))
    slow = _without_ceilings(monkeypatch, pool, rules)
    assert (fast.status, fast.selected, fast.objective) == (
        slow.status,
        slow.selected,
        slow.objective,
    )
    assert fast.stats["tie_break"] == slow.stats["tie_break"] == "lexicographic"
    assert "tie-break at ceilings seconds" not in slow.stats
    assert "tie-break at ceilings seconds" in fast.stats
    reached = fast.stats["stages"] == 0
    # reached exactly when the best roster fills every seat at the top score with no shortfall
    at_top = fast.objective["score"] == 2 * 4 and fast.objective["soft_shortfall"] == 0
    assert reached == at_top
    assert fast.report is not None and fast.report.ok


def test_ceilings_skip_the_level_solves_when_the_top_score_fills_every_seat() -> None:
    rows = [
        {"id": f"t{k}", "country": c, "stakeholder_group": "government", "gender": g, "score": s}
        for k, (c, g, s) in enumerate(
            [
                ("BRA", "female", 5),
                ("CHN", "male", 5),
                ("DEU", "male", 5),
                ("EGY", "female", 5),
                ("FRA", "male", 3),
                ("GHA", "female", 5),
                ("IND", "male", 4),
            ]
        )
    ]
    pool = make_pool(rows)
    rules = {
        "size": {"max": 3},
        "quota": [{"column": "gender", "min": {"female": 1}}],
        "objective": {"maximise": "score"},
    }
    result = solve(pool, load_scenario(rules), SolveOptions(time_limit=30))
    assert result.stats["stages"] == 0
    assert result.objective["score"] == 15
    ranked = tie_order(tie_priorities([r["id"] for r in rows]))
    # the first three top-score nominees in the tie-break order that hold a woman
    top = [i for i in ranked if pool.table.loc[i, "score"] == 5]
    assert len(result.selected) == 3 and set(result.selected) <= set(top)
    assert result.stats["merit_bound"] == 15


def test_ceilings_out_of_reach_fall_back_to_the_level_solves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # four men share the top score; the soft rule asks for a woman first, so the best roster
    # of three holds the one woman (score 2): the ceiling 3 x 9 with no shortfall is out of
    # reach, and the levels are solved as usual
    rows = [
        {"id": f"u{k}", "country": c, "stakeholder_group": "civil_society", "gender": g, "score": s}
        for k, (c, g, s) in enumerate(
            [
                ("BRA", "male", 9),
                ("CHN", "male", 9),
                ("DEU", "male", 9),
                ("EGY", "male", 9),
                ("FRA", "female", 2),
            ]
        )
    ]
    pool = make_pool(rows)
    rules = {
        "size": {"max": 3},
        "objective": {"maximise": "score"},
        "quota": [{"column": "gender", "min": {"female": 1}, "soft": True, "weight": 100}],
    }
    result = solve(pool, load_scenario(rules), SolveOptions(time_limit=30))
    assert "tie-break at ceilings seconds" in result.stats
    assert result.stats["stages"] == 1
    assert result.objective == {"score": 20.0, "soft_shortfall": 0}
    assert "u4" in result.selected
    assert result.selected == _without_ceilings(monkeypatch, pool, rules).selected


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"objective": {"maximise": "score", "size": "smallest"}}, "a size objective"),
        ({"size": {"min": 2}}, "no maximum size"),
        ({"objective": {"maximise": "travel_cost", "seat_price": 9}}, "no seat pays"),
    ],
)
def test_no_ceilings_when_they_are_not_sure_bounds(change: dict[str, Any], why: str) -> None:
    rules = {**_tied_rules(3), **change}
    built = build_model(_tied_pool(0), bind(load_scenario(rules), _tied_pool(0)))
    assert built.level_ceilings() is None, why


def test_no_ceilings_with_a_lead_objective_or_too_few_at_the_top() -> None:
    pool = _tied_pool(0)
    built = build_model(pool, bind(load_scenario(_tied_rules(3)), pool))
    assert built.level_ceilings() is not None
    built.lead_objectives.append(("first", cp_model.LinearExpr.sum(list(built.x.values()))))
    assert built.level_ceilings() is None
    few = make_pool(
        [{**row, "score": 1 + (k == 0)} for k, row in enumerate(random_rows(random.Random(0), 8))]
    )
    built = build_model(few, bind(load_scenario(_tied_rules(3)), few))
    assert built.level_ceilings() is None


def test_the_model_is_left_as_it_was_after_a_solve_at_the_ceilings() -> None:
    pool = _tied_pool(3)
    built = build_model(pool, bind(load_scenario(_tied_rules(4)), pool))
    ceilings = built.level_ceilings()
    assert ceilings is not None and ceilings.zeros  # score-1 nominees are out at the ceiling
    before = [list(var.proto.domain) for var in built.x.values()]
    levels = built.levels()
    outcome = solve_levels(
        built.model,
        levels,
        built.x,
        built.terms.order,
        deadline=time.monotonic() + 30,
        ceilings=ceilings,
    )
    assert outcome.ok
    assert [list(var.proto.domain) for var in built.x.values()] == before
    assert all(list(level.var.proto.domain) == [level.low, level.high] for level in levels)
    assert not built.model.has_objective()
