"""Chart axes: whole numbers get whole ticks, and tick labels do not overlap (measured on the
drawn labels' bounding boxes)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from helpers import random_pool

from composer.analysis.compare import compare
from composer.analysis.sweep import size_sweep
from composer.export.tradeoff_charts import comparison_chart, sweep_chart

SCENARIO: dict[str, Any] = {
    "name": "chart body",
    "size": {"min": 2, "max": 6},
    "quota": [{"column": "stakeholder_group", "max": {"government": 2}}],
}


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def _visible_ticks(axis: Any) -> list[float]:
    low, high = sorted(axis.get_view_interval())
    return [t for t in axis.get_majorticklocs() if low - 1e-9 <= t <= high + 1e-9]


@pytest.mark.parametrize("sizes", [range(2, 5), range(1, 8), range(3, 30, 2)])
def test_sweep_chart_has_whole_size_ticks(sizes: range) -> None:
    sweep = size_sweep(random_pool(30, seed=2), SCENARIO, sizes, progress=False)
    ax = sweep_chart(sweep)
    ax.figure.canvas.draw()
    ticks = _visible_ticks(ax.xaxis)
    assert ticks and all(float(t).is_integer() for t in ticks), ticks


def test_comparison_chart_labels_do_not_overlap_and_seats_are_whole() -> None:
    pool = random_pool(30, seed=4)
    other = {**SCENARIO, "name": "other", "quota": [{"column": "gender", "min": {"female": 2}}]}
    both = compare(pool, [SCENARIO, other], progress=False)
    ax = comparison_chart(both)
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = [t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_text()]
    assert len(boxes) >= 3
    for left, right in pairwise(boxes):
        assert left.x1 < right.x0, (left, right)  # side by side, not overlapping
    assert all(float(t).is_integer() for t in _visible_ticks(ax.yaxis))


def test_explain_tables_name_people(tmp_path: Any) -> None:
    from typer.testing import CliRunner

    from composer.cli.app import app

    pool = tmp_path / "pool.csv"
    pool.write_text(
        "id,name,country,stakeholder_group,gender,score\n"
        "1,Ana Lima,KEN,government,female,9\n2,Ben Okafor,FRA,private_sector,male,7\n"
        "3,Chi Wong,CHN,government,female,8\n4,Dan Silva,BRA,government,male,6\n",
        encoding="utf-8",
    )
    scenario = tmp_path / "s.toml"
    scenario.write_text('name = "two"\n[size]\nmax = 2\n', encoding="utf-8")
    done = CliRunner().invoke(
        app,
        ["explain", str(scenario), "-n", str(pool), "--no-prices", "--top", "2"],
        env={"COLUMNS": "200"},
    )
    assert done.exit_code == 0, done.output
    text = " ".join(done.output.split())
    assert "Ana Lima" in text and "Chi Wong" in text  # the members, by name
    # who the re-solved roster brings in, by name and id (a narrow console may wrap the cell)
    assert "Ben Okafor (2)" in text or ("Ben Okafor" in text and "(2)" in text)
