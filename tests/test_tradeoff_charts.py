"""Trade-off charts, tested on the data they plot (never on pixels)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from fractions import Fraction
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from helpers import random_pool

from composer import solve
from composer.analysis.compare import compare
from composer.analysis.frontier import Frontier, Skipped, frontier
from composer.analysis.sweep import size_sweep
from composer.engine.result import Status
from composer.export.charts import OKABE_ITO
from composer.export.tradeoff_charts import (
    BEST_SCORE,
    CHOSEN,
    DOMINATED,
    FRONT,
    INFEASIBLE,
    NO_ROSTER,
    SMALLEST,
    comparison_chart,
    coverage_heatmap,
    coverage_matrix,
    pareto_chart,
    sweep_chart,
)
from composer.rules.scenario import load_scenario

SCENARIO: dict[str, Any] = {
    "name": "chart body",
    "size": {"min": 2, "max": 6},
    "quota": [{"column": "stakeholder_group", "max": {"government": 2}}],
    "coverage": [{"column": "expertise", "areas": ["spam", "privacy"], "min_each": 1}],
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _line(ax: Any, label: str) -> np.ndarray:
    found = [line for line in ax.get_lines() if line.get_label() == label]
    assert len(found) == 1, [line.get_label() for line in ax.get_lines()]
    return np.asarray(found[0].get_xydata(), dtype=float)


def _front(x: str = "size", y: str = "score") -> Frontier:
    return frontier(random_pool(10, seed=2), SCENARIO, x, y, points=None, progress=False)


def test_pareto_chart_plots_the_front_and_highlights_the_chosen_point() -> None:
    front = _front()
    ax = pareto_chart(front)
    expected = [(float(p.x), float(p.y)) for p in front.points]
    assert _line(ax, FRONT).tolist() == [list(v) for v in expected]
    best = front.best()
    assert _line(ax, CHOSEN).tolist() == [[float(best.x), float(best.y)]]
    assert _line(ax, CHOSEN)[0][1] == max(y for _, y in expected)
    assert "Members (roster size)" in ax.get_xlabel() and "smaller is better" in ax.get_xlabel()
    assert "Total score" in ax.get_ylabel()
    assert not [line for line in ax.get_lines() if line.get_label() in (DOMINATED, NO_ROSTER)]
    first = pareto_chart(front, highlight=0)
    point = front.points[0]
    assert _line(first, CHOSEN).tolist() == [[float(point.x), float(point.y)]]


def test_pareto_chart_draws_shares_in_per_cent_and_greys_the_rest() -> None:
    front = _front("share:gender=female", "score")
    extra = replace(front.points[0], x=front.points[0].x, y=front.points[0].y - 5)
    front.dominated.append(extra)
    front.skipped.append(Skipped(Fraction(1, 3), Status.UNKNOWN, "time limit"))
    _, ax = plt.subplots()
    assert pareto_chart(front, ax=ax) is ax
    assert _line(ax, FRONT)[:, 0].tolist() == [float(p.x) * 100 for p in front.points]
    grey = next(line for line in ax.get_lines() if line.get_label() == DOMINATED)
    assert grey.get_color() == "#999999"
    assert _line(ax, DOMINATED).tolist() == [[float(extra.x) * 100, float(extra.y)]]
    assert _line(ax, NO_ROSTER)[:, 0].tolist() == pytest.approx([100 / 3])
    colour = next(line for line in ax.get_lines() if line.get_label() == FRONT).get_color()
    assert colour == OKABE_ITO["blue"]
    assert "Women (% of members)" in ax.get_xlabel()


def test_sweep_chart_plots_scores_infeasible_sizes_and_the_smallest() -> None:
    sweep = size_sweep(random_pool(10, seed=2), SCENARIO, range(0, 7), progress=False)
    ax = sweep_chart(sweep)
    good = [p for p in sweep.points if p.ok]
    assert _line(ax, BEST_SCORE).tolist() == [[p.size, p.score] for p in good]
    assert _line(ax, INFEASIBLE)[:, 0].tolist() == [p.size for p in sweep.points if not p.ok]
    smallest = sweep.smallest_feasible
    assert smallest is not None
    assert _line(ax, SMALLEST).tolist() == [[smallest, sweep.point(smallest).score]]
    assert ax.get_xlabel() == "Members (roster size)" and ax.get_ylabel() == "Best total score"


def test_coverage_heatmap_shows_who_holds_which_area() -> None:
    pool = random_pool(10, seed=2)
    result = solve(pool, load_scenario(SCENARIO))
    names, areas, matrix = coverage_matrix(result)
    assert areas == ["spam", "privacy"] and len(names) == result.size
    for i, ident in enumerate(result.selected):
        held = {a.strip() for a in str(pool.table.loc[ident, "expertise"]).split(";")}
        assert matrix[i].tolist() == [int(a in held) for a in areas]
    ax = coverage_heatmap(result)
    assert np.asarray(ax.get_images()[0].get_array()).tolist() == matrix.tolist()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert labels == [f"{a} ({int(n)})" for a, n in zip(areas, matrix.sum(axis=0), strict=True)]
    assert [t.get_text() for t in ax.get_yticklabels()] == names


def test_coverage_heatmap_without_coverage_rules_uses_every_area() -> None:
    pool = random_pool(10, seed=2)
    result = solve(pool, load_scenario({"size": {"max": 3}}))
    _, areas, matrix = coverage_matrix(result)
    assert areas == pool.values("expertise") and matrix.shape == (3, len(areas))


def test_comparison_chart_bars_are_the_seats_per_scenario() -> None:
    pool = random_pool(12, seed=4)
    other = {**SCENARIO, "name": "other", "quota": [{"column": "gender", "min": {"female": 2}}]}
    both = compare(pool, [SCENARIO, other], progress=False)
    ax = comparison_chart(both)
    frame = both.breakdown("stakeholder_group")
    assert len(ax.containers) == 2
    for container, name in zip(ax.containers, frame.columns, strict=True):
        assert [bar.get_height() for bar in container] == frame[name].tolist()
        assert container.get_label() == name
    ticks = [t.get_text().replace("\n", " ") for t in ax.get_xticklabels()]  # wrapped
    assert ticks[: len(frame)] == [
        {
            "government": "Government",
            "private_sector": "Private sector",
            "civil_society": "Civil society",
            "technical_academic": "Technical and academic",
        }.get(v, v)
        for v in frame.index
    ]
    gender = comparison_chart(both, column="gender")
    assert sum(b.get_height() for b in gender.containers[1]) == both.results[1].size
