"""The tie-break search: its LP guide weights never change the lexicographically first roster."""

from __future__ import annotations

import time

from ortools.sat.python import cp_model

from composer.engine.stages import guide_weights, solve_levels


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
