"""Composition charts: seats per value against the rules' bounds, and expertise coverage.

Each function draws on the matplotlib Axes it is given (or on a new pyplot figure) and returns
it, so it works headless and in notebooks.  Colours are the Okabe-Ito palette, safe for the
common forms of colour blindness; bounds are also told apart by line style.  Tests read the
plotted data back through the labels below (``SELECTED``, ``BAND``, ``MINIMUM``, ...).
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from matplotlib.ticker import MaxNLocator

from composer.rules.labels import column_label, ordered, value_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from composer.engine.result import Result

#: Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
    "black": "#000000",
}
#: Labels of the plotted artists (legend entries; tests find the data by them).
SELECTED = "members selected"
BAND = "range the rules allow"
MINIMUM = "minimum"
MAXIMUM = "maximum"
REQUIRED = "members required"
SHORT = "members selected (short of the requirement)"


#: matplotlib settings under which every chart is drawn: names such as ``Jo $x^2$ Lima`` or
#: ``Ana $\\undefinedmacro$ Lima`` are drawn as written, never parsed as mathtext.
LITERAL_TEXT: dict[Any, Any] = {"text.parse_math": False, "text.usetex": False}


@dataclass(frozen=True)
class SeatBounds:
    """Seats a value must (``low``) and may (``high``) hold, from the rules without ``where``."""

    low: int | None = None
    high: int | None = None


def seat_bounds(result: Result, column: str) -> dict[str, SeatBounds]:
    """Per value of ``column``: the tightest minimum and maximum seats its quota rules set.

    Shares are turned into seats on the roster's size (at least 2/5 of 40 is 16 seats).
    Rules with a ``where`` count a subset of the roster and are left out.
    """
    size = result.size
    lows: dict[str, int] = {}
    highs: dict[str, int] = {}
    for bound in result.scenario.bounds():
        if bound.family != "quota" or bound.column != column or bound.where or bound.any_of:
            continue
        value = str(bound.value)
        if bound.kind == "min":
            lows[value] = max(lows.get(value, 0), int(bound.amount))
        elif bound.kind == "min_share":
            lows[value] = max(lows.get(value, 0), math.ceil(Fraction(bound.amount) * size))
        elif bound.kind == "max":
            highs[value] = min(highs.get(value, size), int(bound.amount))
        elif bound.kind == "max_share":
            highs[value] = min(highs.get(value, size), math.floor(Fraction(bound.amount) * size))
    return {v: SeatBounds(lows.get(v), highs.get(v)) for v in {*lows, *highs}}


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, layout="constrained")[1]


def _in_sentence(label: str) -> str:
    """'Stakeholder group' -> 'stakeholder group'; 'UN regional group' stays."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


def _wrap(text: str, width: int = 14) -> str:
    return "\n".join(textwrap.wrap(text, width, break_long_words=False)) or text


def composition_chart(result: Result, column: str, ax: Axes | None = None) -> Axes:
    """Bars: members selected per value of ``column``; a band: the seats the rules allow.

    Drawn are the values the roster holds and the values the rules name, nothing held only by
    nominees who were not selected (the chart goes into public statements).

    The band runs from the minimum to the maximum (the roster size when only a minimum is
    set), with the minimum drawn as a solid line and the maximum as a dashed one.
    """
    ax = _new_axes(ax, (6.4, 3.6))
    table = result.pool.table
    chosen = table.loc[result.selected, column].astype(str) if column in table else None
    counts = chosen.value_counts().to_dict() if chosen is not None else {}
    bounds = seat_bounds(result, column)
    # only values the roster holds, and those the rules name (published with the rules): a
    # value held only by nominees not selected never reaches a public chart
    values = ordered(column, [*map(str, counts), *bounds])
    xs = list(range(len(values)))
    heights = [int(counts.get(v, 0)) for v in values]
    top = max(result.size, 1)
    banded = [(x, bounds[v]) for x, v in zip(xs, values, strict=True) if v in bounds]
    if banded:
        low = [b.low or 0 for _, b in banded]
        high = [top if b.high is None else b.high for _, b in banded]
        ax.bar(
            [x for x, _ in banded],
            [h - lo for lo, h in zip(low, high, strict=True)],
            bottom=low,
            width=0.84,
            color=OKABE_ITO["sky blue"],
            alpha=0.3,
            label=BAND,
            zorder=1,
        )
        mins = [(x, b.low) for x, b in banded if b.low is not None]
        maxes = [(x, b.high) for x, b in banded if b.high is not None]
        style: Any
        for points, label, style, colour in (
            (mins, MINIMUM, "-", OKABE_ITO["vermillion"]),
            (maxes, MAXIMUM, "--", OKABE_ITO["black"]),
        ):
            if points:
                ax.hlines(
                    [y for _, y in points],
                    [x - 0.42 for x, _ in points],
                    [x + 0.42 for x, _ in points],
                    colors=colour,
                    linestyles=style,
                    linewidth=2,
                    label=label,
                    zorder=3,
                )
    bars = ax.bar(xs, heights, width=0.5, color=OKABE_ITO["blue"], label=SELECTED, zorder=2)
    ax.bar_label(bars, padding=2, fontsize=8)
    ax.set_xticks(xs, [_wrap(value_label(column, v)) for v in values], fontsize=8)
    ax.set_ylabel("members")
    ax.set_ylim(0, max([top, *heights]) * 1.12 + 0.5)
    ax.set_title(f"Members by {_in_sentence(column_label(column))}", fontsize=10, loc="left")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(fontsize=7, loc="upper right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


@dataclass(frozen=True)
class CoverageArea:
    """One area of a multi-valued column: members holding it and members required."""

    label: str
    column: str
    area: str
    members: int
    required: int | None


def coverage_areas(result: Result) -> list[CoverageArea]:
    """The areas shown by the chart and the Coverage sheet.

    The scenario's coverage rules give the areas and depths; without any, the areas of the
    ``expertise`` column held by selected members are listed, with no requirement.
    """
    rules = [r for r in (result.report.rules if result.report else []) if r.family == "coverage"]
    if rules:
        amounts = {
            b.name: int(b.amount) for b in result.scenario.bounds() if b.family == "coverage"
        }
        several = len({r.column for r in rules}) > 1
        return [
            CoverageArea(
                f"{r.value} ({r.column})" if several else str(r.value),
                str(r.column),
                str(r.value),
                int(r.achieved),
                amounts.get(r.name),
            )
            for r in rules
        ]
    if "expertise" not in result.pool.table.columns:
        return []
    areas = result.pool.areas("expertise")
    counts: dict[str, int] = {}
    for ident in result.selected:
        for area in areas.get(ident, ()):
            counts[area] = counts.get(area, 0) + 1
    return [CoverageArea(a, "expertise", a, counts[a], None) for a in sorted(counts)]


def coverage_chart(result: Result, ax: Axes | None = None) -> Axes:
    """Horizontal bars: members holding each expertise area; a line: the depth required."""
    rows = [(a.label, a.members, a.required) for a in coverage_areas(result)]
    ax = _new_axes(ax, (6.4, max(2.4, 0.32 * len(rows) + 1.2)))
    ys = list(range(len(rows)))[::-1]  # first area at the top
    met = [r[2] is None or r[1] >= r[2] for r in rows]
    for keep, label, colour, hatch in (
        (True, SELECTED, OKABE_ITO["blue"], None),
        (False, SHORT, OKABE_ITO["orange"], "//"),
    ):
        picked = [(y, r) for y, r, ok in zip(ys, rows, met, strict=True) if ok == keep]
        if picked:
            bars = ax.barh(
                [y for y, _ in picked],
                [r[1] for _, r in picked],
                height=0.6,
                color=colour,
                hatch=hatch,
                label=label,
                zorder=2,
            )
            ax.bar_label(bars, padding=2, fontsize=8)
    needed = [(y, r[2]) for y, r in zip(ys, rows, strict=True) if r[2] is not None]
    if needed:
        ax.vlines(
            [n for _, n in needed],
            [y - 0.4 for y, _ in needed],
            [y + 0.4 for y, _ in needed],
            colors=OKABE_ITO["vermillion"],
            linewidth=2,
            label=REQUIRED,
            zorder=3,
        )
    ax.set_yticks(ys, [r[0] for r in rows], fontsize=8)
    ax.set_xlabel("members")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    most = max([1, *(r[1] for r in rows), *(r[2] or 0 for r in rows)])
    ax.set_xlim(0, most * 1.15 + 0.5)
    ax.set_title("Expertise: members per area", fontsize=10, loc="left")
    if rows:
        ax.legend(fontsize=7, loc="lower right", frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return ax


def figure_png(
    draw: Any,
    size: tuple[float, float],
    dpi: int = 110,
    *,
    margins: tuple[float, float, float, float] | None = None,
) -> bytes:
    """PNG bytes of a chart drawn by ``draw(ax)`` on a fresh Agg figure (no pyplot state).

    The layout is matplotlib's constrained layout, or fixed ``margins`` (left, bottom, right,
    top as fractions of the figure), which draw in half the time.
    """
    import io

    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(LITERAL_TEXT):  # user text is text, never mathtext
        figure = Figure(figsize=size, dpi=dpi, layout=None if margins else "constrained")
        FigureCanvasAgg(figure)
        draw(figure.add_subplot())
        if margins:
            left, bottom, right, top = margins
            figure.subplots_adjust(left=left, bottom=bottom, right=right, top=top)
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png")
    return buffer.getvalue()
