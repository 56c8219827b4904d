"""Trade-off charts: the Pareto front, the size sweep, the coverage heatmap, scenario comparison.

Each function draws on the matplotlib Axes it is given (or on a new pyplot figure) and returns
it, so it works headless and in notebooks.  Colours come from the Okabe-Ito palette (safe for
the common forms of colour blindness) and what matters is also told apart by marker shape.
Tests read the plotted data back through the labels below (``FRONT``, ``CHOSEN``, ...).
Shares are drawn in per cent.
"""

from __future__ import annotations

import textwrap
from fractions import Fraction
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.ticker import MaxNLocator

from composer.export.charts import OKABE_ITO
from composer.rules.labels import column_label, value_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from composer.analysis.compare import Comparison
    from composer.analysis.criteria import Criterion
    from composer.analysis.frontier import Frontier, FrontierPoint
    from composer.analysis.sweep import SizeSweep
    from composer.engine.result import Result

GREY = "#999999"
#: Labels of the plotted artists (legend entries; tests find the data by them).
FRONT = "best trade-offs (non-dominated rosters)"
CHOSEN = "chosen roster"
DOMINATED = "found, but bettered by another roster"
NO_ROSTER = "no roster found for this bound (time limit)"
BEST_SCORE = "best total score at this size"
SMALLEST = "smallest roster that keeps every rule"
INFEASIBLE = "no roster keeps every rule at this size"
#: Bar colours for scenarios, in order.
SCENARIO_COLOURS = ("blue", "orange", "bluish green", "vermillion", "reddish purple", "sky blue")


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, layout="constrained")[1]


def _shown(criterion: Criterion, value: Fraction) -> float:
    """A criterion value as drawn: shares in per cent."""
    return float(value) * (100 if criterion.kind == "share" else 1)


def _axis_label(criterion: Criterion) -> str:
    return f"{criterion.label}\n({criterion.goal})"


def _pick(front: Frontier, highlight: FrontierPoint | int | None) -> FrontierPoint | None:
    if not front.points:
        return None
    if highlight is None:
        return front.best()
    if isinstance(highlight, int):
        return front.points[highlight]
    return highlight


def pareto_chart(
    front: Frontier, ax: Axes | None = None, highlight: FrontierPoint | int | None = None
) -> Axes:
    """The front as a line of points; the chosen roster highlighted; other finds greyed.

    ``highlight`` is a point of the front or its position (default: the best ``y``).  Points
    found but bettered by another (possible only when a time limit cut a proof short) are grey
    circles; bounds that gave no roster are grey crosses on the bottom edge.
    """
    ax = _new_axes(ax, (6.4, 4.0))
    xs = [_shown(front.x, p.x) for p in front.points]
    ys = [_shown(front.y, p.y) for p in front.points]
    ax.plot(xs, ys, "-o", color=OKABE_ITO["blue"], label=FRONT, markersize=5, zorder=3)
    if front.dominated:
        ax.plot(
            [_shown(front.x, p.x) for p in front.dominated],
            [_shown(front.y, p.y) for p in front.dominated],
            "o",
            color=GREY,
            fillstyle="none",
            label=DOMINATED,
            zorder=2,
        )
    if front.skipped:
        low = min(ys) if ys else 0.0
        ax.plot(
            [_shown(front.x, s.epsilon) for s in front.skipped],
            [low] * len(front.skipped),
            "x",
            color=GREY,
            label=NO_ROSTER,
            zorder=2,
        )
    chosen = _pick(front, highlight)
    if chosen is not None:
        cx, cy = _shown(front.x, chosen.x), _shown(front.y, chosen.y)
        ax.plot([cx], [cy], "*", color=OKABE_ITO["vermillion"], markersize=14, label=CHOSEN)
        text = f"{len(chosen.selected)} members"
        ax.annotate(text, (cx, cy), textcoords="offset points", xytext=(8, -12), fontsize=8)
    for axis, criterion in ((ax.xaxis, front.x), (ax.yaxis, front.y)):
        if criterion.kind in ("size", "coverage:min", "coverage:total"):  # whole numbers
            axis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_axis_label(front.x), fontsize=9)
    ax.set_ylabel(_axis_label(front.y), fontsize=9)
    kind = "all the best trade-offs" if front.complete else "a selection of the best trade-offs"
    ax.set_title(f"{front.scenario.name}: {kind}", fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, frameon=False, loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def sweep_chart(sweep: SizeSweep, ax: Axes | None = None) -> Axes:
    """Best total score per size; sizes where the rules cannot hold marked; the smallest ringed."""
    ax = _new_axes(ax, (6.4, 3.8))
    good = [p for p in sweep.points if p.ok and p.score is not None]
    bad = [p for p in sweep.points if not p.ok]
    xs = [p.size for p in good]
    ys = [float(p.score or 0) for p in good]
    ax.plot(xs, ys, "-o", color=OKABE_ITO["blue"], markersize=4, label=BEST_SCORE)
    if bad:
        low = min(ys) if ys else 0.0
        ax.plot([p.size for p in bad], [low] * len(bad), "x", color=GREY, label=INFEASIBLE)
    smallest = sweep.smallest_feasible
    if smallest is not None:
        point = sweep.point(smallest)
        ax.plot(
            [smallest],
            [float(point.score or 0)],
            "*",
            color=OKABE_ITO["vermillion"],
            markersize=14,
            label=SMALLEST,
        )
        ax.annotate(
            f"{smallest} members",
            (smallest, float(point.score or 0)),
            textcoords="offset points",
            xytext=(8, 4),
            fontsize=8,
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # sizes are whole numbers
    ax.set_xlabel("Members (roster size)", fontsize=9)
    ax.set_ylabel("Best total score", fontsize=9)
    ax.set_title(f"{sweep.scenario.name}: best roster at each size", fontsize=10, loc="left")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, frameon=False, loc="best")
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def coverage_matrix(result: Result) -> tuple[list[str], list[str], np.ndarray]:
    """Members (names), areas and a 0/1 matrix: does member ``i`` hold area ``j``.

    Areas are the scenario's coverage areas, else every area of the ``expertise`` column.
    """
    bounds = [b for b in result.scenario.bounds() if b.family == "coverage"]
    pairs = [(str(b.column), str(b.value)) for b in bounds]
    if not pairs and "expertise" in result.pool.table.columns:
        pairs = [("expertise", a) for a in result.pool.values("expertise")]
    areas = list(dict.fromkeys(pairs))
    members = list(result.selected)
    matrix = np.zeros((len(members), len(areas)), dtype=int)
    for j, (column, area) in enumerate(areas):
        held = result.pool.areas(column)
        for i, ident in enumerate(members):
            matrix[i, j] = int(area in held[ident])
    names = [f"{result.pool.table.loc[i, 'name']!s} ({i})" for i in members]
    return names, [area for _, area in areas], matrix


def coverage_heatmap(result: Result, ax: Axes | None = None) -> Axes:
    """Members (rows) by expertise areas (columns): a filled cell where the member holds it."""
    from matplotlib.colors import ListedColormap

    names, areas, matrix = coverage_matrix(result)
    height = max(2.4, 0.22 * len(names) + 1.6)
    ax = _new_axes(ax, (max(4.0, 0.45 * len(areas) + 3.0), height))
    cmap = ListedColormap(["#FFFFFF", OKABE_ITO["blue"]])
    ax.imshow(matrix, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    totals = matrix.sum(axis=0) if len(names) else np.zeros(len(areas), dtype=int)
    ax.set_xticks(range(len(areas)))
    ax.set_xticklabels(
        [f"{a} ({int(t)})" for a, t in zip(areas, totals, strict=True)],
        rotation=45,
        ha="right",
        fontsize=7,
    )
    ax.set_yticks(range(len(names)))
    ax.set_yticklabels(names, fontsize=6)
    ax.set_xlabel("Expertise area (members holding it)", fontsize=9)
    ax.set_title(f"{result.scenario.name}: who brings which expertise", fontsize=10, loc="left")
    return ax


def _wrap(text: str, width: int) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def _label_size(labels: list[str], ax: Axes) -> float:
    """A font size at which the tick labels fit side by side on the axes (7 to 8 points;
    smaller, down to 5, when many long labels share the width)."""
    width_points = ax.get_figure().get_figwidth() * 72 * 0.8  # type: ignore[union-attr]
    longest = max((max(len(line) for line in s.splitlines() or [""]) for s in labels), default=1)
    room = width_points / max(1, len(labels))  # points per label
    return float(max(5.0, min(8.0, room / (0.62 * max(1, longest)))))


def comparison_chart(
    comparison: Comparison, ax: Axes | None = None, column: str | None = None
) -> Axes:
    """Seats per value of ``column`` (default: stakeholder group), one bar per scenario.

    Beyond the headline columns (group, region, gender, developing), only the values some
    scenario's roster holds are drawn: never a value held only by nominees no scenario chose.
    """
    from composer.export.sheets import HEADLINE_COLUMNS

    column = column or "stakeholder_group"
    frame = comparison.breakdown(column)
    if column not in HEADLINE_COLUMNS and len(frame.columns):
        frame = frame[(frame > 0).any(axis=1)]
    labels = [_wrap(value_label(column, str(v)), 12) for v in frame.index]
    ax = _new_axes(ax, (max(6.4, 0.9 * len(frame) + 2.0), 3.8))
    count = max(1, len(frame.columns))
    width = 0.8 / count
    positions = np.arange(len(frame))
    for k, name in enumerate(frame.columns):
        colour = OKABE_ITO[SCENARIO_COLOURS[k % len(SCENARIO_COLOURS)]]
        hatch = "" if k < len(SCENARIO_COLOURS) else "//"
        ax.bar(
            positions + (k - (count - 1) / 2) * width,
            frame[name].to_numpy(),
            width,
            label=str(name),
            color=colour,
            hatch=hatch,
        )
    ax.set_xticks(positions)
    ax.set_xticklabels(labels, fontsize=_label_size(labels, ax))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))  # seats are whole numbers
    ax.set_xlabel(column_label(column), fontsize=9)
    ax.set_ylabel("Members selected", fontsize=9)
    ax.set_title(
        f"Seats by {column_label(column).lower()}, scenario by scenario", fontsize=10, loc="left"
    )
    ax.legend(fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
